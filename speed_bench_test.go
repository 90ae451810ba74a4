package newsindex_test

import (
	"context"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"

	"github.com/newsindex/newsindex"
)

// kcnaMixQuery is one query of the mix `newsindex bench` runs (bench/
// systems.go), on the KCNA archive.
type kcnaMixQuery struct {
	name string
	q    newsindex.Query
	opts newsindex.SearchOptions
}

// kcnaMix is the query mix of `newsindex bench` with the terms it picks on
// the KCNA archive of 2011–12: a term, three words (a name), a phrase, the
// term with the second half of the dates and the outlet, facets, a sort by
// date, a fuzzy term, a deep page.
func kcnaMix() []kcnaMixQuery {
	first := time.Date(2011, 1, 1, 0, 0, 0, 0, time.UTC)
	last := time.Date(2012, 11, 30, 0, 0, 0, 0, time.UTC)
	from := first.Add(last.Sub(first) / 2)
	plain := newsindex.SearchOptions{}
	return []kcnaMixQuery{
		{"term", newsindex.Match{Text: "Korea"}, plain},
		{"name", newsindex.Match{Text: "Kim Jong Il"}, plain},
		{"phrase", newsindex.Phrase{Text: "Workers' Party"}, plain},
		{"filtered", newsindex.And(newsindex.Match{Text: "Korea"}, newsindex.DateRange{From: from, To: last}, newsindex.Source("KCNA (kcna.co.jp mirror)")), plain},
		{"facets", newsindex.Match{Text: "Korea"}, newsindex.SearchOptions{Facets: []newsindex.Facet{newsindex.FacetSource, newsindex.FacetLanguage, newsindex.FacetYear}}},
		{"newest", newsindex.Match{Text: "Korea"}, newsindex.SearchOptions{Sort: newsindex.ByNewest}},
		{"fuzzy", newsindex.Match{Text: "Pyongyong", Fuzziness: 1}, plain},
		{"deep", newsindex.Match{Text: "Korea"}, newsindex.SearchOptions{From: 500}},
	}
}

// BenchmarkKCNAMix runs each query of the bench's mix on the KCNA archive
// (in memory, or on disk with NEWSINDEX_KCNA_INDEX), then the mix as a
// whole.
func BenchmarkKCNAMix(b *testing.B) {
	idx := kcnaIndex(b)
	ctx := context.Background()
	mix := kcnaMix()
	for _, m := range mix {
		b.Run(m.name, func(b *testing.B) {
			b.ReportAllocs()
			cpu := cpuTime()
			for b.Loop() {
				if _, err := idx.Search(ctx, m.q, m.opts); err != nil {
					b.Fatal(err)
				}
			}
			reportCPU(b, cpu)
		})
	}
	b.Run("all", func(b *testing.B) {
		b.ReportAllocs()
		cpu := cpuTime()
		for b.Loop() {
			for _, m := range mix {
				if _, err := idx.Search(ctx, m.q, m.opts); err != nil {
					b.Fatal(err)
				}
			}
		}
		reportCPU(b, cpu)
	})
}

// reportCPU reports the CPU time of the process since start, per
// iteration, as cpu-ns/op: the work a search does, all goroutines (the
// garbage collector's too) counted, and less disturbed than ns/op by other
// jobs on the machine.
func reportCPU(b *testing.B, start int64) {
	if start > 0 && b.N > 0 {
		b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
	}
}

// BenchmarkUnscored measures a request whose scores nothing uses as the
// index makes it (Count: unscored) and as Bleve makes it by default
// (scored), in the same run: their ratio is what Score "none" saves. (A
// lookup by ID gains nothing: Bleve gives every ID the same score without
// reading postings.)
func BenchmarkUnscored(b *testing.B) {
	idx := kcnaIndex(b)
	ctx := context.Background()
	b.Run("count", func(b *testing.B) {
		for b.Loop() {
			if _, err := idx.Count(ctx); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("count-scored", func(b *testing.B) {
		kind := bleve.NewTermQuery("article")
		kind.SetField("kind")
		req := bleve.NewSearchRequest(kind)
		req.Size = 0
		for b.Loop() {
			if _, err := idx.Bleve().SearchInContext(ctx, req); err != nil {
				b.Fatal(err)
			}
		}
	})
}
