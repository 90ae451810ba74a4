package newsindex

import (
	"context"
	"os"
	"testing"

	"github.com/blevesearch/bleve/v2"
	bq "github.com/blevesearch/bleve/v2/search/query"

	"github.com/newsindex/newsindex/internal/bm25"
)

// BenchmarkCountThenTop measures, on the KCNA index NEWSINDEX_KCNA_INDEX
// names, what a ranked search of every word would cost in two passes
// instead of one: an unscored pass for the exact total (and the facets),
// then the best ten by bm25.Top with the match as its filter, against the
// one pass that scores every match (full). It prices the plan of #17's
// third lever, which searches this way now (search_top.go).
func BenchmarkCountThenTop(b *testing.B) {
	x := kcnaOnDisk(b)
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		q    Query
	}{
		{"term", Match{Text: "Korea"}},
		{"name", Match{Text: "Kim Jong Il"}},
		{"phrase", Phrase{Text: "Workers' Party"}},
	} {
		q, _ := readNames(tc.q, x.gazetteer())
		c := x.compiler()
		compiled, err := x.compile(ctx, c, q, SearchOptions{})
		if err != nil {
			b.Fatal(err)
		}
		r, ok := compiled.(*bm25.Rescored)
		if !ok {
			b.Fatalf("%s compiles to %T, not a rescored query", q, compiled)
		}
		top := &bm25.Top{Queries: []*bm25.Query{r.Score.(*bm25.Query)}, Filter: r.Match, Size: 10}
		run := func(b *testing.B, q bq.Query, size int, scored bool) {
			for b.Loop() {
				req := bleve.NewSearchRequestOptions(q, size, 0, false)
				if size > 0 {
					req.Fields = []string{"*"}
				}
				if !scored {
					req.Score = "none"
				}
				if _, err := x.st.Search(ctx, req, c.stats); err != nil {
					b.Fatal(err)
				}
			}
		}
		b.Run(tc.name+"/full", func(b *testing.B) { run(b, compiled, 10, true) })
		b.Run(tc.name+"/count", func(b *testing.B) { run(b, compiled, 0, false) })
		b.Run(tc.name+"/top", func(b *testing.B) { run(b, top, 10, true) })
	}
}

// kcnaOnDisk opens read-only the KCNA index NEWSINDEX_KCNA_INDEX names
// (newsindex index -index DIR kcna_articles_2011_2012.jsonl), closed when
// the benchmark ends, or skips the benchmark without it.
func kcnaOnDisk(b *testing.B) *Index {
	b.Helper()
	dir := os.Getenv("NEWSINDEX_KCNA_INDEX")
	if dir == "" {
		b.Skip("set NEWSINDEX_KCNA_INDEX to an index of the KCNA archive (newsindex index -index DIR kcna_articles_2011_2012.jsonl) to run this benchmark")
	}
	x, err := Open(dir, Config{ReadOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = x.Close() })
	return x
}
