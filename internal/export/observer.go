package export

// Observer hears about an export's progress, for a progress display. The
// methods are called from several goroutines.
type Observer interface {
	KindStarted(kind string)
	Objects(kind string, n int)
	KindDone(kind string, total int)
}

// KindsObserver is an Observer that also hears, before the first
// KindStarted, how many kinds the read lists (the selected ones and those
// they reference): each gets one KindStarted and one KindDone, so a
// display can show kinds done out of the total.
type KindsObserver interface {
	Observer
	Kinds(total int)
}

type nopObserver struct{}

func (nopObserver) KindStarted(string)   {}
func (nopObserver) Objects(string, int)  {}
func (nopObserver) KindDone(string, int) {}
