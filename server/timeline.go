package server

import (
	"fmt"
	"net/url"
	"time"

	"github.com/newsindex/newsindex"
)

// maxMonths is the longest span the timeline shows month by month; a
// longer one is shown by year.
const maxMonths = 120

// timeline is the bar chart of matches over time, drawn as SVG on the
// server so that it needs no JavaScript: a bar per month (or year), each a
// link to the search within it, a y scale from zero to a round number
// with a tick or two between, and the months or years labelled below.
type timeline struct {
	Unit        string // "month" or "year"
	Bars        []bar
	First, Last string
	// Width is the plot's width at most, in pixels (it narrows with the
	// window); Height the SVG's. The plot's bars stand from PlotTop down
	// to PlotBottom, its zero line; the ticks below it end at TickEnd,
	// and TickY is the baseline of their labels.
	Width, Height                       int
	PlotTop, PlotBottom, TickEnd, TickY int
	Max                                 int // the most matches in a bar
	Top                                 int // the value at the top of the scale
	XTicks                              []xTick
	YTicks                              []yTick
	BarsHeight                          int // the height of the bars' plot, in its units
}

type bar struct {
	Label      string // "2025-08" or "2025"
	Count      int
	X, Y, W, H int
	Link       string
	Title      string
}

const (
	chartHeight = 80 // the bars' plot, in pixels
	barGap      = 1
	// timelineTop leaves room above the plot for the top label, and
	// timelineTicks below it for the labels of the months or years.
	timelineTop   = 7
	timelineTicks = 18
	// tickSpace is the room a label of the timeline takes, in pixels:
	// "Aug 2025" and a gap.
	tickSpace = 60
)

// newTimeline builds the chart from the month and year buckets of a
// search: every month (or year) from the first to the last, empty ones too.
func newTimeline(months, years []newsindex.Bucket, params url.Values) *timeline {
	counts := map[string]int{}
	unit, layout, step := "month", "2006-01", func(t time.Time) time.Time { return t.AddDate(0, 1, 0) }
	iv := newsindex.Month
	buckets := months
	if span(months) > maxMonths || len(months) == 0 {
		unit, layout, step = "year", "2006", func(t time.Time) time.Time { return t.AddDate(1, 0, 0) }
		iv, buckets = newsindex.Year, years
	}
	if len(buckets) == 0 {
		return nil
	}
	for _, b := range buckets {
		counts[b.Value] = b.Count
	}
	first, err1 := time.Parse(layout, buckets[0].Value)
	last, err2 := time.Parse(layout, buckets[len(buckets)-1].Value)
	if err1 != nil || err2 != nil {
		return nil
	}
	tl := &timeline{Unit: unit, First: buckets[0].Value, Last: buckets[len(buckets)-1].Value, BarsHeight: chartHeight,
		PlotTop: timelineTop, PlotBottom: timelineTop + chartHeight}
	tl.TickEnd, tl.TickY = tl.PlotBottom+3, tl.PlotBottom+14
	tl.Height = tl.PlotBottom + timelineTicks
	for t := first; !t.After(last); t = step(t) {
		label := t.Format(layout)
		tl.Bars = append(tl.Bars, bar{Label: label, Count: counts[label]})
		tl.Max = max(tl.Max, counts[label])
	}
	sc := tightScale(float64(tl.Max), 2, 3, true)
	tl.Top = int(sc.Top)
	tl.YTicks = sc.ticks(tl.PlotBottom, tl.PlotTop, func(v float64) string { return thousands(int(v)) })
	w := max(4, min(24, 720/len(tl.Bars)))
	tl.Width = len(tl.Bars) * w
	for i := range tl.Bars {
		b := &tl.Bars[i]
		b.W, b.X = w-barGap, i*w
		b.H = b.Count * chartHeight / tl.Top
		if b.Count > 0 && b.H == 0 {
			b.H = 1
		}
		b.Y = chartHeight - b.H
		b.Title = b.Label + ": " + articles(b.Count)
		if b.Count > 0 {
			b.Link = link(withParam(params, "from", b.Label), "to", b.Label)
		}
	}
	n := len(tl.Bars)
	tl.XTicks = timeTicks(iv, first, n, max(1, tl.Width/tickSpace), func(pos float64) float64 { return (pos + 0.5) / float64(n) * 100 })
	for i := range tl.XTicks {
		// One line of labels: a January is its year, the first month
		// "Aug 2025".
		if tk := &tl.XTicks[i]; tk.Label == "Jan" && tk.Sub != "" && !tk.SubNarrow {
			tk.Label, tk.Sub = tk.Sub, ""
		}
	}
	return tl
}

// span is the number of months from the first bucket to the last.
func span(months []newsindex.Bucket) int {
	if len(months) == 0 {
		return 0
	}
	a, err1 := time.Parse("2006-01", months[0].Value)
	b, err2 := time.Parse("2006-01", months[len(months)-1].Value)
	if err1 != nil || err2 != nil {
		return maxMonths + 1
	}
	return (b.Year()-a.Year())*12 + int(b.Month()-a.Month()) + 1
}

// articles is "1 article", "2 articles".
func articles(n int) string {
	if n == 1 {
		return "1 article"
	}
	return fmt.Sprintf("%d articles", n)
}

func withParam(params url.Values, key, value string) url.Values {
	v := url.Values{}
	for k, vs := range params {
		v[k] = append([]string(nil), vs...)
	}
	v.Set(key, value)
	return v
}
