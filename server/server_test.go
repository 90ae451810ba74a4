package server_test

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/newsindex/newsindex"
	"github.com/newsindex/newsindex/ingest"
	"github.com/newsindex/newsindex/server"
)

// seedServer serves an in-memory index of the seed corpus, read from the
// raw dump as a user would index it, plus an article with markup in it.
func seedServer(t *testing.T) *httptest.Server {
	t.Helper()
	idx, err := newsindex.Open("", newsindex.Config{})
	require.NoError(t, err)
	t.Cleanup(func() { idx.Close() })
	_, err = ingest.Load(context.Background(), idx, []string{"../testdata/seed.txt"}, ingest.LoadOptions{})
	require.NoError(t, err)
	require.NoError(t, idx.Add(context.Background(), newsindex.Article{ID: "xss", Title: `<script>alert("x")</script> Kursk & "friends"`, Language: "en", Source: `<b>Evil</b>`}))
	srv := httptest.NewServer(server.New(idx, server.Options{MaxQueryBytes: 200, MaxPageSize: 20}))
	t.Cleanup(srv.Close)
	return srv
}

func get(t *testing.T, srv *httptest.Server, path string) (int, string, http.Header) {
	t.Helper()
	resp, err := http.Get(srv.URL + path)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, string(body), resp.Header
}

func TestAPISearch(t *testing.T) {
	srv := seedServer(t)
	code, body, hdr := get(t, srv, "/api/search?q=Kursk+-title:script")
	require.Equal(t, 200, code, body)
	assert.Equal(t, "application/json; charset=utf-8", hdr.Get("Content-Type"))
	var res newsindex.Result
	require.NoError(t, json.Unmarshal([]byte(body), &res))
	assert.Equal(t, uint64(1), res.Total)
	assert.Equal(t, "Greetings to DPRK Foreign Minister from Russian Foreign Minister", res.Hits[0].Article.Title)
	assert.Contains(t, res.Hits[0].Fragments["body"][0], "<mark>Kursk</mark>")

	code, body, _ = get(t, srv, "/api/search?lang=de&facets=year,source&size=1&sort=newest")
	require.Equal(t, 200, code, body)
	require.NoError(t, json.Unmarshal([]byte(body), &res))
	assert.Equal(t, uint64(3), res.Total)
	assert.Equal(t, []newsindex.Bucket{{Value: "2020", Count: 2}, {Value: "2025", Count: 1}}, res.Facets[newsindex.FacetYear])
	require.NotEmpty(t, res.Cursor)

	code, body, _ = get(t, srv, "/api/search?lang=de&size=1&sort=newest&cursor="+res.Cursor)
	require.Equal(t, 200, code, body)
	var page2 newsindex.Result
	require.NoError(t, json.Unmarshal([]byte(body), &page2))
	assert.NotEqual(t, res.Hits[0].Article.ID, page2.Hits[0].Article.ID, "the cursor moves on")

	for _, tc := range []struct {
		any   string
		total uint64
	}{{"", 0}, {"0", 0}, {"1", 2}, {"on", 2}} {
		code, body, _ = get(t, srv, "/api/search?q=Kursk+nothingness&relax=0&any="+tc.any)
		require.Equal(t, 200, code, body)
		require.NoError(t, json.Unmarshal([]byte(body), &res))
		assert.Equal(t, tc.total, res.Total, "any=%s: every word, or any word", tc.any)
	}
}

// TestQueryOverALimitIs400: a query refused when it is compiled (over a
// limit of the index) is the client's fault, with the reason, not a 500.
func TestQueryOverALimitIs400(t *testing.T) {
	idx, err := newsindex.Open("", newsindex.Config{MaxExpansions: 3})
	require.NoError(t, err)
	t.Cleanup(func() { idx.Close() })
	_, err = ingest.Load(context.Background(), idx, []string{"../testdata/seed.txt"}, ingest.LoadOptions{})
	require.NoError(t, err)
	srv := httptest.NewServer(server.New(idx, server.Options{}))
	t.Cleanup(srv.Close)
	code, body, _ := get(t, srv, "/api/search?q=m*")
	assert.Equal(t, 400, code)
	assert.Contains(t, body, `"error":"newsindex: bad query: m* matches more than 3 words in the German bodies (the limit of Config.MaxExpansions): make it longer or more exact"`)
	code, body, _ = get(t, srv, "/?q=m*")
	assert.Equal(t, 400, code)
	assert.Contains(t, body, "m* matches more than 3 words in the German bodies")
}

func TestAPIErrors(t *testing.T) {
	srv := seedServer(t)
	tests := []struct {
		path   string
		status int
		want   string
	}{
		{"/api/search?q=(Putin", 400, `{"error":"newsindex: bad query at column 1: unbalanced parenthesis: ( is never closed","position":1,"query":"(Putin"}`},
		{"/api/search?q=" + strings.Repeat("a", 201), 400, `{"error":"query longer than 200 bytes"}`},
		{"/api/search?size=21", 400, `{"error":"size must be a number from 1 to 20"}`},
		{"/api/search?sort=best", 400, `{"error":"newsindex: unknown sort \"best\" (want relevance, newest or oldest)"}`},
		{"/api/search?facets=colour", 400, `{"error":"unknown facet \"colour\" (want source, language, author, year, month, entity, section or changed)"}`},
		{"/api/search?from=yesterday", 400, `{"error":"newsindex: bad query: from: bad date \"yesterday\" (want YYYY, YYYY-MM, YYYY-MM-DD or an RFC 3339 time)"}`},
		{"/api/search?cursor=garbage", 400, `{"error":"bad cursor: start again from the first page"}`},
		{"/api/articles/missing", 404, `{"error":"article not found"}`},
		{"/api/nothing", 404, `{"error":"no such endpoint"}`},
		{"/api/export?format=xml", 400, `{"error":"format must be jsonl or csv"}`},
		{"/api/search?q=a+b&any=maybe", 400, `{"error":"any must be 1 or 0 (or true, false, on)"}`},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			code, body, _ := get(t, srv, tt.path)
			assert.Equal(t, tt.status, code)
			assert.JSONEq(t, tt.want, body)
			assert.NotContains(t, body, "/work/", "no paths")
		})
	}
	resp, err := http.Post(srv.URL+"/api/search", "text/plain", strings.NewReader("x"))
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusMethodNotAllowed, resp.StatusCode)
}

func TestAPIArticleStatsExport(t *testing.T) {
	srv := seedServer(t)
	code, body, _ := get(t, srv, "/api/articles/xss")
	require.Equal(t, 200, code)
	var a newsindex.Article
	require.NoError(t, json.Unmarshal([]byte(body), &a))
	assert.Equal(t, `<b>Evil</b>`, a.Source)

	code, body, _ = get(t, srv, "/api/stats")
	require.Equal(t, 200, code)
	var st newsindex.Stats
	require.NoError(t, json.Unmarshal([]byte(body), &st))
	assert.Equal(t, uint64(7), st.Articles)

	code, body, hdr := get(t, srv, "/api/export?q=source:KCNA")
	require.Equal(t, 200, code)
	assert.Equal(t, "application/x-ndjson; charset=utf-8", hdr.Get("Content-Type"))
	sc := bufio.NewScanner(strings.NewReader(body))
	n := 0
	for sc.Scan() {
		require.NoError(t, json.Unmarshal(sc.Bytes(), &a))
		assert.Equal(t, "KCNA", a.Source)
		n++
	}
	assert.Equal(t, 3, n)

	code, body, _ = get(t, srv, "/api/export?format=csv&lang=de")
	require.Equal(t, 200, code)
	assert.Contains(t, body, "Mitarbeiter der russischen Botschaft")
	records, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	require.NoError(t, err)
	require.Len(t, records, 4, "the header and three German articles")
	assert.Equal(t, newsindex.CSVHitHeader, records[0], "the columns of the tool's export, score and entities too")
	col := func(name string) int { return slices.Index(records[0], name) }
	first := records[1]
	assert.Equal(t, "2020-04-24", first[col("published")], "oldest first; the date as precisely as known, not RFC 3339")
	assert.Empty(t, first[col("score")], "no score in an export by date")
	assert.Contains(t, strings.Split(first[col("entities")], ";"), "kim-jong-un")
}

func TestExportCap(t *testing.T) {
	idx, err := newsindex.Open("", newsindex.Config{})
	require.NoError(t, err)
	defer idx.Close()
	_, err = ingest.Load(context.Background(), idx, []string{"../testdata/kcna/sample.jsonl"}, ingest.LoadOptions{})
	require.NoError(t, err)
	srv := httptest.NewServer(server.New(idx, server.Options{MaxExport: 120}))
	defer srv.Close()
	_, body, _ := get(t, srv, "/api/export")
	assert.Equal(t, 120, strings.Count(body, "\n"))
	_, body, _ = get(t, srv, "/api/export?q=*")
	assert.Equal(t, 120, strings.Count(body, "\n"))
}

func TestPage(t *testing.T) {
	srv := seedServer(t)
	code, body, hdr := get(t, srv, "/?q=Kursk")
	require.Equal(t, 200, code)
	assert.Contains(t, hdr.Get("Content-Security-Policy"), "default-src 'none'")
	assert.Contains(t, body, "2 articles match")
	assert.Contains(t, body, "liberating <mark>Kursk</mark> Region", "highlighted fragment")
	assert.Contains(t, body, `<a href="articles/`)
	assert.Contains(t, body, "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; Kursk &amp; &#34;friends&#34;", "titles are escaped")
	assert.NotContains(t, body, "<script>")
	assert.NotContains(t, body, "<b>Evil</b>")
	assert.Contains(t, body, `<svg xmlns="http://www.w3.org/2000/svg" role="group" aria-labelledby="timeline-title"`, "the timeline: a group, so that its bars are links a screen reader reaches")
	assert.Contains(t, body, "<title>2025-08: 1 article</title>", "one article, not 1 articles")
	assert.Contains(t, body, `<nav class="facets" aria-label="Filters">`)

	code, body, _ = get(t, srv, "/?q=(Kursk")
	assert.Equal(t, 400, code)
	assert.Contains(t, body, `role="alert">unbalanced parenthesis: ( is never closed (at column 1)`)
	assert.Contains(t, body, `value="(Kursk"`, "the query stays in the box")

	assert.Contains(t, body, `<input id="any" name="any" type="checkbox" value="1">`)
	code, body, _ = get(t, srv, "/?q=Kursk+nothingness&any=1")
	require.Equal(t, 200, code)
	assert.Contains(t, body, "2 articles match")
	assert.Contains(t, body, `<input id="any" name="any" type="checkbox" value="1" checked>`, "the box stays checked")

	code, body, _ = get(t, srv, "/?entity=kim-jong-un")
	require.Equal(t, 200, code)
	assert.Contains(t, body, "3 articles match")
	assert.Contains(t, body, "<h2>entity</h2>", "names are a facet")

	code, body, _ = get(t, srv, "/?source=Naenara")
	require.Equal(t, 200, code)
	assert.Contains(t, body, "3 articles match", "Naenara and KZNA/Naenara: outlets match by their words")
	assert.Contains(t, body, "Remove filter source Naenara")
}

func TestArticlePage(t *testing.T) {
	srv := seedServer(t)
	id := newsindex.Article{Source: "Naenara", Published: mustDay("2020-04-25"), Title: "Sich entwickelnde koreanisch-russische Freundschaftsbeziehung"}.StableID()
	code, body, _ := get(t, srv, "/articles/"+id)
	require.Equal(t, 200, code)
	assert.Contains(t, body, `<article class="full" lang="de">`)
	assert.Contains(t, body, "<dt>Author</dt><dd>Kim Tae Ho</dd>")
	assert.Contains(t, body, "<dd>25 April 2020</dd>")
	assert.Contains(t, body, "Internationale Beziehungen › Russland")
	assert.Contains(t, body, `href="../static/style.css"`, "links are relative, so the handler can be mounted anywhere")
	assert.Equal(t, 15, strings.Count(body, "<p>"), "fourteen paragraphs and the link back")

	code, body, _ = get(t, srv, "/articles/missing")
	assert.Equal(t, 404, code)
	assert.Contains(t, body, "There is no article with this ID")
	code, _, _ = get(t, srv, "/static/style.css")
	assert.Equal(t, 200, code)
	code, _, _ = get(t, srv, "/nothing/here")
	assert.Equal(t, 404, code)
}

func mustDay(s string) (t time.Time) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// TestAPIStatsDiskBytes: /api/stats says what newsindex stats says (it
// said disk_bytes 0 where stats said 66.8 MB).
func TestAPIStatsDiskBytes(t *testing.T) {
	idx, err := newsindex.Open(filepath.Join(t.TempDir(), "idx"), newsindex.Config{})
	require.NoError(t, err)
	t.Cleanup(func() { idx.Close() })
	_, err = ingest.Load(context.Background(), idx, []string{"../testdata/seed.txt"}, ingest.LoadOptions{})
	require.NoError(t, err)
	srv := httptest.NewServer(server.New(idx, server.Options{}))
	t.Cleanup(srv.Close)
	code, body, _ := get(t, srv, "/api/stats")
	require.Equal(t, 200, code)
	var st newsindex.Stats
	require.NoError(t, json.Unmarshal([]byte(body), &st))
	want, err := idx.Stats(context.Background())
	require.NoError(t, err)
	assert.Positive(t, st.DiskBytes)
	assert.InDelta(t, want.DiskBytes, st.DiskBytes, float64(want.DiskBytes)/10)
}

func TestAcceptedLanguages(t *testing.T) {
	for _, tc := range []struct {
		header string
		want   []string
	}{
		{"de-AT,de;q=0.9,en;q=0.8", []string{"de", "en"}},
		{"en;q=0.5, ko", []string{"ko", "en"}},
		{"*", nil},
		{"fr;q=0, es", []string{"es"}},
		{"", nil},
		{"de,en,fr,es", []string{"de", "en", "fr"}},
	} {
		assert.Equal(t, tc.want, server.AcceptedLanguages(tc.header), tc.header)
	}
}

// TestRelaxAndPreferParams: the API relaxes like the page and the tool
// unless relax=0, and says so.
func TestRelaxAndPreferParams(t *testing.T) {
	srv := seedServer(t)
	code, body, _ := get(t, srv, "/api/search?q=Kursk+spaceship")
	require.Equal(t, 200, code, body)
	assert.Contains(t, body, `"relaxed":1`)
	assert.Contains(t, body, `"notes":["0 articles have every word; these have at least 1 of the 2 words"]`)
	code, body, _ = get(t, srv, "/api/search?q=Kursk+spaceship&relax=0")
	require.Equal(t, 200, code, body)
	assert.Contains(t, body, `"total":0`)
	code, _, _ = get(t, srv, "/api/search?q=Kursk&prefer=de,en")
	assert.Equal(t, 200, code)
	code, body, _ = get(t, srv, "/api/search?q=Kursk&prefer=German")
	assert.Equal(t, 400, code)
	assert.Contains(t, body, "prefer takes ISO 639 codes")
	code, body, _ = get(t, srv, "/?q=Kursk+spaceship")
	assert.Equal(t, 200, code)
	assert.Contains(t, body, "0 articles have every word")
}

// TestSectionFilter: the section facet is a filter like the others, on the
// page (section=) and in the API (section= and facets=section).
func TestSectionFilter(t *testing.T) {
	srv := seedServer(t)
	code, body, _ := get(t, srv, "/api/search?section=Russland&facets=section")
	require.Equal(t, 200, code, body)
	var res newsindex.Result
	require.NoError(t, json.Unmarshal([]byte(body), &res))
	assert.Equal(t, uint64(1), res.Total)
	assert.Contains(t, res.Facets[newsindex.FacetSection], newsindex.Bucket{Value: "Internationale Beziehungen", Count: 1})

	code, body, _ = get(t, srv, "/?q=Freundschaft")
	require.Equal(t, 200, code)
	assert.Contains(t, body, "<h2>section</h2>", "sections are a facet")
	assert.Contains(t, body, `<a href="./?q=Freundschaft&amp;section=Russland">Russland</a>`)

	code, body, _ = get(t, srv, "/?q=Freundschaft&section=Russland")
	require.Equal(t, 200, code)
	assert.Contains(t, body, "1 article matches")
	assert.Contains(t, body, "Remove filter section Russland")
	assert.Contains(t, body, `<input type="hidden" name="section" value="Russland">`, "a new search keeps the filter")
}

// TestErrorColumn: the page's "(at column N)" is the API's position, and
// both are the column the library's message names.
func TestErrorColumn(t *testing.T) {
	srv := seedServer(t)
	for _, q := range []string{"(Putin", "Kursk AND (Putin", "Путин AND (Kursk", `"Kursk`} {
		code, body, _ := get(t, srv, "/api/search?q="+url.QueryEscape(q))
		require.Equal(t, 400, code, body)
		var e struct {
			Error    string
			Position int
		}
		require.NoError(t, json.Unmarshal([]byte(body), &e))
		require.Positive(t, e.Position, q)
		assert.Contains(t, e.Error, fmt.Sprintf("at column %d:", e.Position), q)
		code, body, _ = get(t, srv, "/?q="+url.QueryEscape(q))
		require.Equal(t, 400, code)
		assert.Contains(t, body, fmt.Sprintf(" (at column %d)</p>", e.Position), q)
	}
}
