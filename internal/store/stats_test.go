package store

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	bq "github.com/blevesearch/bleve/v2/search/query"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/newsindex/newsindex/internal/schema"
)

func articles(n int, body string) []schema.Article {
	var out []schema.Article
	for i := range n {
		out = append(out, schema.Article{ID: strings.Repeat("x", i+1), Title: "Title words", Body: body, Language: "en"})
	}
	return out
}

// lens are the lengths of an article of articles(): its title and body
// as given, and its cross-language terms counted.
func lens(title, body int64, text string) map[string]int64 {
	xl := schema.CrossLangTerms(schema.Article{Title: "Title words", Body: text, Language: "en"}, nil)
	return map[string]int64{"title_en": title, "body_en": body, schema.CrossLang: int64(len(xl))}
}

// TestStatisticsOfAnInterruptedAdd: the batches of an Add that made it to
// disk before a crash are counted at the next Open, those that did not are
// not, and the counts are folded into the totals; with shards, each shard
// keeps and recovers its own share.
func TestStatisticsOfAnInterruptedAdd(t *testing.T) {
	for _, tc := range []struct {
		name   string
		shards int
		reason string
	}{
		{"one shard", 0, "the layout of indexes before shards"},
		{"two shards", 2, "each shard's batches carry that shard's share"},
		{"three shards", 3, "a shard an Add does not write to keeps its totals"},
	} {
		t.Run(tc.name, func(t *testing.T) { testInterruptedAdd(t, tc.shards) })
	}
}

func testInterruptedAdd(t *testing.T, shards int) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "idx")
	s := openShardedStore(t, dir, false, shards)
	_, _, err := s.Add(ctx, articles(2, "one two three"), nil, time.Now())
	require.NoError(t, err)
	before := s.Stats().Counts()

	// An Add of three batches, one an article, of which the first and the
	// last were written, then a crash: no fold.
	plan, err := s.plan(ctx, articles(5, "four five six seven")[2:], time.Now()) // three new articles
	require.NoError(t, err)
	docs, err := s.mapArticles(plan, nil)
	require.NoError(t, err)
	require.Len(t, docs, 3)
	perShard := map[int][]int{} // shard → the docs in it
	for i, d := range docs {
		sh := s.shardOfDoc(d.doc.ID())
		perShard[sh] = append(perShard[sh], i)
	}
	seq := s.seq + 1
	for sh, in := range perShard {
		for c, i := range in {
			if i == 1 {
				continue // the batch the crash lost
			}
			b := batchOf{shard: sh, chunk: c, docs: docs[i : i+1], note: pendingWrite{Seq: seq, Chunks: len(in)}}
			require.NoError(t, s.write(ctx, s.shards[sh], b))
		}
	}
	require.NoError(t, s.Close())

	want := before.Clone()
	want.Add(1, lens(2, 4, "four five six seven"))
	want.Add(1, lens(2, 4, "four five six seven"))

	ro := openShardedStore(t, dir, true, 0)
	assert.Equal(t, 2, ro.Recovered(), "a read-only open counts the batches too")
	assert.Equal(t, want, ro.Stats().Counts())
	n, err := ro.Count(ctx)
	require.NoError(t, err)
	assert.Equal(t, uint64(4), n, "the statistics count what the index holds")
	require.NoError(t, ro.Close())

	rw := openShardedStore(t, dir, false, 0)
	assert.Equal(t, want, rw.Stats().Counts())
	require.NoError(t, rw.Close())
	again := openShardedStore(t, dir, false, shards)
	assert.Equal(t, 0, again.Recovered(), "the first writable open folded them")
	assert.Equal(t, want, again.Stats().Counts())

	_, versions, err := again.Add(ctx, articles(1, "replaced body"), nil, time.Now())
	require.NoError(t, err)
	assert.Equal(t, 1, versions, "a new version")
	want.Add(-1, lens(2, 3, "one two three"))
	want.Add(1, lens(2, 2, "replaced body"))
	assert.Equal(t, want, again.Stats().Counts(), "a replacement counts the old article out")
	deleted, err := again.Delete(ctx, []string{"x", "nothing"}, nil, time.Now())
	require.NoError(t, err)
	assert.Equal(t, 1, deleted)
	want.Add(-1, lens(2, 2, "replaced body"))
	assert.Equal(t, want, again.Stats().Counts())
	require.NoError(t, again.Close())
	last := openShardedStore(t, dir, true, 0)
	assert.Equal(t, want, last.Stats().Counts(), "as kept on disk")
}

func openStore(t *testing.T, dir string, readOnly bool) *Store {
	t.Helper()
	return openShardedStore(t, dir, readOnly, 0)
}

func openShardedStore(t *testing.T, dir string, readOnly bool, shards int) *Store {
	t.Helper()
	s, err := Open(dir, Options{BatchBytes: 8 << 20, ReadOnly: readOnly, Shards: shards})
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// TestPreAnalysedFieldsIndexAsBleveWould: the text fields analysed before
// the batch are indexed as Bleve would have analysed them.
func TestPreAnalysedFieldsIndexAsBleveWould(t *testing.T) {
	ctx := context.Background()
	s := openStore(t, "", false)
	_, _, err := s.Add(ctx, []schema.Article{{ID: "a", Title: "Friendship", Body: "Friendship between peoples", Language: "en"}}, nil, time.Now())
	require.NoError(t, err)
	counts := s.Stats().Counts()
	assert.Equal(t, int64(1), counts.Tokens["title_en"])
	assert.Equal(t, int64(2), counts.Tokens["body_en"], "between is an English stop word")
	assert.Equal(t, int64(len(schema.CrossLangTerms(schema.Article{Title: "Friendship", Body: "Friendship between peoples", Language: "en"}, nil))), counts.Tokens[schema.CrossLang],
		"the cross-language field is as long as the article has terms")
	for _, q := range []bq.Query{
		func() bq.Query {
			m := bleve.NewMatchQuery("peoples")
			m.SetField("body_en")
			m.Analyzer = "newsindex_en"
			return m
		}(),
		func() bq.Query {
			p := bleve.NewMatchPhraseQuery("friendship between peoples")
			p.SetField("body_en")
			p.Analyzer = "newsindex_en"
			return p
		}(),
	} {
		res, err := s.Search(ctx, bleve.NewSearchRequest(q), s.Stats())
		require.NoError(t, err)
		assert.Equal(t, uint64(1), res.Total, "terms and positions are indexed: %T", q)
	}
}
