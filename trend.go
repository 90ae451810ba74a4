package newsindex

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"

	"github.com/newsindex/newsindex/internal/schema"
)

// Interval is the length of the periods [Index.Trend] counts articles in,
// by the UTC date of Published: days are UTC days, weeks are ISO weeks
// (from Monday), months and years calendar ones.
type Interval string

// Intervals.
const (
	Day   Interval = "day"   // a UTC day
	Week  Interval = "week"  // an ISO week, from Monday
	Month Interval = "month" // a calendar month
	Year  Interval = "year"  // a calendar year
)

var intervals = []Interval{Day, Week, Month, Year}

// ParseInterval reads "day", "week", "month" or "year". Anything else is
// an [*OptionError].
func ParseInterval(s string) (Interval, error) {
	for _, iv := range intervals {
		if s == string(iv) {
			return iv, nil
		}
	}
	return "", optionErr("interval", fmt.Sprintf("unknown interval %q (want day, week, month or year)", s))
}

// start returns the first instant of the interval that holds t: midnight
// UTC of its day, of the Monday of its week, of the first of its month or
// of the first of January.
func (iv Interval) start(t time.Time) time.Time {
	t = t.UTC()
	y, m, d := t.Date()
	switch iv {
	case Week:
		monday := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
		return monday.AddDate(0, 0, -((int(t.Weekday()) + 6) % 7))
	case Month:
		return time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)
	case Year:
		return time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// next returns the start of the interval after the one that starts at t.
func (iv Interval) next(t time.Time) time.Time {
	switch iv {
	case Week:
		return t.AddDate(0, 0, 7)
	case Month:
		return t.AddDate(0, 1, 0)
	case Year:
		return t.AddDate(1, 0, 0)
	}
	return t.AddDate(0, 0, 1)
}

// between is the number of intervals from the one that starts at first to
// the one that starts at last, both counted.
func (iv Interval) between(first, last time.Time) int {
	switch iv {
	case Month:
		return (last.Year()-first.Year())*12 + int(last.Month()-first.Month()) + 1
	case Year:
		return last.Year() - first.Year() + 1
	}
	days := int((last.Unix()-first.Unix())/86400) + 1 // a Duration overflows past 292 years
	if iv == Week {
		return (days-1)/7 + 1
	}
	return days
}

// facet is the keyword field that counts the interval's articles and the
// layout of its terms. Weeks are counted by day.
func (iv Interval) facet() (field, layout string) {
	switch iv {
	case Month:
		return schema.Month, "2006-01"
	case Year:
		return schema.Year, "2006"
	}
	return schema.Day, schema.DayFormat
}

// Limits of a trend.
const (
	// MaxTrendQueries is the most queries one [Index.Trend] compares.
	MaxTrendQueries = 20
	// MaxTrendPoints is the most intervals one trend counts in: 54 years of
	// days.
	MaxTrendPoints = 20000
)

// TrendOptions say what [Index.Trend] counts.
type TrendOptions struct {
	// Queries are compared, one series each: one at least, at most
	// [MaxTrendQueries]. Each is searched as [Index.Search] searches it,
	// within the index's limits (Config.MaxQueryTerms and the rest).
	Queries []Query
	// Interval is the length of the periods counted; "" means [Month].
	Interval Interval
	// From and To limit the counts to the articles published from From to
	// To, both inclusive (see [DateRange]); the first and last points are
	// the intervals that hold them, counted for their part within the
	// range. A zero From or To is the first or last interval with an
	// article any of the queries matches, or with any article of Within
	// when none does.
	From, To time.Time
	// Within is the archive the shares are shares of: the totals count its
	// articles, and every query is narrowed to it (Source("KCNA"): the
	// share of KCNA's articles). Nil means every article.
	Within Query
}

// TrendResult is the number of articles each query matches per interval.
// In JSON it is {"interval":"month","series":[{"query":…,"points":
// [{"start":"2011-08-01","count":N,"share":F}]}],"totals":[…]}.
type TrendResult struct {
	Interval Interval      `json:"interval"`
	Series   []TrendSeries `json:"series"` // one per query, in their order
	// Totals are the articles of each interval, matching or not (of
	// TrendOptions.Within, when set): what Share is a share of. Every
	// series has a point for each interval, in date order, and Totals[i]
	// belongs to the points Points[i].
	Totals []int `json:"totals"`
}

// TrendSeries is the counts of one query.
type TrendSeries struct {
	Query  string       `json:"query"` // the query, as [Format] writes it
	Points []TrendPoint `json:"points"`
}

// TrendPoint is the count of one query in one interval. Intervals without
// a match are there, with zeros.
type TrendPoint struct {
	Start time.Time // the first instant of the interval, at midnight UTC
	Count int       // the matching articles published in the interval
	// Share is Count over all articles of the interval (TrendResult.Totals):
	// the attention a query got, which a month with more articles does not
	// inflate. Zero in an interval without articles.
	Share float64
}

type trendPointJSON struct {
	Start string  `json:"start"`
	Count int     `json:"count"`
	Share float64 `json:"share"`
}

// MarshalJSON writes {"start":"2011-08-01","count":N,"share":F}.
func (p TrendPoint) MarshalJSON() ([]byte, error) {
	return json.Marshal(trendPointJSON{Start: p.Start.UTC().Format(time.DateOnly), Count: p.Count, Share: p.Share})
}

// UnmarshalJSON reads what MarshalJSON writes.
func (p *TrendPoint) UnmarshalJSON(data []byte) error {
	var v trendPointJSON
	if err := json.Unmarshal(data, &v); err != nil {
		return err
	}
	start, err := time.Parse(time.DateOnly, v.Start)
	if err != nil {
		return fmt.Errorf("newsindex: trend point: %w", err)
	}
	*p = TrendPoint{Start: start, Count: v.Count, Share: v.Share}
	return nil
}

// check returns the interval of the options, or what is wrong with them.
func (o TrendOptions) check() (Interval, error) {
	switch n := len(o.Queries); {
	case n == 0:
		return "", optionErr("TrendOptions.Queries", "no query: a trend compares one query at least")
	case n > MaxTrendQueries:
		return "", optionErr("TrendOptions.Queries", fmt.Sprintf("%d queries: a trend compares at most %d", n, MaxTrendQueries))
	}
	iv := o.Interval
	if iv == "" {
		iv = Month
	}
	if _, err := ParseInterval(string(iv)); err != nil {
		return "", optionErr("TrendOptions.Interval", strings.TrimPrefix(err.Error(), "newsindex: interval: "))
	}
	for _, t := range []struct {
		name string
		t    time.Time
	}{{"From", o.From}, {"To", o.To}} {
		if !t.t.IsZero() && (t.t.Before(minPublished) || !t.t.Before(maxPublished)) {
			return "", optionErr("TrendOptions."+t.name, fmt.Sprintf("%s is outside the years 1678–2261", t.t.Format(time.RFC3339)))
		}
	}
	if !o.From.IsZero() && !o.To.IsZero() {
		if o.To.Before(o.From) {
			return "", optionErr("TrendOptions.To", fmt.Sprintf("%s is before From %s: the range is empty", formatFrom(o.To), formatFrom(o.From)))
		}
		// Known before the index is asked (and before the options travel
		// to a process that shares it, whose errors come back untyped).
		if err := tooManyPoints(iv, iv.start(o.From), iv.start(o.To)); err != nil {
			return "", err
		}
	}
	return iv, nil
}

// tooManyPoints refuses a trend of more than MaxTrendPoints intervals.
func tooManyPoints(iv Interval, first, last time.Time) error {
	if n := iv.between(first, last); n > MaxTrendPoints {
		return optionErr("TrendOptions.Interval", fmt.Sprintf("%s to %s is %d %ss, more than the %d a trend counts in: take a longer interval or a shorter range",
			first.Format(time.DateOnly), last.Format(time.DateOnly), n, iv, MaxTrendPoints))
	}
	return nil
}

// Trend counts, for each query, the articles it matches in every interval
// from the first to the last (see [TrendOptions]), and their share of all
// the articles of that interval, which keeps a month with more articles
// from looking like more attention. Intervals without articles are there,
// with zeros. Undated articles count in no interval.
//
// A count is what [Index.Search] finds for the query within the interval:
// Result.Total of And(q, DateRange{…}) over its days. Each query costs one
// search that counts its matches by the interval's field (the day for days
// and weeks, the month, the year), and the totals one more.
//
// Bad options are an [*OptionError], a query that cannot be compiled a
// [*QueryError].
func (x *Index) Trend(ctx context.Context, opts TrendOptions) (*TrendResult, error) {
	iv, err := opts.check()
	if err != nil {
		return nil, err
	}
	if err := x.acquire(false); err != nil {
		return nil, err
	}
	defer x.release()
	if x.remote != nil {
		return x.remote.trend(ctx, opts)
	}
	var filters []Query
	if opts.Within != nil {
		filters = append(filters, opts.Within)
	}
	if !opts.From.IsZero() || !opts.To.IsZero() {
		filters = append(filters, DateRange{From: opts.From, To: opts.To})
	}
	var base Query = AllQuery{}
	if len(filters) > 0 {
		base = AndQuery{Queries: filters}
	}
	counts := make([]map[time.Time]int, len(opts.Queries))
	for i, q := range opts.Queries {
		if len(filters) > 0 {
			q = AndQuery{Queries: append([]Query{q}, filters...)}
		}
		if counts[i], err = x.intervalCounts(ctx, q, iv); err != nil {
			return nil, err
		}
	}
	totals, err := x.intervalCounts(ctx, base, iv)
	if err != nil {
		return nil, err
	}

	// The intervals: from From and to To, or the span of the matches, or
	// that of the archive.
	var first, last time.Time
	span := func(m map[time.Time]int) {
		for t := range m {
			if first.IsZero() || t.Before(first) {
				first = t
			}
			if last.IsZero() || t.After(last) {
				last = t
			}
		}
	}
	for _, m := range counts {
		span(m)
	}
	if first.IsZero() {
		span(totals)
	}
	if !opts.From.IsZero() {
		first = iv.start(opts.From)
	}
	if !opts.To.IsZero() {
		last = iv.start(opts.To)
	}
	res := &TrendResult{Interval: iv, Series: make([]TrendSeries, len(opts.Queries)), Totals: []int{}}
	for i, q := range opts.Queries {
		res.Series[i] = TrendSeries{Query: Format(q), Points: []TrendPoint{}}
	}
	switch {
	case first.IsZero() && last.IsZero():
		return res, nil // nothing dated to count
	case first.IsZero():
		first = last
	case last.IsZero() || last.Before(first):
		last = first
	}
	if err := tooManyPoints(iv, first, last); err != nil {
		return nil, err // the span of the archive, with a From or To not given
	}
	n := iv.between(first, last)
	res.Totals = make([]int, 0, n)
	for i := range res.Series {
		res.Series[i].Points = make([]TrendPoint, 0, n)
	}
	for t := first; !t.After(last); t = iv.next(t) {
		total := totals[t]
		res.Totals = append(res.Totals, total)
		for i, m := range counts {
			p := TrendPoint{Start: t, Count: m[t]}
			if total > 0 {
				p.Share = float64(p.Count) / float64(total)
			}
			res.Series[i].Points = append(res.Series[i].Points, p)
		}
	}
	return res, nil
}

// intervalCounts counts the articles q matches by the start of the
// interval they were published in: one search that counts no scores and
// fetches no hit, only the facet of the interval's field.
func (x *Index) intervalCounts(ctx context.Context, q Query, iv Interval) (map[time.Time]int, error) {
	c, q, compiled, err := x.compileResearch(q)
	if err != nil {
		return nil, err
	}
	field, layout := iv.facet()
	req := bleve.NewSearchRequestOptions(compiled, 0, 0, false)
	req.Score = "none"
	req.AddFacet(field, bleve.NewFacetRequest(field, dateFacetBuckets))
	res, err := x.st.Search(ctx, req, c.stats)
	if err != nil {
		if strings.Contains(err.Error(), "dfa contains more than") {
			return nil, queryErr("a word of the query is too long to match with edits")
		}
		return nil, fmt.Errorf("newsindex: trend %s: %w", q, err)
	}
	out := map[time.Time]int{}
	if fr := res.Facets[field]; fr != nil && fr.Terms != nil {
		for _, t := range fr.Terms.Terms() {
			day, err := time.Parse(layout, t.Term)
			if err != nil {
				continue // not a date term: nothing the index writes
			}
			out[iv.start(day)] += t.Count
		}
	}
	return out, nil
}

// trend asks the process that shares the index.
func (r *remote) trend(ctx context.Context, opts TrendOptions) (*TrendResult, error) {
	c := trendCall{Interval: opts.Interval, From: opts.From, To: opts.To}
	for _, q := range opts.Queries {
		data, err := marshalQuery(q)
		if err != nil {
			return nil, err
		}
		c.Queries = append(c.Queries, data)
	}
	if opts.Within != nil {
		data, err := marshalQuery(opts.Within)
		if err != nil {
			return nil, err
		}
		c.Within = data
	}
	var res TrendResult
	if err := r.call(ctx, "trend", c, &res); err != nil {
		return nil, err
	}
	return &res, nil
}

// options reads the options of a trend another process asked for.
func (c trendCall) options() (TrendOptions, error) {
	opts := TrendOptions{Interval: c.Interval, From: c.From, To: c.To}
	for _, data := range c.Queries {
		q, err := unmarshalQuery(data)
		if err != nil {
			return opts, err
		}
		opts.Queries = append(opts.Queries, q)
	}
	if len(c.Within) > 0 {
		q, err := unmarshalQuery(c.Within)
		if err != nil {
			return opts, err
		}
		opts.Within = q
	}
	return opts, nil
}
