package newsindex

import (
	"testing"

	bq "github.com/blevesearch/bleve/v2/search/query"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/newsindex/newsindex/internal/bm25"
	"github.com/newsindex/newsindex/internal/schema"
)

// TestAnyWordScorerPerLanguage: ranked any-word searches score textbook
// BM25 in the fields of languages with words, BM25F for each n-gram
// language (Korean here), and fuzzy searches to word queries of any word
// (Bleve's match query with operator or, sharing the fuzzy expansions).
func TestAnyWordScorerPerLanguage(t *testing.T) {
	counts := bm25.NewCounts()
	counts.Add(1, map[string]int64{"title_en": 2, "body_en": 10})
	counts.Add(1, map[string]int64{"body_en": 20})
	counts.Add(1, map[string]int64{"title_ko": 3, "body_ko": 7})
	c := &compiler{layout: schema.Current(), stats: bm25.NewStats(counts).Snapshot(), spellings: &spellings{}, budget: &budget{}}
	l := c.layout

	q, err := c.compileMatch(Match{Text: "friendship 친선", MinWords: 1})
	require.NoError(t, err)
	d, ok := q.(*bq.DisjunctionQuery)
	require.True(t, ok, "%T", q)
	en, ko := l.Languages[langIndex(t, l, "en")].SearchAnalyzer(), l.Languages[langIndex(t, l, "ko")].SearchAnalyzer()
	assert.ElementsMatch(t, []bq.Query{
		&bm25.Query{Text: "friendship 친선", Fields: []bm25.Field{
			{Name: "title_en", Analyzer: en, Boost: anyWordTitleBoost, Docs: 1, AvgLen: 2},
			{Name: "body_en", Analyzer: en, Boost: 1, Docs: 2, AvgLen: 15},
		}},
		&bm25.Query{Text: "friendship 친선", Ngrams: true, Fields: []bm25.Field{
			{Name: "title_ko", Analyzer: ko, Boost: anyWordTitleBoost, Docs: 1, AvgLen: 3},
			{Name: "body_ko", Analyzer: ko, Boost: 1, Docs: 1, AvgLen: 7},
		}},
	}, d.Disjuncts)

	q, err = c.compileMatch(Match{Text: "friendship", MinWords: 1, Fuzziness: 1})
	require.NoError(t, err)
	assert.IsType(t, &bq.DisjunctionQuery{}, q)
	for _, c := range q.(*bq.DisjunctionQuery).Disjuncts {
		w, ok := c.(*wordQuery)
		if assert.True(t, ok, "fuzzy searches are Bleve's match query with operator or, as a wordQuery: %T", c) {
			assert.True(t, w.Any, "any of the words")
			assert.Equal(t, 1, w.Fuzziness)
		}
	}
}

func langIndex(t *testing.T, l schema.Layout, code string) int {
	for i, ll := range l.Languages {
		if ll.Code == code {
			return i
		}
	}
	t.Fatalf("no language %s", code)
	return -1
}

func TestSpellingTerms(t *testing.T) {
	cache := &spellings{}
	for _, tc := range []struct {
		code, spelling, want string
		ok                   bool
	}{
		{"en", "Kim Jong-il", "kim\x00jong\x00il", true},
		{"de", "Kim Dschong Il", "kim\x00dschong\x00il", true},
		{"en", "the", "", false}, // a stop word: nothing to search
		{"xx", "Kim", "", false}, // no such language
	} {
		for range 2 { // analysed, then from the cache
			got, ok := cache.terms(tc.code, tc.spelling)
			assert.Equal(t, tc.want, got, tc.spelling)
			assert.Equal(t, tc.ok, ok, tc.spelling)
		}
	}
	_, cached := cache.m.Load("xx\x00Kim")
	assert.False(t, cached, "errors are not cached")
}
