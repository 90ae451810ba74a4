package server_test

import (
	"encoding/csv"
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/newsindex/newsindex"
)

func TestAPITrend(t *testing.T) {
	srv := seedServer(t)
	code, body, hdr := get(t, srv, "/api/trend?q=Kursk&q=source:Naenara&interval=year")
	require.Equal(t, 200, code, body)
	assert.Equal(t, "application/json; charset=utf-8", hdr.Get("Content-Type"))
	var res newsindex.TrendResult
	require.NoError(t, json.Unmarshal([]byte(body), &res))
	assert.Equal(t, newsindex.Year, res.Interval)
	require.Len(t, res.Series, 2)
	assert.Equal(t, "source:Naenara", res.Series[1].Query, "the query as sent")
	assert.Len(t, res.Series[0].Points, 6, "2020 to 2025")
	assert.Equal(t, 2, res.Series[1].Points[0].Count)
	assert.True(t, strings.HasPrefix(body, `{"interval":"year","series":[{"query":"Kursk","points":[{"start":"2020-01-01","count":0,"share":0},`), body)

	code, body, hdr = get(t, srv, "/api/trend?q=Kursk&format=csv&interval=month&from=2025-08&to=2025-08&lang=en")
	require.Equal(t, 200, code, body)
	assert.Equal(t, "text/csv; charset=utf-8", hdr.Get("Content-Type"))
	assert.Contains(t, hdr.Get("Content-Disposition"), "newsindex-trend.csv")
	rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	require.NoError(t, err)
	assert.Equal(t, [][]string{{"query", "start", "count", "total", "share"}, {"Kursk", "2025-08-01", "1", "3", "0.3333333333333333"}}, rows,
		"the English articles of August 2025 (the one with markup is undated)")
}

func TestAPITerms(t *testing.T) {
	srv := seedServer(t)
	code, body, _ := get(t, srv, "/api/terms?q=Moscow&size=3&lang=en")
	require.Equal(t, 200, code, body)
	var res struct {
		Terms    []map[string]any `json:"terms"`
		Entities []map[string]any `json:"entities"`
		Language string           `json:"language"`
		Matches  int              `json:"matches"`
	}
	require.NoError(t, json.Unmarshal([]byte(body), &res))
	assert.Equal(t, 1, res.Matches, "lang=en: the English match")
	assert.Equal(t, "en", res.Language)
	assert.Len(t, res.Terms, 3, "size")
	for _, term := range res.Terms {
		assert.Contains(t, term, "term")
		assert.Contains(t, term, "background")
	}
}

func TestAPIKWIC(t *testing.T) {
	srv := seedServer(t)
	code, body, hdr := get(t, srv, "/api/kwic?q=Kursk&width=12")
	require.Equal(t, 200, code, body)
	assert.Equal(t, "application/json; charset=utf-8", hdr.Get("Content-Type"))
	var lines []newsindex.KWICLine
	require.NoError(t, json.Unmarshal([]byte(body), &lines), body)
	require.Len(t, lines, 2, "the seed article and the one with markup in its title")
	assert.Equal(t, newsindex.KWICLine{ID: "a569098f7073538ab1ceecb05", Published: "2025-08-20", Source: "KCNA", Language: "en", Field: "body",
		Left: " liberating ", Match: "Kursk", Right: " Region occu"}, lines[0])
	assert.Equal(t, "xss", lines[1].ID, "undated last")
	assert.Contains(t, body, `"left":"\")</script> "`, "JSON as the other endpoints write it, not HTML: the client escapes")

	code, body, _ = get(t, srv, "/api/kwic?q=Kursk&size=1&sort=newest")
	require.Equal(t, 200, code, body)
	require.NoError(t, json.Unmarshal([]byte(body), &lines))
	assert.Len(t, lines, 1, "size caps the lines")

	code, body, hdr = get(t, srv, "/api/kwic?q=nothingness&format=csv")
	require.Equal(t, 200, code, body)
	assert.Equal(t, "text/csv; charset=utf-8", hdr.Get("Content-Type"))
	assert.Equal(t, "id,published,source,language,left,match,right,field\n", body, "no occurrence: the header")

	code, body, _ = get(t, srv, "/api/kwic?q=nothingness")
	require.Equal(t, 200, code, body)
	assert.JSONEq(t, `[]`, body)
}

// TestAPIResearchErrors: bad input is 400 with the reason, never 500.
func TestAPIResearchErrors(t *testing.T) {
	srv := seedServer(t)
	fifty := url.Values{}
	for range 50 {
		fifty.Add("q", "Kursk")
	}
	for _, tc := range []struct {
		path string
		want string
	}{
		{"/api/trend", "q is required"},
		{"/api/trend?q=Kursk&interval=fortnight", "interval must be day, week, month or year"},
		{"/api/trend?" + fifty.Encode(), "50 queries: a trend compares at most 20"},
		{"/api/trend?q=Kursk&from=2025&to=2020", "from 2025 is after to 2020"},
		{"/api/trend?q=(Kursk", "unbalanced parenthesis"},
		{"/api/trend?q=Kursk&format=xml", "format must be json or csv"},
		{"/api/trend?q=Kursk&interval=day&from=1700&to=2200", "more than the 20000 a trend counts in"},
		{"/api/trend?q=" + strings.Repeat("x", 300), "query longer than 200 bytes"},
		{"/api/terms?q=Kursk&size=0", "size must be a number from 1 to 20"},
		{"/api/terms?q=Kursk&lang=english", "not an ISO 639 code"},
		{"/api/terms?q=Kursk~5", "bad query"},
		{"/api/kwic?q=source:KCNA", "has no words or phrase to show in context"},
		{"/api/kwic?q=Kursk&width=5000", "width must be a number from 1 to 1000"},
		{"/api/kwic?q=Kursk&sort=relevance", "sort must be oldest or newest"},
		{"/api/kwic?q=\"Kursk", "bad query at column 1"},
	} {
		t.Run(tc.path, func(t *testing.T) {
			code, body, _ := get(t, srv, tc.path)
			assert.Equal(t, 400, code, body)
			var e struct{ Error string }
			require.NoError(t, json.Unmarshal([]byte(body), &e), body)
			assert.Contains(t, e.Error, tc.want)
		})
	}
}
