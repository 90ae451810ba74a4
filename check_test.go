package newsindex_test

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	ni "github.com/newsindex/newsindex"
)

// checkedIndex writes the seed articles into an index on disk and closes
// it; it returns the directory and its largest segment file.
func checkedIndex(t *testing.T) (dir, segment string) {
	t.Helper()
	dir = filepath.Join(t.TempDir(), "idx")
	idx := openIndex(t, dir)
	require.NoError(t, idx.Add(context.Background(), readArticles(t, "seed.jsonl")...))
	require.NoError(t, idx.Close())
	segs, err := filepath.Glob(filepath.Join(dir, "store", "*.zap"))
	require.NoError(t, err)
	require.NotEmpty(t, segs)
	sort.Slice(segs, func(i, j int) bool { return size(t, segs[i]) > size(t, segs[j]) })
	return dir, segs[0]
}

func size(t *testing.T, path string) int64 {
	info, err := os.Stat(path)
	require.NoError(t, err)
	return info.Size()
}

func TestCheck(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name     string
		damage   func(t *testing.T, dir, segment string)
		want     []string // substrings of the problems
		opens    bool
		openWant string
		reason   string
	}{
		{"sound", func(*testing.T, string, string) {}, nil, true, "", "nothing to report"},
		{"bytes changed in a segment", func(t *testing.T, _, seg string) {
			f, err := os.OpenFile(seg, os.O_RDWR, 0)
			require.NoError(t, err)
			_, err = f.WriteAt([]byte("random bytes"), size(t, seg)/2)
			require.NoError(t, err)
			require.NoError(t, f.Close())
		}, []string{"checksum mismatch", "its bytes changed after it was written"}, true, "", "Bleve opens it without a word"},
		{"a segment cut off", func(t *testing.T, _, seg string) {
			require.NoError(t, os.Truncate(seg, size(t, seg)-100))
		}, []string{"its footer says version"}, false, "is damaged: store/", "Bleve would open an older snapshot, or none"},
		{"a segment gone", func(t *testing.T, _, seg string) {
			require.NoError(t, os.Remove(seg))
		}, []string{": missing"}, false, ": missing: restore it from a backup", "named, not 'error parsing mapping JSON'"},
		{"no layout file", func(t *testing.T, dir, _ string) {
			require.NoError(t, os.Remove(filepath.Join(dir, "newsindex.json")))
		}, []string{"newsindex.json: missing"}, false, "is not a newsindex index", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir, seg := checkedIndex(t)
			tc.damage(t, dir, seg)
			rep, err := ni.Check(ctx, dir, nil)
			require.NoError(t, err)
			if tc.want == nil {
				assert.Empty(t, rep.Problems, tc.reason)
				assert.Equal(t, uint64(6), rep.Articles)
			}
			all := strings.Join(rep.Problems, "\n")
			for _, w := range tc.want {
				assert.Contains(t, all, w, tc.reason)
			}
			if tc.want != nil && strings.Contains(tc.name, "segment") {
				assert.Contains(t, all, "store/"+filepath.Base(seg), "the problem names the file")
			}
			idx, err := ni.Open(dir, ni.Config{ReadOnly: true})
			if tc.opens {
				require.NoError(t, err)
				require.NoError(t, idx.Close())
				return
			}
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.openWant)
		})
	}
}

func TestCheckStatistics(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "idx")
	idx := openIndex(t, dir)
	require.NoError(t, idx.Add(ctx, readArticles(t, "seed.jsonl")...))
	// Statistics that do not count what the index holds, and a document
	// that says it is an article but whose stored form does not decode:
	// written past the library, through its escape hatch.
	require.NoError(t, idx.Bleve().SetInternal([]byte("newsindex:field-stats"), []byte(`{"articles":9,"docs":{"body_en":1},"tokens":{"body_en":3}}`)))
	require.NoError(t, idx.Bleve().Index("broken", map[string]any{"kind": "article", "stored": "not deflate"}))
	require.NoError(t, idx.Close())

	rep, err := ni.Check(ctx, dir, nil)
	require.NoError(t, err)
	all := strings.Join(rep.Problems, "\n")
	assert.Contains(t, all, `article "broken": `)
	assert.Contains(t, all, "the statistics count 9 articles; the index holds 7 (reindex to recount)")
	assert.Contains(t, all, "the statistics of body_en say 3 tokens in 1 articles; the articles have ")

	_, err = ni.Check(ctx, filepath.Join(t.TempDir(), "none"), nil)
	assert.ErrorContains(t, err, "no index at")
}
