package ingest_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/newsindex/newsindex"
	"github.com/newsindex/newsindex/ingest"
)

func TestHTML(t *testing.T) {
	recs, errs := readAll(t, []string{"../testdata/html"}, ingest.Options{})
	require.Empty(t, errs)
	require.Len(t, recs, 2)

	kcna := recs[0].Article
	seed := seedArticles(t)[3]
	assert.Equal(t, seed.Title, kcna.Title)
	assert.Equal(t, strings.ReplaceAll(seed.Body, "\n", "\n"), kcna.Body, "the article text alone: no navigation, aside or footer; dateline and -0- taken off")
	assert.Equal(t, "Pyongyang", kcna.Dateline)
	assert.Equal(t, "KCNA", kcna.Source)
	assert.Equal(t, day(2025, 8, 20), kcna.Published)
	assert.Equal(t, "http://www.kcna.kp/en/article/q/example-greetings.kcmsf", kcna.URL, "the canonical link")
	assert.Equal(t, "en", kcna.Language)
	require.NoError(t, kcna.Validate())

	naenara := recs[1].Article
	assert.Equal(t, "Pjöngjang empfängt Delegation", naenara.Title, "decoded from windows-1252")
	assert.True(t, strings.HasPrefix(naenara.Body, "Die Delegation aus Moskau wurde am Flughafen Pjöngjang von Vertretern des Außenministeriums empfangen."), naenara.Body)
	assert.NotContains(t, naenara.Body, "Naenara, 2020-04-25", "the outlet line ends the article")
	assert.Equal(t, "Naenara", naenara.Source)
	assert.Equal(t, day(2020, 4, 25), naenara.Published)
	assert.Equal(t, newsindex.PrecisionDay, naenara.Precision)
	assert.Equal(t, "http://www.naenara.com.kp/de/a/1.html", naenara.URL, "the saved-from comment")
}

func TestHTMLWithoutArticle(t *testing.T) {
	_, errs := readAll(t, []string{"-"}, ingest.Options{Format: ingest.HTML, Stdin: strings.NewReader("<html><body></body></html>")})
	require.Len(t, errs, 1)
	assert.Contains(t, errs[0].Error(), "newsindex: -: no article")
}

// TestHTMLStopsWithContext: a directory of pages stops at the next page
// when the context ends.
func TestHTMLStopsWithContext(t *testing.T) {
	dir := t.TempDir()
	page, err := os.ReadFile("../testdata/html/kcna-item.html")
	require.NoError(t, err)
	for i := range 30 {
		require.NoError(t, os.WriteFile(filepath.Join(dir, fmt.Sprintf("page-%02d.html", i)), page, 0o644))
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	n := 0
	var last error
	for _, err := range ingest.Read(ctx, []string{dir}, ingest.Options{}) {
		if n++; n == 2 {
			cancel()
		}
		if err != nil {
			last = err
			break
		}
	}
	assert.ErrorIs(t, last, context.Canceled)
	assert.Equal(t, 3, n, "two pages, then the error")
}

// TestHTMLPageOfSeveralItems: a saved page holding several agency items
// (KCNA's pages of 1997–2002 do) gives one article an item; they used to be
// one article, the later items lost in the body of the first.
func TestHTMLPageOfSeveralItems(t *testing.T) {
	page := `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>KCNA news, January 2, 1997</title>
<link rel="canonical" href="http://www.kcna.co.jp/item/1997/9701/news1/02.htm"></head><body><main><article>
<h2>S. Korean professors vow to wage campaign</h2>
<p>Pyongyang, January 2 (KCNA) -- South Korean professors vowed to wage a campaign for the resignation of the present government, according to a report.</p>
<p>They said so at a meeting held in Seoul, calling on all the people to join the campaign. -0-</p>
<h2>NDFSK vows to overthrow civilian government</h2>
<p>Pyongyang, January 2 (KCNA) -- The National Democratic Front of South Korea vowed to overthrow the civilian government in a statement issued on the occasion of the new year.</p>
<p>The statement called for an end to the present regime. -0-</p>
</article></main><footer><p>Copyright the test page authors.</p></footer></body></html>`
	recs, errs := readAll(t, []string{"-"}, ingest.Options{Format: ingest.HTML, Stdin: strings.NewReader(page)})
	require.Empty(t, errs)
	assert.Equal(t, []string{"S. Korean professors vow to wage campaign", "NDFSK vows to overthrow civilian government"}, titles(recs))
	for _, r := range recs {
		assert.Equal(t, "Pyongyang", r.Article.Dateline)
		assert.Equal(t, "KCNA", r.Article.Source)
		assert.Equal(t, "http://www.kcna.co.jp/item/1997/9701/news1/02.htm", r.Article.URL)
		assert.NotContains(t, r.Article.Body, "-0-")
	}
	assert.NotContains(t, recs[0].Article.Body, "NDFSK")
}
