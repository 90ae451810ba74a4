package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"time"

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
		if err := w.Write(csvHeader); err != nil {
			return err
		}
		write = func(h newsindex.Hit) error {
			score := ""
			if order == newsindex.ByRelevance {
				score = strconv.FormatFloat(h.Score, 'f', -1, 64)
			}
			return w.Write(csvRecord(h.Article, score, idx.EntitiesOf(h.Article)))
		}
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

// csvHeader names the columns export writes: the library's, then the
// score of a ranked export and the entities the article names.
var csvHeader = append(slices.Clone(newsindex.CSVHeader), "score", "entities")

// publishedColumn is the column of the date in newsindex.CSVHeader.
var publishedColumn = slices.Index(newsindex.CSVHeader, "published")

// csvRecord is an article in the columns of csvHeader: Article.CSVRecord
// with the date as precisely as it is known (see csvDate), the score (""
// for a date order) and the entity IDs joined with ";".
func csvRecord(a newsindex.Article, score string, entities []string) []string {
	r := a.CSVRecord()
	if publishedColumn >= 0 {
		r[publishedColumn] = csvDate(a)
	}
	return append(r, score, strings.Join(entities, ";"))
}

// csvDate writes the date an article has and no more: 2011 for a year,
// 2011-08 for a month, 2011-08-20 for a day, and the time of day in RFC
// 3339 only when it has one; "" when undated.
func csvDate(a newsindex.Article) string {
	day := time.DateOnly
	if t := a.Published; t.Hour() != 0 || t.Minute() != 0 || t.Second() != 0 || t.Nanosecond() != 0 {
		day = time.RFC3339Nano
	}
	return a.FormatPublished(day, "2006-01", "2006")
}
