package newsindex_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	ni "github.com/newsindex/newsindex"
	"github.com/newsindex/newsindex/analysis"
)

// everything returns every article of an index, by ID.
func everything(t *testing.T, idx *ni.Index) map[string]ni.Article {
	t.Helper()
	out := map[string]ni.Article{}
	for a, err := range idx.Scan(context.Background(), ni.All()) {
		require.NoError(t, err)
		out[a.ID] = a
	}
	return out
}

func TestReindexKeepsEveryArticleAndName(t *testing.T) {
	ctx := context.Background()
	dir := copyDir(t, filepath.Join("testdata", "format", "v9", "seed.idx"))
	before, err := ni.Open(dir, ni.Config{ReadOnly: true})
	require.NoError(t, err)
	want := everything(t, before)
	require.NoError(t, before.Close())

	var seen []ni.ReindexProgress
	require.NoError(t, ni.Reindex(ctx, dir, ni.Config{}, func(p ni.ReindexProgress) { seen = append(seen, p) }))
	require.NotEmpty(t, seen)
	assert.Equal(t, ni.ReindexProgress{Done: 16, Total: 16}, seen[len(seen)-1])

	idx := openIndex(t, dir)
	assert.Equal(t, want, everything(t, idx), "the same articles under the same IDs")
	require.NoError(t, idx.Add(ctx, ni.Article{ID: "x", Body: "A visit to Острог.", Language: "en"}))
	res, err := idx.Search(ctx, ni.Entity("test-ostrog"), ni.SearchOptions{})
	require.NoError(t, err)
	assert.Equal(t, []string{"x"}, ids(res), "the names the index kept are kept")
	for _, leftover := range []string{dir + ".reindex", dir + ".old"} {
		_, err := os.Stat(leftover)
		assert.ErrorIs(t, err, os.ErrNotExist, "nothing left beside the index")
	}
}

func TestReindexReadsNewNamesIntoOldArticles(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "idx")
	idx := openIndex(t, dir)
	require.NoError(t, idx.Add(ctx, ni.Article{ID: "a", Body: "The delegation arrived in Ulan-Ude.", Language: "en"}))
	require.NoError(t, idx.Close())

	names := []analysis.Entity{{ID: "test-ulan-ude", Kind: "place", Variants: []string{"Ulan-Ude"}}}
	require.NoError(t, ni.Reindex(ctx, dir, ni.Config{Names: names}, nil))
	idx = openIndex(t, dir)
	res, err := idx.Search(ctx, ni.Entity("test-ulan-ude"), ni.SearchOptions{})
	require.NoError(t, err)
	assert.Equal(t, []string{"a"}, ids(res), "an article indexed before the name now counts for it")
}

func TestReindexFailsCleanly(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "idx")
	idx := openIndex(t, dir)
	require.NoError(t, idx.Add(ctx, readArticles(t, "seed.jsonl")...))

	t.Run("while another process writes", func(t *testing.T) {
		err := ni.Reindex(ctx, dir, ni.Config{LockTimeout: 50e6}, nil)
		assert.ErrorIs(t, err, ni.ErrLocked)
	})
	require.NoError(t, idx.Close())

	t.Run("cancelled", func(t *testing.T) {
		cancelled, cancel := context.WithCancel(ctx)
		cancel()
		err := ni.Reindex(cancelled, dir, ni.Config{}, nil)
		assert.ErrorIs(t, err, context.Canceled)
		assert.ErrorContains(t, err, "the index is unchanged")
		_, serr := os.Stat(dir + ".reindex")
		assert.ErrorIs(t, serr, os.ErrNotExist, "the half-built index is removed")
		idx := openIndex(t, dir)
		n, err := idx.Count(ctx)
		require.NoError(t, err)
		assert.Equal(t, uint64(6), n)
		require.NoError(t, idx.Close())
	})
	t.Run("no index", func(t *testing.T) {
		err := ni.Reindex(ctx, filepath.Join(t.TempDir(), "none"), ni.Config{}, nil)
		assert.ErrorContains(t, err, "no index at")
	})
}

// TestOpenFinishesAnInterruptedSwap: a crash between the two renames of a
// reindex leaves the index's folder missing; Open puts the right one back.
func TestOpenFinishesAnInterruptedSwap(t *testing.T) {
	ctx := context.Background()
	build := func(t *testing.T, dir string, articles ...ni.Article) {
		idx, err := ni.Open(dir, ni.Config{})
		require.NoError(t, err)
		require.NoError(t, idx.Add(ctx, articles...))
		require.NoError(t, idx.Close())
	}
	old := ni.Article{ID: "old", Body: "the old index", Language: "en"}
	rebuilt := ni.Article{ID: "new", Body: "the rebuilt index", Language: "en"}
	for _, tc := range []struct {
		name     string
		withNext bool
		wantID   string
		reason   string
	}{
		{"after the first rename", true, "new", "the rebuilt index is complete before the old one moves aside"},
		{"with no rebuilt index", false, "old", "the old index comes back"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "idx")
			build(t, dir+".old", old)
			if tc.withNext {
				build(t, dir+".reindex", rebuilt)
			}
			idx := openIndex(t, dir)
			_, err := idx.Get(ctx, tc.wantID)
			assert.NoError(t, err, tc.reason)
			n, err := idx.Count(ctx)
			require.NoError(t, err)
			assert.Equal(t, uint64(1), n)
		})
	}
}
