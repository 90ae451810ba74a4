package ingest_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/newsindex/newsindex"
	"github.com/newsindex/newsindex/ingest"
)

func TestLoadIsIdempotent(t *testing.T) {
	ctx := context.Background()
	idx, err := newsindex.Open("", newsindex.Config{})
	require.NoError(t, err)
	defer idx.Close()

	var progress []ingest.Summary
	opts := ingest.LoadOptions{BatchSize: 4, OnProgress: func(s ingest.Summary) { progress = append(progress, s) }}
	sum, err := ingest.Load(ctx, idx, []string{"../testdata/seed.txt"}, opts)
	require.NoError(t, err)
	assert.Equal(t, 6, sum.Records)
	assert.Equal(t, 6, sum.Indexed)
	assert.Zero(t, sum.Failed+sum.Replaced+sum.Skipped)
	assert.Len(t, progress, 2, "one report a batch")

	sum, err = ingest.Load(ctx, idx, []string{"../testdata/seed.txt"}, ingest.LoadOptions{})
	require.NoError(t, err)
	assert.Equal(t, 6, sum.Skipped, "loading again changes nothing")
	assert.Zero(t, sum.Indexed+sum.Replaced)
	n, err := idx.Count(ctx)
	require.NoError(t, err)
	assert.Equal(t, uint64(6), n)

	res, err := idx.Search(ctx, newsindex.Source("KCNA"), newsindex.SearchOptions{})
	require.NoError(t, err)
	assert.Equal(t, uint64(3), res.Total)
	res, err = idx.Search(ctx, newsindex.Language("de"), newsindex.SearchOptions{})
	require.NoError(t, err)
	assert.Equal(t, uint64(3), res.Total, "languages are detected")
}

func TestLoadReportsBadRecordsAndGoesOn(t *testing.T) {
	ctx := context.Background()
	idx, err := newsindex.Open("", newsindex.Config{})
	require.NoError(t, err)
	defer idx.Close()
	file := filepath.Join(t.TempDir(), "articles.jsonl")
	require.NoError(t, os.WriteFile(file, []byte(strings.Join([]string{
		`{"id":"a","title":"First","language":"en"}`,
		`{"id":"b","title":`,
		`{"id":"c","title":"","body":""}`,
		`{"id":"d","title":"Fourth","lang":"Klingon"}`,
		`{"id":"a","title":"First, corrected","language":"en"}`,
	}, "\n")), 0o644))
	var errs []string
	sum, err := ingest.Load(ctx, idx, []string{file}, ingest.LoadOptions{OnError: func(err error) { errs = append(errs, err.Error()) }})
	require.NoError(t, err)
	assert.Equal(t, ingest.Summary{Records: 5, Indexed: 1, Replaced: 1, Failed: 3, Bytes: 21, Position: 192, Elapsed: sum.Elapsed}, sum,
		"Bytes counts the title text of valid records; Position the bytes read, here the whole file")
	assert.Equal(t, []string{
		"newsindex: " + file + ":2: bad JSON at column 18: unexpected end of JSON input",
		"newsindex: " + file + `:3: article "c": neither a title nor a body`,
		"newsindex: " + file + `:4: article "d": language: "klingon" is not a lowercase ISO 639 code such as "de" (leave it empty to detect)`,
	}, errs)
	a, err := idx.Get(ctx, "a")
	require.NoError(t, err)
	assert.Equal(t, "First, corrected", a.Title, "the last record with an ID wins")
}

func TestLoadStopsOnCancel(t *testing.T) {
	idx, err := newsindex.Open("", newsindex.Config{})
	require.NoError(t, err)
	defer idx.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sum, err := ingest.Load(ctx, idx, []string{"../testdata/kcna/sample.jsonl"}, ingest.LoadOptions{BatchSize: 50, OnProgress: func(s ingest.Summary) {
		if s.Indexed >= 100 {
			cancel()
		}
	}})
	assert.ErrorIs(t, err, context.Canceled)
	assert.Equal(t, 100, sum.Indexed)
	n, err := idx.Count(context.Background())
	require.NoError(t, err)
	assert.Equal(t, uint64(100), n, "what was acknowledged stays")
}

// TestLoadValidatesWithTheIndexCap: an article over the index's own
// Config.MaxArticleBytes is reported with its file and line and skipped;
// the others are indexed.
func TestLoadValidatesWithTheIndexCap(t *testing.T) {
	ctx := context.Background()
	idx, err := newsindex.Open("", newsindex.Config{MaxArticleBytes: 100})
	require.NoError(t, err)
	defer idx.Close()
	file := filepath.Join(t.TempDir(), "articles.jsonl")
	require.NoError(t, os.WriteFile(file, []byte(strings.Join([]string{
		`{"id":"a","title":"Short","language":"en"}`,
		`{"id":"b","title":"Long","body":"` + strings.Repeat("word ", 40) + `","language":"en"}`,
		`{"id":"c","title":"Also short","language":"en"}`,
	}, "\n")), 0o644))
	var errs []string
	sum, err := ingest.Load(ctx, idx, []string{file}, ingest.LoadOptions{OnError: func(err error) { errs = append(errs, err.Error()) }})
	require.NoError(t, err)
	assert.Equal(t, 3, sum.Records)
	assert.Equal(t, 2, sum.Indexed)
	assert.Equal(t, 1, sum.Failed)
	assert.Equal(t, []string{"newsindex: " + file + `:2: article "b": 206 bytes of text, more than the 100 allowed`}, errs)
	n, err := idx.Count(ctx)
	require.NoError(t, err)
	assert.Equal(t, uint64(2), n)
}

// TestLoadPositionReachesTheEnd: Summary.Position, which the progress bar
// shows against the size of the input, counts bytes (CSV rows with
// multi-byte letters and quoted line breaks included) and reaches the
// size of the files at the end, file after file.
func TestLoadPositionReachesTheEnd(t *testing.T) {
	dir := t.TempDir()
	csv := filepath.Join(dir, "a.csv")
	jsonl := filepath.Join(dir, "b.jsonl")
	require.NoError(t, os.WriteFile(csv, []byte("title;body\n'Pjöngjang';'Erster Absatz.\nZweiter Absatz: Ü, ß, 평양.'\n'Moskau';'Text'\n"), 0o644))
	require.NoError(t, os.WriteFile(jsonl, []byte(`{"title":"평양"}`+"\n"+`{"title":"Москва"}`+"\n"), 0o644))
	idx, err := newsindex.Open("", newsindex.Config{})
	require.NoError(t, err)
	defer idx.Close()

	var positions []int64
	opts := ingest.LoadOptions{BatchSize: 1, Options: ingest.Options{Comma: ';', Quote: '\''},
		OnProgress: func(s ingest.Summary) { positions = append(positions, s.Position) }}
	sum, err := ingest.Load(context.Background(), idx, []string{csv, jsonl}, opts)
	require.NoError(t, err)
	require.Zero(t, sum.Failed)
	csvSize, jsonlSize := fileSize(t, csv), fileSize(t, jsonl)
	assert.Equal(t, []int64{
		int64(len("title;body\n'Pjöngjang';'Erster Absatz.\nZweiter Absatz: Ü, ß, 평양.'\n")),
		csvSize,
		csvSize + int64(len(`{"title":"평양"}`+"\n")),
		csvSize + jsonlSize,
	}, positions, "after each record, the bytes up to its end")
	assert.Equal(t, csvSize+jsonlSize, sum.Position)
}

func fileSize(t *testing.T, path string) int64 {
	info, err := os.Stat(path)
	require.NoError(t, err)
	return info.Size()
}

// TestLoadRetitled: a rescrape in which the outlet edited a headline adds
// a version of the article, not a second article, and a sync does not
// take the first title for a deletion.
func TestLoadRetitled(t *testing.T) {
	ctx := context.Background()
	idx, err := newsindex.Open("", newsindex.Config{})
	require.NoError(t, err)
	defer idx.Close()
	dir := t.TempDir()
	seed, err := os.ReadFile("../testdata/seed.txt")
	require.NoError(t, err)
	first := filepath.Join(dir, "first.txt")
	require.NoError(t, os.WriteFile(first, seed, 0o644))
	edited := strings.Replace(string(seed), "DPRK Embassy in Moscow Hosts Reception", "Reception Held at DPRK Embassy in Moscow", 1)
	require.NotEqual(t, string(seed), edited)
	second := filepath.Join(dir, "second.txt")
	require.NoError(t, os.WriteFile(second, []byte(edited), 0o644))

	_, err = ingest.Load(ctx, idx, []string{first}, ingest.LoadOptions{})
	require.NoError(t, err)
	sum, err := ingest.Load(ctx, idx, []string{second}, ingest.LoadOptions{Sync: true})
	require.NoError(t, err)
	assert.Equal(t, 1, sum.Replaced, "the retitled article is a new version")
	assert.Zero(t, sum.Indexed)
	assert.Zero(t, sum.Deleted, "the first title is not a deleted article")
	n, err := idx.Count(ctx)
	require.NoError(t, err)
	assert.Equal(t, uint64(6), n)

	res, err := idx.Search(ctx, newsindex.Phrase{Text: "Reception Held at DPRK Embassy"}, newsindex.SearchOptions{History: true})
	require.NoError(t, err)
	require.Len(t, res.Hits, 1)
	h, err := idx.History(ctx, res.Hits[0].Article.ID)
	require.NoError(t, err)
	require.Len(t, h, 2)
	assert.Equal(t, "DPRK Embassy in Moscow Hosts Reception", h[0].Article.Title)
	assert.Equal(t, "Reception Held at DPRK Embassy in Moscow", h[1].Article.Title)

	sum, err = ingest.Load(ctx, idx, []string{second}, ingest.LoadOptions{Sync: true})
	require.NoError(t, err)
	assert.Equal(t, 6, sum.Skipped, "loading the rescrape again changes nothing")
}
