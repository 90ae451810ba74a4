package main

import (
	"context"
	"encoding/csv"
	"encoding/json"

	"github.com/newsindex/newsindex"
)

func cmdExport(ctx context.Context, args []string, e env) error {
	fs := newFlags("export", "-index DIR [-format jsonl|csv] [-any] [-lang L] [-source S] [-author A] [-entity ID] [-from DATE] [-to DATE] QUERY...", e)
	var f filters
	f.register(fs)
	format := fs.String("format", "jsonl", "jsonl or csv")
	if err := parseQuery(fs, args); err != nil {
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
		if err := w.Write(newsindex.CSVHeader); err != nil {
			return err
		}
		write = func(a newsindex.Article) error { return w.Write(a.CSVRecord()) }
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
	for a, err := range idx.Scan(ctx, q) {
		if err != nil {
			return err
		}
		if err := write(a); err != nil {
			return err
		}
	}
	return flush()
}
