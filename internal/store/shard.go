package store

import (
	"hash/fnv"
	"sync"

	"github.com/blevesearch/bleve/v2"

	"github.com/newsindex/newsindex/internal/bm25"
	"github.com/newsindex/newsindex/internal/schema"
)

// shard is one of the Bleve indexes a store is made of, with the share of
// the statistics its articles make: each shard keeps its own totals, notes
// and deltas (stats.go) in its own Bleve batches, so that they commit with
// its articles; the store's statistics are their sum.
type shard struct {
	b bleve.Index

	mu      sync.Mutex    // guards counts while the batches of one Add write in parallel
	counts  bm25.Counts   // this shard's share of the statistics
	pending *pendingWrite // an Add whose deltas in this shard are not folded yet (guarded by the store's writeMu)
}

// ShardOf is the shard of the article with the given ID in an index of n
// shards: FNV-1a (64 bits) of the ID's bytes, modulo n. It is part of the
// format of an index: every document of an article (its current version,
// its earlier versions and its deletion) is in that shard.
func ShardOf(id string, n int) int {
	if n <= 1 {
		return 0
	}
	h := fnv.New64a()
	_, _ = h.Write([]byte(id))
	return int(h.Sum64() % uint64(n))
}

// shardOfDoc is the shard of a document ID: that of its article.
func (s *Store) shardOfDoc(docID string) int {
	id, _, _ := schema.SplitVersionID(docID)
	return ShardOf(id, len(s.shards))
}

// Shards is the number of Bleve indexes the store is made of.
func (s *Store) Shards() int { return len(s.shards) }

// byShard groups document IDs by their shard, in their order.
func (s *Store) byShard(docIDs []string) [][]string {
	out := make([][]string, len(s.shards))
	for _, id := range docIDs {
		i := s.shardOfDoc(id)
		out[i] = append(out[i], id)
	}
	return out
}
