package server_test

import (
	"context"
	"math"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/newsindex/newsindex"
	"github.com/newsindex/newsindex/ingest"
	"github.com/newsindex/newsindex/server"
)

// markup is an article whose headline and outlet are markup, dated so that
// a trend counts it.
var markup = newsindex.Article{ID: "markup", Title: `<script>alert("x")</script> Kursk & "friends"`, Body: `Kursk <b>friends</b> & <i>foes</i>`,
	Language: "en", Source: `<b>Evil</b>`, Published: time.Date(2011, 6, 15, 0, 0, 0, 0, time.UTC)}

// kcnaServer serves an in-memory index of the 200 KCNA articles of
// testdata/kcna (January 2011 to November 2012, a few a month) and markup.
func kcnaServer(t testing.TB) (*httptest.Server, *newsindex.Index) {
	t.Helper()
	idx, err := newsindex.Open("", newsindex.Config{})
	require.NoError(t, err)
	t.Cleanup(func() { idx.Close() })
	_, err = ingest.Load(context.Background(), idx, []string{"../testdata/kcna/sample.jsonl"}, ingest.LoadOptions{})
	require.NoError(t, err)
	require.NoError(t, idx.Add(context.Background(), markup))
	srv := httptest.NewServer(server.New(idx, server.Options{MaxQueryBytes: 200}))
	t.Cleanup(srv.Close)
	return srv, idx
}

// number reads a number of a page: "1,234" or "12.5%".
func number(t *testing.T, s string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(strings.TrimSuffix(strings.ReplaceAll(s, ",", ""), "%"), 64)
	require.NoError(t, err, s)
	return v
}

// TestTimelineAxes: the search page's timeline has a y scale (zero, a
// middle tick, a round top), months or years under the bars, and bars
// that link to their month.
func TestTimelineAxes(t *testing.T) {
	srv, idx := kcnaServer(t)
	code, body, _ := get(t, srv, "/?q=Kim+Jong+Il")
	require.Equal(t, 200, code)
	page := parsePage(t, body)
	tl := page.one(t, "figure.timeline").child(t, "svg")
	assert.Equal(t, "group", tl.attr("role"), "not an image: its bars are links")
	res, err := idx.Search(context.Background(), newsindex.Match{Text: "Kim Jong Il"}, newsindex.SearchOptions{Facets: []newsindex.Facet{newsindex.FacetMonth}, FacetSize: 100})
	require.NoError(t, err)
	peak := 0
	for _, b := range res.Facets[newsindex.FacetMonth] {
		peak = max(peak, b.Count)
	}
	var ys []float64
	for _, s := range tl.texts("text.y") {
		ys = append(ys, number(t, s))
	}
	require.Contains(t, []int{3, 4}, len(ys), "zero, a tick or two between and the top")
	top := ys[len(ys)-1]
	for i, y := range ys {
		assert.Equal(t, top*float64(i)/float64(len(ys)-1), y, "equal steps from zero")
	}
	assert.GreaterOrEqual(t, top, float64(peak))
	assert.Equal(t, []string{"2011", "Apr", "Jul", "Oct", "2012", "Apr", "Jul", "Oct"}, tl.texts("text.x"), "a January is its year")

	links := tl.all("a")
	require.NotEmpty(t, links)
	assert.Equal(t, "./?from=2011-01&q=Kim+Jong+Il&to=2011-01", links[0].attr("href"))
	assert.Regexp(t, `^2011-01: \d+ articles?$`, links[0].one(t, "title").text(), "the link's name")
	tallest := 0
	for _, a := range links {
		h, err := strconv.Atoi(a.one(t, "rect.bar").attr("height"))
		require.NoError(t, err)
		tallest = max(tallest, h)
	}
	assert.Equal(t, int(math.Round(float64(peak)/top*80-0.5)), tallest, "the tallest bar is the highest count on the scale")
}
