package store

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestShardOf pins the routing of articles to shards: it is part of the
// format of an index of several shards (an article found in another shard
// than its ID's would be lost to Get, and added twice).
func TestShardOf(t *testing.T) {
	for _, tc := range []struct {
		id     string
		shards int
		want   int
		reason string
	}{
		{"kcna-2011-01-01-00001", 1, 0, "one shard holds everything"},
		{"", 4, 1, "FNV-1a 64 of nothing is its offset basis, 0xcbf29ce484222325"},
		{"a", 4, 0, "0xaf63dc4c8601ec8c"},
		{"a", 3, 1, "0xaf63dc4c8601ec8c mod 3"},
		{"seed-1", 2, 0, "0xd2495dbe5f2d4fe6"},
		{"seed-2", 2, 1, "0xd2495cbe5f2d4e33"},
		{"seed-2", 4, 3, "0xd2495cbe5f2d4e33 mod 4"},
	} {
		assert.Equal(t, tc.want, ShardOf(tc.id, tc.shards), "%q of %d: %s", tc.id, tc.shards, tc.reason)
	}
	s := &Store{shards: make([]*shard, 4)}
	assert.Equal(t, ShardOf("a", 4), s.shardOfDoc("a\x1f2"), "a version's document goes with its article")
	assert.Equal(t, ShardOf("seed-2", 4), s.shardOfDoc("seed-2\x1f7"))
}

// TestFailedShardFailsTheSearch: an alias reports a shard that failed in
// the result's status, not in its error, and returns what the others
// found; the store makes it the search's error, naming the shard.
func TestFailedShardFailsTheSearch(t *testing.T) {
	ctx := context.Background()
	s := openShardedStore(t, "", false, 2)
	_, _, err := s.Add(ctx, articles(6, "words of the body"), nil, time.Now())
	require.NoError(t, err)
	n, err := s.Count(ctx)
	require.NoError(t, err)
	require.Equal(t, uint64(6), n)
	require.NoError(t, s.shards[1].b.Close())
	_, err = s.Count(ctx)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "1 of 2 shards failed (shard-1)")
	assert.ErrorIs(t, err, bleve.ErrorIndexClosed)
	_, err = s.Search(ctx, bleve.NewSearchRequest(AllArticles()), s.Stats())
	assert.Error(t, err, "a scored search too")
	_, err = s.DocIDs(ctx, AllArticles(), s.Stats())
	assert.Error(t, err, "and the scans")
	s.shards = s.shards[:1] // Bleve panics when an index is closed twice
}

// TestShardedStoreSpreadsArticles: an Add writes each article to its
// shard, and every shard gets its share of the statistics.
func TestShardedStoreSpreadsArticles(t *testing.T) {
	ctx := context.Background()
	s := openShardedStore(t, "", false, 3)
	_, _, err := s.Add(ctx, articles(30, "one two three"), nil, time.Now())
	require.NoError(t, err)
	var sum int64
	for i, sh := range s.shards {
		n, err := sh.b.DocCount()
		require.NoError(t, err)
		assert.Positive(t, n, "shard %d holds articles", i)
		assert.Equal(t, int64(n), sh.counts.Articles, "shard %d counts its own", i)
		sum += sh.counts.Articles
	}
	assert.Equal(t, int64(30), sum)
	assert.Equal(t, int64(30), s.Stats().Articles(), "the store's statistics are the sum")
	for i := range 30 {
		id := articles(30, "")[i].ID
		doc, err := s.shards[ShardOf(id, 3)].b.Document(id)
		require.NoError(t, err)
		assert.NotNil(t, doc, fmt.Sprintf("%s is in its shard", id))
	}
}

// TestCompactShards: Compact merges every shard into one segment (an
// alias of shards is no scorch index to merge), and the index finds what it
// found before.
func TestCompactShards(t *testing.T) {
	ctx := context.Background()
	s := openShardedStore(t, filepath.Join(t.TempDir(), "idx"), false, 3)
	for i := range 5 {
		batch := articles(30, fmt.Sprintf("words of batch %d", i))
		for j := range batch {
			batch[j].ID = fmt.Sprintf("%d-%s", i, batch[j].ID)
		}
		_, _, err := s.Add(ctx, batch, nil, time.Now())
		require.NoError(t, err)
	}
	// Bleve merges so small an index on its own soon (compactFixture):
	// what is tested is that every shard is compacted, not the alias.
	before, err := s.Segments()
	require.NoError(t, err)
	require.GreaterOrEqual(t, before, 3, "a segment a shard at least")
	require.NoError(t, s.Compact(ctx))
	after, err := s.Segments()
	require.NoError(t, err)
	assert.Equal(t, 3, after, "one segment a shard")
	n, err := s.Count(ctx)
	require.NoError(t, err)
	assert.Equal(t, uint64(150), n)
}
