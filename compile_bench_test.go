package newsindex

import (
	"testing"
	"time"

	"github.com/newsindex/newsindex/analysis"
	"github.com/newsindex/newsindex/internal/bm25"
	"github.com/newsindex/newsindex/internal/schema"
)

// BenchmarkCompile turns the query values of a typical search page into
// Bleve queries: words, a name (widened to its spellings), a phrase, a
// date range with an outlet, a Cyrillic name outside the gazetteer.
func BenchmarkCompile(b *testing.B) {
	counts := bm25.NewCounts()
	counts.Add(1, map[string]int64{"title_en": 10, "body_en": 100, "title_de": 10, "body_de": 100, "title_ru": 10, "body_ru": 100})
	l := &compiler{layout: schema.Current(), stats: bm25.NewStats(counts).Snapshot(), names: analysis.BuiltinNames(), spellings: &spellings{}, budget: &budget{}}
	from := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	queries := []Query{
		Match{Text: "strategic partnership treaty"},
		Match{Text: "Kim Jong Un"},
		Phrase{Text: "Workers' Party of Korea"},
		And(Match{Text: "Kursk"}, DateRange{From: from, To: from.AddDate(0, 6, 0)}, Source("KCNA")),
		Match{Text: "Александр Фомин"},
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, q := range queries {
			if _, err := l.compile(q); err != nil {
				b.Fatal(err)
			}
		}
	}
}
