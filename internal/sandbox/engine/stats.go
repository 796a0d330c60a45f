package engine

import (
	"sync"
)

// stats are the sandbox's own counters, served at GET /_sandbox/stats so
// that a client's claims (calls per bucket, no 429s) can be checked from the
// server's side.
type stats struct {
	mu        sync.Mutex
	buckets   map[string]*bucketCount
	endpoints map[string]int
	faults    map[string]int
}

type bucketCount struct {
	Requests    int `json:"requests"`
	RateLimited int `json:"rateLimited"`
}

func newStats() *stats {
	return &stats{buckets: map[string]*bucketCount{}, endpoints: map[string]int{}, faults: map[string]int{}}
}

func (st *stats) count(bucket, pattern string, admitted bool) {
	st.mu.Lock()
	defer st.mu.Unlock()
	b := st.buckets[bucket]
	if b == nil {
		b = &bucketCount{}
		st.buckets[bucket] = b
	}
	if !admitted {
		b.RateLimited++
		return
	}
	b.Requests++
	if pattern == "" {
		pattern = "unmatched"
	}
	st.endpoints[pattern]++
}

func (st *stats) fault(kind string) {
	if kind == "" {
		return
	}
	st.mu.Lock()
	st.faults[kind]++
	st.mu.Unlock()
}

// Stats is the JSON document at /_sandbox/stats.
type Stats struct {
	Tier             Tier                   `json:"tier"`
	WindowSeconds    float64                `json:"windowSeconds"`
	ConcurrencyLimit int                    `json:"concurrencyLimit"`
	PeakConcurrency  int                    `json:"peakConcurrency"`
	Requests         int                    `json:"requests"`
	RateLimited      int                    `json:"rateLimited"`
	Buckets          map[string]BucketStats `json:"buckets"`
	Endpoints        map[string]int         `json:"endpoints"`
	Faults           map[string]int         `json:"faults"`
}

// BucketStats are one bucket's totals since the sandbox started.
type BucketStats struct {
	Limit       int `json:"limit"`
	Requests    int `json:"requests"`
	RateLimited int `json:"rateLimited"`
}

// Stats returns a snapshot of the counters.
func (s *Server) Stats() Stats {
	s.stats.mu.Lock()
	defer s.stats.mu.Unlock()
	s.limit.mu.Lock()
	peak := s.limit.peak
	s.limit.mu.Unlock()
	out := Stats{
		Tier:             s.opts.Tier,
		WindowSeconds:    s.limit.window.Seconds(),
		ConcurrencyLimit: s.limit.concurrency,
		PeakConcurrency:  peak,
		Buckets:          map[string]BucketStats{},
		Endpoints:        map[string]int{},
		Faults:           map[string]int{},
	}
	for name, b := range s.stats.buckets {
		out.Buckets[name] = BucketStats{Limit: s.limit.limits[name], Requests: b.Requests, RateLimited: b.RateLimited}
		out.Requests += b.Requests
		out.RateLimited += b.RateLimited
	}
	for k, v := range s.stats.endpoints {
		out.Endpoints[k] = v
	}
	for k, v := range s.stats.faults {
		out.Faults[k] = v
	}
	return out
}

func (s *Server) handleStats(c *Call) Reply {
	// Stats has its own locks; the org lock is held by run() but stats
	// never takes it, so there is no ordering problem.
	return OK(s.Stats())
}
