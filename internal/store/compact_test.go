package store

import (
	"cmp"
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/newsindex/newsindex/internal/schema"
)

// compactFixture is an index on disk written by four Adds, each after a
// reopen. Bleve merges the segments of so small an index into one soon on
// its own (its budget of segments grows with the size), so the test cannot
// count on several segments before Compact; the KCNA archive has ten
// (BenchmarkKCNAMix, newsindex stats).
func compactFixture(t *testing.T) (dir string, s *Store) {
	t.Helper()
	ctx := context.Background()
	dir = filepath.Join(t.TempDir(), "idx")
	for i := range 8 {
		if i%2 == 0 {
			if s != nil {
				require.NoError(t, s.Close())
			}
			s = openStore(t, dir, false)
		}
		a := schema.Article{ID: fmt.Sprintf("a%02d", i), Title: "Title words", Body: fmt.Sprintf("body %d of words, number %d", i, i%3), Language: "en"}
		_, _, err := s.Add(ctx, []schema.Article{a}, nil, time.Now())
		require.NoError(t, err)
	}
	return dir, s
}

// ranked is what a search for "words 1" gives: scores and IDs, by score
// then ID (Bleve orders equal scores by the order of the documents in the
// segments, which merges change).
func ranked(t *testing.T, s *Store) []string {
	t.Helper()
	q := bleve.NewMatchQuery("words 1")
	q.SetField("body_en")
	req := bleve.NewSearchRequestOptions(q, 20, 0, false)
	res, err := s.Search(context.Background(), req, s.Stats())
	require.NoError(t, err)
	hits := res.Hits
	slices.SortFunc(hits, func(a, b *search.DocumentMatch) int {
		if c := cmp.Compare(b.Score, a.Score); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	var out []string
	for _, h := range hits {
		out = append(out, fmt.Sprintf("%s %.12f", h.ID, h.Score))
	}
	return out
}

func TestCompact(t *testing.T) {
	ctx := context.Background()
	dir, s := compactFixture(t)
	before := ranked(t, s)
	require.Len(t, before, 8)
	n, err := s.Count(ctx)
	require.NoError(t, err)
	require.EqualValues(t, 8, n)
	segs, err := s.Segments()
	require.NoError(t, err)
	t.Logf("%d segments before Compact", segs)

	require.NoError(t, s.Compact(ctx))
	segs, err = s.Segments()
	require.NoError(t, err)
	assert.Equal(t, 1, segs, "one segment after Compact")
	assert.Equal(t, before, ranked(t, s), "the same hits and scores")
	got, err := s.Lookup(ctx, "a05")
	require.NoError(t, err)
	assert.Equal(t, "body 5 of words, number 2", got["a05"].Body)

	// Compacting one segment is nothing to do; writes go on after it.
	require.NoError(t, s.Compact(ctx))
	_, _, err = s.Add(ctx, articles(1, "after the merge"), nil, time.Now())
	require.NoError(t, err)
	require.NoError(t, s.Close())

	s = openStore(t, dir, true)
	n, err = s.Count(ctx)
	require.NoError(t, err)
	assert.EqualValues(t, 9, n, "what was written before and after the merge is there after a reopen")
	assert.ErrorContains(t, s.Compact(ctx), "read-only")
}

func TestCompactCancelled(t *testing.T) {
	dir, s := compactFixture(t)
	before := ranked(t, s)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	require.ErrorIs(t, s.Compact(ctx), context.Canceled)
	assert.Equal(t, before, ranked(t, s), "a cancelled merge leaves the index as it was")
	require.NoError(t, s.Close())
	s = openStore(t, dir, false)
	assert.Equal(t, before, ranked(t, s))
}

func TestCompactInMemory(t *testing.T) {
	s, err := Open("", Options{})
	require.NoError(t, err)
	defer s.Close()
	assert.NoError(t, s.Compact(context.Background()), "an index in memory is left as it is")
}
