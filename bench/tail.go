package main

import (
	"os"
	"strconv"
	"strings"
	"sync"
	"time"
)

// The tail of an export run is what it does after its last response:
// converting, rendering and writing what it read last, and its marker. The
// wall time it adds is the run's distance from the rate-limit floor. It is
// measured with -timeline, which knows when the last response came: the
// wall tail is the run's wall time after it, and the CPU tail the child's
// CPU time (user and system) after it, from /proc/PID/stat sampled every
// cpuSampleEvery (Linux; without /proc there is no CPU figure).

const cpuSampleEvery = 10 * time.Millisecond

// cpuSampler records a running child's CPU time.
type cpuSampler struct {
	mu      sync.Mutex
	start   time.Time
	samples []cpuSample
	stop    chan struct{}
	done    chan struct{}
}

type cpuSample struct {
	at  time.Duration // since start
	cpu time.Duration
}

// sampleCPU samples pid's CPU time until stopped; start is the run's start.
func sampleCPU(pid int, start time.Time) *cpuSampler {
	s := &cpuSampler{start: start, stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(s.done)
		t := time.NewTicker(cpuSampleEvery)
		defer t.Stop()
		for {
			if cpu, ok := procCPU(pid); ok {
				s.mu.Lock()
				s.samples = append(s.samples, cpuSample{at: time.Since(start), cpu: cpu})
				s.mu.Unlock()
			}
			select {
			case <-s.stop:
				return
			case <-t.C:
			}
		}
	}()
	return s
}

// tail is the CPU time the child used after at: its total (from the
// finished process) less the last sample taken by then; ok is false
// without a sample.
func (s *cpuSampler) tail(at time.Duration, total time.Duration) (time.Duration, bool) {
	close(s.stop)
	<-s.done
	s.mu.Lock()
	defer s.mu.Unlock()
	var before *cpuSample
	for i := range s.samples {
		if s.samples[i].at <= at {
			before = &s.samples[i]
		}
	}
	if before == nil {
		return 0, false
	}
	return max(0, total-before.cpu), true
}

// clockTicks is USER_HZ, the unit of /proc/PID/stat's times: 100 on every
// Linux architecture Go supports.
const clockTicks = 100

// procCPU is pid's user and system CPU time so far, from /proc/PID/stat.
func procCPU(pid int) (time.Duration, bool) {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0, false
	}
	// The command name (field 2) may hold spaces; it ends at the last ')'.
	s := string(data)
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return 0, false
	}
	f := strings.Fields(s[i+1:])
	// f[0] is field 3 (state); utime and stime are fields 14 and 15.
	if len(f) < 13 {
		return 0, false
	}
	ut, err1 := strconv.ParseInt(f[11], 10, 64)
	st, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, false
	}
	return time.Duration(ut+st) * time.Second / clockTicks, true
}

// lastResponse is when the timeline's last response came, since its start.
func (t *timeline) lastResponse() time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	var last time.Duration
	for _, e := range t.events {
		last = max(last, e.At+e.Took)
	}
	return last
}
