package newsindex

import (
	"testing"
	"time"

	"github.com/newsindex/newsindex/analysis"
)

// BenchmarkCompile turns the query values of a typical search page into
// Bleve queries: words, a name (widened to its spellings), a phrase, a
// date range with an outlet, a Cyrillic name outside the gazetteer.
func BenchmarkCompile(b *testing.B) {
	l := currentLayout()
	l.present = map[string]bool{"title_en": true, "body_en": true, "title_de": true, "body_de": true, "title_ru": true, "body_ru": true}
	l.names = analysis.BuiltinNames()
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
