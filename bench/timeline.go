package main

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/oktasync/oktasync/internal/okta"
)

// A timeline records every request a run sends (when it was admitted, its
// bucket, method, path and status), so that `-timeline FILE` can show where
// the floor-setting bucket sat idle: per bucket and per rate-limit window,
// the requests sent, and the gaps between them. It is a profiling aid: the
// report's figures come from the sandbox's own counters either way.
type timeline struct {
	mu     sync.Mutex
	start  time.Time
	window time.Duration
	events []timelineEvent
}

type timelineEvent struct {
	At     time.Duration // since start
	Took   time.Duration
	Bucket string
	Method string
	Path   string
	Status int
}

func newTimeline(window time.Duration) *timeline {
	return &timeline{start: time.Now(), window: window}
}

// reset restarts the clock and forgets what was recorded (the apply
// benchmark's set-up reads are not part of the run).
func (t *timeline) reset() {
	t.mu.Lock()
	t.start, t.events = time.Now(), nil
	t.mu.Unlock()
}

// wrap records the requests h serves.
func (t *timeline) wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		begin := time.Now()
		rec := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		h.ServeHTTP(rec, r)
		if strings.HasPrefix(r.URL.Path, "/_sandbox") {
			return
		}
		t.mu.Lock()
		t.events = append(t.events, timelineEvent{At: begin.Sub(t.start), Took: time.Since(begin),
			Bucket: okta.BucketFor(r.Method, r.URL.EscapedPath()), Method: r.Method, Path: r.URL.Path, Status: rec.status})
		t.mu.Unlock()
	})
}

// proxy serves a recording reverse proxy in front of target (a sandbox in
// another process) and returns its URL and a function that stops it.
func (t *timeline) proxy(target string) (string, func(), error) {
	u, err := url.Parse(target)
	if err != nil {
		return "", nil, err
	}
	rp := httputil.NewSingleHostReverseProxy(u)
	// Link headers carry the sandbox's own address; the client follows them
	// only on its org's host, so they are rewritten to the proxy's.
	srv := httptest.NewUnstartedServer(nil)
	srv.Start()
	rp.ModifyResponse = func(resp *http.Response) error {
		for i, l := range resp.Header.Values("Link") {
			if i == 0 {
				resp.Header.Del("Link")
			}
			resp.Header.Add("Link", strings.ReplaceAll(l, target, srv.URL))
		}
		return nil
	}
	srv.Config.Handler = t.wrap(rp)
	return srv.URL, srv.Close, nil
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

// write prints, for every bucket, the requests per window of the sandbox's
// clock (windows are aligned to multiples of their length), the idle gaps
// longer than a tenth of a window, and then every request.
func (t *timeline) write(w io.Writer) {
	t.mu.Lock()
	defer t.mu.Unlock()
	ev := append([]timelineEvent(nil), t.events...)
	sort.Slice(ev, func(i, j int) bool { return ev[i].At < ev[j].At })
	offset := time.Duration(t.start.UnixNano() % int64(t.window))
	fmt.Fprintf(w, "# run started %.2f s into a window of %.0f s\n", offset.Seconds(), t.window.Seconds())
	byBucket := map[string][]timelineEvent{}
	for _, e := range ev {
		byBucket[e.Bucket] = append(byBucket[e.Bucket], e)
	}
	names := make([]string, 0, len(byBucket))
	for n := range byBucket {
		names = append(names, n)
	}
	sort.Slice(names, func(i, j int) bool { return len(byBucket[names[i]]) > len(byBucket[names[j]]) })
	for _, n := range names {
		es := byBucket[n]
		counts := map[int]int{}
		last := 0
		for _, e := range es {
			win := int((offset + e.At) / t.window)
			counts[win]++
			last = max(last, win)
		}
		var per []string
		for i := 0; i <= last; i++ {
			per = append(per, fmt.Sprint(counts[i]))
		}
		fmt.Fprintf(w, "%s: %d requests, first %.2f s, last %.2f s; per window: %s\n", n, len(es), es[0].At.Seconds(), es[len(es)-1].At.Seconds(), strings.Join(per, " "))
		prev := time.Duration(0)
		for _, e := range es {
			if gap := e.At - prev; gap > t.window/10 {
				fmt.Fprintf(w, "    idle %.2f s .. %.2f s (%.2f s)\n", prev.Seconds(), e.At.Seconds(), gap.Seconds())
			}
			prev = e.At
		}
	}
	fmt.Fprintln(w, "# at(s) took(ms) status bucket method path")
	for _, e := range ev {
		fmt.Fprintf(w, "%.3f %.0f %d %s %s %s\n", e.At.Seconds(), float64(e.Took)/float64(time.Millisecond), e.Status, e.Bucket, e.Method, e.Path)
	}
}

// writeTimeline writes tl to dir/name.
func writeTimeline(tl *timeline, dir, name string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	f, err := os.Create(filepath.Join(dir, name))
	if err != nil {
		return err
	}
	tl.write(f)
	return f.Close()
}
