package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestIndexShards: index -shards N makes an index of N shards, which
// searches as one; the count is the index's from then on, another is
// refused, a count out of range is a usage error; reindex -shards changes
// it.
func TestIndexShards(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "idx")
	code, _, errOut := cli(t, "", "index", "-index", dir, "-shards", "2", "../../testdata/seed.txt")
	require.Equal(t, 0, code, errOut)
	assert.DirExists(t, filepath.Join(dir, "shard-1"))
	one := seedIndex(t)
	_, want, _ := cli(t, "", "search", "-index", one, "Korea")
	code, got, errOut := cli(t, "", "search", "-index", dir, "Korea")
	require.Equal(t, 0, code, errOut)
	assert.Equal(t, want, got, "two shards find what one finds")

	for _, tc := range []struct {
		args   []string
		code   int
		stderr string
	}{
		{[]string{"index", "-index", dir, "-shards", "3", "../../testdata/seed.txt"}, 1, "the index has 2 shards and 3 were asked for"},
		{[]string{"index", "-index", dir, "-shards", "2", "../../testdata/seed.txt"}, 0, ""},
		{[]string{"index", "-index", dir, "../../testdata/seed.txt"}, 0, ""},
		{[]string{"index", "-index", dir, "-shards", "-1", "../../testdata/seed.txt"}, 2, "-shards -1: an index has 1 to 64 shards"},
		{[]string{"index", "-index", dir, "-shards", "10000", "../../testdata/seed.txt"}, 2, "-shards 10000: an index has 1 to 64 shards"},
		{[]string{"reindex", "-index", dir, "-shards", "1"}, 0, ""},
	} {
		code, _, errOut := cli(t, "", tc.args...)
		assert.Equal(t, tc.code, code, "%v: %s", tc.args, errOut)
		assert.Contains(t, errOut, tc.stderr, "%v", tc.args)
	}
	_, err := os.Stat(filepath.Join(dir, "shard-1"))
	assert.ErrorIs(t, err, os.ErrNotExist, "reindexed into one shard")
	_, got, _ = cli(t, "", "search", "-index", dir, "Korea")
	assert.Equal(t, want, got)
}
