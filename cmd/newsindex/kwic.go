package main

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/newsindex/newsindex"
)

// kwicCSVHeader names the columns of `kwic -csv`.
var kwicCSVHeader = []string{"id", "published", "source", "language", "left", "match", "right", "field"}

func cmdKWIC(ctx context.Context, args []string, e env) error {
	fs := newFlags("kwic", "-index DIR [-json|-csv] [-width 60] [-sort oldest|newest] [-n N] [-lang L] [-source S] [-author A] [-entity ID] [-from DATE] [-to DATE] QUERY...", e)
	var f filters
	f.register(fs)
	asJSON := fs.Bool("json", false, `print a JSON list of {"id","published","source","language","field","left","match","right"}`)
	asCSV := fs.Bool("csv", false, "print CSV: "+strings.Join(kwicCSVHeader, ","))
	width := fs.Int("width", newsindex.DefaultKWICWidth, "characters of context on each side")
	sortBy := fs.String("sort", "oldest", "oldest or newest articles first (undated last)")
	n := fs.Int("n", 0, "stop after N lines (0: every occurrence)")
	if err := parseQuery(fs, args); err != nil {
		return err
	}
	if err := requireIndex(f.dir); err != nil {
		return err
	}
	if *asJSON && *asCSV {
		return usagef("-json and -csv cannot be combined")
	}
	if *width < 1 || *width > newsindex.MaxKWICWidth {
		return usagef("-width must be from 1 to %d", newsindex.MaxKWICWidth)
	}
	if *sortBy != "oldest" && *sortBy != "newest" {
		return usagef("-sort %q: want oldest or newest", *sortBy)
	}
	if *n < 0 {
		return usagef("-n must not be negative")
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

	out := bufio.NewWriter(e.stdout)
	var write func(newsindex.KWICLine) error
	end := func() error { return nil }
	switch {
	case *asJSON:
		first := true
		write = func(l newsindex.KWICLine) error {
			data, err := json.Marshal(l)
			if err != nil {
				return err
			}
			sep := ",\n"
			if first {
				sep, first = "[\n", false
			}
			out.WriteString(sep)
			_, err = out.Write(data)
			return err
		}
		end = func() error {
			if first {
				_, err := out.WriteString("[]\n")
				return err
			}
			_, err := out.WriteString("\n]\n")
			return err
		}
	case *asCSV:
		cw := csv.NewWriter(out)
		if err := cw.Write(kwicCSVHeader); err != nil {
			return err
		}
		write = func(l newsindex.KWICLine) error {
			if err := cw.Write([]string{l.ID, l.Published, l.Source, l.Language, l.Left, l.Match, l.Right, l.Field}); err != nil {
				return err
			}
			cw.Flush() // a line as it comes
			return cw.Error()
		}
	default:
		s := colours(e.stdout)
		on, off := s.mark, s.reset
		if on == "" {
			on, off = plainMark, plainMark
		}
		write = func(l newsindex.KWICLine) error {
			published := l.Published
			if published == "" {
				published = "undated"
			}
			pad := strings.Repeat(" ", max(0, *width-utf8.RuneCountInString(l.Left)))
			_, err := fmt.Fprintf(out, "%s  %s  %s  %s  %s%s%s%s%s%s\n", l.ID, published, l.Source, l.Language, pad, l.Left, on, l.Match, off, l.Right)
			return err
		}
	}
	lines := 0
	for l, err := range idx.KWIC(ctx, q, newsindex.KWICOptions{Width: *width, Newest: *sortBy == "newest"}) {
		if err != nil {
			out.Flush()
			return optionUsage(err)
		}
		if err := write(l); err != nil {
			return err
		}
		lines++
		if lines == 1 || out.Buffered() > 32<<10 {
			out.Flush() // the first line at once
		}
		if lines == *n {
			break
		}
	}
	if err := end(); err != nil {
		return err
	}
	return out.Flush()
}
