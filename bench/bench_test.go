package bench_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/newsindex/newsindex"
	"github.com/newsindex/newsindex/bench"
)

func TestRunOnTheKCNASample(t *testing.T) {
	if testing.Short() {
		t.Skip("indexes the sample twice")
	}
	var lines []string
	rep, err := bench.Run(context.Background(), bench.Options{Corpus: "../testdata/kcna/sample.jsonl", Dir: t.TempDir(), Rounds: 2,
		Progress: func(s string) { lines = append(lines, s) }})
	require.NoError(t, err)
	for _, f := range []bench.Figures{rep.Newsindex, rep.BleveDefault} {
		assert.Equal(t, 200, f.Docs)
		assert.Positive(t, f.MBPerS)
		assert.Positive(t, f.BytesPerText)
		assert.Positive(t, f.QPS)
		assert.Equal(t, 8, f.QueriesPerMix, "term, words, phrase, filtered, facets, sorted, fuzzy, deep page")
		assert.LessOrEqual(t, f.P50ms, f.P99ms)
		var kinds []string
		for _, k := range f.Kinds {
			kinds = append(kinds, k.Kind)
			assert.Positive(t, k.P99ms, k.Kind)
			assert.LessOrEqual(t, k.P50ms, k.P99ms, k.Kind)
			// Two rounds: the p99 of a kind and of the mix are their slowest runs.
			assert.LessOrEqual(t, k.P99ms, f.P99ms, "%s: no slower than the mix's slowest", k.Kind)
		}
		assert.Equal(t, []string{"term", "words", "phrase", "filtered", "facets", "newest", "fuzzy", "deep page"}, kinds)
	}
	assert.InDelta(t, rep.Newsindex.MBPerS/rep.BleveDefault.MBPerS, rep.Ratios["mb_per_s"], 1e-9)
	assert.InDelta(t, rep.Newsindex.Kinds[2].P99ms/rep.BleveDefault.Kinds[2].P99ms, rep.Ratios["p99_ms:phrase"], 1e-9)
	assert.NotEmpty(t, lines)
}

func TestResample(t *testing.T) {
	base := []newsindex.Article{
		{ID: "a", Title: "A", Body: "a1\na2", Published: mustDate(2012)},
		{ID: "b", Title: "B", Body: "b1\nb2\nb3", Published: mustDate(2011)},
	}
	got := bench.Resample(base, 6)
	require.Len(t, got, 6)
	assert.Equal(t, base, got[:2], "the corpus itself comes first")
	seen := map[string]bool{}
	for _, a := range got {
		assert.False(t, seen[a.ID], "fresh IDs")
		seen[a.ID] = true
		assert.NoError(t, a.Validate())
	}
	assert.True(t, got[4].Published.Year() < 2011, "dates move back by whole years")
	assert.Equal(t, got, bench.Resample(base, 6), "deterministic")
	assert.Len(t, bench.Resample(base, 1), 1)
}

func mustDate(year int) (t time.Time) { return time.Date(year, 6, 1, 0, 0, 0, 0, time.UTC) }
