package store

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	index "github.com/blevesearch/bleve_index_api"
	"github.com/blevesearch/vellum/levenshtein"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/newsindex/newsindex/internal/schema"
)

// scorchFuzzy is what Bleve's fuzzy searcher expands a term to on r: the
// reference Expansions must match.
func scorchFuzzy(t *testing.T, r index.IndexReader, field, term string, fuzziness int) []index.DictEntry {
	t.Helper()
	d, err := r.(index.IndexReaderFuzzy).FieldDictFuzzy(field, term, fuzziness, "")
	require.NoError(t, err)
	defer d.Close()
	var out []index.DictEntry
	for {
		e, err := d.Next()
		require.NoError(t, err)
		if e == nil {
			return out
		}
		out = append(out, index.DictEntry{Term: e.Term, EditDistance: e.EditDistance})
	}
}

// searchReader is a reader as a scored search sees the index: the one
// shard's snapshot, or a shard's with the dictionaries of every shard.
func searchReader(t *testing.T, s *Store) (index.IndexReader, func()) {
	t.Helper()
	g, err := s.openGlobalStats()
	require.NoError(t, err)
	if len(g.readers) == 1 {
		return g.readers[0], g.Close
	}
	return &globalReader{IndexReader: g.readers[1], g: g}, g.Close
}

// TestExpansionsAsScorch: the fuzzy expansions of Expansions are scorch's,
// term for term and edit for edit, on one shard and three, over segments of
// several writes; a limit cuts them at limit+1; a term too long for the
// automaton is levenshtein.ErrTooManyStates.
func TestExpansionsAsScorch(t *testing.T) {
	words := []string{"pyongyang", "pyongyan", "pyonyang", "pyongjang", "phyongyang", "korea", "koreas", "corea", "korean", "kore", "oreal"}
	for _, shards := range []int{1, 3} {
		t.Run(fmt.Sprintf("%d shards", shards), func(t *testing.T) {
			s, err := Open("", Options{Shards: shards})
			require.NoError(t, err)
			defer s.Close()
			for i, w := range words { // a write each: a segment each
				indexBodies(t, s, map[string]string{fmt.Sprintf("a%d", i): w + " talks", fmt.Sprintf("b%d", i): "the " + w})
			}
			r, done := searchReader(t, s)
			defer done()
			assert.True(t, Expands(r))
			assert.False(t, Expands(struct{ index.IndexReader }{r}), "a reader of another kind expands on its own")
			field := schema.BodyField("en")
			for _, term := range []string{"pyongyong", "korea", "koreo", "talk", "absent"} {
				for _, fuzziness := range []int{1, 2} {
					want := scorchFuzzy(t, r, field, term, fuzziness)
					got, err := NewExpansions().Fuzzy(r, field, term, fuzziness, 0)
					require.NoError(t, err)
					assert.Equal(t, want, got, "%s~%d", term, fuzziness)
					if len(want) > 1 {
						cut, err := NewExpansions().Fuzzy(r, field, term, fuzziness, len(want)-1)
						require.NoError(t, err)
						assert.Equal(t, want, cut, "%s~%d: limit %d reads them all", term, fuzziness, len(want)-1)
						cut, err = NewExpansions().Fuzzy(r, field, term, fuzziness, 1)
						require.NoError(t, err)
						assert.Equal(t, want[:2], cut, "%s~%d: limit 1 reads 2", term, fuzziness)
					}
				}
			}
			_, err = NewExpansions().Fuzzy(r, field, strings.Repeat("ab", 500), 2, 0)
			assert.True(t, errors.Is(err, levenshtein.ErrTooManyStates), "got %v", err)
		})
	}
}

// TestExpansionsSharedWithTheSearch: a search's fuzzy searchers take the
// expansion its pricing read (Dictionary.Fuzzy) on the same snapshot,
// without reading it again; a field of the same term reads its own with
// the same automaton; after a write a new snapshot reads it anew, with the
// new term. An expansion cut by a limit is read again for a search that
// wants it all.
func TestExpansionsSharedWithTheSearch(t *testing.T) {
	for _, shards := range []int{1, 3} {
		t.Run(fmt.Sprintf("%d shards", shards), func(t *testing.T) {
			s, err := Open("", Options{Shards: shards})
			require.NoError(t, err)
			defer s.Close()
			indexBodies(t, s, map[string]string{"a": "pyongyang", "b": "pyongyan", "c": "pyonyang"})
			e := NewExpansions()
			d, err := s.Dictionary()
			require.NoError(t, err)
			d.Share(e)
			body, title := schema.BodyField("en"), schema.TitleField("en")
			n, err := d.Fuzzy(body, "pyongyang", 1, 100)
			require.NoError(t, err)
			assert.Equal(t, 3, n)
			_, err = d.Fuzzy(title, "pyongyang", 1, 100)
			require.NoError(t, err)
			require.NoError(t, d.Close())
			assert.Equal(t, int64(1), e.built.Load(), "one automaton for both fields")
			assert.Equal(t, int64(2), e.walked.Load(), "a walk a field")

			r, done := searchReader(t, s)
			got, err := e.Fuzzy(r, body, "pyongyang", 1, 0)
			done()
			require.NoError(t, err)
			assert.Len(t, got, 3)
			assert.Equal(t, int64(2), e.walked.Load(), "the search reads no dictionary again")

			indexBodies(t, s, map[string]string{"d": "pyongjang"})
			r, done = searchReader(t, s)
			defer done()
			got, err = e.Fuzzy(r, body, "pyongyang", 1, 0)
			require.NoError(t, err)
			assert.Equal(t, scorchFuzzy(t, r, body, "pyongyang", 1), got)
			assert.Contains(t, got, index.DictEntry{Term: "pyongjang", EditDistance: 1}, "the new snapshot's term")
			assert.Equal(t, int64(3), e.walked.Load())
			assert.Equal(t, int64(1), e.built.Load(), "the same automaton")

			cut := NewExpansions()
			part, err := cut.Fuzzy(r, body, "pyongyang", 1, 1)
			require.NoError(t, err)
			assert.Len(t, part, 2)
			all, err := cut.Fuzzy(r, body, "pyongyang", 1, 0)
			require.NoError(t, err)
			assert.Equal(t, got, all)
			assert.Equal(t, int64(2), cut.walked.Load())
		})
	}
}
