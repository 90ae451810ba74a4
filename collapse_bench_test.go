package newsindex_test

import (
	"context"
	"testing"
	"time"
)

// BenchmarkCollapse runs the plain queries of the KCNA mix for a first
// page of 10, with and without SearchOptions.Collapse, alternately, and
// reports the collapsed search's time as a ratio of the plain one's
// (collapse/plain) beside the two means, and the same ratio of the CPU time
// the process used (cpu-collapse/plain: on a machine shared with other jobs
// it moves less than the time on the clock).
//
//	go test -run '^$' -bench Collapse -benchtime 20x .
func BenchmarkCollapse(b *testing.B) {
	ctx := context.Background()
	idx := kcnaIndex(b)
	for _, m := range kcnaMix()[:4] { // term, name, phrase, filtered
		b.Run(m.name, func(b *testing.B) {
			var plain, collapsed time.Duration
			var plainCPU, collapsedCPU int64
			n := 0
			for b.Loop() {
				for _, collapse := range []bool{false, true} {
					opts := m.opts
					opts.Size, opts.Collapse = 10, collapse
					start, cpu := time.Now(), cpuTime()
					if _, err := idx.Search(ctx, m.q, opts); err != nil {
						b.Fatal(err)
					}
					if collapse {
						collapsed += time.Since(start)
						collapsedCPU += cpuTime() - cpu
					} else {
						plain += time.Since(start)
						plainCPU += cpuTime() - cpu
					}
				}
				n++
			}
			b.ReportMetric(float64(plain.Microseconds())/1000/float64(n), "plain-ms")
			b.ReportMetric(float64(collapsed.Microseconds())/1000/float64(n), "collapse-ms")
			b.ReportMetric(float64(collapsed)/float64(plain), "collapse/plain")
			b.ReportMetric(float64(collapsedCPU)/float64(plainCPU), "cpu-collapse/plain")
		})
	}
}
