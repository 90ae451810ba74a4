package newsindex_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/newsindex/newsindex"
)

// TestFuzzyExpansionsAsBleves: a fuzzy search whose searchers take the
// expansions its pricing read (one automaton a term for every field) finds,
// counts and scores exactly what Bleve's own fuzzy searchers find, on one
// shard and three, over segments of several writes, for every kind of page.
func TestFuzzyExpansionsAsBleves(t *testing.T) {
	ctx := context.Background()
	queries := []newsindex.Query{
		newsindex.Match{Text: "Pyongyong", Fuzziness: 1},
		newsindex.Match{Text: "Pyongyong", Fuzziness: 2},
		newsindex.Match{Text: "Koreaa Rusia", Fuzziness: 1},
		newsindex.Match{Text: "Koreaa Rusia delegasion", Fuzziness: 1, MinWords: 1},
		newsindex.Match{Text: "Pyongyong Moskow", Fuzziness: 2, MinWords: 1},
		newsindex.Match{Text: "delegasion friendshp", Fuzziness: 2},
		newsindex.Match{Text: "Rusia", Fuzziness: 1, Lang: "es"},
		newsindex.Match{Text: "Russland", Fuzziness: 1},
		newsindex.And(newsindex.Match{Text: "Pyongyang", Fuzziness: 1}, newsindex.Not(newsindex.Match{Text: "Moscow", Fuzziness: 1})),
		mustParse(t, "koreo~2 OR moskow~1"),
	}
	options := []newsindex.SearchOptions{
		{},
		{Size: 4, From: 3},
		{Sort: newsindex.ByNewest, Size: 5},
		{Facets: []newsindex.Facet{newsindex.FacetSource, newsindex.FacetLanguage, newsindex.FacetYear}},
		{History: true},
	}
	for _, shards := range []int{1, 3} {
		t.Run(fmt.Sprintf("%d shards", shards), func(t *testing.T) {
			idx := shardedArchive(t, "", shards)
			found := 0
			for _, q := range queries {
				for _, o := range options {
					key := fmt.Sprintf("%#v %+v", q, o)
					shared, errShared := idx.Search(ctx, q, o)
					newsindex.SetOwnExpansions(idx, true)
					own, errOwn := idx.Search(ctx, q, o)
					newsindex.SetOwnExpansions(idx, false)
					require.Equal(t, errOwn, errShared, key)
					if errOwn != nil {
						continue
					}
					shared.Took, own.Took = 0, 0
					assert.Equal(t, own, shared, key)
					if own.Total > 0 {
						found++
					}
				}
			}
			assert.Greater(t, found, len(queries)*len(options)/2, "most searches find articles")
		})
	}
}
