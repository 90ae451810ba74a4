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
