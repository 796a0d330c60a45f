package export

// Observer hears about an export's progress, for a progress display. The
// methods are called from several goroutines.
type Observer interface {
	KindStarted(kind string)
	Objects(kind string, n int)
	KindDone(kind string, total int)
}

type nopObserver struct{}

func (nopObserver) KindStarted(string)   {}
func (nopObserver) Objects(string, int)  {}
func (nopObserver) KindDone(string, int) {}
