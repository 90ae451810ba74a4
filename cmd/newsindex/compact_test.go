package main

import (
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestIndexCompact(t *testing.T) {
	segments := func(t *testing.T, dir string, articles int) int {
		t.Helper()
		code, out, errOut := cli(t, "", "stats", "-json", "-index", dir)
		require.Equal(t, 0, code, errOut)
		var st struct {
			Articles int `json:"articles"`
			Segments int `json:"segments"`
		}
		require.NoError(t, json.Unmarshal([]byte(out), &st))
		require.Equal(t, articles, st.Articles)
		return st.Segments
	}
	for _, tc := range []struct {
		name, mode string
		merged     bool // the run must leave one segment
	}{
		{"always", "always", true},
		{"a bulk load", "auto", true},
		{"never", "never", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "idx")
			// A batch of 10 articles: twenty segments, some merged by
			// Bleve as they come.
			code, out, errOut := cli(t, "", "index", "-index", dir, "-batch", "10", "-compact", tc.mode, "../../testdata/kcna/sample.jsonl")
			require.Equal(t, 0, code, errOut)
			if tc.merged {
				assert.Equal(t, 1, segments(t, dir, 200), out)
			} else {
				assert.NotContains(t, out, "compacted")
			}
		})
	}
	t.Run("a few articles into a large index", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "idx")
		code, _, errOut := cli(t, "", "index", "-index", dir, "-batch", "10", "-compact", "never", "../../testdata/kcna/sample.jsonl")
		require.Equal(t, 0, code, errOut)
		code, out, errOut := cli(t, "", "index", "-index", dir, "../../testdata/seed.txt")
		require.Equal(t, 0, code, errOut)
		assert.NotContains(t, out, "compacted", "6 articles in 206 are no bulk load")
		code, out, errOut = cli(t, "", "index", "-index", dir, "-compact", "always")
		require.Equal(t, 0, code, errOut)
		assert.Equal(t, 1, segments(t, dir, 206), "-compact always without a PATH compacts: %s", out)
	})
	code, _, errOut := cli(t, "", "index", "-index", filepath.Join(t.TempDir(), "idx"), "-compact", "sometimes", "../../testdata/seed.txt")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, `-compact "sometimes": want auto, always or never`)
}
