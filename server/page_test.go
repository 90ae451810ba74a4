package server_test

import (
	"context"
	"fmt"
	"html"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/newsindex/newsindex"
	"github.com/newsindex/newsindex/server"
)

// slogans are author values as Rodong Sinmun's scraper gives them: the
// closing line of the article, not a name.
var slogans = []string{
	"I firmly believe that all the officials and workers in the construction sector will continue to perform proud feats on every theatre of a new revolution in construction",
	"Long live our great motherland, the Democratic People's Republic of Korea!",
	"Let us all fight vigorously for the dignity and glory of our great state and for the final victory of socialism with a firm faith in sure victory and indomitable will.",
}

// untitled is an article without a title, as some dumps have them.
var untitled = newsindex.Article{
	Body:      "Kim Jong Un inspected the Hungnam fertilizer complex on Tuesday and gave field guidance to its workers, officials and technicians.\nHe praised the workers of Pyongyang for their harvest.",
	Language:  "en",
	Source:    "Rodong Sinmun",
	Author:    "Political News Team",
	Published: time.Date(2022, 3, 1, 0, 0, 0, 0, time.UTC),
}

// rodongArticles are fourteen articles of one outlet by fourteen authors,
// three of them slogans, and one without a title; thirteen of them in a
// section with a long name.
func rodongArticles() []newsindex.Article {
	out := []newsindex.Article{untitled}
	for i := range 13 {
		author := fmt.Sprintf("Reporter %02d", i)
		if i < len(slogans) {
			author = slogans[i]
		}
		section := "Economy"
		if i%2 == 0 {
			section = "Politics"
		}
		out = append(out, newsindex.Article{
			Title:     fmt.Sprintf("Farmers of Pyongyang report harvest number %d", i),
			Body:      fmt.Sprintf("The farmers of Pyongyang gathered a rich harvest of rice, report number %d says.\nThe harvest was the best in years.", i),
			Language:  "en",
			Source:    "Rodong Sinmun",
			Author:    author,
			Section:   []string{section, "Reports from the desk of the Rodong Sinmun political news team"},
			Published: time.Date(2021, time.Month(1+i), 15, 0, 0, 0, 0, time.UTC),
		})
	}
	return out
}

// rodongServer serves an in-memory index of rodongArticles.
func rodongServer(t testing.TB) (*httptest.Server, *newsindex.Index) {
	t.Helper()
	idx, err := newsindex.Open("", newsindex.Config{})
	require.NoError(t, err)
	t.Cleanup(func() { idx.Close() })
	require.NoError(t, idx.Add(context.Background(), rodongArticles()...))
	srv := httptest.NewServer(server.New(idx, server.Options{}))
	t.Cleanup(srv.Close)
	return srv, idx
}

// TestUntitledHeadline: an article without a title is listed and shown by
// the first words of its body, not as "(no title)".
func TestUntitledHeadline(t *testing.T) {
	srv, _ := rodongServer(t)
	headline := "Kim Jong Un inspected the Hungnam fertilizer complex on Tuesday and gave …"
	code, body, _ := get(t, srv, "/?q=fertilizer")
	require.Equal(t, 200, code)
	assert.NotContains(t, body, "(no title)")
	assert.Contains(t, body, ">"+headline+"</a></h2>")

	code, body, _ = get(t, srv, "/articles/"+untitled.StableID())
	require.Equal(t, 200, code)
	assert.NotContains(t, body, "(no title)")
	assert.Contains(t, body, "<h1>"+headline+"</h1>")
	assert.Contains(t, body, "<title>"+headline+" · newsindex</title>")
	assert.True(t, strings.Contains(body, "<p>He praised the workers of Pyongyang for their harvest.</p>"), "the body is shown whole")
}

// firstHit is the headline of the first hit of a results page.
func firstHit(t *testing.T, body string) string {
	t.Helper()
	_, rest, ok := strings.Cut(body, `<ol class="hits">`)
	require.True(t, ok, "a list of hits")
	_, rest, ok = strings.Cut(rest, "<h2><a href=")
	require.True(t, ok, "a hit")
	_, rest, _ = strings.Cut(rest, ">")
	title, _, _ := strings.Cut(rest, "</a>")
	return title
}

// TestDefaultSort: without query text (the front page, filters alone) the
// newest articles come first, and the sort select says so; with query text
// best match; an explicit sort= wins. The default's option sends sort=
// empty, so that a query typed on the front page is ranked by best match.
func TestDefaultSort(t *testing.T) {
	srv, _ := rodongServer(t)
	const newest, oldest = "Kim Jong Un inspected the Hungnam fertilizer complex on Tuesday and gave …", "Farmers of Pyongyang report harvest number 0"
	for _, tc := range []struct {
		path, first, options, reason string
	}{
		{"/", newest, `<option value="relevance">best match</option><option value="" selected>newest</option><option value="oldest">oldest</option>`, "the front page: newest first"},
		{"/?source=Rodong", newest, `<option value="relevance">best match</option><option value="" selected>newest</option>`, "filters alone: newest first"},
		{"/?q=&from=&to=&sort=", newest, `<option value="" selected>newest</option>`, "the empty form as a browser sends it"},
		{"/?sort=oldest", oldest, `<option value="relevance">best match</option><option value="newest">newest</option><option value="oldest" selected>oldest</option>`, "an explicit order wins"},
		{"/?sort=relevance", "", `<option value="relevance" selected>best match</option><option value="newest">newest</option>`, "best match, if asked for"},
		{"/?q=harvest+number+0", oldest, `<option value="" selected>best match</option><option value="newest">newest</option>`, "query text: best match"},
		{"/?q=rice&sort=newest", "Farmers of Pyongyang report harvest number 12", `<option value="newest" selected>newest</option>`, "query text and an explicit order"},
	} {
		code, body, _ := get(t, srv, tc.path)
		require.Equal(t, 200, code, tc.path)
		if tc.first != "" {
			assert.Equal(t, tc.first, firstHit(t, body), tc.reason)
		}
		assert.Contains(t, body, tc.options, tc.reason)
	}
}

// TestPlaceholdersAreExamples: the placeholders read as examples ("e.g.",
// and a lighter italic in the style sheet), beside the labels.
func TestPlaceholdersAreExamples(t *testing.T) {
	srv, _ := rodongServer(t)
	_, body, _ := get(t, srv, "/")
	for _, want := range []string{
		`<label for="q" class="visually-hidden">Search the archive</label>`,
		`placeholder="e.g. Putin AND (Lavrov OR Shoigu) published:2025"`,
		`<label for="from">From</label>`,
		`placeholder="e.g. 2024-06"`,
		`<label for="to">to</label>`,
		`placeholder="e.g. 2025-08-20"`,
	} {
		assert.Contains(t, body, want)
	}
	_, css, _ := get(t, srv, "/static/style.css")
	assert.Contains(t, css, "::placeholder { color: #6b6b6b; font-style: italic; opacity: 1; }")
}

// facetSection is the HTML of one facet of a results page.
func facetSection(t *testing.T, body, name string) string {
	t.Helper()
	_, rest, ok := strings.Cut(body, "<h2>"+name+"</h2>")
	require.True(t, ok, "a facet %s", name)
	section, _, _ := strings.Cut(rest, "</section>")
	return section
}

// TestLongFacets: facet values are shortened for display (whole in the
// title and the link); a facet shows ten values and a link to fifty
// (more=author), which has a link back.
func TestLongFacets(t *testing.T) {
	srv, _ := rodongServer(t)
	code, body, _ := get(t, srv, "/?q=Pyongyang")
	require.Equal(t, 200, code)
	authors := facetSection(t, body, "author")
	assert.Equal(t, 10, strings.Count(authors, "<li>"), "the first ten of fourteen")
	assert.Contains(t, authors, `<a href="./?author=I&#43;firmly&#43;believe&#43;that&#43;all&#43;the&#43;officials&#43;and&#43;workers&#43;in&#43;the&#43;construction&#43;sector&#43;will&#43;continue&#43;to&#43;perform&#43;proud&#43;feats&#43;on&#43;every&#43;theatre&#43;of&#43;a&#43;new&#43;revolution&#43;in&#43;construction&amp;q=Pyongyang" title="`+slogans[0]+`">I firmly believe that all the officials…</a>`,
		"shortened, whole in the title and the link")
	assert.Contains(t, authors, `>Political News Team</a>`, "short values as they are")
	assert.NotContains(t, authors, `title="Political News Team"`)
	assert.Contains(t, authors, `<p class="more"><a href="./?more=author&amp;q=Pyongyang" aria-label="more author values">more</a></p>`)
	assert.NotContains(t, facetSection(t, body, "source"), `class="more"`, "one outlet: nothing more")
	_, hits, _ := strings.Cut(body, `<ol class="hits">`)
	assert.NotContains(t, hits, slogans[0]+"</", "nor in the hits' lines")

	code, body, _ = get(t, srv, "/?q=Pyongyang&more=author")
	require.Equal(t, 200, code)
	authors = facetSection(t, body, "author")
	assert.Equal(t, 14, strings.Count(authors, "<li>"), "all fourteen")
	assert.Contains(t, authors, `<p class="more"><a href="./?q=Pyongyang" aria-label="fewer author values">fewer</a></p>`)
	assert.NotContains(t, authors, ">more</a>")

	code, body, _ = get(t, srv, "/?q=Pyongyang&author="+url.QueryEscape(slogans[0]))
	require.Equal(t, 200, code)
	assert.Contains(t, body, "1 article matches", "the link filters by the whole value")
	assert.Contains(t, body, `author: <strong title="`+slogans[0]+`">I firmly believe that all the officials…</strong>`)
	assert.Contains(t, body, `aria-label="Remove filter author `+slogans[0]+`"`)

	code, _, _ = get(t, srv, "/?q=Pyongyang&more=colour")
	assert.Equal(t, 200, code, "an unknown more= is ignored")
}

// hitLink is the link of the first hit of a results page, unescaped.
func hitLink(t *testing.T, body string) string {
	t.Helper()
	_, rest, ok := strings.Cut(body, `<ol class="hits">`)
	require.True(t, ok, "a list of hits")
	_, rest, ok = strings.Cut(rest, `<h2><a href="`)
	require.True(t, ok, "a hit")
	href, _, _ := strings.Cut(rest, `"`)
	return html.UnescapeString(href)
}

// TestArticleFromResults: a link from the results carries the search, and
// the article's page marks the query's matches in the whole title and
// body, links back to the same results and lists the names the article
// holds, each a link to a search by it.
func TestArticleFromResults(t *testing.T) {
	srv, _ := rodongServer(t)
	id := untitled.StableID()
	_, body, _ := get(t, srv, "/?q=fertilizer+workers&source=Rodong&from=&sort=")
	link := hitLink(t, body)
	assert.Equal(t, "articles/"+id+"?q=fertilizer+workers&source=Rodong", link, "the search goes with the link; empty fields do not")

	code, body, _ := get(t, srv, "/"+link)
	require.Equal(t, 200, code)
	assert.Contains(t, body, `<p class="back"><a href="../?q=fertilizer&#43;workers&amp;source=Rodong">Back to the results</a></p>`)
	assert.Contains(t, body, "<p>Kim Jong Un inspected the Hungnam <mark>fertilizer</mark> complex on Tuesday and gave field guidance to its <mark>workers</mark>, officials and technicians.</p>")
	assert.Contains(t, body, "<p>He praised the <mark>workers</mark> of Pyongyang for their harvest.</p>", "every match, in every paragraph")
	assert.Contains(t, body, `<h2 id="entities">Names in this article</h2>`)
	assert.Contains(t, body, `<li><a href="../?entity=kim-jong-un" title="Articles naming Kim Jong Un">Kim Jong Un</a> <span class="n">person</span></li>`)
	assert.Contains(t, body, `<li><a href="../?entity=pyongyang" title="Articles naming Pyongyang">Pyongyang</a> <span class="n">place</span></li>`)

	code, body, _ = get(t, srv, "/?entity=pyongyang")
	require.Equal(t, 200, code)
	assert.Contains(t, body, "14 articles match", "the entity's link finds the articles that name it")

	_, body, _ = get(t, srv, "/?q=harvest+number+3")
	link = hitLink(t, body)
	_, body, _ = get(t, srv, "/"+link)
	assert.Contains(t, body, "<h1>Farmers of Pyongyang report <mark>harvest number 3</mark></h1>", "the title is marked too")

	for _, q := range []string{"spaceship", "(fertilizer", "fertilizer -workers"} {
		code, body, _ = get(t, srv, "/articles/"+id+"?q="+url.QueryEscape(q))
		require.Equal(t, 200, code, q)
		assert.NotContains(t, body, "<mark>", "%s: the article does not match; shown unmarked", q)
		assert.Contains(t, body, "<p>Kim Jong Un inspected the Hungnam fertilizer complex", q)
		assert.Contains(t, body, ">Back to the results</a>", q)
	}
	code, body, _ = get(t, srv, "/articles/"+id+"?q=fertilizer&lang=de")
	require.Equal(t, 200, code)
	assert.NotContains(t, body, "<mark>", "the filters are part of the search")

	code, body, _ = get(t, srv, "/articles/"+id)
	require.Equal(t, 200, code)
	assert.NotContains(t, body, "<mark>")
	assert.NotContains(t, body, "Back to the results", "no search, nothing to go back to")
	assert.Contains(t, body, "Names in this article")
}

// TestArticleMarksEscaped: the marked text is still escaped.
func TestArticleMarksEscaped(t *testing.T) {
	srv := seedServer(t)
	_, body, _ := get(t, srv, "/?q=friends")
	link := hitLink(t, body)
	code, body, _ := get(t, srv, "/"+link)
	require.Equal(t, 200, code)
	assert.Contains(t, body, "<h1>&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; Kursk &amp; &#34;<mark>friends</mark>&#34;</h1>")
	assert.NotContains(t, body, "<script>")
}

// TestEntityFacetNames: the entity facet and filter show an entity by its
// name and filter by its ID.
func TestEntityFacetNames(t *testing.T) {
	srv, _ := rodongServer(t)
	_, body, _ := get(t, srv, "/?q=fertilizer")
	entities := facetSection(t, body, "entity")
	assert.Contains(t, entities, `<a href="./?entity=kim-jong-un&amp;q=fertilizer">Kim Jong Un</a>`)
	assert.Contains(t, entities, `<a href="./?entity=pyongyang&amp;q=fertilizer">Pyongyang</a>`)
	_, body, _ = get(t, srv, "/?entity=kim-jong-un")
	assert.Contains(t, body, "1 article matches")
	assert.Contains(t, body, `entity: <strong>Kim Jong Un</strong> <a href="./?" aria-label="Remove filter entity Kim Jong Un">×</a>`)
	assert.Contains(t, facetSection(t, body, "entity"), `aria-current="true" class="active">Kim Jong Un</a>`)
}

// TestParagraphs: an article's lines are its paragraphs; blank lines and
// lines of punctuation alone (", , , ," in scraped KCNA text) are none.
func TestParagraphs(t *testing.T) {
	for _, tc := range []struct {
		text string
		want []string
	}{
		{"One.\n\nTwo.", []string{"One.", "Two."}},
		{"  One.  \n , , , , , ,\n\nTwo.\n", []string{"One.", "Two."}},
		{"«»\n—\n2024", []string{"2024"}},
		{"조선\n,", []string{"조선"}},
		{"", nil},
	} {
		assert.Equal(t, tc.want, server.Paragraphs(tc.text), "%q", tc.text)
	}
}
