package store

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/newsindex/newsindex/internal/schema"
)

// facetArticles are n articles of three languages, four outlets (a tenth
// with none) and four years (a tenth undated), every third about a treaty.
func facetArticles(n, from int) []schema.Article {
	sources := []string{"KCNA", "Rodong Sinmun", "TASS", "Naenara"}
	langs := []string{"en", "es", "de"}
	var out []schema.Article
	for i := from; i < from+n; i++ {
		a := schema.Article{ID: fmt.Sprintf("a%04d", i), Title: "Report", Body: fmt.Sprintf("report number %d of the week", i), Language: langs[i%3]}
		if i%3 == 0 {
			a.Body += " on the treaty"
		}
		if i%10 != 7 {
			a.Source = sources[(i/3)%4]
		}
		if i%10 != 5 {
			a.Published = time.Date(2010+i%4, time.Month(1+i%12), 1+i%28, 0, 0, 0, 0, time.UTC)
		}
		out = append(out, a)
	}
	return out
}

// TestBitmapFacetsAreBleves: the facets counted from bitmaps are Bleve's
// own, counts, totals, missing and other, cut to sizes below and above the
// number of values, on one shard and three, and again after a write.
func TestBitmapFacetsAreBleves(t *testing.T) {
	ctx := context.Background()
	for _, shards := range []int{1, 3} {
		s := openShardedStore(t, "", false, shards)
		_, _, err := s.Add(ctx, facetArticles(300, 0), nil, time.Now())
		require.NoError(t, err)
		// One replaced: its earlier version is a document that no current
		// article's facets count.
		_, _, err = s.Add(ctx, []schema.Article{{ID: "a0003", Title: "Report", Body: "the treaty again", Language: "en", Source: "TASS"}}, nil, time.Now())
		require.NoError(t, err)
		check := func(when string) {
			for _, text := range []string{"treaty", "report"} {
				for _, size := range []int{2, 10} {
					en, es := bleve.NewMatchQuery(text), bleve.NewMatchQuery(text)
					en.SetField(schema.BodyField("en"))
					es.SetField(schema.BodyField("es"))
					q := bleve.NewDisjunctionQuery(en, es)
					req := func() *bleve.SearchRequest {
						r := bleve.NewSearchRequestOptions(bleve.NewConjunctionQuery(q, AllArticles()), 5, 0, false)
						for _, f := range []string{schema.Source, schema.Language, schema.Year} {
							r.AddFacet(f, bleve.NewFacetRequest(f, size))
						}
						return r
					}
					s.plainFacets = true
					want, err := s.Search(ctx, req(), s.Stats())
					require.NoError(t, err)
					s.plainFacets = false
					got, err := s.Search(ctx, req(), s.Stats())
					require.NoError(t, err)
					msg := fmt.Sprintf("%d shards, %s, %q, size %d", shards, when, text, size)
					assert.Equal(t, want.Total, got.Total, msg)
					require.Len(t, got.Facets, 3, msg)
					for name, w := range want.Facets {
						g := got.Facets[name]
						require.NotNil(t, g, "%s: %s", msg, name)
						assert.Equal(t, w.Total, g.Total, "%s: %s total", msg, name)
						assert.Equal(t, w.Missing, g.Missing, "%s: %s missing", msg, name)
						assert.Equal(t, w.Other, g.Other, "%s: %s other", msg, name)
						assert.Equal(t, w.Terms.Terms(), g.Terms.Terms(), "%s: %s terms", msg, name)
						assert.NotEmpty(t, g.Terms.Terms(), "%s: %s", msg, name)
					}
				}
			}
		}
		check("after the load")
		_, _, err = s.Add(ctx, facetArticles(50, 300), nil, time.Now())
		require.NoError(t, err)
		check("after another write")
	}
}
