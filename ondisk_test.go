package newsindex_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	ni "github.com/newsindex/newsindex"
	"github.com/newsindex/newsindex/internal/schema"
)

var update = flag.Bool("update", false, "write the golden file of the current format version under testdata/format")

// formatGolden is what pins the on-disk format to schema.Version: the
// layout a new index records, the Bleve mapping it is created with, and
// the document of one article, its stored field unpacked.
type formatGolden struct {
	Version  int             `json:"version"`
	Layout   json.RawMessage `json:"layout"`
	Mapping  json.RawMessage `json:"mapping"`
	Document map[string]any  `json:"document"`
	Stored   json.RawMessage `json:"stored"`
	// How the stored article is compressed (version 11).
	Packing string `json:"packing,omitempty"`
	// What the text fields keep of a term's place (version 11).
	Locations string `json:"locations,omitempty"`
	// The documents of an earlier version and of a deletion (version 10).
	Earlier   map[string]any `json:"earlier,omitempty"`
	Tombstone map[string]any `json:"tombstone,omitempty"`
}

func currentFormat(t *testing.T) []byte {
	t.Helper()
	l := schema.Current()
	layout, err := l.Marshal()
	require.NoError(t, err)
	mapping, err := json.Marshal(l.Mapping())
	require.NoError(t, err)
	a := schema.Article{ID: "u0123", Title: "Greetings", Body: "Pyongyang, August 20 (KCNA) -- …", Language: "en",
		Source: "KCNA", Published: time.Date(2025, 8, 20, 0, 0, 0, 0, time.UTC), Precision: "day", Author: "A. Writer",
		Dateline: "Pyongyang", URL: "http://kcna.kp/item", Section: []string{"News", "DPRK-Russia"}}
	doc, _, err := l.Document(a, []string{"kcna", "pyongyang"}, schema.Latest, nil)
	require.NoError(t, err)
	unpacked, err := schema.Unpack(doc[schema.Stored].(string), nil)
	require.NoError(t, err)
	unpacked.ID = a.ID
	want := a
	want.CrossLang = len(schema.CrossLangTerms(a, []string{"kcna", "pyongyang"}))
	require.Equal(t, want, unpacked, "the stored article unpacks to what was packed, with its number of cross-language terms")
	stored, err := json.Marshal(unpacked)
	require.NoError(t, err)
	doc[schema.Stored] = "(the stored JSON, DEFLATE-compressed)"
	g := formatGolden{Version: schema.Version, Layout: layout, Mapping: mapping, Document: doc, Stored: stored, Packing: schema.Packing, Locations: schema.Locations}
	old := a
	old.Version, old.Seen = 2, time.Date(2025, 9, 1, 0, 0, 0, 0, time.UTC)
	g.Earlier, _, err = l.Document(old, []string{"kcna"}, schema.Earlier, nil)
	require.NoError(t, err)
	g.Earlier[schema.Stored] = "(the stored JSON)"
	old.Deleted, old.Gone = true, time.Date(2025, 10, 1, 0, 0, 0, 0, time.UTC)
	g.Tombstone, _, err = l.Document(old, nil, schema.Tombstone, nil)
	require.NoError(t, err)
	g.Tombstone[schema.Stored] = "(the stored JSON)"
	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	require.NoError(t, enc.Encode(g))
	return out.Bytes()
}

// TestFormatIsPinnedToItsVersion fails when the mapping, the layout or the
// document of an article changes without a new schema.Version, and when
// the version changes without a change of format. A new version needs its
// golden file: go test -run TestFormatIsPinnedToItsVersion -update.
func TestFormatIsPinnedToItsVersion(t *testing.T) {
	got := currentFormat(t)
	path := filepath.Join("testdata", "format", fmt.Sprintf("v%d", schema.Version), "format.json")
	if *update {
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, got, 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "no golden file for format version %d: if the version was raised on purpose, run this test with -update", schema.Version)
	assert.Equal(t, string(want), string(got),
		"the on-disk format changed but schema.Version is still %d: raise it (and handle older indexes: Open upgrades or names the fix), then run with -update", schema.Version)

	older, err := filepath.Glob(filepath.Join("testdata", "format", "v*", "format.json"))
	require.NoError(t, err)
	for _, p := range older {
		if p == path {
			continue
		}
		data, err := os.ReadFile(p)
		require.NoError(t, err)
		var g formatGolden
		require.NoError(t, json.Unmarshal(data, &g))
		g.Version = schema.Version
		again, err := json.Marshal(g)
		require.NoError(t, err)
		var cur formatGolden
		require.NoError(t, json.Unmarshal(got, &cur))
		now, err := json.Marshal(cur)
		require.NoError(t, err)
		assert.NotEqual(t, string(again), string(now), "%s has the format of version %d: the version was raised without a change of format", p, schema.Version)
	}
}

// answer is one search of testdata/format/v9/answers.json as the release
// that wrote the index answered it.
type answer struct {
	Query  string                 `json:"query"`
	Any    bool                   `json:"any"`
	Sort   string                 `json:"sort"`
	Total  uint64                 `json:"total"`
	IDs    []string               `json:"ids"`
	Scores []float64              `json:"scores"`
	Facets map[string][]ni.Bucket `json:"facets"`
}

// copyDir copies an index directory, so that tests never change the one
// under testdata.
func copyDir(t *testing.T, from string) string {
	t.Helper()
	to := filepath.Join(t.TempDir(), filepath.Base(from))
	require.NoError(t, filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(to, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(to, rel), data, 0o644)
	}))
	return to
}

// TestOldReleaseIndex opens an index written by the release of format
// version 9 and checks that it answers as that release did: the same
// totals, the same articles, the same facets, the same date order.
func TestOldReleaseIndex(t *testing.T) {
	ctx := context.Background()
	var answers []answer
	data, err := os.ReadFile(filepath.Join("testdata", "format", "v9", "answers.json"))
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(data, &answers))
	var articles []ni.Article
	eachLine(t, filepath.Join("format", "v9", "articles.jsonl"), func(line []byte) {
		var a ni.Article
		require.NoError(t, json.Unmarshal(line, &a))
		articles = append(articles, a)
	})
	require.Len(t, articles, 16)

	for _, readOnly := range []bool{true, false} {
		t.Run(fmt.Sprintf("read-only=%v", readOnly), func(t *testing.T) {
			idx, err := ni.Open(copyDir(t, filepath.Join("testdata", "format", "v9", "seed.idx")), ni.Config{ReadOnly: readOnly})
			require.NoError(t, err)
			defer idx.Close()

			golden, err := os.ReadFile(filepath.Join("testdata", "format", "v9", "format.json"))
			require.NoError(t, err)
			var g formatGolden
			require.NoError(t, json.Unmarshal(golden, &g))
			mapping, err := json.Marshal(idx.Bleve().Mapping())
			require.NoError(t, err)
			assert.JSONEq(t, string(g.Mapping), string(mapping), "the golden mapping of version 9 is the mapping the release wrote")

			n, err := idx.Count(ctx)
			require.NoError(t, err)
			assert.Equal(t, uint64(len(articles)), n)
			for _, want := range articles {
				got, err := idx.Get(ctx, want.ID)
				require.NoError(t, err, want.ID)
				assert.Equal(t, want.ID, got.ID)
				assert.Equal(t, want.Title, got.Title)
				assert.Equal(t, want.Body, got.Body)
				assert.True(t, want.Published.Equal(got.Published), want.ID)
				got.Published, want.Published = time.Time{}, time.Time{}
				assert.Equal(t, want, got)
			}
			_, err = idx.Get(ctx, "ml-ja-1")
			assert.ErrorIs(t, err, ni.ErrNotFound, "the article deleted before stays deleted")

			for _, a := range answers {
				q, err := ni.Parse(a.Query)
				require.NoError(t, err, a.Query)
				if a.Any {
					q = ni.AnyWords(q)
				}
				order, err := ni.ParseSort(a.Sort)
				require.NoError(t, err)
				res, err := idx.Search(ctx, q, ni.SearchOptions{Size: 50, Sort: order, Highlight: true,
					Facets: []ni.Facet{ni.FacetSource, ni.FacetLanguage, ni.FacetYear}})
				require.NoError(t, err, a.Query)
				name := fmt.Sprintf("%q any=%v sort=%s", a.Query, a.Any, a.Sort)
				assert.Equal(t, a.Total, res.Total, name)
				if order == ni.ByRelevance {
					want := append([]string{}, a.IDs...)
					sort.Strings(want)
					assert.Equal(t, want, sortedIDs(res), name)
				} else {
					assert.Equal(t, a.IDs, ids(res), name)
				}
				facets := map[string][]ni.Bucket{}
				for f, b := range res.Facets {
					facets[string(f)] = b
				}
				assert.Equal(t, a.Facets, facets, name)
			}
			hits, err := idx.Search(ctx, ni.Match{Text: "Ostrog"}, ni.SearchOptions{})
			require.NoError(t, err)
			assert.Empty(t, hits.Hits, "no article names the kept name, but it is known:")
			res, err := idx.Search(ctx, ni.Entity("test-ostrog"), ni.SearchOptions{})
			require.NoError(t, err)
			assert.Zero(t, res.Total)
		})
	}
}

func TestOldReleaseIndexNamesAreKept(t *testing.T) {
	ctx := context.Background()
	idx, err := ni.Open(copyDir(t, filepath.Join("testdata", "format", "v9", "seed.idx")), ni.Config{})
	require.NoError(t, err)
	defer idx.Close()
	require.NoError(t, idx.Add(ctx, ni.Article{ID: "new", Title: "Visit to Острог", Body: "A delegation visited Ostrog.", Language: "en"}))
	res, err := idx.Search(ctx, ni.Entity("test-ostrog"), ni.SearchOptions{})
	require.NoError(t, err)
	assert.Equal(t, []string{"new"}, ids(res), "the names file given to the old release is still in the index")
	assert.True(t, strings.HasPrefix(idx.Languages()[0], "und"))
}

// TestOldReleaseIndexTakesTheNewFormat: an index of version 9 opened for
// writing becomes version 11; a large write gives it its dictionary; its
// old articles (DEFLATE, offsets kept) and the new ones (the dictionary,
// no offsets) read back and are highlighted alike, before and after a
// reopen.
func TestOldReleaseIndexTakesTheNewFormat(t *testing.T) {
	ctx := context.Background()
	dir := copyDir(t, filepath.Join("testdata", "format", "v9", "seed.idx"))
	idx, err := ni.Open(dir, ni.Config{})
	require.NoError(t, err)
	var fresh []ni.Article
	for i := range schema.DictMinArticles {
		fresh = append(fresh, ni.Article{ID: fmt.Sprintf("fresh-%d", i), Title: fmt.Sprintf("Friendship delegation %d", i),
			Body: fmt.Sprintf("A friendship delegation of the Russian Federation arrived in Pyongyang, the %dth this year.", i), Language: "en", Source: "KCNA"})
	}
	require.NoError(t, idx.Add(ctx, fresh...))
	require.NoError(t, idx.Close())
	l, err := schema.Read(dir)
	require.NoError(t, err)
	assert.Equal(t, 11, l.Version)
	assert.FileExists(t, filepath.Join(dir, schema.DictFile))

	for _, readOnly := range []bool{false, true} {
		idx, err := ni.Open(dir, ni.Config{ReadOnly: readOnly})
		require.NoError(t, err)
		res, err := idx.Search(ctx, ni.Match{Text: "delegation"}, ni.SearchOptions{Size: 1000, Highlight: true, WholeText: true})
		require.NoError(t, err)
		var before, fresher int
		for _, h := range res.Hits {
			text := strings.Join(h.Fragments["title"], " ") + " " + strings.Join(h.Fragments["body"], " ")
			assert.Contains(t, strings.ToLower(text), "<mark>delegation</mark>", h.Article.ID)
			if strings.HasPrefix(h.Article.ID, "fresh-") {
				fresher++
			} else {
				before++
			}
		}
		assert.Equal(t, len(fresh), fresher)
		assert.Positive(t, before, "the release's own articles are highlighted too")
		got, err := idx.Get(ctx, "fresh-7")
		require.NoError(t, err)
		assert.Equal(t, fresh[7].Body, got.Body)
		require.NoError(t, idx.Close())
	}
}
