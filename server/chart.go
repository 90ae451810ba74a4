package server

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/newsindex/newsindex"
)

// The axes of the charts the pages draw as inline SVG: the line chart of
// /compare and the timeline of the search page.
//
// A chart's SVG has no viewBox, so that its text keeps its size in a
// narrow window: the plot is a nested SVG stretched to the width
// (preserveAspectRatio="none", strokes that do not scale), and what stands
// on the x axis is placed in percent of the width, on the y axis in pixels.
// The y labels stand left of the SVG, in its margin (overflow: visible).

// xTick is a labelled place on a time axis.
type xTick struct {
	X     string // the place, in percent of the plot's width: "12.5%"
	Label string // "Aug", "15 Aug", "2011"
	// Sub is a second line under Label, the year, where it changes; with
	// SubNarrow it is shown only in a narrow window, where the tick before
	// that carried it is hidden.
	Sub       string
	SubNarrow bool
	// Minor ticks are hidden in a narrow window, leaving every other one.
	Minor  bool
	Anchor string // text-anchor: start near the left edge, end near the right
	pos    float64
}

// yTick is a labelled value on a y axis.
type yTick struct {
	Y     int // pixels from the top of the SVG
	Label string
}

// tickRule is one way of choosing the dates an axis labels: every day,
// some days of each month, every kth week, month or year.
type tickRule struct {
	unit string // "day", "mday", "week", "month" or "year"
	k    int    // every kth day, week, month or year
	days []int  // for mday: the days of the month
}

// tickRules are the ways of labelling an axis, finest first.
var tickRules = []tickRule{
	{unit: "day", k: 1},
	{unit: "mday", days: []int{1, 5, 10, 15, 20, 25}},
	{unit: "mday", days: []int{1, 8, 15, 22}},
	{unit: "mday", days: []int{1, 15}},
	{unit: "week", k: 1}, {unit: "week", k: 2},
	{unit: "month", k: 1}, {unit: "month", k: 2}, {unit: "month", k: 3}, {unit: "month", k: 6},
	{unit: "year", k: 1}, {unit: "year", k: 2}, {unit: "year", k: 5}, {unit: "year", k: 10},
	{unit: "year", k: 20}, {unit: "year", k: 50}, {unit: "year", k: 100}, {unit: "year", k: 200},
	{unit: "year", k: 500},
}

// fits reports whether a rule labels dates an axis of the interval has:
// no days on an axis of months, no weeks on one of days (days of the month
// read better).
func (r tickRule) fits(iv newsindex.Interval) bool {
	switch r.unit {
	case "day", "mday":
		return iv == newsindex.Day
	case "week":
		return iv == newsindex.Week
	case "month":
		return iv != newsindex.Year
	}
	return true
}

// weekZero is a Monday, from which weeks are counted.
var weekZero = time.Date(1970, 1, 5, 0, 0, 0, 0, time.UTC)

// dates returns the dates the rule labels from first to last, both
// included, and whether each is a minor one (every other, by the calendar,
// so that a January or the first of a month stays).
func (r tickRule) dates(first, last time.Time) (dates []time.Time, minor []bool) {
	add := func(t time.Time, m bool) {
		if !t.Before(first) && !t.After(last) {
			dates, minor = append(dates, t), append(minor, m)
		}
	}
	y, m, _ := first.Date()
	switch r.unit {
	case "day":
		for t := first; !t.After(last); t = t.AddDate(0, 0, 1) {
			add(t, t.YearDay()%2 == 0)
		}
	case "mday":
		for t := time.Date(y, m, 1, 0, 0, 0, 0, time.UTC); !t.After(last); t = t.AddDate(0, 1, 0) {
			for i, d := range r.days {
				add(t.AddDate(0, 0, d-1), i%2 == 1)
			}
		}
	case "week":
		start := first.AddDate(0, 0, -((int(first.Weekday()) + 6) % 7))
		for t := start; !t.After(last); t = t.AddDate(0, 0, 7) {
			if n := int(t.Sub(weekZero).Hours()/24) / 7; n%r.k == 0 {
				add(t, (n/r.k)%2 == 1)
			}
		}
	case "month":
		for t := time.Date(y, m, 1, 0, 0, 0, 0, time.UTC); !t.After(last); t = t.AddDate(0, 1, 0) {
			if n := t.Year()*12 + int(t.Month()) - 1; n%r.k == 0 {
				add(t, (n/r.k)%2 == 1)
			}
		}
	case "year":
		for year := y; year <= last.Year(); year++ {
			if year%r.k == 0 {
				add(time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC), (year/r.k)%2 == 1)
			}
		}
	}
	return dates, minor
}

// label is what a tick of the rule says about t, and the year to write
// under it where the year changes ("" for a rule of years).
func (r tickRule) label(t time.Time) (label, year string) {
	switch r.unit {
	case "year":
		return strconv.Itoa(t.Year()), ""
	case "month":
		return t.Format("Jan"), strconv.Itoa(t.Year())
	}
	return t.Format("2 Jan"), strconv.Itoa(t.Year())
}

// position is where t stands on an axis whose points are the intervals
// from first, in points: 0 for the first, 1 for the next; between two for
// a date inside an interval (the first of a month in a week).
func position(iv newsindex.Interval, first, t time.Time) float64 {
	switch iv {
	case newsindex.Year:
		return float64(t.Year() - first.Year())
	case newsindex.Month:
		return float64((t.Year()-first.Year())*12 + int(t.Month()) - int(first.Month()))
	case newsindex.Week:
		return t.Sub(first).Hours() / 24 / 7
	}
	return math.Round(t.Sub(first).Hours() / 24)
}

// timeTicks labels an axis of n points, one per interval from first, with
// at most most ticks: the finest rule of tickRules that fits in. place
// turns a position in points into percent of the width.
func timeTicks(iv newsindex.Interval, first time.Time, n, most int, place func(pos float64) float64) []xTick {
	if n < 1 {
		return nil
	}
	last := first
	for range n - 1 {
		last = nextStart(iv, last)
	}
	// The finest rule that labels one date at least and at most most;
	// else the one that labels fewest, but one.
	var rule tickRule
	var dates []time.Time
	var minor []bool
	for _, r := range tickRules {
		if !r.fits(iv) {
			continue
		}
		ds, ms := r.dates(first, last)
		if len(ds) == 0 {
			continue
		}
		rule, dates, minor = r, ds, ms
		if len(ds) <= max(most, 1) {
			break
		}
	}
	if !slices.Contains(minor, false) {
		clear(minor) // no tick is left in a narrow window: keep them all
	}
	ticks := make([]xTick, 0, len(dates))
	prevYear, prevMajorYear := "", ""
	for i, t := range dates {
		tk := xTick{pos: position(iv, first, t), Minor: minor[i], Anchor: "middle"}
		label, year := rule.label(t)
		tk.Label = label
		if year != "" {
			if year != prevYear {
				tk.Sub = year
			}
			if !tk.Minor && year != prevMajorYear {
				tk.SubNarrow = tk.Sub == ""
				tk.Sub = year
			}
			prevYear = year
			if !tk.Minor {
				prevMajorYear = year
			}
		}
		x := place(tk.pos)
		switch {
		case x < 4:
			tk.Anchor = "start"
		case x > 96:
			tk.Anchor = "end"
		}
		tk.X = pct(x)
		ticks = append(ticks, tk)
	}
	return ticks
}

// nextStart is the start of the interval after the one that starts at t.
func nextStart(iv newsindex.Interval, t time.Time) time.Time {
	switch iv {
	case newsindex.Year:
		return t.AddDate(1, 0, 0)
	case newsindex.Month:
		return t.AddDate(0, 1, 0)
	case newsindex.Week:
		return t.AddDate(0, 0, 7)
	}
	return t.AddDate(0, 0, 1)
}

// pct writes a share of the width for an SVG attribute: "12.5%".
func pct(x float64) string {
	return strconv.FormatFloat(math.Round(x*100)/100, 'f', -1, 64) + "%"
}

// scale is a y axis from zero to Top in round steps.
type scale struct {
	Top, Step float64
	decimals  int // of the labels, for shares in percent
}

// niceScale is the axis from zero that holds max in about steps round
// steps (1, 2 or 5 times a power of ten); whole steps when whole is set.
func niceScale(max float64, steps int, whole bool) scale {
	raw := max / float64(steps)
	if !(raw > 0) || math.IsInf(raw, 0) {
		raw = 1 // nothing to show: a scale of one step
	}
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	step := 10 * p
	for _, m := range []float64{1, 2, 5} {
		if m*p >= raw*(1-1e-9) {
			step = m * p
			break
		}
	}
	if whole {
		step = math.Max(1, math.Round(step))
	}
	top := math.Ceil(max/step-1e-9) * step
	if top <= 0 {
		top = step
	}
	s := scale{Top: top, Step: step}
	if step < 1 {
		s.decimals = int(math.Ceil(-math.Log10(step) - 1e-9))
	}
	return s
}

// tightScale is the niceScale of fewest to most steps whose top is
// nearest above max (of equal tops, the one of fewer steps): 1,400 in two
// or three steps is 0–1,500 in three, not 0–2,000 in two.
func tightScale(max float64, fewest, most int, whole bool) scale {
	best := niceScale(max, fewest, whole)
	for n := fewest + 1; n <= most; n++ {
		if s := niceScale(max, n, whole); s.Top < best.Top {
			best = s
		}
	}
	return best
}

// ticks places the values of the scale from zero to Top between bottom and
// top (pixels), labelled by format.
func (s scale) ticks(bottom, top int, format func(float64) string) []yTick {
	var out []yTick
	for i := 0; ; i++ {
		v := float64(i) * s.Step
		if v > s.Top*(1+1e-9) {
			break
		}
		out = append(out, yTick{Y: s.y(v, bottom, top), Label: format(v)})
	}
	return out
}

// y is where v stands between bottom (zero) and top (s.Top), in pixels.
func (s scale) y(v float64, bottom, top int) int {
	if s.Top <= 0 {
		return bottom
	}
	return bottom - int(math.Round(v/s.Top*float64(bottom-top)))
}

// percent writes a share in percent, with the scale's decimals: "2.5%".
func (s scale) percent(v float64) string {
	return strconv.FormatFloat(v, 'f', s.decimals, 64) + "%"
}

// thousands writes a whole number with commas between thousands: "24,776".
func thousands(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}
