package server

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/newsindex/newsindex"
)

// The compare page: /compare?q=…&q=…&interval=month&from=&to=&measure=
// count|share&lang=&source=, the attention some queries got over time, as
// a line chart, a table and a CSV link (/api/trend with the same
// parameters). lang and source say what the shares are of, as in the API.

const (
	// maxCompareQueries is the most queries the page compares: more lines
	// than five cannot be told apart (the API takes up to twenty).
	maxCompareQueries = 5
	// maxComparePoints is the most intervals the page draws and lists.
	maxComparePoints = 1000
)

// compareView is what the compare page shows.
type compareView struct {
	Base      string
	Title     string
	Inputs    []compareInput // the query fields, five at least
	Intervals []choice       // the interval select
	Measures  []choice       // the measure select
	From, To  string
	// FromInvalid and ToInvalid mark the date fields the error is about.
	FromInvalid, ToInvalid bool
	Within                 []activeFilter // lang and source: what the shares are of
	Error                  string
	ErrorCol               int // the column (from 1) in the query at fault; 0 for none
	Result                 *compareResult
	CSV                    string // the numbers as CSV, also beside an error
}

// compareInput is one query field of the form.
type compareInput struct {
	N       int // from 1
	Value   string
	Invalid bool // the error is about this query
}

// choice is an option of a select.
type choice struct {
	Value, Label string
	Selected     bool
}

// switchLink is a link that shows the same comparison another way: the
// current one is marked with aria-current and not linked.
type switchLink struct {
	Label, Link string
	Current     bool
}

// compareResult is the chart and the table of a comparison.
type compareResult struct {
	Share     bool
	Caption   string
	Notes     []string
	Chart     *lineChart
	Table     trendTable
	Measures  []switchLink
	Intervals []switchLink
}

// trendTable is the data table under the chart: one row per interval, one
// column per query, and the articles of the interval.
type trendTable struct {
	Caption string
	Unit    string        // the head of the first column: "Month"
	Columns []chartSeries // the queries, with their look for a key
	Rows    []trendRow
	Foot    trendRow // the whole range
}

// trendRow is one interval of the table.
type trendRow struct {
	Label, Datetime string
	Cells           []string
	Total           string
}

// compareRequest is what the compare page read from the URL.
type compareRequest struct {
	texts          []string // the queries, as written, blanks left out
	opts           newsindex.TrendOptions
	share          bool
	from, to       string
	lang, source   string
	interval       newsindex.Interval
	fromBad, toBad bool
}

// compareError is a fault in what the page was asked: the reason, and the
// query it is in (from 1, with the column) when it is in one.
type compareError struct {
	msg      string
	query    int
	col      int
	internal error // not the client's fault: logged, not shown
	status   int
}

// readCompare reads the parameters of the compare page.
func (h *handler) readCompare(v url.Values) (*compareRequest, *compareError) {
	req := &compareRequest{from: v.Get("from"), to: v.Get("to"), lang: v.Get("lang"), source: v.Get("source"), interval: newsindex.Month}
	for _, text := range v["q"] {
		if strings.TrimSpace(text) != "" {
			req.texts = append(req.texts, text)
		}
	}
	if n := len(req.texts); n > maxCompareQueries {
		return req, &compareError{msg: fmt.Sprintf("%d queries: the page compares at most %d (the API, /api/trend, up to %d).", n, maxCompareQueries, newsindex.MaxTrendQueries)}
	}
	for i, text := range req.texts {
		if len(text) > h.opts.MaxQueryBytes {
			return req, &compareError{msg: fmt.Sprintf("Query %d is longer than %d bytes.", i+1, h.opts.MaxQueryBytes), query: i + 1}
		}
		q, err := newsindex.Parse(text)
		var qe *newsindex.QueryError
		if errors.As(err, &qe) {
			return req, &compareError{msg: fmt.Sprintf("Query %d: %s", i+1, qe.Reason), query: i + 1, col: column(qe)}
		}
		if err != nil {
			return req, &compareError{msg: "internal error", internal: err}
		}
		req.opts.Queries = append(req.opts.Queries, q)
	}
	if s := v.Get("interval"); s != "" {
		iv, err := newsindex.ParseInterval(s)
		if err != nil {
			return req, &compareError{msg: "The interval must be day, week, month or year."}
		}
		req.interval = iv
	}
	req.opts.Interval = req.interval
	switch v.Get("measure") {
	case "", "count":
	case "share":
		req.share = true
	default:
		return req, &compareError{msg: "The measure must be count or share."}
	}
	if req.from != "" || req.to != "" {
		dates, err := newsindex.Filter{From: req.from, To: req.to}.Apply(newsindex.All())
		var qe *newsindex.QueryError
		if errors.As(err, &qe) {
			req.fromBad = !strings.HasPrefix(qe.Reason, "to:")
			req.toBad = !strings.HasPrefix(qe.Reason, "from:")
			return req, &compareError{msg: upperFirst(qe.Reason) + "."}
		}
		d, _ := dates.(newsindex.DateRange)
		req.opts.From, req.opts.To = d.From, d.To
	}
	if req.lang != "" || req.source != "" {
		req.opts.Within, _ = newsindex.Filter{Language: req.lang, Source: req.source}.Apply(newsindex.All())
	}
	return req, nil
}

// params are the page's parameters, written the one way the page links
// them: the queries without blanks, defaults left out.
func (req *compareRequest) params() url.Values {
	v := url.Values{}
	for _, t := range req.texts {
		v.Add("q", t)
	}
	if req.interval != newsindex.Month {
		v.Set("interval", string(req.interval))
	}
	for k, s := range map[string]string{"from": req.from, "to": req.to, "lang": req.lang, "source": req.source} {
		if s != "" {
			v.Set(k, s)
		}
	}
	if req.share {
		v.Set("measure", "share")
	}
	return v
}

// csvLink is the numbers of the comparison as /api/trend writes them.
func (req *compareRequest) csvLink(base string) string {
	v := req.params()
	v.Del("measure") // the CSV has both
	v.Set("interval", string(req.interval))
	v.Set("format", "csv")
	return base + "api/trend?" + v.Encode()
}

func (h *handler) pageCompare(w http.ResponseWriter, r *http.Request) {
	req, cerr := h.readCompare(r.URL.Query())
	view := &compareView{Base: "./", From: req.from, To: req.to, FromInvalid: req.fromBad, ToInvalid: req.toBad}
	view.Title = "Compare over time"
	if len(req.texts) > 0 {
		view.Title += ": " + strings.Join(req.texts, ", ")
	}
	for i := range max(maxCompareQueries, len(req.texts)) {
		in := compareInput{N: i + 1}
		if i < len(req.texts) {
			in.Value = req.texts[i]
		}
		view.Inputs = append(view.Inputs, in)
	}
	for _, iv := range []newsindex.Interval{newsindex.Day, newsindex.Week, newsindex.Month, newsindex.Year} {
		view.Intervals = append(view.Intervals, choice{Value: string(iv), Label: string(iv), Selected: iv == req.interval})
	}
	view.Measures = []choice{{Value: "count", Label: "articles", Selected: !req.share}, {Value: "share", Label: "share of all articles", Selected: req.share}}
	if req.source != "" {
		view.Within = append(view.Within, activeFilter{Name: "source", Value: req.source, Remove: compareLink(req, "source", "")})
	}
	if req.lang != "" {
		view.Within = append(view.Within, activeFilter{Name: "lang", Value: req.lang, Remove: compareLink(req, "lang", "")})
	}
	if cerr == nil && len(req.texts) == 0 {
		render(w, http.StatusOK, "compare.html", view) // the empty form
		return
	}
	if cerr == nil {
		var res *newsindex.TrendResult
		if res, cerr = h.trend(r.Context(), req); cerr == nil {
			// The numbers can be had as CSV even when the page cannot
			// draw them all.
			view.CSV = req.csvLink(view.Base)
			view.Result, cerr = compareResultOf(req, res)
		}
	}
	if cerr != nil {
		h.compareFail(w, r, view, cerr)
		return
	}
	render(w, http.StatusOK, "compare.html", view)
}

// compareFail shows the page with the form and what is wrong.
func (h *handler) compareFail(w http.ResponseWriter, r *http.Request, view *compareView, e *compareError) {
	status := http.StatusBadRequest
	if e.status != 0 {
		status = e.status
	}
	view.Error = e.msg
	if e.internal != nil {
		h.opts.Logger.Error("newsindex server", "path", r.URL.Path, "err", e.internal)
		status, view.Error = http.StatusInternalServerError, "Something went wrong on the server; try again."
	}
	if e.query > 0 && e.query <= len(view.Inputs) {
		view.Inputs[e.query-1].Invalid = true
		view.ErrorCol = e.col
	}
	view.Result = nil
	render(w, status, "compare.html", view)
}

// trend counts the queries of the request.
func (h *handler) trend(ctx context.Context, req *compareRequest) (*newsindex.TrendResult, *compareError) {
	res, err := h.idx.Trend(ctx, req.opts)
	if err == nil {
		return res, nil
	}
	var oe *newsindex.OptionError
	var qe *newsindex.QueryError
	switch {
	case errors.As(err, &oe):
		// Too many intervals for the range: the interval's fault.
		return nil, &compareError{msg: upperFirst(oe.Reason) + "."}
	case errors.As(err, &qe):
		// Found when a query is compiled (a limit of the index): which one
		// is known by counting each alone, on this rare path only.
		at := 0
		if len(req.opts.Queries) > 1 {
			for i, q := range req.opts.Queries {
				one := req.opts
				one.Queries = []newsindex.Query{q}
				if _, err := h.idx.Trend(ctx, one); errors.As(err, new(*newsindex.QueryError)) {
					at = i + 1
					break
				}
			}
		} else {
			at = 1
		}
		msg := upperFirst(qe.Reason)
		if at > 0 {
			msg = fmt.Sprintf("Query %d: %s", at, qe.Reason)
		}
		return nil, &compareError{msg: msg, query: at}
	case errors.Is(err, context.DeadlineExceeded):
		return nil, &compareError{msg: "Counting took too long; try fewer queries or a longer interval.", status: http.StatusServiceUnavailable}
	}
	return nil, &compareError{internal: err}
}

// compareResultOf builds the chart and the table of a trend.
func compareResultOf(req *compareRequest, res *newsindex.TrendResult) (*compareResult, *compareError) {
	iv := res.Interval
	n := len(res.Totals)
	out := &compareResult{Share: req.share}
	unit := intervalNoun(iv)
	if n == 0 {
		out.Notes = append(out.Notes, "There are no dated articles to count.")
		return out, nil
	}
	first, last := res.Series[0].Points[0].Start, res.Series[0].Points[n-1].Start
	if n > maxComparePoints {
		return nil, &compareError{msg: fmt.Sprintf("%s to %s is %s %ss: the page draws at most %s. Choose a longer interval or a shorter range, or download the numbers as CSV.",
			first.Format(time.DateOnly), last.Format(time.DateOnly), thousands(n), iv, thousands(maxComparePoints))}
	}
	point := func(i int) string { return intervalName(iv, res.Series[0].Points[i].Start) }
	names := make([]string, len(req.texts))
	values := make([][]float64, len(res.Series))
	for s, series := range res.Series {
		names[s] = req.texts[s]
		values[s] = make([]float64, n)
		for i, p := range series.Points {
			values[s][i] = float64(p.Count)
			if req.share {
				values[s][i] = p.Share
			}
		}
	}
	out.Chart = newLineChart(iv, first, names, values, req.share, point)
	span := intervalName(iv, first) + " to " + intervalName(iv, last)
	if n == 1 {
		span = intervalName(iv, first)
	}
	if req.share {
		out.Chart.YTitle = "Share of the " + unit + "’s articles"
		out.Caption = "The share of each " + unit + "’s articles that each query matches, " + span
	} else {
		out.Chart.YTitle = "Articles per " + unit
		out.Caption = "Articles per " + unit + " that each query matches, " + span
	}
	if len(req.opts.Queries) > 0 && req.opts.Within != nil {
		out.Caption += ", within " + withinWords(req)
	}
	out.Caption += "."
	out.Chart.XTitle = upperFirst(unit) + axisNote(iv)
	out.Chart.Title = out.Caption
	if !req.opts.From.IsZero() && req.opts.From.After(first) {
		out.Notes = append(out.Notes, fmt.Sprintf("The first %s counts from %s only.", unit, req.from))
	}
	if !req.opts.To.IsZero() && req.opts.To.Before(nextStart(iv, last).Add(-time.Nanosecond)) {
		out.Notes = append(out.Notes, fmt.Sprintf("The last %s counts up to %s only.", unit, req.to))
	}
	out.Table = trendTableOf(res, out.Chart.Series, req.share)
	out.Measures = []switchLink{
		{Label: "Articles", Link: compareLink(req, "measure", ""), Current: !req.share},
		{Label: "Share of all articles", Link: compareLink(req, "measure", "share"), Current: req.share},
	}
	days := nextStart(iv, last).Sub(first).Hours() / 24
	for _, other := range []newsindex.Interval{newsindex.Day, newsindex.Week, newsindex.Month, newsindex.Year} {
		l := switchLink{Label: upperFirst(string(other)), Current: other == iv}
		value := string(other)
		if other == newsindex.Month {
			value = ""
		}
		// An interval that would give more points than the page draws
		// is not offered.
		if other == iv || pointsIn(other, days) <= maxComparePoints {
			l.Link = compareLink(req, "interval", value)
		}
		out.Intervals = append(out.Intervals, l)
	}
	return out, nil
}

// pointsIn is about how many intervals days days hold.
func pointsIn(iv newsindex.Interval, days float64) int {
	switch iv {
	case newsindex.Day:
		return int(days)
	case newsindex.Week:
		return int(days/7) + 1
	case newsindex.Month:
		return int(days/28) + 1
	}
	return int(days/365) + 1
}

// trendTableOf lists the counts, or the shares, of every interval.
func trendTableOf(res *newsindex.TrendResult, series []chartSeries, share bool) trendTable {
	iv := res.Interval
	t := trendTable{Unit: upperFirst(intervalNoun(iv)), Columns: series, Caption: "The chart’s numbers, " + intervalNoun(iv) + " by " + intervalNoun(iv)}
	if iv == newsindex.Week {
		t.Unit = "Week of"
	}
	sums := make([]int, len(res.Series))
	total := 0
	for i, all := range res.Totals {
		start := res.Series[0].Points[i].Start
		row := trendRow{Label: strings.TrimPrefix(intervalName(iv, start), "week of "), Datetime: intervalDatetime(iv, start), Total: thousands(all)}
		for s, series := range res.Series {
			p := series.Points[i]
			sums[s] += p.Count
			row.Cells = append(row.Cells, cell(p.Count, p.Share, share))
		}
		total += all
		t.Rows = append(t.Rows, row)
	}
	t.Foot = trendRow{Label: "All " + intervalNoun(iv) + "s", Total: thousands(total)}
	if len(res.Totals) == 1 {
		t.Foot.Label = "All"
	}
	for s := range res.Series {
		sh := 0.0
		if total > 0 {
			sh = float64(sums[s]) / float64(total)
		}
		t.Foot.Cells = append(t.Foot.Cells, cell(sums[s], sh, share))
	}
	return t
}

// cell writes a count ("1,234") or a share ("12.3%", "<0.1%" for a share
// that is not zero but rounds to it).
func cell(count int, share float64, asShare bool) string {
	if !asShare {
		return thousands(count)
	}
	switch p := share * 100; {
	case count == 0 || p == 0:
		return "0%"
	case p < 0.05:
		return "<0.1%"
	default:
		return strconv.FormatFloat(p, 'f', 1, 64) + "%"
	}
}

// compareLink is the page with one parameter changed ("" removes it).
func compareLink(req *compareRequest, key, value string) string {
	v := req.params()
	if value == "" {
		v.Del(key)
	} else {
		v.Set(key, value)
	}
	return "compare?" + v.Encode()
}

// withinWords says what the shares are of: "source KCNA, language en".
func withinWords(req *compareRequest) string {
	var parts []string
	if req.source != "" {
		parts = append(parts, "source "+req.source)
	}
	if req.lang != "" {
		parts = append(parts, "language "+req.lang)
	}
	return strings.Join(parts, ", ")
}

// intervalNoun is the interval as a word: "month".
func intervalNoun(iv newsindex.Interval) string { return string(iv) }

// axisNote says how the x axis counts: weeks from Monday, UTC dates.
func axisNote(iv newsindex.Interval) string {
	switch iv {
	case newsindex.Day:
		return " (UTC)"
	case newsindex.Week:
		return " (ISO weeks, from Monday, UTC)"
	}
	return ""
}

// intervalName names the interval that starts at t: "15 Aug 2011", "week
// of 15 Aug 2011", "August 2011", "2011".
func intervalName(iv newsindex.Interval, t time.Time) string {
	switch iv {
	case newsindex.Year:
		return t.Format("2006")
	case newsindex.Month:
		return t.Format("January 2006")
	case newsindex.Week:
		return "week of " + t.Format("2 Jan 2006")
	}
	return t.Format("2 Jan 2006")
}

// intervalDatetime is the interval as an HTML datetime: 2011-08-15,
// 2011-W33, 2011-08, 2011.
func intervalDatetime(iv newsindex.Interval, t time.Time) string {
	switch iv {
	case newsindex.Year:
		return t.Format("2006")
	case newsindex.Month:
		return t.Format("2006-01")
	case newsindex.Week:
		y, w := t.ISOWeek()
		return fmt.Sprintf("%04d-W%02d", y, w)
	}
	return t.Format(time.DateOnly)
}

// upperFirst capitalises the first letter of s.
func upperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}
