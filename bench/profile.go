package main

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
)

// startProfiles starts a CPU profile into dir/cpu.pprof; the function it
// returns stops it and writes the allocations since the start of the
// process (alloc_space, alloc_objects) to dir/allocs.pprof. Both are read
// with `go tool pprof`.
func startProfiles(dir string) (func(), error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	cpu, err := os.Create(filepath.Join(dir, "cpu.pprof"))
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(cpu); err != nil {
		cpu.Close()
		return nil, err
	}
	return func() {
		pprof.StopCPUProfile()
		cpu.Close()
		runtime.GC()
		f, err := os.Create(filepath.Join(dir, "allocs.pprof"))
		if err == nil {
			err = pprof.Lookup("allocs").WriteTo(f, 0)
			f.Close()
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "bench: allocation profile:", err)
		}
	}, nil
}
