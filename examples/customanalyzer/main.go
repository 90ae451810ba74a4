// Command customanalyzer shows how another project extends newsindex's
// analysis: it registers a language of its own — Danish, with Bleve's
// Danish analyzer and a token filter of its own that folds the old spelling
// "aa" into "å" — indexes articles, searches them, and reopens the index,
// which needs the same registration in every program that opens it.
//
//	go run ./examples/customanalyzer
package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"

	bleveanalysis "github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/da"
	"github.com/blevesearch/bleve/v2/registry"

	"github.com/newsindex/newsindex"
	"github.com/newsindex/newsindex/analysis"
)

// AnalyzerDanish is the analyzer's name. It is stored in the index: never
// change it once indexes use it.
const AnalyzerDanish = "example_da"

// aaFilter folds "aa" to "å" in every term, so that Aabenraa (the spelling
// before 1948) and Åbenrå are one term. Offsets stay those of the text.
type aaFilter struct{}

func (aaFilter) Filter(input bleveanalysis.TokenStream) bleveanalysis.TokenStream {
	for _, tok := range input {
		tok.Term = bytes.ReplaceAll(tok.Term, []byte("aa"), []byte("å"))
	}
	return input
}

// newDanish builds Bleve's Danish analyzer with aaFilter after lower-casing
// and before its stemmer sees the terms.
func newDanish(cache *registry.Cache) (bleveanalysis.Analyzer, error) {
	base, err := cache.AnalyzerNamed(da.AnalyzerName)
	if err != nil {
		return nil, err
	}
	a, ok := base.(*bleveanalysis.DefaultAnalyzer)
	if !ok {
		return nil, fmt.Errorf("unexpected analyzer %T", base)
	}
	filters := append([]bleveanalysis.TokenFilter{a.TokenFilters[0], aaFilter{}}, a.TokenFilters[1:]...)
	return &bleveanalysis.DefaultAnalyzer{CharFilters: a.CharFilters, Tokenizer: a.Tokenizer, TokenFilters: filters}, nil
}

func main() {
	dir, err := os.MkdirTemp("", "customanalyzer-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	if err := run(context.Background(), filepath.Join(dir, "idx"), os.Stdout); err != nil {
		log.Fatal(err)
	}
}

func run(ctx context.Context, path string, out io.Writer) error {
	// Register before opening any index that uses the language.
	analysis.Register(analysis.Language{Code: "da", Name: "Danish", Analyzer: AnalyzerDanish, New: newDanish})

	idx, err := newsindex.Open(path, newsindex.Config{})
	if err != nil {
		return err
	}
	err = idx.Add(ctx,
		newsindex.Article{ID: "dk-1", Title: "Delegation fra Nordkorea besøgte Aabenraa", Body: "Delegationen besøgte havnen i Aabenraa og mødtes med borgmesteren.", Language: "da", Source: "Example"},
		newsindex.Article{ID: "dk-2", Title: "Nordkoreanske diplomater i København", Body: "Diplomaterne holdt møder med Udenrigsministeriet.", Source: "Example"}, // language detected
	)
	if err != nil {
		return err
	}
	if err := search(ctx, idx, out, "Åbenrå"); err != nil {
		return err
	}
	if err := idx.Close(); err != nil {
		return err
	}

	// Reopening works because this process registered the language; a
	// program that has not gets an error naming the missing analyzer.
	idx, err = newsindex.Open(path, newsindex.Config{ReadOnly: true})
	if err != nil {
		return err
	}
	defer idx.Close()
	return search(ctx, idx, out, "diplomat")
}

func search(ctx context.Context, idx *newsindex.Index, out io.Writer, text string) error {
	res, err := idx.Search(ctx, newsindex.Match{Text: text, Lang: "da"}, newsindex.SearchOptions{Highlight: true})
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "%q: %d article(s)\n", text, res.Total)
	for _, h := range res.Hits {
		fmt.Fprintf(out, "  %s [%s] %s\n", h.Article.ID, h.Article.Language, h.Fragments["title"])
	}
	return nil
}
