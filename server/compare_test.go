package server_test

import (
	"context"
	"encoding/csv"
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/newsindex/newsindex"
)

// trendOf is what the library counts for the queries, per month unless
// iv says otherwise.
func trendOf(t *testing.T, idx *newsindex.Index, iv newsindex.Interval, texts ...string) *newsindex.TrendResult {
	t.Helper()
	opts := newsindex.TrendOptions{Interval: iv}
	for _, text := range texts {
		q, err := newsindex.Parse(text)
		require.NoError(t, err)
		opts.Queries = append(opts.Queries, q)
	}
	res, err := idx.Trend(context.Background(), opts)
	require.NoError(t, err)
	return res
}

// TestCompareChart: the chart has labelled axes with round ticks, a
// legend, lines told apart by their dashes and markers, a title and a
// description; the table under it holds what idx.Trend counts.
func TestCompareChart(t *testing.T) {
	srv, idx := kcnaServer(t)
	queries := []string{"Kim Jong Il", "China", "Russia"}
	code, body, _ := get(t, srv, "/compare?q="+url.QueryEscape(queries[0])+"&q=China&q=&q=Russia&q=+&interval=month")
	require.Equal(t, 200, code, body)
	page := parsePage(t, body)
	want := trendOf(t, idx, newsindex.Month, queries...)
	n := len(want.Totals)
	require.Equal(t, 23, n, "January 2011 to November 2012")

	assert.Equal(t, "Compare over time: Kim Jong Il, China, Russia · newsindex", page.one(t, "head").child(t, "title").text(), "blank queries are left out")
	var values []string
	for _, in := range page.all("input") {
		if in.attr("name") == "q" {
			values = append(values, in.attr("value"))
		}
	}
	assert.Equal(t, []string{"Kim Jong Il", "China", "Russia", "", ""}, values, "five fields, the queries first")

	chart := page.one(t, "svg.chart")
	assert.Equal(t, "img", chart.attr("role"))
	assert.Equal(t, "chart-title", chart.attr("aria-labelledby"))
	assert.Equal(t, "chart-desc", chart.attr("aria-describedby"))
	assert.Equal(t, "Articles per month that each query matches, January 2011 to November 2012.", chart.child(t, "title").text())
	desc := chart.child(t, "desc").text()
	assert.Contains(t, desc, "Kim Jong Il: solid line with circles, highest")
	assert.Contains(t, desc, "China: dashed line with squares")
	assert.Contains(t, desc, "Russia: dotted line with triangles")

	titles := chart.texts("text.title")
	assert.Equal(t, []string{"Articles per month", "Month"}, titles, "the y axis and the x axis are labelled")

	// The y axis: from zero in equal round steps, past the highest count.
	var ys []float64
	for _, s := range chart.texts("text.y") {
		ys = append(ys, number(t, s))
	}
	require.GreaterOrEqual(t, len(ys), 3)
	step := ys[1] - ys[0]
	assert.Zero(t, ys[0])
	for i := range ys {
		assert.Equal(t, float64(i)*step, ys[i], "equal steps")
	}
	mantissa := step / math.Pow(10, math.Floor(math.Log10(step)))
	assert.Contains(t, []float64{1, 2, 5}, mantissa, "a round step: %v", step)
	peak := 0
	for _, s := range want.Series {
		for _, p := range s.Points {
			peak = max(peak, p.Count)
		}
	}
	assert.GreaterOrEqual(t, ys[len(ys)-1], float64(peak))
	assert.Less(t, ys[len(ys)-2], float64(peak), "no empty step at the top")

	// The x axis: months, the years under the first and under January.
	assert.Equal(t, []string{"Jan", "Mar", "May", "Jul", "Sep", "Nov", "Jan", "Mar", "May", "Jul", "Sep", "Nov"}, chart.texts("text.x")[:12])
	assert.Equal(t, []string{"2011", "2012"}, chart.texts("text.sub"))

	// The legend, and what tells the lines apart.
	assert.Equal(t, queries, page.one(t, "ul.legend").texts("li"))
	lines := chart.all("polyline")
	require.Len(t, lines, 3)
	dashes := map[string]bool{}
	for i, l := range lines {
		assert.Len(t, strings.Fields(l.attr("points")), n, "a point per month")
		assert.Equal(t, "s"+strconv.Itoa(i), l.attr("class"))
		assert.Equal(t, "non-scaling-stroke", l.attr("vector-effect"), "the stretched plot keeps the lines' width")
		dashes[l.attr("stroke-dasharray")] = true
	}
	assert.Len(t, dashes, 3, "three dash patterns")
	markers := map[string]bool{}
	for _, g := range chart.all("g.markers") {
		uses := g.all("use")
		require.NotEmpty(t, uses)
		markers[uses[0].attr("href")] = true
		assert.Regexp(t, `^(Kim Jong Il|China|Russia), [A-Z][a-z]+ 201[12]: \d+ articles?$`, uses[0].one(t, "title").text())
	}
	assert.Len(t, markers, 3, "three marker shapes")

	// The table: a row per month, a column per query, and every article.
	table := page.one(t, "table.numbers")
	head := table.one(t, "thead").texts("th")
	assert.Equal(t, []string{"Month", "Kim Jong Il", "China", "Russia", "All articles"}, head)
	rows := table.one(t, "tbody").all("tr")
	require.Len(t, rows, n)
	for i, row := range rows {
		start := want.Series[0].Points[i].Start
		th := row.one(t, "th")
		assert.Equal(t, "row", th.attr("scope"))
		assert.Equal(t, start.Format("2006-01"), th.one(t, "time").attr("datetime"))
		assert.Equal(t, start.Format("January 2006"), th.text())
		cells := row.texts("td")
		require.Len(t, cells, 4)
		for s, series := range want.Series {
			assert.Equal(t, float64(series.Points[i].Count), number(t, cells[s]), "%s in %s", queries[s], th.text())
		}
		assert.Equal(t, float64(want.Totals[i]), number(t, cells[3]))
	}
	foot := table.one(t, "tfoot").texts("td")
	total := 0
	for _, p := range want.Series[0].Points {
		total += p.Count
	}
	assert.Equal(t, float64(total), number(t, foot[0]), "the foot sums the months")
}

// TestCompareShare: the switch between counts and shares, and the shares
// in the table are the library's.
func TestCompareShare(t *testing.T) {
	srv, idx := kcnaServer(t)
	_, body, _ := get(t, srv, "/compare?q=Kim+Jong+Il&q=China")
	page := parsePage(t, body)
	switches := page.one(t, "nav.switches")
	current := switches.all("span")
	require.NotEmpty(t, current)
	assert.Equal(t, "Articles", current[0].text())
	assert.Equal(t, "true", current[0].attr("aria-current"))
	share := switches.link("Share of all articles")
	assert.Equal(t, "compare?measure=share&q=Kim+Jong+Il&q=China", share)
	assert.Equal(t, "compare?interval=week&q=Kim+Jong+Il&q=China", switches.link("Week"))

	code, body, _ := get(t, srv, "/"+share)
	require.Equal(t, 200, code, body)
	page = parsePage(t, body)
	switches = page.one(t, "nav.switches")
	assert.Equal(t, "compare?q=Kim+Jong+Il&q=China", switches.link("Articles"), "back to counts: the default, left out")
	assert.Empty(t, switches.link("Share of all articles"), "the current one is not a link")
	chart := page.one(t, "svg.chart")
	assert.Equal(t, "Share of the month’s articles", chart.texts("text.title")[0])
	for _, s := range chart.texts("text.y") {
		assert.True(t, strings.HasSuffix(s, "%"), s)
	}
	want := trendOf(t, idx, newsindex.Month, "Kim Jong Il", "China")
	rows := page.one(t, "table.numbers").one(t, "tbody").all("tr")
	require.Len(t, rows, len(want.Totals))
	for i, row := range rows {
		cells := row.texts("td")
		for s, series := range want.Series {
			p := series.Points[i]
			assert.True(t, strings.HasSuffix(cells[s], "%"), cells[s])
			assert.InDelta(t, p.Share*100, number(t, cells[s]), 0.05, "%s, %s", series.Query, p.Start.Format("2006-01"))
		}
		assert.Equal(t, float64(want.Totals[i]), number(t, cells[2]), "the articles of the month, counted")
	}
	assert.Contains(t, body, `<option value="share" selected>share of all articles</option>`, "the form keeps the measure")
}

// TestCompareCSVLink: the CSV link is /api/trend with the page's
// parameters, and its numbers are the page's.
func TestCompareCSVLink(t *testing.T) {
	srv, idx := kcnaServer(t)
	_, html, _ := get(t, srv, "/compare?q=Kim+Jong+Il&q=China&interval=year&from=2011-03&to=2012-06&measure=share&lang=en")
	page := parsePage(t, html)
	href := page.link("Download the numbers (CSV)")
	require.NotEmpty(t, href)
	u, err := url.Parse(href)
	require.NoError(t, err)
	assert.Equal(t, "./api/trend", u.Path, "relative, so that the handler can be mounted anywhere")
	assert.Equal(t, url.Values{"q": {"Kim Jong Il", "China"}, "interval": {"year"}, "from": {"2011-03"}, "to": {"2012-06"}, "lang": {"en"}, "format": {"csv"}}, u.Query())

	code, body, hdr := get(t, srv, "/"+href)
	require.Equal(t, 200, code, body)
	assert.Equal(t, "text/csv; charset=utf-8", hdr.Get("Content-Type"))
	rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	require.NoError(t, err)
	from, to := mustDay("2011-03-01"), mustDay("2012-06-30").Add(24*time.Hour-time.Nanosecond)
	q1, _ := newsindex.Parse("Kim Jong Il")
	q2, _ := newsindex.Parse("China")
	want, err := idx.Trend(context.Background(), newsindex.TrendOptions{Queries: []newsindex.Query{q1, q2}, Interval: newsindex.Year, From: from, To: to, Within: newsindex.Language("en")})
	require.NoError(t, err)
	require.Len(t, rows, 1+2*len(want.Totals))
	cells := page.one(t, "table.numbers").one(t, "tbody").all("tr")
	require.Len(t, cells, 2)
	for i, row := range rows[1:] {
		s, p := i/len(want.Totals), i%len(want.Totals)
		assert.Equal(t, strconv.Itoa(want.Series[s].Points[p].Count), row[2], "%v", row)
		shown := number(t, cells[p].texts("td")[s])
		assert.InDelta(t, number(t, row[4])*100, shown, 0.05, "the page shows the CSV's share")
	}
	assert.Contains(t, html, "The first year counts from 2011-03 only.")
	assert.Contains(t, html, "The last year counts up to 2012-06 only.")
}

// TestCompareErrors: bad input is a 400 page that says what is wrong and
// where, with the form to mend it; nothing asked is the form alone.
func TestCompareErrors(t *testing.T) {
	srv, _ := kcnaServer(t)
	six := url.Values{}
	for _, q := range []string{"a", "b", "c", "d", "e", "f"} {
		six.Add("q", q)
	}
	for _, tc := range []struct {
		path    string
		status  int
		want    string
		invalid string // the ids of the fields marked invalid
	}{
		{"/compare", 200, "", ""},
		{"/compare?q=&q=+&interval=month", 200, "", ""},
		{"/compare?q=Russia&q=(China", 400, "Query 2: unbalanced parenthesis: ( is never closed (at column 1)", "q2"},
		{"/compare?q=Russia&q=%22China&q=Japan", 400, "Query 2: unterminated phrase", "q2"},
		{"/compare?" + six.Encode(), 400, "6 queries: the page compares at most 5", ""},
		{"/compare?q=Russia&interval=fortnight", 400, "The interval must be day, week, month or year.", ""},
		{"/compare?q=Russia&measure=percent", 400, "The measure must be count or share.", ""},
		{"/compare?q=Russia&from=2012&to=2011", 400, "From 2012 is after to 2011.", "from to"},
		{"/compare?q=Russia&from=yesterday", 400, "From: bad date &#34;yesterday&#34;", "from"},
		{"/compare?q=Russia&to=tomorrow", 400, "To: bad date &#34;tomorrow&#34;", "to"},
		{"/compare?q=Russia&interval=day&from=1990&to=2012", 400, "1990-01-01 to 2012-12-31 is 8,401 days: the page draws at most 1,000", ""},
		{"/compare?q=Russia&interval=day&from=1700&to=2200", 400, "1700-01-01 to 2200-12-31 is 182986 days, more than the 20000 a trend counts in", ""},
		{"/compare?q=" + strings.Repeat("x", 201), 400, "Query 1 is longer than 200 bytes.", "q1"},
	} {
		t.Run(tc.path, func(t *testing.T) {
			code, body, _ := get(t, srv, tc.path)
			assert.Equal(t, tc.status, code, body)
			page := parsePage(t, body)
			assert.Len(t, page.all("form"), 1, "the form, to mend the query")
			assert.GreaterOrEqual(t, len(page.all("input")), 5+2)
			assert.Empty(t, page.all("svg"), "no chart")
			if tc.want == "" {
				assert.NotContains(t, body, `role="alert"`)
				assert.Contains(t, body, `<p class="intro">`)
				return
			}
			assert.Contains(t, body, `<p class="error" id="compare-error" role="alert">`+tc.want)
			for _, in := range page.all("input") {
				invalid := slices.Contains(strings.Fields(tc.invalid), in.attr("id"))
				assert.Equal(t, invalid, in.attr("aria-invalid") == "true", "input %s", in.attr("id"))
				if invalid {
					assert.Equal(t, "compare-error", in.attr("aria-describedby"))
				}
			}
		})
	}
	_, body, _ := get(t, srv, "/compare?q=Russia&interval=day&from=1990&to=2012")
	assert.Contains(t, body, `<a href="./api/trend?format=csv&amp;from=1990&amp;interval=day&amp;q=Russia&amp;to=2012">Download the numbers (CSV)</a>`,
		"the numbers the page will not draw can be had as CSV")
}

// TestCompareEscapes: a query with markup is text everywhere: the form,
// the legend, the chart's title, description and tooltips, the table.
func TestCompareEscapes(t *testing.T) {
	srv, _ := kcnaServer(t)
	q := `"<script>alert("x")</script>" OR Kursk`
	code, body, _ := get(t, srv, "/compare?q="+url.QueryEscape(q)+"&q=%3Cb%3Efriends")
	require.Equal(t, 200, code, body)
	assert.NotContains(t, body, "<script")
	assert.NotContains(t, body, "<b>")
	page := parsePage(t, body)
	assert.Equal(t, []string{q, "<b>friends"}, page.one(t, "ul.legend").texts("li"), "the text as typed, escaped")
	chart := page.one(t, "svg.chart")
	assert.Contains(t, chart.child(t, "desc").text(), q+": solid line")
	assert.Contains(t, body, `&#34;&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;&#34; OR Kursk, June 2011: 1 article`, "the tooltip")
	assert.Equal(t, q, page.one(t, "table.numbers").one(t, "thead").texts("th")[1])
	assert.Contains(t, page.one(t, "head").child(t, "title").text(), q)
}
