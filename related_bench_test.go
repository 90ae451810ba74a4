package newsindex_test

import (
	"context"
	"os"
	"slices"
	"testing"
	"time"

	ni "github.com/newsindex/newsindex"
)

// BenchmarkRelated asks for every kind of related article of 200 articles
// of the KCNA archive spread over it, and for each kind alone, and reports
// the median and the 99th percentile of a call beside the mean (ns/op).
// With NEWSINDEX_BENCH_PLAIN_LIKE set it runs them again with the
// similar-articles search as Bleve's disjunction of its queries, as before
// bm25.Top ("plain-all", …), for the ratio in one run.
//
//	go test -run '^$' -bench Related -benchtime 3x .
func BenchmarkRelated(b *testing.B) {
	ctx := context.Background()
	idx := kcnaIndex(b)
	var ids []string
	i := 0
	for a, err := range idx.Scan(ctx, ni.All()) {
		if err != nil {
			b.Fatal(err)
		}
		if i%124 == 0 {
			ids = append(ids, a.ID)
		}
		i++
	}
	for _, plain := range []bool{false, true} {
		if plain && os.Getenv("NEWSINDEX_BENCH_PLAIN_LIKE") == "" {
			continue
		}
		ni.SetPlainLike(idx, plain)
		relatedKinds(b, idx, ids, plain)
	}
	ni.SetPlainLike(idx, false)
}

// relatedKinds runs BenchmarkRelated's calls, named "plain-" with the
// similar-articles search made as Bleve's disjunction (not bm25.Top).
func relatedKinds(b *testing.B, idx *ni.Index, ids []string, plain bool) {
	ctx := context.Background()
	prefix := ""
	if plain {
		prefix = "plain-"
	}
	for _, kinds := range []struct {
		name  string
		kinds []ni.RelatedKind
	}{{"all", nil}, {"duplicate", []ni.RelatedKind{ni.Duplicate}}, {"translation", []ni.RelatedKind{ni.Translation}}, {"similar", []ni.RelatedKind{ni.Similar}}} {
		b.Run(prefix+kinds.name, func(b *testing.B) {
			var took []time.Duration
			for b.Loop() {
				for _, id := range ids {
					start := time.Now()
					if _, err := idx.Related(ctx, id, ni.RelatedOptions{Kinds: kinds.kinds}); err != nil {
						b.Fatal(err)
					}
					took = append(took, time.Since(start))
				}
			}
			slices.Sort(took)
			b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "p50-ms")
			b.ReportMetric(float64(took[len(took)*99/100].Microseconds())/1000, "p99-ms")
			b.ReportMetric(float64(len(ids)), "calls/op")
		})
	}
}
