// Package pool runs a function for every index of a slice on one worker
// per CPU. It is the only worker pool of the generator: loading pages,
// converting them, rendering them and writing files all go through Run.
//
// The contract: Run(n, fn, failed) calls fn(i) exactly once for each i in
// 0..n-1, on at most GOMAXPROCS goroutines, and returns when every call
// has returned. A panic in fn(i) is recovered in its worker, since no
// caller can recover another goroutine's panic, and handed to failed(i,
// msg) with the message of diag.InternalMessage (which names the line that
// failed); the other indexes still run. fn and failed must be safe to call
// concurrently.
package pool

import (
	"runtime"
	"sync"
	"sync/atomic"

	"ketref/generator/diag"
)

// Run calls fn for 0..n-1 on one worker per CPU. Workers take the next
// index from a counter rather than a channel: a channel hand-off wakes a
// goroutine per item, which cost more than a cached page's work in the
// preview's rebuilds.
func Run(n int, fn func(i int), failed func(i int, msg string)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	var wg sync.WaitGroup
	var next atomic.Int64
	run := func(i int) {
		defer func() {
			if v := recover(); v != nil {
				failed(i, diag.InternalMessage(v))
			}
		}()
		fn(i)
	}
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := int(next.Add(1) - 1); i < n; i = int(next.Add(1) - 1) {
				run(i)
			}
		}()
	}
	wg.Wait()
}
