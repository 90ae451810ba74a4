package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestReindexCommand(t *testing.T) {
	dir := seedIndex(t)
	_, before, _ := cli(t, "", "search", "-index", dir, "-json", "-n", "10", "-sort", "oldest")

	code, out, errOut := cli(t, "", "reindex", "-index", dir)
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "reindexed 6 articles in ")
	assert.Contains(t, errOut, "reindexing: 6 of 6 articles (100%)")

	code, after, errOut := cli(t, "", "search", "-index", dir, "-json", "-n", "10", "-sort", "oldest")
	require.Equal(t, 0, code, errOut)
	var b, a struct {
		Total uint64            `json:"total"`
		Hits  []json.RawMessage `json:"hits"`
	}
	require.NoError(t, json.Unmarshal([]byte(before), &b))
	require.NoError(t, json.Unmarshal([]byte(after), &a))
	assert.Equal(t, b, a, "the same articles, IDs and order")

	for _, tc := range []struct {
		args   []string
		code   int
		reason string
	}{
		{[]string{"reindex"}, 2, "-index is required"},
		{[]string{"reindex", "-index", dir, "extra"}, 2, "no arguments"},
		{[]string{"reindex", "-index", dir + "-missing"}, 1, "no index there"},
	} {
		code, _, _ := cli(t, "", tc.args...)
		assert.Equal(t, tc.code, code, tc.reason)
	}
}

// TestForgedCursorIsBadUsage: the cursor of the hardening report exits 2
// with a message, where it once crashed with a stack trace.
func TestForgedCursorIsBadUsage(t *testing.T) {
	dir := seedIndex(t)
	code, _, errOut := cli(t, "", "search", "-index", dir, "-after", "eyJzIjoicmVsZXZhbmNlIiwiZiI6OTIyMzM3MjAzNjg1NDc3NTgwN30", "Korea")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "bad cursor")
	assert.NotContains(t, errOut, "goroutine")
}

func TestCheckCommand(t *testing.T) {
	dir := seedIndex(t)
	code, out, errOut := cli(t, "", "check", "-index", dir)
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "ok: 6 articles")

	segs, err := filepath.Glob(filepath.Join(dir, "store", "*.zap"))
	require.NoError(t, err)
	require.NotEmpty(t, segs)
	f, err := os.OpenFile(segs[0], os.O_RDWR, 0)
	require.NoError(t, err)
	_, err = f.WriteAt([]byte("xxxxxxxx"), 100)
	require.NoError(t, err)
	require.NoError(t, f.Close())
	code, out, errOut = cli(t, "", "check", "-index", dir)
	assert.Equal(t, 1, code)
	assert.Contains(t, out, "store/"+filepath.Base(segs[0])+": checksum mismatch")
	assert.Contains(t, errOut, "problems found")
	code, out, _ = cli(t, "", "check", "-index", dir, "-json")
	assert.Equal(t, 1, code)
	assert.Contains(t, out, `"problems": [`)
}
