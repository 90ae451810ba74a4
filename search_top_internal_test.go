package newsindex

import (
	"context"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/newsindex/newsindex/internal/bm25"
	"github.com/newsindex/newsindex/internal/store"
)

// TestSearchTopPagesArticlesTopCannotSee: when the match holds articles
// with none of the scored terms (they score 0 in one pass and come last,
// in index order) and the page reaches them, searchTop searches it again
// in one pass, and its page is the one pass's.
func TestSearchTopPagesArticlesTopCannotSee(t *testing.T) {
	ctx := context.Background()
	x, err := Open("", Config{})
	require.NoError(t, err)
	defer x.Close()
	for _, a := range []Article{
		{ID: "a", Title: "Farm", Body: "A farm was visited.", Language: "en"},
		{ID: "b", Title: "Korea", Body: "Korea and Russia.", Language: "en"},
		{ID: "c", Title: "Factory", Body: "A factory was built.", Language: "en"},
		{ID: "d", Title: "Talks", Body: "Talks in Korea ended.", Language: "en"},
		{ID: "e", Title: "Letter", Body: "A letter was sent.", Language: "en"},
	} {
		require.NoError(t, x.Add(ctx, a))
	}
	c := x.compiler()
	score, ok := c.scorer("Korea", nil).(*bm25.Query)
	require.True(t, ok, "a words query")
	match := store.AllArticles()
	for _, size := range []int{1, 2, 3, 5} {
		req := bleve.NewSearchRequestOptions(&bm25.Rescored{Match: match, Score: score}, size, 0, false)
		want, err := x.st.Search(ctx, req, c.stats)
		require.NoError(t, err)
		got, err := x.searchTop(ctx, c, req, match, []*bm25.Query{score})
		require.NoError(t, err)
		assert.Equal(t, want.Total, got.Total, "size %d", size)
		require.Len(t, got.Hits, len(want.Hits), "size %d", size)
		for i := range want.Hits {
			assert.Equal(t, want.Hits[i].ID, got.Hits[i].ID, "size %d, hit %d", size, i)
			assert.Equal(t, want.Hits[i].Score, got.Hits[i].Score, "size %d, hit %d", size, i)
		}
	}
}
