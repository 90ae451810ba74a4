package newsindex_test

import (
	"context"
	"testing"

	"github.com/newsindex/newsindex"
)

// The speed goals of #16 on the 24,776 KCNA articles: a monthly trend of
// three queries within 100 ms, the top words of a query with 5,000 matches
// within 300 ms, the first line of a keyword in context for a query with
// 1,000 matches within 100 ms.

func BenchmarkTrend(b *testing.B) {
	idx := kcnaIndex(b)
	ctx := context.Background()
	opts := newsindex.TrendOptions{Queries: []newsindex.Query{
		mustParse(b, "Kim Jong Il"), mustParse(b, "Medvedev"), mustParse(b, `"nuclear weapons"`),
	}}
	for _, iv := range []newsindex.Interval{newsindex.Month, newsindex.Week, newsindex.Day} {
		opts.Interval = iv
		b.Run(string(iv), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := idx.Trend(ctx, opts); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkTerms(b *testing.B) {
	idx := kcnaIndex(b)
	ctx := context.Background()
	for _, tc := range []struct{ name, query string }{
		{"5810matches", "party"},
		{"265matches", "Kim Jong Il published:2011-08"},
	} {
		q := mustParse(b, tc.query)
		if _, err := idx.Terms(ctx, q, newsindex.TermsOptions{}); err != nil { // the dictionaries, read once
			b.Fatal(err)
		}
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := idx.Terms(ctx, q, newsindex.TermsOptions{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkKWICFirstLine(b *testing.B) {
	idx := kcnaIndex(b)
	ctx := context.Background()
	q := mustParse(b, "friendship published:2011") // 1,063 matches
	b.ReportAllocs()
	for b.Loop() {
		for _, err := range idx.KWIC(ctx, q, newsindex.KWICOptions{}) {
			if err != nil {
				b.Fatal(err)
			}
			break
		}
	}
}
