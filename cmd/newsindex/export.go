package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"strings"
	"time"

	"github.com/newsindex/newsindex"
)

// exportPage is how many articles export fetches at a time.
const exportPage = 500

func cmdExport(ctx context.Context, args []string, e env) error {
	fs := newFlags("export", "-index DIR [-format jsonl|csv] [-lang L] [-source S] [-from DATE] [-to DATE] QUERY...", e)
	var f filters
	f.register(fs)
	format := fs.String("format", "jsonl", "jsonl or csv")
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := requireIndex(f.dir); err != nil {
		return err
	}
	var write func(newsindex.Article) error
	var flush func() error
	switch *format {
	case "jsonl":
		enc := json.NewEncoder(e.stdout)
		enc.SetEscapeHTML(false)
		write = func(a newsindex.Article) error { return enc.Encode(a) }
		flush = func() error { return nil }
	case "csv":
		w := csv.NewWriter(e.stdout)
		if err := w.Write(csvHeader); err != nil {
			return err
		}
		write = func(a newsindex.Article) error { return w.Write(csvRow(a)) }
		flush = func() error { w.Flush(); return w.Error() }
	default:
		return usagef("-format %q: want jsonl or csv", *format)
	}
	q, err := f.query(fs.Args())
	if err != nil {
		return err
	}
	idx, err := openExisting(f.dir, true)
	if err != nil {
		return err
	}
	defer idx.Close()
	return exportAll(ctx, idx, q, write, flush)
}

// exportAll pages through every match, oldest first, with a cursor.
func exportAll(ctx context.Context, idx *newsindex.Index, q newsindex.Query, write func(newsindex.Article) error, flush func() error) error {
	opts := newsindex.SearchOptions{Size: exportPage, Sort: newsindex.ByOldest}
	for {
		res, err := idx.Search(ctx, q, opts)
		if err != nil {
			return err
		}
		for _, h := range res.Hits {
			if err := write(h.Article); err != nil {
				return err
			}
		}
		if res.Cursor == "" {
			return flush()
		}
		opts.After = res.Cursor
	}
}

var csvHeader = []string{"id", "title", "body", "language", "source", "published", "precision", "author", "dateline", "url", "section"}

// csvRow is an article in the columns of csvHeader; the section breadcrumb
// is joined with " > ", as pages show it.
func csvRow(a newsindex.Article) []string {
	published := ""
	if !a.Published.IsZero() {
		published = a.Published.Format(time.RFC3339)
	}
	return []string{a.ID, a.Title, a.Body, a.Language, a.Source, published, string(a.Precision), a.Author, a.Dateline, a.URL, strings.Join(a.Section, " > ")}
}
