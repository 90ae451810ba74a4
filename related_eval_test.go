package newsindex_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/newsindex/newsindex"
	"github.com/newsindex/newsindex/eval"
)

// similarSet is the judged set of testdata/similar (see its SOURCE.md):
// 30 English KCNA query articles, the graded judgments (0/1/2) of the
// pooled candidates of each, and the copies of a query article (an exact
// duplicate, translations) that are left out of every ranking.
type similarSet struct {
	queries []similarQuery
	qrels   map[string]map[string]int // query → candidate → grade, 0 included
	copies  map[string]map[string]bool
}

type similarQuery struct{ id, title, kind string }

func loadSimilarSet(t *testing.T) similarSet {
	t.Helper()
	dir := filepath.Join("testdata", "similar")
	s := similarSet{qrels: map[string]map[string]int{}, copies: map[string]map[string]bool{}}
	for i, f := range readTSV(t, filepath.Join(dir, "queries.tsv")) {
		if i == 0 {
			continue // header
		}
		require.Len(t, f, 4, "queries.tsv line %d", i+1)
		s.queries = append(s.queries, similarQuery{id: f[0], title: f[1], kind: f[2]})
	}
	for i, f := range readTSV(t, filepath.Join(dir, "qrels.tsv")) {
		require.Len(t, f, 4, "qrels.tsv line %d: want query 0 candidate grade", i+1)
		g, err := strconv.Atoi(f[3])
		require.NoError(t, err, "qrels.tsv line %d", i+1)
		if s.qrels[f[0]] == nil {
			s.qrels[f[0]] = map[string]int{}
		}
		s.qrels[f[0]][f[2]] = g
	}
	for i, f := range readTSV(t, filepath.Join(dir, "copies.tsv")) {
		if i == 0 {
			continue
		}
		if s.copies[f[0]] == nil {
			s.copies[f[0]] = map[string]bool{}
		}
		s.copies[f[0]][f[1]] = true
	}
	return s
}

func readTSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	var out [][]string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if line := sc.Text(); strings.TrimSpace(line) != "" {
			out = append(out, strings.Split(line, "\t"))
		}
	}
	require.NoError(t, sc.Err())
	return out
}

// similarSystem ranks the articles like a query article: the first 10
// (more are asked for, so that 10 are left once the query article's
// copies are dropped).
type similarSystem struct {
	name string
	rank func(ctx context.Context, idx *newsindex.Index, a newsindex.Article, size int) ([]string, error)
}

var similarSystems = []similarSystem{
	{"related", func(ctx context.Context, idx *newsindex.Index, a newsindex.Article, size int) ([]string, error) {
		r, err := idx.Related(ctx, a.ID, newsindex.RelatedOptions{Kinds: []newsindex.RelatedKind{newsindex.Similar}, Size: size, Window: -1})
		if err != nil {
			return nil, err
		}
		var ids []string
		for _, h := range r.Hits {
			ids = append(ids, h.Article.ID)
		}
		return ids, nil
	}},
	// The honest baselines: what a user gets by pasting the title, or the
	// first 60 words, into the search box in any-word mode.
	{"title", func(ctx context.Context, idx *newsindex.Index, a newsindex.Article, size int) ([]string, error) {
		return anyWordsLike(ctx, idx, a, a.Title, size)
	}},
	{"lead60", func(ctx context.Context, idx *newsindex.Index, a newsindex.Article, size int) ([]string, error) {
		w := strings.Fields(a.Body)
		return anyWordsLike(ctx, idx, a, strings.Join(w[:min(60, len(w))], " "), size)
	}},
}

func anyWordsLike(ctx context.Context, idx *newsindex.Index, a newsindex.Article, text string, size int) ([]string, error) {
	q := newsindex.And(newsindex.AnyWords(newsindex.Match{Text: text}), newsindex.Not(newsindex.IDs(a.ID)))
	res, err := idx.Search(ctx, q, newsindex.SearchOptions{Size: size, IDsOnly: true})
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, h := range res.Hits {
		ids = append(ids, h.Article.ID)
	}
	return ids, nil
}

// TestRelatedEval measures "more like this" (Related, kind Similar) on the
// judged set testdata/similar: nDCG@10 (gains 0/1/2) and P@10 (grade ≥ 1
// relevant) of Related beside the two honest baselines, on the KCNA
// archive. Unjudged hits count as not relevant; the table says how many
// there were in each system's first ten (pool bias: Related and both
// baselines were pooled to depth 20, so there should be none).
//
// Figures (related.go as committed: 25 terms, any one of them enough,
// OR-ed with the title's words; df from 2 to half the language's
// articles):
//
//	system                          nDCG@10  P@10    unjudged in top 10
//	Related (Similar, Size 10)      0.7028   0.7700  0 of 300
//	title, any-word search          0.6380   0.7100  0 of 300
//	first 60 words, any-word        0.5660   0.6433  0 of 300
//
// Related beats pasting the title into the search box by 0.065 nDCG@10
// (better on 19 queries, worse on 10; paired randomisation p ≈ 0.06) and
// the first 60 words by 0.137. Elasticsearch's more_like_this defaults
// (30% of the 25 terms required, no title) gave 0.558 / 0.617 here: they
// fail where the terms are the names of a list of officials (Kim Yong Nam
// in Indonesia: the ministers' names find other Indonesian items, not the
// visit) or common words of the genre (the US tornadoes: "hit",
// "wounded", "toll" find disaster round-ups), while the title's few words
// name the story. The variants measured are in testdata/similar/SOURCE.md;
// the one kept was chosen among 20 on these 30 queries, so the margin over
// the title baseline is an upper bound of what a fresh set would show.
//
// The floors below are a little under Related's figures, so that a change
// to more_like_this that loses quality fails here; a change that gains
// should raise them (and a change that retrieves much outside the pools
// should have its hits judged, or the figures understate it).
func TestRelatedEval(t *testing.T) {
	if testing.Short() {
		t.Skip("skipping the judged similar-articles set on the KCNA archive in -short mode")
	}
	idx := kcnaIndex(t) // skips without the shared data
	set := loadSimilarSet(t)
	require.Len(t, set.queries, 30)
	ctx := context.Background()

	type score struct{ ndcg, p10, unjudged float64 }
	sums := make([]score, len(similarSystems))
	var wins, losses int // Related against the title baseline, by nDCG@10
	t.Logf("%-22s %-31s %s", "query", "kind", "nDCG@10 / P@10 / unjudged in top 10: "+systemNames())
	for _, q := range set.queries {
		a, err := idx.Get(ctx, q.id)
		require.NoError(t, err, q.id)
		rels := set.qrels[q.id]
		require.NotEmpty(t, rels, q.id)
		var cells []string
		var nd []float64
		for i, sys := range similarSystems {
			ids, err := sys.rank(ctx, idx, a, 10+len(set.copies[q.id]))
			require.NoError(t, err, "%s %s", sys.name, q.id)
			var top []string
			for _, id := range ids {
				if id != q.id && !set.copies[q.id][id] && len(top) < 10 {
					top = append(top, id)
				}
			}
			s := score{ndcg: eval.NDCG(top, rels, 10)}
			for _, id := range top {
				g, judged := rels[id]
				if g > 0 {
					s.p10++
				}
				if !judged {
					s.unjudged++
				}
			}
			s.p10 /= 10
			sums[i].ndcg += s.ndcg
			sums[i].p10 += s.p10
			sums[i].unjudged += s.unjudged
			nd = append(nd, s.ndcg)
			cells = append(cells, fmt.Sprintf("%.3f/%.1f/%d", s.ndcg, s.p10, int(s.unjudged)))
		}
		switch {
		case nd[0] > nd[1]+1e-9:
			wins++
		case nd[0] < nd[1]-1e-9:
			losses++
		}
		t.Logf("%-22s %-31s %s", q.id, q.kind, strings.Join(cells, "  "))
	}
	n := float64(len(set.queries))
	means := map[string]score{}
	for i, sys := range similarSystems {
		m := score{sums[i].ndcg / n, sums[i].p10 / n, sums[i].unjudged}
		means[sys.name] = m
		t.Logf("mean %-8s nDCG@10 %.4f  P@10 %.4f  unjudged in top 10: %d of %d", sys.name, m.ndcg, m.p10, int(m.unjudged), 10*len(set.queries))
	}
	t.Logf("related against title by nDCG@10: %d wins, %d losses, %d ties", wins, losses, len(set.queries)-wins-losses)

	rel := means["related"]
	assert.GreaterOrEqual(t, rel.ndcg, 0.68, "Related's mean nDCG@10 fell")
	assert.GreaterOrEqual(t, rel.p10, 0.74, "Related's mean P@10 fell")
	if u := means["related"].unjudged + means["title"].unjudged + means["lead60"].unjudged; u > 0 {
		t.Logf("note: %d hits of the first ten are unjudged (counted as not relevant): the rankings have moved off the pools; judge them (SOURCE.md) before trusting a change in the figures", int(u))
	}
}

func systemNames() string {
	var names []string
	for _, s := range similarSystems {
		names = append(names, s.name)
	}
	return strings.Join(names, ", ")
}
