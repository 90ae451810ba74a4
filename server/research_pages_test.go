package server_test

import (
	"context"
	"html"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/newsindex/newsindex"
	"github.com/newsindex/newsindex/server"
)

// entityName is the name the gazetteer gives an entity first.
func entityName(t *testing.T, idx *newsindex.Index, id string) string {
	t.Helper()
	for _, e := range idx.Names() {
		if e.ID == id && len(e.Variants) > 0 {
			return e.Variants[0]
		}
	}
	t.Fatalf("no entity %s", id)
	return ""
}

// TestSearchLinksToViews: the results link to the views of the same
// search, with its query and filters, and not its page or facets.
func TestSearchLinksToViews(t *testing.T) {
	srv := seedServer(t)
	for _, tc := range []struct {
		path   string
		want   map[string]string
		reason string
	}{
		{"/?q=Kursk&source=KCNA&more=entity", map[string]string{
			"Top words":          "terms?q=Kursk&source=KCNA",
			"Keyword in context": "kwic?q=Kursk&source=KCNA",
			"Compare over time":  "compare?q=Kursk&source=KCNA",
		}, "the filters go with the query; more= does not"},
		{"/?q=Kursk&entity=lavrov&from=2025&any=1", map[string]string{
			"Top words":         "terms?any=1&entity=lavrov&from=2025&q=Kursk",
			"Compare over time": "compare?from=2025&q=Kursk+entity%3A%22lavrov%22",
		}, "the compare page has no entity filter: it goes into the query"},
		{"/?q=Kursk+Moscow&any=1", map[string]string{
			"Compare over time": "compare?q=Kursk+OR+Moscow",
		}, "any word, written as the query language says it"},
		{"/?lang=de", map[string]string{
			"Top words":          "terms?lang=de",
			"Keyword in context": "",
			"Compare over time":  "compare?lang=de",
		}, "no query words: nothing to show in context"},
		{"/", map[string]string{
			"Top words":          "",
			"Keyword in context": "",
			"Compare over time":  "compare",
		}, "the front page: no top words of the whole archive, the compare form"},
	} {
		t.Run(tc.path, func(t *testing.T) {
			code, body, _ := get(t, srv, tc.path)
			require.Equal(t, 200, code)
			nav := parsePage(t, body).one(t, "nav.views")
			assert.Equal(t, "Views of this search", nav.attr("aria-label"))
			assert.Equal(t, "Results", nav.one(t, "span").text(), "the results are the current view")
			assert.Equal(t, "page", nav.one(t, "span").attr("aria-current"))
			for label, want := range tc.want {
				assert.Equal(t, want, nav.link(label), "%s: %s", label, tc.reason)
				if want != "" {
					code, body, _ := get(t, srv, "/"+want)
					assert.Equal(t, 200, code, "%s: %s", want, body)
				}
			}
		})
	}
}

// TestTermsView: the top words and names of a search, names by the
// gazetteer's name, each linking to the search narrowed by it; the
// numbers are the library's.
func TestTermsView(t *testing.T) {
	srv, idx := kcnaServer(t)
	code, body, _ := get(t, srv, "/terms?q=satellite")
	require.Equal(t, 200, code, body)
	page := parsePage(t, body)
	want, err := idx.Terms(context.Background(), newsindex.Match{Text: "satellite"}, newsindex.TermsOptions{Size: 40})
	require.NoError(t, err)
	require.NotEmpty(t, want.Terms)
	require.NotEmpty(t, want.Entities)

	tables := page.all("table.terms-table")
	require.Len(t, tables, 2)
	words := tables[0].one(t, "tbody").all("tr")
	require.Len(t, words, len(want.Terms))
	for i, row := range words {
		w := want.Terms[i]
		assert.Equal(t, w.Term, row.one(t, "th").text())
		assert.Equal(t, "row", row.one(t, "th").attr("scope"))
		assert.Equal(t, "./?q=satellite+"+url.QueryEscape(newsindex.Format(newsindex.Match{Text: w.Term})), row.one(t, "a").attr("href"), "the query and the word")
		assert.Equal(t, []string{server.Thousands(w.Count), server.Thousands(w.Background)}, row.texts("td"))
	}
	assert.Contains(t, tables[0].texts("a"), "orbit", "a word of the satellite launches")
	names := tables[1].one(t, "tbody").all("tr")
	require.Len(t, names, len(want.Entities))
	for i, row := range names {
		e := want.Entities[i]
		a := row.one(t, "a")
		assert.Equal(t, entityName(t, idx, e.Term), a.text(), "shown by its name")
		assert.Equal(t, "./?entity="+url.QueryEscape(e.Term)+"&q=satellite", a.attr("href"), "the entity filter, as the facet sets it")
	}
	assert.Contains(t, body, `4 articles match.`)

	// The filters carry over, to the terms and to their links.
	code, body, _ = get(t, srv, "/terms?q=Kim+Jong+Il&from=2011-08&to=2011-12&entity=pyongyang")
	require.Equal(t, 200, code, body)
	page = parsePage(t, body)
	q, err := newsindex.Filter{From: "2011-08", To: "2011-12", Entity: "pyongyang"}.Apply(newsindex.Match{Text: "Kim Jong Il"})
	require.NoError(t, err)
	want, err = idx.Terms(context.Background(), q, newsindex.TermsOptions{Size: 40})
	require.NoError(t, err)
	require.NotEmpty(t, want.Terms)
	assert.Contains(t, body, server.Thousands(int(want.Matches))+" articles match.")
	assert.Equal(t, []string{"entity: Pyongyang ×", "from: 2011-08 ×", "to: 2011-12 ×"}, page.one(t, "ul.active").texts("li"))
	tables = page.all("table.terms-table")
	first := tables[0].one(t, "tbody").all("tr")[0].one(t, "a").attr("href")
	assert.Equal(t, "./?entity=pyongyang&from=2011-08&q="+url.QueryEscape("Kim Jong Il "+newsindex.Format(newsindex.Match{Text: want.Terms[0].Term}))+"&to=2011-12", first)
	if len(want.Entities) > 0 {
		a := tables[1].one(t, "tbody").all("tr")[0].one(t, "a")
		assert.Equal(t, "./?entity=pyongyang&from=2011-08&q="+url.QueryEscape("Kim Jong Il "+newsindex.Format(newsindex.Entity(want.Entities[0].Term)))+"&to=2011-12", a.attr("href"),
			"the entity filter is taken: the name goes into the query")
	}
	nav := page.one(t, "nav.views")
	assert.Equal(t, "Top words", nav.one(t, "span").text())
	assert.Equal(t, "./?entity=pyongyang&from=2011-08&q=Kim+Jong+Il&to=2011-12", nav.link("Results"))
	var hidden []string
	for _, in := range page.one(t, "form").all("input") {
		if in.attr("type") == "hidden" {
			hidden = append(hidden, in.attr("name")+"="+in.attr("value"))
		}
	}
	assert.Equal(t, []string{"entity=pyongyang", "from=2011-08", "to=2011-12"}, hidden, "a new query in the view keeps the filters")
	assert.Equal(t, "terms", page.one(t, "form").attr("action"))
}

// TestTermsViewSeed: the seed corpus, as server_test reads it: German
// words and a name of the German matches.
func TestTermsViewSeed(t *testing.T) {
	srv := seedServer(t)
	code, body, _ := get(t, srv, "/terms?q=Freundschaft")
	require.Equal(t, 200, code, body)
	page := parsePage(t, body)
	tables := page.all("table.terms-table")
	require.Len(t, tables, 2)
	assert.Contains(t, tables[0].texts("th"), "Atmosphäre")
	assert.Contains(t, body, `<a href="./?q=Freundschaft&#43;Atmosph%C3%A4re"`)
	assert.Contains(t, tables[1].texts("a"), "Vladimir Putin", "putin, by name")
	assert.Contains(t, body, "in language de")
}

// TestKWICView: the lines of a search, aligned in a table, the match
// marked and escaped, each linking to its article with the search.
func TestKWICView(t *testing.T) {
	srv := seedServer(t)
	code, body, _ := get(t, srv, "/kwic?q=Kursk")
	require.Equal(t, 200, code, body)
	assert.NotContains(t, body, "<script")
	page := parsePage(t, body)
	table := page.one(t, "table.kwic")
	assert.Equal(t, []string{"Article", "Before", "Match", "After"}, table.one(t, "thead").texts("th"))
	for _, th := range table.one(t, "thead").all("th") {
		assert.Equal(t, "col", th.attr("scope"))
	}
	rows := table.one(t, "tbody").all("tr")
	require.Len(t, rows, 2, "the seed article and the one with markup")
	first := rows[0]
	assert.Equal(t, "en", first.attr("lang"))
	assert.Equal(t, "articles/a569098f7073538ab1ceecb05?q=Kursk", first.one(t, "a").attr("href"))
	assert.Equal(t, "2025-08-20", first.one(t, "a").text())
	assert.True(t, strings.HasSuffix(first.one(t, "td.left").text(), "participated in the operation for liberating"), first.one(t, "td.left").text())
	assert.Equal(t, "Kursk", first.one(t, "mark").text())
	assert.True(t, strings.HasPrefix(first.one(t, "td.right").text(), "Region occupied by the Ukrainian"))
	assert.Equal(t, "undated", rows[1].one(t, "a").text())
	assert.Contains(t, rows[1].text(), `<b>Evil</b> · headline`, "the outlet, as text")
	assert.Equal(t, `<script>alert("x")</script>`, rows[1].one(t, "td.left").text(), "the headline's markup, as text")
	assert.Contains(t, body, `&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;`)
	csv := page.link("Download every line (CSV, up to 100,000)")
	assert.Equal(t, "api/kwic?format=csv&q=Kursk&size=100000", csv)
	code, body, _ = get(t, srv, "/"+csv)
	require.Equal(t, 200, code)
	assert.Equal(t, 3, strings.Count(body, "\n"), "the header and the two lines")

	// The article's page marks the query and links back to the results.
	code, body, _ = get(t, srv, "/"+html.UnescapeString(first.one(t, "a").attr("href")))
	require.Equal(t, 200, code)
	assert.Contains(t, body, "<mark>Kursk</mark>")
	assert.Contains(t, body, `<a href="../?q=Kursk">Back to the results</a>`)
}

// TestKWICPages: a search with more lines than a page has a next page,
// the last page none, and the order can be switched.
func TestKWICPages(t *testing.T) {
	srv, idx := kcnaServer(t)
	total := 0
	for _, err := range idx.KWIC(context.Background(), newsindex.Match{Text: "DPRK"}, newsindex.KWICOptions{}) {
		require.NoError(t, err)
		total++
	}
	require.Greater(t, total, 200, "more lines than a page")
	require.LessOrEqual(t, total, 400)

	code, body, _ := get(t, srv, "/kwic?q=DPRK")
	require.Equal(t, 200, code)
	page := parsePage(t, body)
	assert.Len(t, page.one(t, "table.kwic").one(t, "tbody").all("tr"), 200)
	assert.Contains(t, body, "Lines 1 to 200:")
	next := page.link("Next lines")
	assert.Equal(t, "kwic?q=DPRK&start=200", next)
	assert.Empty(t, page.link("Previous lines"))
	orders := page.one(t, "nav.switches")
	assert.Equal(t, "oldest first", orders.one(t, "span").text())
	assert.Equal(t, "kwic?q=DPRK&sort=newest", orders.link("newest first"))

	code, body, _ = get(t, srv, "/"+next)
	require.Equal(t, 200, code)
	page = parsePage(t, body)
	assert.Len(t, page.one(t, "table.kwic").one(t, "tbody").all("tr"), total-200)
	assert.Contains(t, body, "Lines 201 to "+strconv.Itoa(total)+", the last:")
	assert.Empty(t, page.link("Next lines"))
	assert.Equal(t, "kwic?q=DPRK", page.link("Previous lines"))

	code, body, _ = get(t, srv, "/kwic?q=DPRK&sort=newest")
	require.Equal(t, 200, code)
	dates := parsePage(t, body).one(t, "table.kwic").one(t, "tbody").texts("a")
	assert.GreaterOrEqual(t, dates[0], dates[len(dates)-1], "newest first")
	assert.Equal(t, "2012-11-", dates[0][:8])
}

// TestResearchViewErrors: a bad query or option is 400 with the reason
// (and the column), with the form to mend it; an empty one is the form.
func TestResearchViewErrors(t *testing.T) {
	srv := seedServer(t)
	for _, tc := range []struct {
		path   string
		status int
		want   string
	}{
		{"/terms?q=(Kursk", 400, `role="alert">unbalanced parenthesis: ( is never closed (at column 1)</p>`},
		{"/kwic?q=%22Kursk", 400, `(at column 1)</p>`},
		{"/terms?q=Kursk&lang=english", 400, `role="alert">&#34;english&#34; is not an ISO 639 code (en, de, ko)</p>`},
		{"/kwic?q=source:KCNA", 400, `has no words or phrase to show in context: add some</p>`},
		{"/kwic?q=Kursk&start=x", 400, `role="alert">start must be a number from 0 to 100000</p>`},
		{"/kwic?q=Kursk&sort=best", 400, `unknown sort`},
		{"/terms?q=" + strings.Repeat("x", 201), 400, `role="alert">query longer than 200 bytes</p>`},
		{"/kwic", 200, `Type a query to see every occurrence of its words`},
		{"/kwic?q=Kursk+spaceship", 200, `No article has every word of this query. <a href="kwic?any=1&amp;q=Kursk&#43;spaceship">Try any of its words</a>.`},
		{"/terms?q=Kursk+spaceship", 200, `No article has every word of this query. <a href="terms?any=1&amp;q=Kursk&#43;spaceship">Try any of its words</a>.`},
		{"/terms?q=Kursk&history=1", 200, `This view reads the current version of each article, not the earlier ones.`},
	} {
		t.Run(tc.path, func(t *testing.T) {
			code, body, _ := get(t, srv, tc.path)
			assert.Equal(t, tc.status, code)
			assert.Contains(t, body, tc.want)
			page := parsePage(t, body)
			assert.Len(t, page.all("form"), 1)
			if tc.status == 400 {
				for _, in := range page.one(t, "header").all("input") {
					if in.attr("id") == "q" {
						assert.Equal(t, "true", in.attr("aria-invalid"))
						assert.Equal(t, "query-error", in.attr("aria-describedby"))
					}
				}
			}
		})
	}
}
