package newsindex

import (
	"testing"

	bq "github.com/blevesearch/bleve/v2/search/query"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestAnyWordScorerPerLanguage: ranked any-word searches score textbook
// BM25 in the fields of languages with words, and leave the fields of
// n-gram languages (Korean here) and fuzzy searches to Bleve's match query.
func TestAnyWordScorerPerLanguage(t *testing.T) {
	l := currentLayout()
	l.present = map[string]bool{"title_en": true, "body_en": true, "body_ko": true}
	l.stats = newFieldStats()
	l.stats.add(1, map[string]int64{"title_en": 2, "body_en": 10})
	l.stats.add(1, map[string]int64{"body_en": 20})
	l.stats.add(1, map[string]int64{"body_ko": 7})

	q, err := l.compileMatch(Match{Text: "friendship 친선", MinWords: 1})
	require.NoError(t, err)
	d, ok := q.(*bq.DisjunctionQuery)
	require.True(t, ok, "%T", q)
	var textbook *bm25Query
	var bleveFields []string
	for _, c := range d.Disjuncts {
		switch c := c.(type) {
		case *bm25Query:
			textbook = c
		case *bq.MatchQuery:
			bleveFields = append(bleveFields, c.FieldVal)
		default:
			t.Fatalf("unexpected clause %T", c)
		}
	}
	require.NotNil(t, textbook)
	assert.Equal(t, []bm25Field{
		{Name: "title_en", Analyzer: l.Languages[langIndex(t, l, "en")].searchAnalyzer(), Boost: anyWordTitleBoost, Docs: 1, AvgLen: 2},
		{Name: "body_en", Analyzer: l.Languages[langIndex(t, l, "en")].searchAnalyzer(), Boost: 1, Docs: 2, AvgLen: 15},
	}, textbook.Fields)
	assert.Equal(t, []string{"body_ko"}, bleveFields)

	q, err = l.compileMatch(Match{Text: "friendship", MinWords: 1, Fuzziness: 1})
	require.NoError(t, err)
	assert.IsType(t, &bq.DisjunctionQuery{}, q)
	for _, c := range q.(*bq.DisjunctionQuery).Disjuncts {
		assert.IsType(t, &bq.MatchQuery{}, c, "fuzzy searches stay with Bleve")
	}
}

func langIndex(t *testing.T, l layout, code string) int {
	for i, ll := range l.Languages {
		if ll.Code == code {
			return i
		}
	}
	t.Fatalf("no language %s", code)
	return -1
}
