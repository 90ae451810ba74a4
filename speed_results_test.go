package newsindex_test

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/newsindex/newsindex"
)

var updateResults = flag.Bool("update-results", false, "rewrite testdata/speed/results.json from the index as it searches now")

// resultsGolden holds what every search of TestResultsUnchanged returned
// when it was written, before the speed work of #17: the changes that make
// searches cheaper must not change what they find.
const resultsGolden = "testdata/speed/results.json"

// searchRecord is what a search returned, as the golden file keeps it.
type searchRecord struct {
	Total   uint64                                 `json:"total"`
	Relaxed int                                    `json:"relaxed,omitempty"`
	Notes   []string                               `json:"notes,omitempty"`
	Hits    []hitRecord                            `json:"hits"`
	Facets  map[newsindex.Facet][]newsindex.Bucket `json:"facets,omitempty"`
	Cursor  bool                                   `json:"cursor,omitempty"`
	Error   string                                 `json:"error,omitempty"`
}

type hitRecord struct {
	ID        string                `json:"id"`
	Score     float64               `json:"score"`
	Fragments map[string][]string   `json:"fragments,omitempty"`
	Version   *newsindex.HitVersion `json:"version,omitempty"`
}

// resultsQueries are the queries of TestResultsUnchanged: the bench's mix
// and what else compiles differently (names, phrases of names, several
// words, relaxed words, exclusions, filters alone, date ranges with and
// without part-days, prefixes, any words, fuzzy words, the other scripts).
var resultsQueries = []string{
	`Korea`,
	`Kim Jong Il`,
	`Kim Jong Un`,
	`"Workers' Party"`,
	`"Workers' Party of Korea"`,
	`Korea published:[2011-12-16 TO 2012-11-30] source:KCNA`,
	`Korea published:>=2012-03`,
	`Korea published:2011`,
	`friendship published:[2011-06-15T12:00:00Z TO 2011-12-31T18:00:00Z]`,
	`published:[2011-03-01 TO 2012-02-15]`,
	`source:KCNA`,
	`Pyongyong~1`,
	`Korea friendship delegation`,
	`Korea -friendship`,
	`delegation NOT "Workers' Party"`,
	`congratulat* Korea`,
	`title:Kim`,
	`lang:es Corea`,
	`Corea`,
	`Korea OR Russia`,
	`(Korea AND friendship) OR Lavrov`,
	`entity:kim-jong-il`,
	`Лавров`,
	`러시아`,
	`条约`,
	`Friendship between Korea and the Soviet Union liberation army`,
	`Kim Jong Il visits unit`,
	`*`,
}

// resultsOptions are the ways TestResultsUnchanged searches each query.
var resultsOptions = []struct {
	name string
	opts newsindex.SearchOptions
}{
	{"plain", newsindex.SearchOptions{Size: 1000}},
	{"page", newsindex.SearchOptions{}},
	{"deep", newsindex.SearchOptions{From: 20, Size: 5}},
	{"facets", newsindex.SearchOptions{Size: 3, Facets: []newsindex.Facet{newsindex.FacetSource, newsindex.FacetLanguage, newsindex.FacetYear, newsindex.FacetMonth, newsindex.FacetEntity}}},
	{"newest", newsindex.SearchOptions{Size: 20, Sort: newsindex.ByNewest}},
	{"oldest", newsindex.SearchOptions{Size: 20, Sort: newsindex.ByOldest, Facets: []newsindex.Facet{newsindex.FacetYear}}},
	{"highlight", newsindex.SearchOptions{Size: 5, Highlight: true}},
	{"whole", newsindex.SearchOptions{Size: 2, Highlight: true, WholeText: true}},
	{"relax", newsindex.SearchOptions{Size: 20, Relax: true}},
	{"ids", newsindex.SearchOptions{Size: 1000, IDsOnly: true}},
	{"prefer", newsindex.SearchOptions{Size: 20, Prefer: []string{"es"}}},
	{"history", newsindex.SearchOptions{Size: 1000, History: true, Facets: []newsindex.Facet{newsindex.FacetChanged, newsindex.FacetYear}}},
	{"dropped", newsindex.SearchOptions{Size: 1000, Dropped: true}},
}

// resultsIndex is an index of the KCNA sample and the multilingual
// articles, with a few KCNA articles edited afterwards (their old
// versions are history) and one deleted.
func resultsIndex(t *testing.T) *newsindex.Index {
	return resultsIndexOf(t, newsindex.Config{})
}

// resultsIndexOf is resultsIndex in memory with cfg.
func resultsIndexOf(t *testing.T, cfg newsindex.Config) *newsindex.Index {
	ctx := context.Background()
	idx, err := newsindex.Open("", cfg)
	require.NoError(t, err)
	t.Cleanup(func() { _ = idx.Close() })
	articles := kcnaSample(t)
	require.NoError(t, idx.Add(ctx, articles...))
	require.NoError(t, idx.Add(ctx, readArticles(t, "multilingual.jsonl")...))
	var edits []newsindex.Article
	for _, i := range []int{3, 17, 42, 99} {
		a := articles[i]
		a.Body = strings.NewReplacer("Korea", "the country", "friendship", "ties", "Kim Jong Il", "the leader").Replace(a.Body)
		a.Title += " (revised)"
		edits = append(edits, a)
	}
	require.NoError(t, idx.Add(ctx, edits...))
	require.NoError(t, idx.Delete(ctx, articles[120].ID))
	return idx
}

func record(res *newsindex.Result, err error) searchRecord {
	if err != nil {
		return searchRecord{Error: err.Error()}
	}
	r := searchRecord{Total: res.Total, Relaxed: res.Relaxed, Notes: res.Notes, Facets: res.Facets, Cursor: res.Cursor != "", Hits: []hitRecord{}}
	for _, h := range res.Hits {
		r.Hits = append(r.Hits, hitRecord{ID: h.Article.ID, Score: h.Score, Fragments: h.Fragments, Version: h.History})
	}
	return r
}

// TestResultsUnchanged runs every query of resultsQueries every way of
// resultsOptions and compares what it finds with the golden file: the same
// totals, facets, notes, highlighted passages and hits, with scores within
// 1e-9. Hits of equal scores may come in another order (the index's
// internal order, which depends on how Add spread the articles over
// segments), and a page that ends among equal scores may hold others of
// them. -update-results rewrites the file.
func TestResultsUnchanged(t *testing.T) {
	if testing.Short() {
		t.Skip("skipping the comparison of every search in -short mode")
	}
	got := searchResults(t, resultsIndex(t))
	if *updateResults {
		// One search a line, in the order of the keys.
		keys := make([]string, 0, len(got))
		for k := range got {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var b strings.Builder
		b.WriteString("{\n")
		for i, k := range keys {
			kj, err := json.Marshal(k)
			require.NoError(t, err)
			vj, err := json.Marshal(got[k])
			require.NoError(t, err)
			sep := ",\n"
			if i == len(keys)-1 {
				sep = "\n"
			}
			fmt.Fprintf(&b, "%s: %s%s", kj, vj, sep)
		}
		b.WriteString("}\n")
		require.NoError(t, os.MkdirAll(filepath.Dir(resultsGolden), 0o755))
		require.NoError(t, os.WriteFile(resultsGolden, []byte(b.String()), 0o644))
		return
	}
	compareGolden(t, got)
}

// searchResults runs every query of resultsQueries every way of
// resultsOptions, by key.
func searchResults(t *testing.T, idx *newsindex.Index) map[string]searchRecord {
	ctx := context.Background()
	got := map[string]searchRecord{}
	for _, text := range resultsQueries {
		q, err := newsindex.Parse(text)
		require.NoError(t, err, text)
		for _, o := range resultsOptions {
			got[o.name+" "+text] = record(idx.Search(ctx, q, o.opts))
		}
	}
	return got
}

// compareGolden compares the results of searchResults with the golden file.
func compareGolden(t *testing.T, got map[string]searchRecord) {
	t.Helper()
	data, err := os.ReadFile(resultsGolden)
	require.NoError(t, err, "go test -run TestResultsUnchanged -update-results writes it")
	var want map[string]searchRecord
	require.NoError(t, json.Unmarshal(data, &want))
	require.Len(t, got, len(want), "the golden file has the searches of this test")
	for key, w := range want {
		g, ok := got[key]
		if !assert.True(t, ok, "missing search %s", key) {
			continue
		}
		compareRecords(t, key, w, g)
	}
}

func compareRecords(t *testing.T, key string, want, got searchRecord) {
	t.Helper()
	assert.Equal(t, want.Error, got.Error, key)
	assert.Equal(t, want.Total, got.Total, "%s: total", key)
	assert.Equal(t, want.Relaxed, got.Relaxed, "%s: relaxed", key)
	assert.Equal(t, want.Notes, got.Notes, "%s: notes", key)
	assert.Equal(t, want.Facets, got.Facets, "%s: facets", key)
	assert.Equal(t, want.Cursor, got.Cursor, "%s: cursor", key)
	if !assert.Len(t, got.Hits, len(want.Hits), "%s: hits", key) {
		return
	}
	for i := range want.Hits {
		assert.InDelta(t, want.Hits[i].Score, got.Hits[i].Score, 1e-9, "%s: score of hit %d", key, i)
	}
	// The hits by score, ties by ID; the last run of equal scores of a full
	// page may hold other hits of that score.
	norm := func(hs []hitRecord) []hitRecord {
		out := append([]hitRecord(nil), hs...)
		sort.SliceStable(out, func(i, j int) bool {
			if d := out[i].Score - out[j].Score; math.Abs(d) > 1e-9 {
				return d > 0
			}
			return out[i].ID+version(out[i]) < out[j].ID+version(out[j])
		})
		return out
	}
	w, g := norm(want.Hits), norm(got.Hits)
	last := len(w)
	if last > 0 && uint64(len(w)) < want.Total {
		for last > 0 && math.Abs(w[last-1].Score-w[len(w)-1].Score) <= 1e-9 {
			last--
		}
	}
	for i := range last {
		assert.Equal(t, w[i].ID, g[i].ID, "%s: hit %d", key, i)
		assert.Equal(t, w[i].Version, g[i].Version, "%s: version of hit %d", key, i)
		assert.Equal(t, w[i].Fragments, g[i].Fragments, "%s: fragments of hit %d", key, i)
	}
}

func version(h hitRecord) string {
	if h.Version == nil {
		return ""
	}
	return fmt.Sprintf("@%d", h.Version.Version)
}
