package newsindex_test

import (
	"cmp"
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	ni "github.com/newsindex/newsindex"
)

// answers is what a few searches of every kind give, each hit as ID and
// score ordered by score then ID (Bleve orders equal scores by where the
// documents are in its segments, which a merge changes), with the totals
// and facets.
func answers(t *testing.T, idx *ni.Index) []string {
	t.Helper()
	var out []string
	for _, q := range []string{"Kim Jong Un", `"Russian Federation"`, "Pyongyang -Moscow", "delegation source:KCNA", "korea*"} {
		res, err := idx.Search(context.Background(), mustParse(t, q), ni.SearchOptions{Size: 100, IDsOnly: true, Facets: []ni.Facet{ni.FacetLanguage, ni.FacetMonth}})
		require.NoError(t, err, q)
		hits := slices.Clone(res.Hits)
		slices.SortFunc(hits, func(a, b ni.Hit) int {
			if c := cmp.Compare(b.Score, a.Score); c != 0 {
				return c
			}
			return strings.Compare(a.Article.ID, b.Article.ID)
		})
		out = append(out, fmt.Sprintf("%s: %d %v", q, res.Total, res.Facets))
		for _, h := range hits {
			out = append(out, fmt.Sprintf("  %s %.9f", h.Article.ID, h.Score))
		}
	}
	return out
}

func TestCompact(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "idx")
	idx, err := ni.Open(dir, ni.Config{})
	require.NoError(t, err)
	sample := kcnaSample(t)
	for i := 0; i < len(sample); i += 25 {
		require.NoError(t, idx.Add(ctx, sample[i:min(i+25, len(sample))]...))
	}
	before := answers(t, idx)
	st, err := idx.Stats(ctx)
	require.NoError(t, err)
	t.Logf("%d segments before Compact", st.Segments)
	require.Greater(t, len(before), 40, "the searches find articles: %v", before)

	require.NoError(t, idx.Compact(ctx))
	st, err = idx.Stats(ctx)
	require.NoError(t, err)
	assert.Equal(t, 1, st.Segments)
	assert.EqualValues(t, len(sample), st.Articles)
	assert.Equal(t, before, answers(t, idx), "the same hits, scores, totals and facets")
	require.NoError(t, idx.Close())
	assert.ErrorIs(t, idx.Compact(ctx), ni.ErrClosed)

	ro, err := ni.Open(dir, ni.Config{ReadOnly: true})
	require.NoError(t, err)
	defer ro.Close()
	assert.Equal(t, before, answers(t, ro), "and after a reopen")
	assert.ErrorIs(t, ro.Compact(ctx), ni.ErrReadOnly)
}

func TestCompactInMemory(t *testing.T) {
	idx := seedIndex(t)
	before := answers(t, idx)
	require.NoError(t, idx.Compact(context.Background()), "an index in memory is left as it is")
	assert.Equal(t, before, answers(t, idx))
}
