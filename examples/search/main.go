// Command search is a short program that shows the newsindex library at
// work: on its first run it builds an index of the test corpus bundled with
// the repository (testdata/*.jsonl) in the user's cache directory, then it
// runs the query given as arguments and prints the hits, with the matching
// passages highlighted, and the facets.
//
//	go run ./examples/search Putin
//	go run ./examples/search -sort newest 'source:KCNA Russia'
//	go run ./examples/search '러시아 OR ракета'
package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"html"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/newsindex/newsindex"
	"github.com/newsindex/newsindex/ingest"
)

func main() {
	n := flag.Int("n", 5, "number of hits to show")
	sortBy := flag.String("sort", "relevance", "relevance, newest or oldest")
	corpus := flag.String("corpus", "testdata", "directory of the JSON Lines articles to index")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: search [-n N] [-sort relevance|newest|oldest] [-corpus DIR] QUERY...\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if err := run(os.Stdout, *corpus, strings.Join(flag.Args(), " "), *n, *sortBy); err != nil {
		fmt.Fprintln(os.Stderr, "search:", err)
		os.Exit(1)
	}
}

func run(w io.Writer, corpus, query string, n int, sortBy string) error {
	ctx := context.Background()
	q, err := newsindex.Parse(query)
	if err != nil {
		return err
	}
	order, err := newsindex.ParseSort(sortBy)
	if err != nil {
		return err
	}
	idx, err := openCorpusIndex(ctx, corpus)
	if err != nil {
		return err
	}
	defer idx.Close()
	res, err := idx.Search(ctx, q, newsindex.SearchOptions{
		Size: n, Sort: order, Highlight: true,
		Facets: []newsindex.Facet{newsindex.FacetSource, newsindex.FacetLanguage, newsindex.FacetYear},
	})
	if err != nil {
		return err
	}
	printResult(w, q, res, isTerminal(w))
	return nil
}

// openCorpusIndex opens the index of the corpus in the cache directory,
// building it when it is missing or the corpus has changed.
func openCorpusIndex(ctx context.Context, corpus string) (*newsindex.Index, error) {
	files, err := filepath.Glob(filepath.Join(corpus, "*.jsonl"))
	if err != nil || len(files) == 0 {
		return nil, fmt.Errorf("no *.jsonl articles in %s: run from the newsindex checkout or pass -corpus DIR", corpus)
	}
	h := sha256.New()
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		h.Write(data)
	}
	cache, err := os.UserCacheDir()
	if err != nil {
		cache = os.TempDir()
	}
	dir := filepath.Join(cache, "newsindex", "examples-search-"+hex.EncodeToString(h.Sum(nil))[:16])
	done := filepath.Join(dir, "complete")
	if _, err := os.Stat(done); err != nil {
		if err := build(ctx, dir, files); err != nil {
			return nil, err
		}
		if err := os.WriteFile(done, nil, 0o644); err != nil {
			return nil, err
		}
	}
	idx, err := newsindex.Open(dir, newsindex.Config{ReadOnly: true})
	if err != nil {
		// An index from an older build of the library: rebuild it.
		os.RemoveAll(dir)
		if err := build(ctx, dir, files); err != nil {
			return nil, err
		}
		if err := os.WriteFile(done, nil, 0o644); err != nil {
			return nil, err
		}
		return newsindex.Open(dir, newsindex.Config{ReadOnly: true})
	}
	return idx, nil
}

func build(ctx context.Context, dir string, files []string) error {
	fmt.Fprintf(os.Stderr, "indexing %d files into %s\n", len(files), dir)
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	idx, err := newsindex.Open(dir, newsindex.Config{})
	if err != nil {
		return err
	}
	sum, err := ingest.Load(ctx, idx, files, ingest.LoadOptions{})
	if err == nil && sum.Failed > 0 {
		err = fmt.Errorf("%d records of the corpus could not be indexed", sum.Failed)
	}
	if err != nil {
		idx.Close()
		return err
	}
	return idx.Close()
}

func printResult(w io.Writer, q newsindex.Query, res *newsindex.Result, terminal bool) {
	noun, verb := "articles", "match"
	if res.Total == 1 {
		noun, verb = "article", "matches"
	}
	fmt.Fprintf(w, "%d %s %s %s\n", res.Total, noun, verb, newsindex.Format(q))
	for i, h := range res.Hits {
		a := h.Article
		date := a.FormatPublished("2006-01-02", "2006-01", "2006") // as precisely as it is known
		if date == "" {
			date = "undated"
		}
		fmt.Fprintf(w, "\n%d. %s\n   %s · %s · %s · %s\n", i+1, a.Title, a.Source, date, a.Language, a.ID)
		for _, field := range []string{"title", "body"} {
			for _, frag := range h.Fragments[field] {
				if field == "title" && len(h.Fragments["body"]) > 0 {
					continue // the title is printed already
				}
				fmt.Fprintf(w, "   %s\n", highlight(frag, terminal))
			}
		}
	}
	for _, f := range []newsindex.Facet{newsindex.FacetSource, newsindex.FacetLanguage, newsindex.FacetYear} {
		var parts []string
		for _, b := range res.Facets[f] {
			parts = append(parts, fmt.Sprintf("%s (%d)", b.Value, b.Count))
		}
		if len(parts) > 0 {
			fmt.Fprintf(w, "\n%-10s %s", f+":", strings.Join(parts, ", "))
		}
	}
	fmt.Fprintln(w)
}

// highlight turns an HTML fragment into terminal text: matches in bold on a
// terminal (unless NO_COLOR is set), between ** otherwise.
func highlight(fragment string, terminal bool) string {
	on, off := "**", "**"
	if terminal && os.Getenv("NO_COLOR") == "" {
		on, off = "\x1b[1m", "\x1b[0m"
	}
	fragment = strings.NewReplacer("<mark>", on, "</mark>", off, "\n", " ").Replace(fragment)
	return html.UnescapeString(fragment)
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}
