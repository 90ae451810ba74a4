package newsindex

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	bq "github.com/blevesearch/bleve/v2/search/query"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/newsindex/newsindex/internal/schema"
	"github.com/newsindex/newsindex/internal/store"
)

// TestWordQueriesAsBlevesMatch: a word query finds and scores what Bleve's
// match query of the same text finds, with operator "and" and with "or"
// (Any), exact and fuzzy, with the search's expansions and without, over
// segments of several writes.
func TestWordQueriesAsBlevesMatch(t *testing.T) {
	ctx := context.Background()
	x, err := Open("", Config{})
	require.NoError(t, err)
	defer x.Close()
	f, err := os.Open("testdata/kcna/sample.jsonl")
	require.NoError(t, err)
	defer f.Close()
	var articles []Article
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		var a Article
		require.NoError(t, json.Unmarshal(sc.Bytes(), &a))
		articles = append(articles, a)
	}
	require.NoError(t, sc.Err())
	for len(articles) > 0 { // a write of 50: a segment each
		n := min(50, len(articles))
		require.NoError(t, x.Add(ctx, articles[:n]...))
		articles = articles[n:]
	}
	c := x.compiler()
	en := c.layout.FieldLanguage("en")
	fields := []string{schema.TitleField(en), schema.BodyField(en)}
	analyzer := c.layout.Mapping().AnalyzerNameForPath(fields[1])
	found := 0
	for _, text := range []string{"Pyongyong", "Pyongyong Moskow", "Koreaa delegasion friendshp", "Kim Jong Il"} {
		for _, fuzziness := range []int{0, 1, 2} {
			for _, anyTerm := range []bool{false, true} {
				for _, field := range fields {
					op := bq.MatchQueryOperatorAnd
					if anyTerm {
						op = bq.MatchQueryOperatorOr
					}
					m := bleve.NewMatchQuery(text)
					m.SetField(field)
					m.Analyzer = analyzer
					m.SetOperator(op)
					m.SetFuzziness(fuzziness)
					m.SetBoost(1.5)
					want := searchFor(t, x, c, m)
					for _, exp := range []*store.Expansions{nil, store.NewExpansions()} {
						key := fmt.Sprintf("%q~%d any=%v in %s, expansions %v", text, fuzziness, anyTerm, field, exp != nil)
						got := searchFor(t, x, c, &wordQuery{Word: text, Field: field, Analyzer: analyzer, Boost: 1.5, Fuzziness: fuzziness, Any: anyTerm, expansions: exp})
						assert.Equal(t, want.Total, got.Total, key)
						require.Len(t, got.Hits, len(want.Hits), key)
						for i := range want.Hits {
							assert.Equal(t, want.Hits[i].ID, got.Hits[i].ID, "%s: hit %d", key, i)
							assert.Equal(t, want.Hits[i].Score, got.Hits[i].Score, "%s: hit %d", key, i)
						}
					}
					if want.Total > 0 {
						found++
					}
				}
			}
		}
	}
	assert.Greater(t, found, 16, "many searches find articles")
}

// searchFor runs q for its first 50 hits by relevance.
func searchFor(t *testing.T, x *Index, c *compiler, q bq.Query) *bleve.SearchResult {
	t.Helper()
	res, err := x.st.Search(context.Background(), bleve.NewSearchRequestOptions(q, 50, 0, false), c.stats)
	require.NoError(t, err)
	return res
}

// TestFuzzySearchesShareTheirExpansions: a fuzzy search builds one
// automaton a term for all its fields when it is priced, and its searchers
// read no dictionary again, on one shard and three.
func TestFuzzySearchesShareTheirExpansions(t *testing.T) {
	ctx := context.Background()
	for _, shards := range []int{1, 3} {
		t.Run(fmt.Sprintf("%d shards", shards), func(t *testing.T) {
			x, err := Open("", Config{Shards: shards})
			require.NoError(t, err)
			defer x.Close()
			require.NoError(t, x.Add(ctx,
				Article{ID: "a", Title: "Pyongyang", Body: "Talks in Pyongyang.", Language: "en", Source: "KCNA"},
				Article{ID: "b", Title: "Pyongyan", Body: "A letter from Pyongyan.", Language: "en", Source: "KCNA"},
				Article{ID: "c", Title: "Visita", Body: "Una visita a Pyongyang.", Language: "es", Source: "KCNA"},
			))
			for _, q := range []Match{{Text: "Pyongyong", Fuzziness: 1}, {Text: "Pyongyong talk", Fuzziness: 1, MinWords: 1}} {
				c := x.compiler()
				compiled, err := x.compile(ctx, c, q, SearchOptions{})
				require.NoError(t, err)
				built, walked, reused := c.budget.exp.Counts()
				assert.Equal(t, int64(len(strings.Fields(q.Text))), built, "%+v: one automaton a term", q)
				assert.Greater(t, walked, built, "%+v: a walk a field", q)
				res, err := x.st.Search(ctx, bleve.NewSearchRequestOptions(compiled, 10, 0, false), c.stats)
				require.NoError(t, err)
				assert.GreaterOrEqual(t, res.Total, uint64(2), "%+v: the English articles", q)
				b, w, r := c.budget.exp.Counts()
				assert.Equal(t, built, b, "%+v: no automaton built again", q)
				assert.Equal(t, walked, w, "%+v: no dictionary read again", q)
				assert.GreaterOrEqual(t, r-reused, walked, "%+v: the searchers took the priced expansions", q)
			}
		})
	}
}
