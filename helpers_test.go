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
	f, err := os.Open(filepath.Join("testdata", name))
	require.NoError(tb, err)
	defer f.Close()
	var out []newsindex.Article
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for line := 1; sc.Scan(); line++ {
		var a newsindex.Article
		require.NoErrorf(tb, json.Unmarshal(sc.Bytes(), &a), "%s:%d", name, line)
		out = append(out, a)
	}
	require.NoError(tb, sc.Err())
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

// kcnaSample reads testdata/kcna/sample.jsonl, 200 real KCNA records in
// the shape of the KCNA data set (date, body null for headlines).
func kcnaSample(tb testing.TB) []newsindex.Article {
	tb.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "kcna", "sample.jsonl"))
	require.NoError(tb, err)
	var out []newsindex.Article
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var rec struct {
			ID, Date, Title, Language, Source string
			Body                              *string
		}
		require.NoError(tb, json.Unmarshal(sc.Bytes(), &rec))
		published, err := time.Parse(time.DateOnly, rec.Date)
		require.NoError(tb, err)
		a := newsindex.Article{ID: rec.ID, Title: rec.Title, Language: rec.Language, Source: "KCNA", Published: published}
		if rec.Body != nil {
			a.Body = *rec.Body
		}
		out = append(out, a)
	}
	require.NoError(tb, sc.Err())
	return out
}

// sortedIDs returns the article IDs of the hits, sorted.
func sortedIDs(res *newsindex.Result) []string {
	out := ids(res)
	sort.Strings(out)
	return out
}

// rodongSample reads testdata/rodong/sample.jsonl, 20 real Rodong Sinmun
// articles as their scraper wrote them (byline, url), unchanged.
func rodongSample(tb testing.TB) []newsindex.Article {
	tb.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "rodong", "sample.jsonl"))
	require.NoError(tb, err)
	var out []newsindex.Article
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var rec struct {
			ID, Date, URL, Title, Byline, Body, Language, Source string
		}
		require.NoError(tb, json.Unmarshal(sc.Bytes(), &rec))
		published, err := time.Parse(time.DateOnly, rec.Date)
		require.NoError(tb, err)
		out = append(out, newsindex.Article{ID: rec.ID, Title: rec.Title, Body: rec.Body, Language: rec.Language,
			Source: rec.Source, Author: rec.Byline, URL: rec.URL, Published: published})
	}
	require.NoError(tb, sc.Err())
	return out
}
