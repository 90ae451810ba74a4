package newsindex_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	ni "github.com/newsindex/newsindex"
)

// TestSimilarUnchangedByTop: the similar articles of 200 KCNA articles
// spread over the archive, of any language and of English only, are the
// same, with the same scores, whether the search is Bleve's disjunction of
// the article's words and its title's or bm25.Top, which skips the articles
// that cannot be among the best.
func TestSimilarUnchangedByTop(t *testing.T) {
	ctx := context.Background()
	idx := kcnaIndex(t) // skips without the shared data
	t.Cleanup(func() { ni.SetPlainLike(idx, false) })
	var ids []string
	i := 0
	for a, err := range idx.Scan(ctx, ni.All()) {
		require.NoError(t, err)
		if i%124 == 0 {
			ids = append(ids, a.ID)
		}
		i++
	}
	related := func(plain bool, id string, langs []string) []ni.RelatedHit {
		ni.SetPlainLike(idx, plain)
		r, err := idx.Related(ctx, id, ni.RelatedOptions{Kinds: []ni.RelatedKind{ni.Similar}, Size: 30, Languages: langs})
		require.NoError(t, err, id)
		return r.Hits
	}
	compared := 0
	for k, id := range ids {
		var langs []string
		if k%4 == 1 {
			langs = []string{"en"}
		}
		want, got := related(true, id, langs), related(false, id, langs)
		require.Len(t, got, len(want), id)
		// Bleve scores the language filter too, the same for every article:
		// bm25.Top's filter adds nothing.
		offset := 0.0
		if langs != nil && len(want) > 0 {
			offset = want[0].Score - got[0].Score
			assert.Less(t, offset, 0.01, id)
		}
		for j := range want {
			assert.InDelta(t, want[j].Score-offset, got[j].Score, 2e-6, "%s: hit %d", id, j)
			if j+1 < len(want) && want[j].Score-want[j+1].Score > 2e-6 && (j == 0 || want[j-1].Score-want[j].Score > 2e-6) {
				assert.Equal(t, want[j].Article.ID, got[j].Article.ID, "%s: hit %d", id, j)
			}
			if langs != nil {
				assert.Equal(t, "en", got[j].Article.Language, id)
			}
		}
		compared += len(want)
	}
	assert.Greater(t, compared, 150*30)
}
