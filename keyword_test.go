package newsindex_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	ni "github.com/newsindex/newsindex"
)

func TestKeywordFiltersMatchWords(t *testing.T) {
	ctx := context.Background()
	idx := openIndex(t, "")
	require.NoError(t, idx.Add(ctx,
		ni.Article{ID: "mirror", Title: "a", Source: "KCNA (kcna.co.jp mirror)", Author: "Kim Tae Hô", Language: "en"},
		ni.Article{ID: "kcna", Title: "b", Source: "KCNA", Language: "en"},
		ni.Article{ID: "kzna", Title: "c", Source: "KZNA/Naenara", Dateline: "Pyongyang", Language: "de"},
		ni.Article{ID: "rodong", Title: "d", Source: "Rodong Sinmun", Section: []string{"Politics", "World"}, Language: "en"},
	))
	for _, tc := range []struct {
		query  string
		want   []string
		reason string
	}{
		{"source:KCNA", []string{"kcna", "mirror"}, "a word of the outlet's name finds it"},
		{"source:kcna", []string{"kcna", "mirror"}, "case aside"},
		{`source:"rodong sinmun"`, []string{"rodong"}, "the words in order"},
		{`source:"sinmun rodong"`, []string{}, "not in another order"},
		{"source:Rod*", []string{"rodong"}, "a prefix"},
		{"source:Naenara", []string{"kzna"}, "a word after a slash"},
		{`source:"KCNA (kcna.co.jp mirror)"`, []string{"mirror"}, "the value exactly as the facet shows it"},
		{`author:"kim tae ho"`, []string{"mirror"}, "diacritics aside"},
		{"dateline:pyongyang", []string{"kzna"}, "datelines alike"},
		{"section:world", []string{"rodong"}, "sections alike"},
		{"lang:EN", []string{"kcna", "mirror", "rodong"}, "language codes in any case"},
		{"source:KC", []string{}, "a word is a word: no prefix without *"},
	} {
		q, err := ni.Parse(tc.query)
		require.NoError(t, err, tc.query)
		res, err := idx.Search(ctx, q, ni.SearchOptions{})
		require.NoError(t, err, tc.query)
		assert.Equal(t, tc.want, sortedIDs(res), "%s: %s", tc.query, tc.reason)
	}
	res, err := idx.Search(ctx, ni.Source("KCNA"), ni.SearchOptions{Facets: []ni.Facet{ni.FacetSource}})
	require.NoError(t, err)
	assert.Equal(t, []ni.Bucket{{Value: "KCNA", Count: 1}, {Value: "KCNA (kcna.co.jp mirror)", Count: 1}}, res.Facets[ni.FacetSource], "facets show the values as they are")

	require.NoError(t, idx.Add(ctx, ni.Article{ID: "new", Title: "e", Source: "KCNA Watch", Language: "en"}))
	res, err = idx.Search(ctx, ni.Source("KCNA"), ni.SearchOptions{})
	require.NoError(t, err)
	assert.Contains(t, ids(res), "new", "a value added later is found at once")
}

func TestEntityFilterTakesNames(t *testing.T) {
	ctx := context.Background()
	idx := openIndex(t, "")
	require.NoError(t, idx.Add(ctx,
		ni.Article{ID: "un", Title: "Kim Jong Un inspects a farm", Language: "en"},
		ni.Article{ID: "il", Title: "Kim Jong Il inspects a factory", Language: "en"},
	))
	for _, tc := range []struct {
		query  string
		want   []string
		reason string
	}{
		{"entity:kim-jong-un", []string{"un"}, "the ID"},
		{"entity:KIM-JONG-UN", []string{"un"}, "the ID in any case"},
		{`entity:"Kim Jong Un"`, []string{"un"}, "a name the gazetteer knows"},
		{"entity:Kim Jong Un", []string{"un"}, "the words after entity: that make a name with it"},
		{"entity:Kim Jong Un farm", []string{"un"}, "and the words after the name stay words"},
		{"entity:Kim Jong Un factory", []string{}, "required as words"},
		{`entity:"Ким Чен Ир"`, []string{"il"}, "in any script"},
	} {
		q, err := ni.Parse(tc.query)
		require.NoError(t, err, tc.query)
		res, err := idx.Search(ctx, q, ni.SearchOptions{})
		require.NoError(t, err, tc.query)
		assert.Equal(t, tc.want, sortedIDs(res), "%s: %s", tc.query, tc.reason)
	}
	q, _ := ni.Parse("entity:Kim Jong Un")
	res, err := idx.Search(ctx, q, ni.SearchOptions{})
	require.NoError(t, err)
	assert.Contains(t, res.Notes, `entity:Kim Jong Un is read as entity:"Kim Jong Un"`)
}
