package newsindex_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/newsindex/newsindex"
)

// TestResultsUnchangedWithShards runs the searches of TestResultsUnchanged
// on indexes of several shards: they must find what one shard finds, the
// same hits, totals, facets and notes, scores within 1e-9.
func TestResultsUnchangedWithShards(t *testing.T) {
	if testing.Short() {
		t.Skip("skipping the comparison of every search in -short mode")
	}
	for _, n := range []int{2, 4} {
		t.Run(fmt.Sprintf("%d shards", n), func(t *testing.T) {
			idx := resultsIndexOf(t, newsindex.Config{Shards: n})
			require.Equal(t, n, idx.Shards())
			compareGolden(t, searchResults(t, idx))
		})
	}
}

// shardedArchive is an index of the KCNA sample and the multilingual
// articles with cfg, with edits (versions) and a deletion, as
// resultsIndex has them.
func shardedArchive(t *testing.T, dir string, shards int) *newsindex.Index {
	t.Helper()
	ctx := context.Background()
	idx, err := newsindex.Open(dir, newsindex.Config{Shards: shards})
	require.NoError(t, err)
	t.Cleanup(func() { _ = idx.Close() })
	articles := kcnaSample(t)
	require.NoError(t, idx.Add(ctx, articles...))
	require.NoError(t, idx.Add(ctx, readArticles(t, "multilingual.jsonl")...))
	var edits []newsindex.Article
	for _, i := range []int{3, 17, 42} {
		a := articles[i]
		a.Body += " (revised)"
		edits = append(edits, a)
	}
	require.NoError(t, idx.Add(ctx, edits...))
	require.NoError(t, idx.Delete(ctx, articles[120].ID))
	return idx
}

// TestShardedResearchLikeOneShard: the research features read the term
// dictionaries of every shard: what they find on three shards is what
// they find on one.
func TestShardedResearchLikeOneShard(t *testing.T) {
	ctx := context.Background()
	one := shardedArchive(t, "", 1)
	three := shardedArchive(t, "", 3)
	require.Equal(t, 3, three.Shards())
	sample := kcnaSample(t)

	for _, q := range []newsindex.Query{newsindex.Match{Text: "Korea"}, newsindex.Match{Text: "friendship delegation"}} {
		a, err := one.Terms(ctx, q, newsindex.TermsOptions{})
		require.NoError(t, err)
		b, err := three.Terms(ctx, q, newsindex.TermsOptions{})
		require.NoError(t, err)
		assert.Equal(t, a, b, "Terms %s", q)

		var la, lb []newsindex.KWICLine
		for l, err := range one.KWIC(ctx, q, newsindex.KWICOptions{}) {
			require.NoError(t, err)
			la = append(la, l)
		}
		for l, err := range three.KWIC(ctx, q, newsindex.KWICOptions{}) {
			require.NoError(t, err)
			lb = append(lb, l)
		}
		assert.Equal(t, la, lb, "KWIC %s", q)
	}
	trend := newsindex.TrendOptions{Queries: []newsindex.Query{newsindex.Match{Text: "Korea"}, newsindex.Phrase{Text: "Kim Jong Il"}}}
	ta, err := one.Trend(ctx, trend)
	require.NoError(t, err)
	tb, err := three.Trend(ctx, trend)
	require.NoError(t, err)
	assert.Equal(t, ta, tb, "Trend")
	for _, i := range []int{0, 5, 60} {
		ra, err := one.Related(ctx, sample[i].ID, newsindex.RelatedOptions{})
		require.NoError(t, err)
		rb, err := three.Related(ctx, sample[i].ID, newsindex.RelatedOptions{})
		require.NoError(t, err)
		assert.Equal(t, ra, rb, "Related %s", sample[i].ID)
	}
}

// TestShardedVersionsOnDisk: on an index of three shards on disk, Get,
// Lookup, History, Delete and Purge find an article's documents in its
// shard; the count of shards is kept by the index; Check finds the
// statistics equal to what the shards hold; Reindex can change the count.
func TestShardedVersionsOnDisk(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "idx")
	idx := shardedArchive(t, dir, 3)
	sample := kcnaSample(t)
	edited, deleted := sample[17], sample[120]

	check := func(idx *newsindex.Index, shards int, why string) {
		t.Helper()
		assert.Equal(t, shards, idx.Shards(), why)
		n, err := idx.Count(ctx)
		require.NoError(t, err)
		assert.Equal(t, uint64(len(sample)-1+len(readArticles(t, "multilingual.jsonl"))), n, "%s: every article but the deleted one", why)
		got, err := idx.Get(ctx, edited.ID)
		require.NoError(t, err, why)
		assert.Equal(t, edited.Body+" (revised)", got.Body, why)
		h, err := idx.History(ctx, edited.ID)
		require.NoError(t, err, why)
		require.Len(t, h, 2, why)
		assert.Equal(t, edited.Body, h[0].Article.Body, "%s: the earlier version is in the article's shard", why)
		_, err = idx.Get(ctx, deleted.ID)
		assert.ErrorIs(t, err, newsindex.ErrNotFound, why)
		h, err = idx.History(ctx, deleted.ID)
		require.NoError(t, err, why)
		require.Len(t, h, 2, why)
		assert.True(t, h[1].Deleted, "%s: the deletion is kept", why)
		found, err := idx.Lookup(ctx, sample[0].ID, sample[1].ID, sample[2].ID, deleted.ID, "nothing")
		require.NoError(t, err, why)
		assert.Len(t, found, 3, why)
	}
	check(idx, 3, "as written")
	require.NoError(t, idx.Close())

	again, err := newsindex.Open(dir, newsindex.Config{})
	require.NoError(t, err)
	check(again, 3, "reopened: the count comes from the index")
	require.NoError(t, again.Purge(ctx, edited.ID))
	_, err = again.History(ctx, edited.ID)
	assert.ErrorIs(t, err, newsindex.ErrNotFound, "purged with its versions")
	require.NoError(t, again.Add(ctx, edited))
	require.NoError(t, again.Close())

	_, err = newsindex.Open(dir, newsindex.Config{Shards: 2})
	require.Error(t, err, "another count than the index's")
	assert.Contains(t, err.Error(), "the index has 3 shards and 2 were asked for")
	same, err := newsindex.Open(dir, newsindex.Config{Shards: 3})
	require.NoError(t, err, "the index's own count")
	require.NoError(t, same.Close())

	rep, err := newsindex.Check(ctx, dir, nil)
	require.NoError(t, err)
	assert.Empty(t, rep.Problems, "the statistics the shards keep add up to what they hold")

	require.NoError(t, newsindex.Reindex(ctx, dir, newsindex.Config{Shards: 1}, nil))
	one, err := newsindex.Open(dir, newsindex.Config{})
	require.NoError(t, err)
	defer one.Close()
	assert.Equal(t, 1, one.Shards(), "a reindex with another count")
	_, err = os.Stat(filepath.Join(dir, "shard-0"))
	assert.ErrorIs(t, err, os.ErrNotExist, "one shard is the layout before shards")
	h, err := one.History(ctx, deleted.ID)
	require.NoError(t, err)
	assert.Len(t, h, 2, "the history is copied")
}

// TestShardLayout: an index of one shard is laid out as before shards (its
// Bleve index in the directory, no count in newsindex.json); one of more
// has its shards in subdirectories and its count in newsindex.json.
func TestShardLayout(t *testing.T) {
	for _, tc := range []struct {
		name   string
		shards int
		files  []string
		count  any
	}{
		{"default", 0, []string{"index_meta.json", "store"}, nil},
		{"one", 1, []string{"index_meta.json", "store"}, nil},
		{"two", 2, []string{"shard-0/index_meta.json", "shard-0/store", "shard-1/index_meta.json", "shard-1/store"}, float64(2)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "idx")
			idx, err := newsindex.Open(dir, newsindex.Config{Shards: tc.shards})
			require.NoError(t, err)
			require.NoError(t, idx.Close())
			for _, f := range tc.files {
				assert.FileExists(t, filepath.Join(dir, f)+map[bool]string{true: "/root.bolt"}[filepath.Base(f) == "store"])
			}
			data, err := os.ReadFile(filepath.Join(dir, "newsindex.json"))
			require.NoError(t, err)
			var layout map[string]any
			require.NoError(t, json.Unmarshal(data, &layout))
			assert.Equal(t, tc.count, layout["shards"])
		})
	}
}

// TestShardsConfig: counts out of range are refused, naming the range.
func TestShardsConfig(t *testing.T) {
	for _, tc := range []struct {
		shards int
		reason string
	}{
		{-1, "negative"},
		{newsindex.MaxShards + 1, "past the most"},
		{10000, "absurd"},
	} {
		_, err := newsindex.Open("", newsindex.Config{Shards: tc.shards})
		require.Error(t, err, tc.reason)
		assert.Contains(t, err.Error(), fmt.Sprintf("Shards is %d: an index has 1 to %d shards", tc.shards, newsindex.MaxShards), tc.reason)
	}
	idx, err := newsindex.Open("", newsindex.Config{Shards: newsindex.MaxShards})
	require.NoError(t, err, "the most")
	assert.Equal(t, newsindex.MaxShards, idx.Shards())
	require.NoError(t, idx.Close())
}

// TestDeepPagesWithShards: a page after the first is searched in two
// steps on several shards (the hits, then what the page shows of them, from
// their shards): its hits, highlights and totals are those of one shard.
func TestDeepPagesWithShards(t *testing.T) {
	if testing.Short() {
		t.Skip("skipping the comparison of every search in -short mode")
	}
	ctx := context.Background()
	one := resultsIndexOf(t, newsindex.Config{})
	two := resultsIndexOf(t, newsindex.Config{Shards: 2})
	for _, o := range []newsindex.SearchOptions{
		{From: 7, Size: 5, Highlight: true},
		{From: 3, Size: 4, Highlight: true, WholeText: true},
		{From: 11, Size: 3, Sort: newsindex.ByNewest, Highlight: true},
	} {
		for _, text := range resultsQueries {
			q, err := newsindex.Parse(text)
			require.NoError(t, err, text)
			key := fmt.Sprintf("%+v %s", o, text)
			comparePages(t, key, record(one.Search(ctx, q, o)), record(two.Search(ctx, q, o)))
		}
	}
}

// comparePages compares a page after the first of two searches: the same
// totals and scores, and the same hits with the same highlights but where
// the page begins or ends among hits of equal scores, which an index may
// hold in any order (compareRecords allows for the end only).
func comparePages(t *testing.T, key string, want, got searchRecord) {
	t.Helper()
	assert.Equal(t, want.Error, got.Error, key)
	assert.Equal(t, want.Total, got.Total, "%s: total", key)
	if !assert.Len(t, got.Hits, len(want.Hits), "%s: hits", key) || len(want.Hits) == 0 {
		return
	}
	for i := range want.Hits {
		assert.InDelta(t, want.Hits[i].Score, got.Hits[i].Score, 1e-9, "%s: score of hit %d", key, i)
	}
	tied := func(a, b hitRecord) bool { return math.Abs(a.Score-b.Score) <= 1e-9 }
	first, last := want.Hits[0], want.Hits[len(want.Hits)-1]
	byID := map[string]hitRecord{}
	for _, h := range got.Hits {
		byID[h.ID+version(h)] = h
	}
	for i, w := range want.Hits {
		if tied(w, first) || tied(w, last) {
			continue
		}
		g, ok := byID[w.ID+version(w)]
		if assert.True(t, ok, "%s: hit %d %s", key, i, w.ID) {
			assert.Equal(t, w.Fragments, g.Fragments, "%s: fragments of hit %d", key, i)
		}
	}
	// The hits among ties still show what they hold.
	for i, g := range got.Hits {
		if len(want.Hits[i].Fragments) > 0 {
			assert.NotEmpty(t, g.Fragments, "%s: fragments of hit %d", key, i)
		}
	}
}

// TestShardedPagesAmongTies: on several shards, articles of equal score
// come in one order, whatever the page and however often it is asked for:
// paging through them by From shows each of them once, in the order of one
// page holding them all, in one pass and in two (bm25.Top).
func TestShardedPagesAmongTies(t *testing.T) {
	ctx := context.Background()
	idx, err := newsindex.Open("", newsindex.Config{Shards: 3})
	require.NoError(t, err)
	t.Cleanup(func() { _ = idx.Close() })
	day := parseDay(t, "2012-05-01")
	var twins []newsindex.Article
	for i := range 40 {
		// One text under forty IDs: every one scores the same.
		twins = append(twins, newsindex.Article{ID: fmt.Sprintf("twin-%02d", i), Title: "Friendship delegation",
			Body: "A friendship delegation left Pyongyang for Moscow.", Language: "en", Source: "KCNA", Published: day})
	}
	twins = append(twins, newsindex.Article{ID: "other", Title: "Harvest", Body: "A good harvest.", Language: "en", Published: day})
	require.NoError(t, idx.Add(ctx, twins...))
	q, err := newsindex.Parse("friendship delegation")
	require.NoError(t, err)
	ids := func(hits []newsindex.Hit) []string {
		out := make([]string, len(hits))
		for i, h := range hits {
			out[i] = h.Article.ID
		}
		return out
	}
	for _, onePass := range []bool{true, false} {
		newsindex.SetOnePass(idx, onePass)
		all, err := idx.Search(ctx, q, newsindex.SearchOptions{Size: 40})
		require.NoError(t, err)
		require.EqualValues(t, 40, all.Total)
		want := ids(all.Hits)
		for _, size := range []int{1, 3, 7} {
			for round := range 5 {
				var got []string
				for from := 0; from < len(want); from += size {
					page, err := idx.Search(ctx, q, newsindex.SearchOptions{From: from, Size: size})
					require.NoError(t, err)
					got = append(got, ids(page.Hits)...)
				}
				require.Equal(t, want, got, "one pass %v, pages of %d, round %d", onePass, size, round)
			}
		}
	}
	newsindex.SetOnePass(idx, false)
}
