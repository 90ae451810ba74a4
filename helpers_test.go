package newsindex_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/newsindex/newsindex"
)

// readArticles reads a JSON Lines file of articles from testdata.
func readArticles(tb testing.TB, name string) []newsindex.Article {
	tb.Helper()
	var out []newsindex.Article
	eachLine(tb, name, func(line []byte) {
		var a newsindex.Article
		require.NoErrorf(tb, json.Unmarshal(line, &a), "%s: %s", name, line)
		out = append(out, a)
	})
	return out
}

// openIndex opens an index at dir ("" = in memory) and closes it when the
// test ends.
func openIndex(tb testing.TB, dir string) *newsindex.Index {
	tb.Helper()
	idx, err := newsindex.Open(dir, newsindex.Config{})
	require.NoError(tb, err)
	tb.Cleanup(func() { _ = idx.Close() })
	return idx
}

// seedIndex is an in-memory index of the six seed articles.
func seedIndex(tb testing.TB) *newsindex.Index {
	tb.Helper()
	idx := openIndex(tb, "")
	require.NoError(tb, idx.Add(context.Background(), readArticles(tb, "seed.jsonl")...))
	return idx
}

// ids returns the article IDs of the hits, in order.
func ids(res *newsindex.Result) []string {
	out := []string{}
	for _, h := range res.Hits {
		out = append(out, h.Article.ID)
	}
	return out
}

// eachLine calls fn with every line of a testdata file.
func eachLine(tb testing.TB, name string, fn func(line []byte)) {
	tb.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(tb, err)
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		fn(sc.Bytes())
	}
	require.NoError(tb, sc.Err())
}

// kcnaSample reads testdata/kcna/sample.jsonl, 200 real KCNA records in
// the shape of the KCNA data set (date, body null for headlines).
func kcnaSample(tb testing.TB) []newsindex.Article {
	tb.Helper()
	var out []newsindex.Article
	eachLine(tb, filepath.Join("kcna", "sample.jsonl"), func(line []byte) {
		var rec struct {
			ID, Date, Title, Language string
			Body                      *string
		}
		require.NoError(tb, json.Unmarshal(line, &rec))
		a := newsindex.Article{ID: rec.ID, Title: rec.Title, Language: rec.Language, Source: "KCNA", Published: parseDay(tb, rec.Date)}
		if rec.Body != nil {
			a.Body = *rec.Body
		}
		out = append(out, a)
	})
	return out
}

// rodongSample reads testdata/rodong/sample.jsonl, 20 real Rodong Sinmun
// articles as their scraper wrote them (byline, url), unchanged.
func rodongSample(tb testing.TB) []newsindex.Article {
	tb.Helper()
	var out []newsindex.Article
	eachLine(tb, filepath.Join("rodong", "sample.jsonl"), func(line []byte) {
		var rec struct {
			ID, Date, URL, Title, Byline, Body, Language, Source string
		}
		require.NoError(tb, json.Unmarshal(line, &rec))
		out = append(out, newsindex.Article{ID: rec.ID, Title: rec.Title, Body: rec.Body, Language: rec.Language,
			Source: rec.Source, Author: rec.Byline, URL: rec.URL, Published: parseDay(tb, rec.Date)})
	})
	return out
}

func parseDay(tb testing.TB, s string) time.Time {
	tb.Helper()
	t, err := time.Parse(time.DateOnly, s)
	require.NoError(tb, err)
	return t
}

// sortedIDs returns the article IDs of the hits, sorted.
func sortedIDs(res *newsindex.Result) []string {
	out := ids(res)
	sort.Strings(out)
	return out
}
