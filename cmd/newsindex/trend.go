package main

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/newsindex/newsindex"
)

func cmdTrend(ctx context.Context, args []string, e env) error {
	fs := newFlags("trend", "-index DIR [-json|-csv] [-interval day|week|month|year] [-from DATE] [-to DATE] [-lang L] [-source S] QUERY...", e)
	dir := fs.String("index", "", "index directory")
	asJSON := fs.Bool("json", false, `print {"interval":…,"series":[{"query":…,"points":[{"start","count","share"}]}],"totals":[…]}`)
	asCSV := fs.Bool("csv", false, "print CSV: query,start,count,total,share, a row per query and interval")
	interval := fs.String("interval", "month", "day, week (ISO, from Monday), month or year")
	from := fs.String("from", "", "count from DATE (2011, 2011-08 or 2011-08-20: from its start); default: the first match")
	to := fs.String("to", "", "count to DATE (to its end); default: the last match")
	lang := fs.String("lang", "", "count the articles in this language only (ISO 639 code): the shares are of them")
	source := fs.String("source", "", "count the articles of this outlet only: the shares are of them")
	if err := parseQuery(fs, args); err != nil {
		return err
	}
	if err := requireIndex(*dir); err != nil {
		return err
	}
	if *asJSON && *asCSV {
		return usagef("-json and -csv cannot be combined")
	}
	iv, err := newsindex.ParseInterval(*interval)
	if err != nil {
		return usagef("-interval %q: want day, week, month or year", *interval)
	}
	texts := fs.Args()
	if len(texts) == 0 {
		return usagef("want a query at least (each argument is one query: trend -index DIR 'Kim Jong Il' Medvedev)")
	}
	if len(texts) > newsindex.MaxTrendQueries {
		return usagef("%d queries: a trend compares at most %d (each argument is one query; quote a query of several words)", len(texts), newsindex.MaxTrendQueries)
	}
	opts := newsindex.TrendOptions{Interval: iv}
	for _, text := range texts {
		q, err := newsindex.Parse(text)
		if err != nil {
			return err
		}
		opts.Queries = append(opts.Queries, q)
	}
	if opts.From, opts.To, err = dateFlags(*from, *to); err != nil {
		return err
	}
	if *lang != "" || *source != "" {
		if opts.Within, err = (newsindex.Filter{Language: *lang, Source: *source}).Apply(newsindex.All()); err != nil {
			return err
		}
	}
	idx, err := openExisting(*dir, true)
	if err != nil {
		return err
	}
	defer idx.Close()
	res, err := idx.Trend(ctx, opts)
	if err != nil {
		return optionUsage(err)
	}
	for i := range res.Series {
		res.Series[i].Query = texts[i] // as typed
	}
	switch {
	case *asJSON:
		return writeJSON(e.stdout, res)
	case *asCSV:
		return writeTrendCSV(e.stdout, res)
	}
	return printTrend(e.stdout, res)
}

// dateFlags reads -from and -to as the filters of search read them: each
// date stands for its whole year, month or day.
func dateFlags(from, to string) (time.Time, time.Time, error) {
	if from == "" && to == "" {
		return time.Time{}, time.Time{}, nil
	}
	q, err := newsindex.Filter{From: from, To: to}.Apply(newsindex.All())
	if err != nil {
		return time.Time{}, time.Time{}, err
	}
	r, _ := q.(newsindex.DateRange)
	return r.From, r.To, nil
}

// optionUsage makes a bad option of the library a usage error: exit 2.
func optionUsage(err error) error {
	var oe *newsindex.OptionError
	if errors.As(err, &oe) {
		return usageError{strings.TrimPrefix(oe.Error(), "newsindex: ")}
	}
	return err
}

// TrendCSVHeader names the columns of the CSV of a trend: a row per query
// and interval.
var trendCSVHeader = []string{"query", "start", "count", "total", "share"}

// writeTrendCSV writes a trend as CSV rows of trendCSVHeader.
func writeTrendCSV(w io.Writer, res *newsindex.TrendResult) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(trendCSVHeader); err != nil {
		return err
	}
	for _, s := range res.Series {
		for i, p := range s.Points {
			row := []string{s.Query, p.Start.Format(time.DateOnly), strconv.Itoa(p.Count), strconv.Itoa(res.Totals[i]), strconv.FormatFloat(p.Share, 'g', -1, 64)}
			if err := cw.Write(row); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// intervalLabel writes the start of an interval as the interval reads:
// 2011, 2011-08, 2011-08-20 (a week by its Monday).
func intervalLabel(iv newsindex.Interval, t time.Time) string {
	switch iv {
	case newsindex.Year:
		return t.Format("2006")
	case newsindex.Month:
		return t.Format("2006-01")
	}
	return t.Format(time.DateOnly)
}

// printTrend prints a table: an interval a row, the articles of each, and
// each query's count and share.
func printTrend(w io.Writer, res *newsindex.TrendResult) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	header := []string{string(res.Interval), "articles"}
	for _, s := range res.Series {
		header = append(header, s.Query)
	}
	fmt.Fprintln(tw, strings.Join(header, "\t")+"\t")
	for i, n := range res.Totals {
		row := []string{intervalLabel(res.Interval, res.Series[0].Points[i].Start), strconv.Itoa(n)}
		for _, s := range res.Series {
			p := s.Points[i]
			row = append(row, fmt.Sprintf("%d %5.1f%%", p.Count, 100*p.Share))
		}
		fmt.Fprintln(tw, strings.Join(row, "\t")+"\t")
	}
	if len(res.Totals) == 0 {
		fmt.Fprintln(tw, "no dated article matches\t")
	}
	return tw.Flush()
}
