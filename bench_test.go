package newsindex_test

import (
	"context"
	"testing"

	ni "github.com/newsindex/newsindex"
)

// BenchmarkAdd indexes the 200 real KCNA records of testdata/kcna into a
// fresh in-memory index; bytes are article text.
func BenchmarkAdd(b *testing.B) {
	ctx := context.Background()
	articles := kcnaSample(b)
	var size int64
	for _, a := range articles {
		size += int64(len(a.Title) + len(a.Body))
	}
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		idx, err := ni.Open("", ni.Config{})
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if err := idx.Add(ctx, articles...); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		idx.Close()
		b.StartTimer()
	}
}

// BenchmarkSearch runs the query mix of DESIGN.md's bench command over the
// KCNA sample.
func BenchmarkSearch(b *testing.B) {
	ctx := context.Background()
	idx := openIndex(b, "")
	if err := idx.Add(ctx, kcnaSample(b)...); err != nil {
		b.Fatal(err)
	}
	mix := []struct {
		name string
		q    ni.Query
		opts ni.SearchOptions
	}{
		{"term", ni.Match{Text: "Korea"}, ni.SearchOptions{}},
		{"match", ni.Match{Text: "Kim Jong Il congratulates"}, ni.SearchOptions{}},
		{"phrase", ni.Phrase{Text: "Workers' Party of Korea"}, ni.SearchOptions{}},
		{"filtered", ni.And(ni.Match{Text: "friendship"}, ni.Source("KCNA"), ni.DateRange{From: day("2012-01-01")}), ni.SearchOptions{}},
		{"facets", ni.Match{Text: "Korea"}, ni.SearchOptions{Facets: []ni.Facet{ni.FacetSource, ni.FacetLanguage, ni.FacetYear, ni.FacetMonth}}},
		{"newest", ni.Match{Text: "Korea"}, ni.SearchOptions{Sort: ni.ByNewest}},
		{"fuzzy", ni.Match{Text: "Pyongyong", Fuzziness: 1}, ni.SearchOptions{}},
		{"anyword", ni.Match{Text: "friendship between Korea and the Soviet Union", MinWords: 1}, ni.SearchOptions{}},
		{"highlight", ni.Match{Text: "Korea"}, ni.SearchOptions{Highlight: true}},
	}
	for _, m := range mix {
		b.Run(m.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := idx.Search(ctx, m.q, m.opts); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkParse(b *testing.B) {
	const s = `Putin +source:KCNA published:[2024-06-01 TO 2024-09-30] ("strategic partnership" OR Lavrov~1) -Kursk`
	b.ReportAllocs()
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		if _, err := ni.Parse(s); err != nil {
			b.Fatal(err)
		}
	}
}
