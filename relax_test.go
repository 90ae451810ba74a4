package newsindex_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	ni "github.com/newsindex/newsindex"
)

func TestRelax(t *testing.T) {
	ctx := context.Background()
	idx := openIndex(t, "")
	var articles []ni.Article
	for i := range 10 {
		articles = append(articles, ni.Article{ID: fmt.Sprintf("two-%d", i), Title: "NATO attack on Libya condemned", Body: "The bombing went on.", Language: "en"})
	}
	articles = append(articles,
		ni.Article{ID: "one", Title: "Libya today", Body: "A report.", Language: "en"},
		ni.Article{ID: "none", Title: "Weather", Body: "Rain.", Language: "en"},
		ni.Article{ID: "not", Title: "NATO attack on Libya: more", Body: "More on Libya and NATO.", Language: "en", Source: "Blocked"},
	)
	require.NoError(t, idx.Add(ctx, articles...))
	q := ni.Match{Text: "Libya NATO bombers"}

	res, err := idx.Search(ctx, q, ni.SearchOptions{})
	require.NoError(t, err)
	assert.Zero(t, res.Total, "Match keeps its contract: every word")

	res, err = idx.Search(ctx, q, ni.SearchOptions{Relax: true})
	require.NoError(t, err)
	assert.Equal(t, 1, res.Relaxed, "no article has the three words; eleven have two")
	assert.Equal(t, uint64(11), res.Total)
	assert.NotContains(t, ids(res), "one", "one word of three is not enough while two find articles")
	require.NotEmpty(t, res.Notes)
	assert.Contains(t, res.Notes[len(res.Notes)-1], "0 articles have every word; these have at least 2 of the 3 words")

	res, err = idx.Search(ctx, ni.And(q, ni.Not(ni.Source("Blocked"))), ni.SearchOptions{Relax: true})
	require.NoError(t, err)
	assert.NotContains(t, ids(res), "not", "a Not stays as it is")

	res, err = idx.Search(ctx, ni.Match{Text: "Libya"}, ni.SearchOptions{Relax: true})
	require.NoError(t, err)
	assert.Zero(t, res.Relaxed, "one word: nothing to relax")

	res, err = idx.Search(ctx, ni.Match{Text: "Libya Gaddafi"}, ni.SearchOptions{Relax: true, Size: 3})
	require.NoError(t, err)
	assert.Equal(t, 1, res.Relaxed)
	assert.Equal(t, uint64(12), res.Total, "down to any one word, as the last resort")
	assert.Equal(t, uint64(12), res.Total)
}

func TestNamesAreReadAsNames(t *testing.T) {
	ctx := context.Background()
	idx := openIndex(t, "")
	require.NoError(t, idx.Add(ctx,
		ni.Article{ID: "name", Title: "Kim Jong Un inspects a farm", Language: "en"},
		ni.Article{ID: "words", Title: "El camarada Kim Jong Il dijo que hay un porvenir", Language: "es"},
		ni.Article{ID: "hangul", Title: "김정은 위원장이 농장을 현지지도", Language: "ko"},
	))
	res, err := idx.Search(ctx, ni.Match{Text: "Kim Jong Un"}, ni.SearchOptions{})
	require.NoError(t, err)
	assert.Equal(t, []string{"hangul", "name"}, sortedIDs(res), "the name, in any script; not its words apart")
	require.Len(t, res.Notes, 1)
	assert.Contains(t, res.Notes[0], `"Kim Jong Un" is read as a name (kim-jong-un)`)

	res, err = idx.Search(ctx, ni.Match{Text: "Kim Jong Un", MinWords: 1}, ni.SearchOptions{})
	require.NoError(t, err)
	assert.Contains(t, ids(res), "words", "free text stays free text")
	assert.Empty(t, res.Notes)
}

func TestPrefer(t *testing.T) {
	ctx := context.Background()
	idx := openIndex(t, "")
	require.NoError(t, idx.Add(ctx,
		ni.Article{ID: "en", Title: "Medvedev", Body: "Dmitry Medvedev sent a message of greeting.", Language: "en"},
		ni.Article{ID: "es", Title: "Medvedev", Body: "Dmitri Medvédev envió un mensaje de felicitación.", Language: "es"},
	))
	for _, tc := range []struct {
		prefer []string
		first  string
	}{{[]string{"es"}, "es"}, {[]string{"en"}, "en"}, {[]string{"de", "es"}, "es"}} {
		res, err := idx.Search(ctx, ni.Match{Text: "Medvedev"}, ni.SearchOptions{Prefer: tc.prefer})
		require.NoError(t, err)
		require.Len(t, res.Hits, 2)
		assert.Equal(t, tc.first, res.Hits[0].Article.ID, "prefer %v", tc.prefer)
		ranked, err := idx.Search(ctx, ni.Match{Text: "Medvedev message", MinWords: 1}, ni.SearchOptions{Prefer: tc.prefer})
		require.NoError(t, err)
		assert.Equal(t, "en", ranked.Hits[0].Article.ID, "a clearly better hit stays first (prefer %v)", tc.prefer)
	}
}
