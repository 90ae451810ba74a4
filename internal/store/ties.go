package store

import (
	"context"

	"github.com/blevesearch/bleve/v2"
)

// shardBits is how far a hit's shard is shifted into its hit number: a
// shard's collector numbers fewer than 2^48 hits.
const shardBits = 48

// numberedShard is a shard as the alias of several sees it: the hits it
// returns are numbered after their shard first, then in the order the
// shard's collector saw them. Bleve's alias orders hits that sort alike
// (equal scores, equal dates) by their hit numbers, which each shard
// counts from 1: two shards' hits of one number would come in the order
// the shards answered, and a page by From could show one twice and leave
// another out. Numbered this way, ties come shard by shard, and each
// shard's in its own order, which is that of its index (one pass) or of
// its index among the hits bm25.Top returned (two passes): the first N of
// that order over all shards are the first N of each shard's, merged, so
// every page is a slice of one order however far it reaches.
type numberedShard struct {
	bleveIndex
	shard uint64
}

// bleveIndex names the embedded index of a numberedShard, whose methods
// include one called Index.
type bleveIndex = bleve.Index

// SearchInContext searches the shard and numbers its hits after it.
func (n numberedShard) SearchInContext(ctx context.Context, req *bleve.SearchRequest) (*bleve.SearchResult, error) {
	res, err := n.bleveIndex.SearchInContext(ctx, req)
	if err != nil {
		return nil, err
	}
	for _, h := range res.Hits {
		h.HitNumber = n.shard<<shardBits | h.HitNumber&(1<<shardBits-1)
	}
	return res, nil
}

// Search searches the shard and numbers its hits after it.
func (n numberedShard) Search(req *bleve.SearchRequest) (*bleve.SearchResult, error) {
	return n.SearchInContext(context.Background(), req)
}
