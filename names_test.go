package newsindex_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	ni "github.com/newsindex/newsindex"
	"github.com/newsindex/newsindex/analysis"
)

func TestEntities(t *testing.T) {
	ctx := context.Background()
	idx := seedIndex(t)
	res, err := idx.Search(ctx, ni.All(), ni.SearchOptions{Facets: []ni.Facet{ni.FacetEntity}, FacetSize: 20})
	require.NoError(t, err)
	assert.Contains(t, res.Facets[ni.FacetEntity], ni.Bucket{Value: "kim-jong-un", Count: 3}, "Kim Jong Un in seed-1, seed-2 and seed-6")
	assert.Contains(t, res.Facets[ni.FacetEntity], ni.Bucket{Value: "lavrov", Count: 2})

	for _, q := range []ni.Query{ni.Match{Text: "Ким Чен Ын"}, ni.Match{Text: "김정은"}, ni.Phrase{Text: "Kim Chŏng-ŭn"}, ni.Entity("kim-jong-un")} {
		res, err := idx.Search(ctx, q, ni.SearchOptions{})
		require.NoError(t, err)
		assert.Equal(t, []string{"seed-1", "seed-2", "seed-6"}, sortedIDs(res), "%s", q)
	}
	res, err = idx.Search(ctx, ni.Match{Text: "Ким Чен Ын"}, ni.SearchOptions{Highlight: true})
	require.NoError(t, err)
	for _, h := range res.Hits {
		assert.Contains(t, h.Fragments["body"][0], "<mark>Kim Jong Un</mark>", "%s: the spelling in the text is highlighted, as one name", h.Article.ID)
	}

	res, err = idx.Search(ctx, ni.Match{Text: "Ким Чен Ын", Lang: "en"}, ni.SearchOptions{})
	require.NoError(t, err)
	assert.Zero(t, res.Total, "a Match restricted to a language's fields is not widened to names")
}

func TestConfigNamesAreKept(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "idx")
	idx, err := ni.Open(dir, ni.Config{Names: []analysis.Entity{{ID: "topecha", Kind: "person", Variants: []string{"Wladimir Topecha", "Владимир Топеча"}}}})
	require.NoError(t, err)
	require.NoError(t, idx.Add(ctx, readArticles(t, "seed.jsonl")...))
	require.NoError(t, idx.Close())

	again := openIndex(t, dir) // no Names given this time
	res, err := again.Search(ctx, ni.Match{Text: "Владимир Топеча"}, ni.SearchOptions{})
	require.NoError(t, err)
	assert.Equal(t, []string{"seed-3"}, ids(res))

	_, err = ni.Open(filepath.Join(t.TempDir(), "bad"), ni.Config{Names: []analysis.Entity{{ID: "putin", Kind: "place", Variants: []string{"X"}}}})
	assert.ErrorContains(t, err, `entity "putin" is a person, not a place`)
}

func TestTransliterationFindsNamesOutsideTheGazetteer(t *testing.T) {
	ctx := context.Background()
	idx := seedIndex(t)
	tests := []struct {
		query string
		want  []string
		why   string
	}{
		{"Козлов", []string{"seed-6"}, "Kozlov in the English article"},
		{"Александр Фомин", []string{"seed-6"}, "Alexandr Fomin: one edit"},
		{"신홍철", []string{"seed-6"}, "sin hong cheol finds Sin Hong Chol"},
		{"Владимир Топеха", []string{"seed-3"}, "the German spelling, Wladimir Topecha"},
		{"Козлов Фомин Лявков Топеха", nil, "four words are not a name"},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			res, err := idx.Search(ctx, ni.Match{Text: tt.query}, ni.SearchOptions{})
			require.NoError(t, err)
			got := sortedIDs(res)
			if tt.want == nil {
				assert.Empty(t, got, tt.why)
				return
			}
			assert.Equal(t, tt.want, got, tt.why)
		})
	}
}

// TestNameQueriesAfterNewNames: an index whose articles were tagged before
// a spelling was known still finds them by the name's words, until a
// reindex tags them.
func TestNameQueriesAfterNewNames(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "idx")
	idx := openIndex(t, dir)
	require.NoError(t, idx.Add(ctx, ni.Article{ID: "a", Title: "Ostrog welcomes a delegation", Language: "en"}))
	require.NoError(t, idx.Close())

	names := []analysis.Entity{{ID: "test-ostrog", Kind: "place", Variants: []string{"Ostrog", "Острог"}}}
	again, err := ni.Open(dir, ni.Config{Names: names})
	require.NoError(t, err)
	res, err := again.Search(ctx, ni.Match{Text: "Ostrog"}, ni.SearchOptions{Highlight: true})
	require.NoError(t, err)
	assert.Equal(t, []string{"a"}, ids(res), "the article tagged before the name was known is found by its words")
	res, err = again.Search(ctx, ni.Match{Text: "Острог"}, ni.SearchOptions{})
	require.NoError(t, err)
	assert.Equal(t, []string{"a"}, ids(res), "and by another spelling, searched as a phrase while the index is not known to be tagged")
	require.NoError(t, again.Close())

	require.NoError(t, ni.Reindex(ctx, dir, ni.Config{}, nil))
	idx = openIndex(t, dir)
	res, err = idx.Search(ctx, ni.Match{Text: "Острог"}, ni.SearchOptions{Highlight: true})
	require.NoError(t, err)
	assert.Equal(t, []string{"a"}, ids(res), "after the reindex, by any spelling")
	assert.Equal(t, []string{"<mark>Ostrog</mark> welcomes a delegation"}, res.Hits[0].Fragments["title"])
}
