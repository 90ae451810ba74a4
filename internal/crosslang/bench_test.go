package crosslang

import (
	"syscall"
	"testing"
	"time"

	"github.com/newsindex/newsindex/analysis"
)

// benchArticles are 200 KCNA articles in English and 200 in Spanish, from
// August 2011 on.
func benchArticles(b *testing.B) ([]doc, int) {
	var out []doc
	n := map[string]int{}
	bytes := 0
	for _, d := range loadKCNA(b) {
		if n[d.Lang] < 200 && d.Date >= "2011-08-01" {
			out = append(out, d)
			n[d.Lang]++
			bytes += len(d.Title) + len(d.Body)
		}
	}
	return out, bytes
}

// cpuTime is the CPU time the process has used, which the other jobs of a
// shared machine do not inflate as they do the wall time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// perKB runs f b.N times and reports the CPU time per KB of text.
func perKB(b *testing.B, bytes int, f func()) {
	b.SetBytes(int64(bytes))
	start := cpuTime()
	n := 0
	for b.Loop() {
		f()
		n++
	}
	b.ReportMetric(float64((cpuTime()-start).Microseconds())/float64(n)/(float64(bytes)/1024), "cpu-µs/KB")
}

// BenchmarkFeatures measures Features on KCNA articles (bytes are title
// and body), beside what the index already spends on them at Add: the
// gazetteer, and the analysis of the text in its language.
func BenchmarkFeatures(b *testing.B) {
	docs, bytes := benchArticles(b)
	g := analysis.BuiltinNames()
	entities := make([][]string, len(docs))
	for i, d := range docs {
		entities[i] = g.Find(d.Title + "\n" + d.Body)
	}
	on := time.Date(2012, 3, 19, 0, 0, 0, 0, time.UTC)
	b.Run("features-of", func(b *testing.B) {
		b.ReportAllocs()
		perKB(b, bytes, func() {
			for i, d := range docs {
				FeaturesOf(d.Title, d.Body, d.Lang, on, entities[i])
			}
		})
	})
	b.Run("features-with-gazetteer", func(b *testing.B) {
		b.ReportAllocs()
		perKB(b, bytes, func() {
			for _, d := range docs {
				Features(d.Title, d.Body, d.Lang, on, g)
			}
		})
	})
	b.Run("gazetteer-only", func(b *testing.B) {
		perKB(b, bytes, func() {
			for _, d := range docs {
				g.Find(d.Title + "\n" + d.Body)
			}
		})
	})
	b.Run("analysis-only", func(b *testing.B) {
		perKB(b, bytes, func() {
			for _, d := range docs {
				if _, err := analysis.Analyze(d.Lang, d.Title); err != nil {
					b.Fatal(err)
				}
				if _, err := analysis.Analyze(d.Lang, d.Body); err != nil {
					b.Fatal(err)
				}
			}
		})
	})
}
