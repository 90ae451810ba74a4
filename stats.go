package newsindex

import (
	"context"
	"fmt"
	"time"
)

// Stats describes what an index holds.
type Stats struct {
	Articles  uint64   `json:"articles"`
	Languages []Bucket `json:"languages"` // articles per language, most first
	Sources   []Bucket `json:"sources"`   // articles per outlet, most first (the 1,000 largest)
	// Oldest and Newest are the earliest and latest Published dates; zero
	// when no article is dated.
	Oldest time.Time `json:"oldest,omitzero"`
	Newest time.Time `json:"newest,omitzero"`
	// DiskBytes is the size of the index directory; 0 in memory.
	DiskBytes int64 `json:"disk_bytes"`
	// Segments is the number of Bleve segments the index is made of, over
	// every shard: every term a search looks up is looked up in each
	// ([Index.Compact] merges them, into one a shard).
	Segments int `json:"segments,omitempty"`
	// Shards is the number of Bleve indexes the index is made of
	// (Config.Shards).
	Shards int `json:"shards,omitempty"`
}

const statsFacetSize = 1000

// Stats counts the articles of the index by language and outlet, finds the
// span of their dates and measures the index on disk.
func (x *Index) Stats(ctx context.Context) (*Stats, error) {
	if x.remote != nil {
		if err := x.acquire(false); err != nil {
			return nil, err
		}
		defer x.release()
		return x.remote.stats(ctx)
	}
	res, err := x.Search(ctx, All(), SearchOptions{Size: 1, Sort: ByOldest, Facets: []Facet{FacetLanguage, FacetSource}, FacetSize: statsFacetSize})
	if err != nil {
		return nil, err
	}
	st := &Stats{Articles: res.Total, Languages: res.Facets[FacetLanguage], Sources: res.Facets[FacetSource]}
	if len(res.Hits) > 0 {
		st.Oldest = res.Hits[0].Article.Published
	}
	newest, err := x.Search(ctx, All(), SearchOptions{Size: 1, Sort: ByNewest})
	if err != nil {
		return nil, err
	}
	if len(newest.Hits) > 0 {
		st.Newest = newest.Hits[0].Article.Published
	}
	if st.DiskBytes, err = x.st.DiskBytes(); err != nil {
		return nil, fmt.Errorf("newsindex: stats: %w", err)
	}
	if st.Segments, err = x.st.Segments(); err != nil {
		return nil, fmt.Errorf("newsindex: stats: %w", err)
	}
	st.Shards = x.st.Shards()
	return st, nil
}
