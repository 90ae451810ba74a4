package phrase

import (
	"context"
	"fmt"
	"sort"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/search"
	bq "github.com/blevesearch/bleve/v2/search/query"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// phraseIndex is an in-memory index of texts in field "body" (English
// analysis: stop words leave gaps, stems), written in several batches so
// that it has several segments.
func phraseIndex(t *testing.T, texts []string) bleve.Index {
	t.Helper()
	m := bleve.NewIndexMapping()
	doc := bleve.NewDocumentStaticMapping()
	f := bleve.NewTextFieldMapping()
	f.Analyzer = en.AnalyzerName
	doc.AddFieldMappingsAt("body", f)
	m.DefaultMapping = doc
	idx, err := bleve.NewUsing("", m, scorch.Name, scorch.Name, nil)
	require.NoError(t, err)
	t.Cleanup(func() { _ = idx.Close() })
	for start := 0; start < len(texts); start += 3 {
		b := idx.NewBatch()
		for i := start; i < min(start+3, len(texts)); i++ {
			require.NoError(t, b.Index(fmt.Sprintf("d%02d", i), map[string]any{"body": texts[i]}))
		}
		require.NoError(t, idx.Batch(b))
	}
	return idx
}

// ids runs q unscored and returns the IDs it finds, sorted.
func ids(t *testing.T, idx bleve.Index, q bq.Query, vectors bool) []string {
	t.Helper()
	req := bleve.NewSearchRequestOptions(q, 1000, 0, false)
	req.Score = "none"
	req.IncludeLocations = vectors
	res, err := idx.SearchInContext(context.Background(), req)
	require.NoError(t, err)
	out := []string{}
	for _, h := range res.Hits {
		out = append(out, h.ID)
	}
	sort.Strings(out)
	return out
}

// TestSameDocumentsAsBleve: the lean searcher finds what Bleve's phrase
// searcher finds, alone, under a conjunction that advances it, and with
// stop words in and around the phrase.
func TestSameDocumentsAsBleve(t *testing.T) {
	texts := []string{
		"the Workers' Party of Korea held a meeting",
		"workers of the party met; the party of workers",
		"Party Workers' day",
		"a party of the Workers' Party",
		"Workers Party",
		"workers' party workers' party workers' party",
		"nothing to see here",
		"the party of Korea and the workers of Korea",
		"Korea Korea Korea Workers Korea",
		"workers",
		"party of korea",
		"Workers' Party of the Korea",
		"new york new york",
		"york new new york",
	}
	idx := phraseIndex(t, texts)
	found := 0
	for _, text := range []string{
		"Workers' Party", "workers party", "Workers' Party of Korea", "party of korea", "party korea",
		"Korea Korea", "Korea Korea Korea", "new york new", "new new york", "york new york",
		"the workers", "of the", "absent words", "workers absent", "Workers' Party of the Korea",
	} {
		q := &Query{Text: text, Field: "body", Analyzer: en.AnalyzerName, Boost: 1}
		want := ids(t, idx, q.Bleve(), false)
		found += len(want)
		assert.Equal(t, want, ids(t, idx, q, false), "%q alone", text)
		assert.Equal(t, want, ids(t, idx, q, true), "%q with locations (Bleve's searcher)", text)
		// Under a conjunction with a short list, the searcher is advanced.
		some := bleve.NewDocIDQuery([]string{"d00", "d03", "d05", "d08", "d11", "d13"})
		and := bleve.NewConjunctionQuery(some, q)
		assert.Equal(t, ids(t, idx, bleve.NewConjunctionQuery(some, q.Bleve()), false), ids(t, idx, and, false), "%q advanced", text)
	}
	assert.Greater(t, found, 20, "the phrases find documents")

	adv, err := idx.Advanced()
	require.NoError(t, err)
	r, err := adv.Reader()
	require.NoError(t, err)
	defer r.Close()
	s, err := (&Query{Text: "workers party", Field: "body", Analyzer: en.AnalyzerName}).Searcher(context.Background(), r, idx.Mapping(), search.SearcherOptions{Score: "none"})
	require.NoError(t, err)
	assert.IsType(t, &phraseSearcher{}, s, "unscored, without locations: the lean searcher")
	require.NoError(t, s.Close())
}

// TestScoredIsBleve: a scored search gets Bleve's searcher, scores and all.
func TestScoredIsBleve(t *testing.T) {
	idx := phraseIndex(t, []string{"the Workers' Party", "Workers' Party of Korea, Workers' Party"})
	q := &Query{Text: "Workers' Party", Field: "body", Analyzer: en.AnalyzerName, Boost: 2}
	run := func(q bq.Query) []float64 {
		res, err := idx.Search(bleve.NewSearchRequest(q))
		require.NoError(t, err)
		var scores []float64
		for _, h := range res.Hits {
			scores = append(scores, h.Score)
		}
		return scores
	}
	assert.Equal(t, run(q.Bleve()), run(q))
	assert.Len(t, run(q), 2)
}
