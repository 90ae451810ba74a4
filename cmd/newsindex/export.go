package main

import (
	"context"
	"encoding/csv"
	"encoding/json"

	"github.com/newsindex/newsindex"
)

// exportPage is how many articles export fetches at a time.
const exportPage = 500

func cmdExport(ctx context.Context, args []string, e env) error {
	fs := newFlags("export", "-index DIR [-format jsonl|csv] [-sort oldest|newest|relevance] [-any] [-lang L] [-source S] [-author A] [-entity ID] [-from DATE] [-to DATE] QUERY...", e)
	var f filters
	f.register(fs)
	format := fs.String("format", "jsonl", "jsonl or csv")
	sortBy := fs.String("sort", "oldest", "oldest (undated last), newest or relevance (the order of a search, with the score column of CSV filled)")
	if err := parseQuery(fs, args); err != nil {
		return err
	}
	if err := requireIndex(f.dir); err != nil {
		return err
	}
	if *format != "jsonl" && *format != "csv" {
		return usagef("-format %q: want jsonl or csv", *format)
	}
	order, err := newsindex.ParseSort(*sortBy)
	if err != nil {
		return usageError{err.Error()}
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

	var write func(newsindex.Hit) error
	flush := func() error { return nil }
	switch *format {
	case "jsonl":
		enc := json.NewEncoder(e.stdout)
		enc.SetEscapeHTML(false)
		write = func(h newsindex.Hit) error { return enc.Encode(h.Article) }
	case "csv":
		w := csv.NewWriter(e.stdout)
		if err := w.Write(newsindex.CSVHitHeader); err != nil {
			return err
		}
		write = func(h newsindex.Hit) error { return w.Write(idx.CSVHit(h, order == newsindex.ByRelevance)) }
		flush = func() error { w.Flush(); return w.Error() }
	}
	opts := newsindex.SearchOptions{Size: exportPage, Sort: order}
	for {
		res, err := idx.Search(ctx, q, opts)
		if err != nil {
			return err
		}
		for _, h := range res.Hits {
			if err := write(h); err != nil {
				return err
			}
		}
		if res.Cursor == "" {
			return flush()
		}
		opts.After = res.Cursor
	}
}
