package server

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/newsindex/newsindex"
)

// lineChart is a line chart of values over time, one point per interval,
// as compare.html draws it (see chart.go for the layout).
type lineChart struct {
	Title, Desc    string // the SVG's <title> and <desc>
	YTitle, XTitle string // the axes' titles
	Height         int    // of the SVG, in pixels
	// PlotTop and PlotBottom are the top and the zero line of the plot;
	// the x ticks end at TickEnd; TickY and SubY are the baselines of their
	// labels and of the years under them, XTitleY the x axis title's.
	PlotTop, PlotBottom, TickEnd, TickY, SubY, XTitleY int
	PlotWidth                                          int // the width of the stretched plot, in its units
	XTicks                                             []xTick
	YTicks                                             []yTick
	Series                                             []chartSeries
}

// chartSeries is one line of a chart: a query.
type chartSeries struct {
	Name    string
	Class   string // the colour: s0 to s4 in style.css
	Dash    string // the stroke-dasharray; "" for a solid line
	Marker  string // the id of the marker's shape in the chart's defs
	Points  string // the polyline, in the plot's units
	Markers []chartMarker
	look    string // the line and marker in words: "dashed line with squares"
}

// chartMarker is a marker on a line, with the value in its tooltip.
type chartMarker struct {
	X     string // percent of the width
	Y     int
	Title string
}

// seriesLooks tell the series apart by more than colour: a dash pattern
// and a marker shape each.
var seriesLooks = []struct{ class, dash, marker, words string }{
	{"s0", "", "mk-circle", "solid line with circles"},
	{"s1", "9 4", "mk-square", "dashed line with squares"},
	{"s2", "2 3", "mk-triangle", "dotted line with triangles"},
	{"s3", "10 3 2 3", "mk-diamond", "dash-dot line with diamonds"},
	{"s4", "5 2 1 2 1 2", "mk-cross", "dash-dot-dot line with crosses"},
}

// Geometry of the line chart, in pixels.
const (
	lineChartHeight = 330
	linePlotTop     = 24
	linePlotBottom  = 266
	linePlotWidth   = 1000 // units of the stretched plot
	lineXTicks      = 12   // at most, in a wide window; half in a narrow one
	lineYSteps      = 4    // to 6: the tightest round scale
	lineMarkers     = 24   // at most per line; every point when there are fewer
)

// newLineChart draws values[s][i], the value of series s in the ith
// interval from first. For shares (values from 0 to 1) the y axis is in
// percent. point names the ith interval in tooltips and the description.
func newLineChart(iv newsindex.Interval, first time.Time, names []string, values [][]float64, share bool, point func(i int) string) *lineChart {
	n := 0
	peak := 0.0
	for _, vs := range values {
		n = max(n, len(vs))
		for _, v := range vs {
			peak = math.Max(peak, v)
		}
	}
	if n == 0 || len(values) > len(seriesLooks) {
		return nil
	}
	c := &lineChart{Height: lineChartHeight, PlotTop: linePlotTop, PlotBottom: linePlotBottom, PlotWidth: linePlotWidth,
		TickEnd: linePlotBottom + 5, TickY: linePlotBottom + 18, SubY: linePlotBottom + 32, XTitleY: lineChartHeight - 4}
	unit := 1.0
	if share {
		unit = 100 // the axis in percent
	}
	sc := tightScale(peak*unit, lineYSteps, lineYSteps+2, !share)
	format := func(v float64) string { return thousands(int(math.Round(v))) }
	if share {
		format = sc.percent
	}
	c.YTicks = sc.ticks(c.PlotBottom, c.PlotTop, format)
	// place is where the ith point stands, in percent of the width.
	place := func(pos float64) float64 {
		if n == 1 {
			return 50
		}
		return pos / float64(n-1) * 100
	}
	c.XTicks = timeTicks(iv, first, n, lineXTicks, place)
	every := (n + lineMarkers - 1) / lineMarkers
	for s, vs := range values {
		look := seriesLooks[s]
		cs := chartSeries{Name: names[s], Class: look.class, Dash: look.dash, Marker: look.marker, look: look.words}
		var pts strings.Builder
		for i, v := range vs {
			y := sc.y(v*unit, c.PlotBottom, c.PlotTop)
			x := place(float64(i))
			if i > 0 {
				pts.WriteByte(' ')
			}
			pts.WriteString(strconv.FormatFloat(math.Round(x*linePlotWidth)/100, 'f', -1, 64) + "," + strconv.Itoa(y))
			// The markers of the lines are staggered, so that lines that
			// run together still show each shape.
			if (i+s*every/len(seriesLooks))%every == 0 {
				cs.Markers = append(cs.Markers, chartMarker{X: pct(x), Y: y, Title: names[s] + ", " + point(i) + ": " + format(v*unit) + unitWord(share, v)})
			}
		}
		cs.Points = pts.String()
		c.Series = append(c.Series, cs)
	}
	c.Desc = describe(c.Series, values, share, sc, point)
	return c
}

// unitWord is what follows a count in a tooltip: " articles", " article".
func unitWord(share bool, v float64) string {
	switch {
	case share:
		return ""
	case v == 1:
		return " article"
	}
	return " articles"
}

// describe says in words what the chart shows, for a screen reader: each
// line's look and its highest point.
func describe(series []chartSeries, values [][]float64, share bool, sc scale, point func(i int) string) string {
	var b strings.Builder
	for s, cs := range series {
		best := 0
		for i, v := range values[s] {
			if v > values[s][best] {
				best = i
			}
		}
		v := values[s][best]
		if s > 0 {
			b.WriteString(" ")
		}
		if share {
			fmt.Fprintf(&b, "%s: %s, highest %s in %s.", cs.Name, cs.look, sc.percent(v*100), point(best))
		} else {
			fmt.Fprintf(&b, "%s: %s, highest %s in %s.", cs.Name, cs.look, thousands(int(v)), point(best))
		}
	}
	b.WriteString(" The table below the chart gives every value.")
	return b.String()
}
