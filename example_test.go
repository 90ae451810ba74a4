package newsindex_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"time"

	"github.com/newsindex/newsindex"
	"github.com/newsindex/newsindex/analysis"
)

// examples is a small archive in three languages for the examples.
var examples = []newsindex.Article{
	{ID: "kcna-1", Title: "Greetings to DPRK Foreign Minister from Russian Foreign Minister",
		Body:     "Choe Son Hui received a message of greeting from Sergei Lavrov on the treaty on comprehensive strategic partnership.",
		Language: "en", Source: "KCNA", Published: time.Date(2025, 8, 20, 0, 0, 0, 0, time.UTC)},
	{ID: "naenara-1", Title: "Mitarbeiter der russischen Botschaft legten Blumen nieder",
		Body:     "Die Mitarbeiter besuchten die Denkmäler für Sowjetarmee in Wonsan und Sinuiju.",
		Language: "de", Source: "Naenara", Published: time.Date(2025, 8, 18, 0, 0, 0, 0, time.UTC)},
	{ID: "rodong-1", Title: "조선과 러시아와의 친선관계 발전",
		Body:   "조선민주주의인민공화국과 러시아와의 친선관계가 발전하고 있다.",
		Source: "Rodong Sinmun", Published: time.Date(2024, 6, 19, 0, 0, 0, 0, time.UTC)}, // language detected
}

// exampleIndex opens an in-memory index of the example articles.
func exampleIndex(ctx context.Context) *newsindex.Index {
	idx, err := newsindex.Open("", newsindex.Config{})
	if err != nil {
		log.Fatal(err)
	}
	if err := idx.Add(ctx, examples...); err != nil {
		log.Fatal(err)
	}
	return idx
}

func Example() {
	ctx := context.Background()
	idx, err := newsindex.Open("", newsindex.Config{}) // "" = in memory; a directory persists
	if err != nil {
		log.Fatal(err)
	}
	defer idx.Close()
	if err := idx.Add(ctx, examples...); err != nil {
		log.Fatal(err)
	}

	q := newsindex.Or(
		newsindex.Match{Text: "Denkmal"}, // German stemming finds "Denkmäler"
		newsindex.Match{Text: "친선관계"},    // Korean bigrams find "친선관계가"
	)
	res, err := idx.Search(ctx, q, newsindex.SearchOptions{Sort: newsindex.ByNewest})
	if err != nil {
		log.Fatal(err)
	}
	for _, h := range res.Hits {
		fmt.Println(h.Article.Published.Format("2006-01-02"), h.Article.Language, h.Article.Title)
	}
	// Output:
	// 2025-08-18 de Mitarbeiter der russischen Botschaft legten Blumen nieder
	// 2024-06-19 ko 조선과 러시아와의 친선관계 발전
}

// Names are found in any spelling and script: the Russian and the Korean
// spelling of Lavrov find the English article, the German one too.
func ExampleIndex_Search_names() {
	ctx := context.Background()
	idx := exampleIndex(ctx) // an in-memory index of the articles above
	defer idx.Close()

	for _, name := range []string{"Лавров", "라브로프", "Lawrow"} {
		res, err := idx.Search(ctx, newsindex.Match{Text: name}, newsindex.SearchOptions{Facets: []newsindex.Facet{newsindex.FacetEntity}})
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(name, ids(res), res.Facets[newsindex.FacetEntity])
	}
	// Output:
	// Лавров [kcna-1] [{choe-son-hui 1} {dprk 1} {lavrov 1} {russia 1}]
	// 라브로프 [kcna-1] [{choe-son-hui 1} {dprk 1} {lavrov 1} {russia 1}]
	// Lawrow [kcna-1] [{choe-son-hui 1} {dprk 1} {lavrov 1} {russia 1}]
}

func ExampleParse() {
	q, err := newsindex.Parse(`Lavrov +source:KCNA published:>=2025-01-01 "strategic partnership" -Kursk`)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(q)
	fmt.Println(newsindex.Format(q))

	_, err = newsindex.Parse(`Putin AND (Lavrov OR Shoigu`)
	fmt.Println(err)
	// Output:
	// (and (match "Lavrov") (source "KCNA") (published 2025-01-01 *) (phrase "strategic partnership") (not (match "Kursk")))
	// Lavrov source:"KCNA" published:>=2025-01-01 "strategic partnership" NOT Kursk
	// newsindex: bad query at column 11: unbalanced parenthesis: ( is never closed
}

func ExampleIndex_Search_facets() {
	ctx := context.Background()
	idx, err := newsindex.Open("", newsindex.Config{})
	if err != nil {
		log.Fatal(err)
	}
	defer idx.Close()
	if err := idx.Add(ctx, examples...); err != nil {
		log.Fatal(err)
	}

	res, err := idx.Search(ctx, newsindex.All(), newsindex.SearchOptions{
		Size:   1,
		Facets: []newsindex.Facet{newsindex.FacetLanguage, newsindex.FacetYear},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("total", res.Total)
	fmt.Println("language", res.Facets[newsindex.FacetLanguage])
	fmt.Println("year", res.Facets[newsindex.FacetYear])
	// Output:
	// total 3
	// language [{de 1} {en 1} {ko 1}]
	// year [{2024 1} {2025 2}]
}

func ExampleIndex_Search_highlight() {
	ctx := context.Background()
	idx := exampleIndex(ctx) // an in-memory index of the articles above
	defer idx.Close()

	res, err := idx.Search(ctx, newsindex.Phrase{Text: "comprehensive strategic partnership"},
		newsindex.SearchOptions{Highlight: true})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(res.Hits[0].Fragments["body"][0])
	// Output:
	// Choe Son Hui received a message of greeting from Sergei Lavrov on the treaty on <mark>comprehensive strategic partnership</mark>.
}

func ExampleIndex_Get() {
	ctx := context.Background()
	idx := exampleIndex(ctx) // an in-memory index of the articles above
	defer idx.Close()

	a, err := idx.Get(ctx, "rodong-1")
	fmt.Println(a.Source, a.Language, err)
	_, err = idx.Get(ctx, "no-such-article")
	fmt.Println(errors.Is(err, newsindex.ErrNotFound))
	// Output:
	// Rodong Sinmun ko <nil>
	// true
}

func ExampleIndex_Add_invalid() {
	ctx := context.Background()
	idx, err := newsindex.Open("", newsindex.Config{})
	if err != nil {
		log.Fatal(err)
	}
	defer idx.Close()

	err = idx.Add(ctx,
		newsindex.Article{ID: "ok", Title: "Fine"},
		newsindex.Article{ID: "broken", Title: "Pj\xf6ngjang"}, // Latin-1, not UTF-8
	)
	var ie *newsindex.InputError
	if errors.As(err, &ie) {
		fmt.Println(ie.ID, ie.Field)
	}
	fmt.Println(err)
	n, _ := idx.Count(ctx)
	fmt.Println(n, "articles: nothing was added")
	// Output:
	// broken title
	// newsindex: article 1 (id "broken"): title: not valid UTF-8 at byte 2
	// 0 articles: nothing was added
}

func ExampleMatch_fuzziness() {
	ctx := context.Background()
	idx := exampleIndex(ctx) // an in-memory index of the articles above
	defer idx.Close()

	// The German spelling of Lavrov is one edit away.
	res, err := idx.Search(ctx, newsindex.Match{Text: "Lavrow", Fuzziness: 1}, newsindex.SearchOptions{})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(ids(res))
	// Output:
	// [kcna-1]
}

// MinWords 1 is the ranked any-word mode for free text: every word is
// optional and BM25 ranks the articles that match more of them higher.
// IDsOnly returns the ranking without reading the stored articles.
func ExampleMatch_minWords() {
	ctx := context.Background()
	idx := exampleIndex(ctx)
	defer idx.Close()

	q := newsindex.Match{Text: "Lavrov greeting Denkmal", MinWords: 1}
	res, err := idx.Search(ctx, q, newsindex.SearchOptions{IDsOnly: true})
	if err != nil {
		log.Fatal(err)
	}
	for _, h := range res.Hits {
		fmt.Printf("%s %q\n", h.Article.ID, h.Article.Title)
	}
	// Output:
	// kcna-1 ""
	// naenara-1 ""
}

// Reindex rebuilds an index from the articles it stores: after an upgrade
// to a new format, or to read names given later into older articles.
func ExampleReindex() {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "newsindex-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "archive.idx")
	idx, err := newsindex.Open(path, newsindex.Config{})
	if err != nil {
		log.Fatal(err)
	}
	if err := idx.Add(ctx, newsindex.Article{ID: "a", Body: "The delegation arrived in Ulan-Ude.", Language: "en"}); err != nil {
		log.Fatal(err)
	}
	idx.Close()

	names := []analysis.Entity{{ID: "ulan-ude", Kind: "place", Variants: []string{"Ulan-Ude", "Улан-Удэ"}}}
	err = newsindex.Reindex(ctx, path, newsindex.Config{Names: names}, func(p newsindex.ReindexProgress) {
		fmt.Printf("%d of %d articles\n", p.Done, p.Total)
	})
	if err != nil {
		log.Fatal(err)
	}
	idx, err = newsindex.Open(path, newsindex.Config{ReadOnly: true})
	if err != nil {
		log.Fatal(err)
	}
	defer idx.Close()
	res, err := idx.Search(ctx, newsindex.Match{Text: "Улан-Удэ"}, newsindex.SearchOptions{})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(res.Total, "article names Ulan-Ude")
	// Output:
	// 1 of 1 articles
	// 1 article names Ulan-Ude
}
