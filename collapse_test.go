package newsindex_test

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	ni "github.com/newsindex/newsindex"
)

// TestCollapse: the KCNA sample with reprints of every article collapses
// to one hit a story, each listing its reprints.
func TestCollapse(t *testing.T) {
	ctx := context.Background()
	idx := openIndex(t, "")
	sample := kcnaSample(t)
	require.NoError(t, idx.Add(ctx, sample...))
	var copies []ni.Article
	for i, a := range sample {
		if len(strings.Fields(a.Body)) < 60 {
			continue
		}
		for _, v := range reprints(a, sample[(i+100)%len(sample)]) {
			copies = append(copies, v)
		}
	}
	require.NoError(t, idx.Add(ctx, copies...))

	q := ni.Match{Text: "Lao"}
	plain, err := idx.Search(ctx, q, ni.SearchOptions{Size: 100})
	require.NoError(t, err)
	res, err := idx.Search(ctx, q, ni.SearchOptions{Size: 100, Collapse: true, Facets: []ni.Facet{ni.FacetSource}})
	require.NoError(t, err)
	assert.Equal(t, plain.Total, res.Total, "the total counts articles")
	assert.Equal(t, len(res.Hits), res.Stories)
	assert.Less(t, res.Stories, int(plain.Total), "fewer stories than articles")
	assert.NotEmpty(t, res.Facets[ni.FacetSource], "facets count every match")
	members := 0
	seen := map[string]bool{}
	for _, h := range res.Hits {
		base, _, _ := strings.Cut(h.Article.ID, "~")
		require.False(t, seen[h.Article.ID])
		seen[h.Article.ID] = true
		for _, o := range h.Others {
			ob, _, _ := strings.Cut(o.ID, "~")
			assert.Equal(t, base, ob, "%s is in the story of %s", o.ID, h.Article.ID)
			assert.Equal(t, ni.Duplicate, o.Kind)
			require.False(t, seen[o.ID], "%s is in one story only", o.ID)
			seen[o.ID] = true
		}
		members += 1 + len(h.Others)
	}
	assert.Equal(t, int(plain.Total), members, "every match is in a story")

	// The stories of the first page are the first stories of a page of
	// one: paging by From is stable; and a search of a few matches counts
	// all its stories whatever the page.
	require.LessOrEqual(t, plain.Total, uint64(100), "a search of a few matches")
	for i := range 3 {
		page, err := idx.Search(ctx, q, ni.SearchOptions{Size: 1, From: i, Collapse: true})
		require.NoError(t, err)
		require.Len(t, page.Hits, 1)
		assert.Equal(t, res.Hits[i].Article.ID, page.Hits[0].Article.ID)
		assert.Equal(t, res.Stories, page.Stories, "every story counted")
		assert.Empty(t, page.Notes, "no note of a partial count")
		assert.False(t, page.StoriesAtLeast)
	}

	// A search of more matches than a page reads counts the stories of
	// those it read, and says there are at least that many.
	many := ni.Match{Text: "Korea"}
	all, err := idx.Search(ctx, many, ni.SearchOptions{Size: 1})
	require.NoError(t, err)
	require.Greater(t, all.Total, uint64(200), "a search of many matches")
	part, err := idx.Search(ctx, many, ni.SearchOptions{Size: 5, Collapse: true})
	require.NoError(t, err)
	assert.True(t, part.StoriesAtLeast)
	assert.Less(t, part.Stories, int(all.Total))
	require.NotEmpty(t, part.Notes)
	assert.Contains(t, part.Notes[len(part.Notes)-1], "stories counted among the first")

	one, err := idx.Search(ctx, q, ni.SearchOptions{Size: 1})
	require.NoError(t, err)
	require.NotEmpty(t, one.Cursor)
	for _, opts := range []ni.SearchOptions{
		{Collapse: true, After: one.Cursor},
		{Collapse: true, History: true},
		{Collapse: true, IDsOnly: true},
		{Collapse: true, From: 995, Size: 10},
	} {
		_, err := idx.Search(ctx, q, opts)
		assert.Error(t, err, "%+v", opts)
	}
}
