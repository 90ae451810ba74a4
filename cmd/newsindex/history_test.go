package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestHistoryDiffPurgeSync runs the seed dump with one article edited and
// one removed through index, index -sync, history, diff, search -history
// and delete -purge.
func TestHistoryDiffPurgeSync(t *testing.T) {
	dir := seedIndex(t)
	seed, err := os.ReadFile("../../testdata/seed.txt")
	require.NoError(t, err)
	text := string(seed)
	// The Kursk item edited, the reply to Lavrov (the same day) removed.
	// The reception at the embassy, two days earlier, is outside the span
	// of days the rescrape covers and stays.
	edited := strings.Replace(text, "liberating Kursk Region", "freeing Kursk Region", 1)
	require.NotEqual(t, text, edited)
	i := strings.Index(edited, "Reply Message to Russian Foreign Minister")
	require.Positive(t, i)
	end := "www.kcna.kp (2025.08.20.)\n"
	j := strings.Index(edited[i:], end)
	require.Positive(t, j)
	edited = edited[:i] + edited[i+j+len(end):]
	file := filepath.Join(t.TempDir(), "rescrape.txt")
	require.NoError(t, os.WriteFile(file, []byte(edited), 0o644))

	code, out, errOut := cli(t, "", "index", "-index", dir, "-sync", file)
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "indexed 0, replaced 1, skipped 4 (unchanged), failed 0, marked deleted 1 (no longer in the input) in ")

	code, out, _ = cli(t, "", "search", "-index", dir, "-json", "-history", `"liberating Kursk"`)
	require.Equal(t, 0, code)
	var res struct {
		Hits []struct {
			ID      string `json:"id"`
			Version int    `json:"version"`
			Current bool   `json:"current"`
			Deleted bool   `json:"deleted"`
		} `json:"hits"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &res))
	require.Len(t, res.Hits, 1, "the words are in the first version only")
	kursk := res.Hits[0].ID
	assert.Equal(t, 1, res.Hits[0].Version)
	assert.False(t, res.Hits[0].Current)

	// What was taken out: the Kursk wording. (The reply that is gone is
	// checked below, once its ID is known.)
	code, out, _ = cli(t, "", "search", "-index", dir, "-json", "-dropped", `"liberating Kursk"`)
	require.Equal(t, 0, code)
	require.NoError(t, json.Unmarshal([]byte(out), &res))
	require.Len(t, res.Hits, 1)
	assert.Equal(t, kursk, res.Hits[0].ID)
	assert.False(t, res.Hits[0].Current)
	assert.False(t, res.Hits[0].Deleted, "edited, not deleted")

	code, out, _ = cli(t, "", "history", "-index", dir, "-json", kursk)
	require.Equal(t, 0, code)
	var h struct {
		ID       string `json:"id"`
		Versions []struct {
			Version int    `json:"version"`
			Deleted bool   `json:"deleted"`
			Body    string `json:"body"`
		} `json:"versions"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &h))
	assert.Equal(t, kursk, h.ID)
	require.Len(t, h.Versions, 2)
	assert.Contains(t, h.Versions[0].Body, "liberating Kursk")
	assert.Contains(t, h.Versions[1].Body, "freeing Kursk")

	code, out, _ = cli(t, "", "diff", "-index", dir, kursk+"@1", kursk)
	require.Equal(t, 0, code)
	assert.Contains(t, out, "operation for [-liberating-]{+freeing+} Kursk Region", "readable without colour")
	code, out, _ = cli(t, "", "diff", "-index", dir, "-json", kursk+"@1", kursk+"@2")
	require.Equal(t, 0, code)
	assert.Contains(t, out, `"op": "delete",`)
	assert.Contains(t, out, `"text": "liberating"`)

	code, out, _ = cli(t, "", "search", "-index", dir, "-json", "-history", "deleted:true")
	require.Equal(t, 0, code)
	require.NoError(t, json.Unmarshal([]byte(out), &res))
	require.Len(t, res.Hits, 1, "the reply, deleted by the sync")
	gone := res.Hits[0].ID
	assert.True(t, res.Hits[0].Deleted)
	code, _, _ = cli(t, "", "get", "-index", dir, gone)
	assert.Equal(t, 1, code, "Get no longer finds it")
	code, out, _ = cli(t, "", "search", "-index", dir, "-json", "-dropped", "Lavrov")
	require.Equal(t, 0, code)
	require.NoError(t, json.Unmarshal([]byte(out), &res))
	require.NotEmpty(t, res.Hits)
	var found []string
	for _, h := range res.Hits {
		found = append(found, h.ID)
	}
	assert.Contains(t, found, gone, "deleted: dropped")
	code, out, _ = cli(t, "", "search", "-index", dir, "-json", `"embassy in Moscow hosted a reception"`)
	require.Equal(t, 0, code)
	require.NoError(t, json.Unmarshal([]byte(out), &res))
	assert.Len(t, res.Hits, 1, "outside the span of the sync: kept")

	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"diff", "-index", dir, kursk + "@99", kursk}, 1, "the article has 2 entries"},
		{[]string{"diff", "-index", dir, kursk + "@0", kursk}, 2, "versions are numbered from 1"},
		{[]string{"diff", "-index", dir, "nothing", kursk}, 1, "article not found"},
		{[]string{"diff", "-index", dir, kursk}, 2, "want two articles"},
		{[]string{"history", "-index", dir, "nothing"}, 1, "article not found"},
	} {
		code, _, errOut := cli(t, "", tc.args...)
		assert.Equal(t, tc.code, code, "%v", tc.args)
		assert.Contains(t, errOut, tc.want, "%v", tc.args)
	}
	code, _, errOut = cli(t, "", "diff", "-index", dir, kursk, kursk)
	assert.Equal(t, 0, code)
	assert.Contains(t, errOut, "(no difference)")

	code, out, _ = cli(t, "", "delete", "-index", dir, "-purge", gone)
	require.Equal(t, 0, code)
	assert.Contains(t, out, "purged 1 of 1 article")
	code, _, _ = cli(t, "", "history", "-index", dir, gone)
	assert.Equal(t, 1, code, "nothing is left of it")

	noSource := filepath.Join(t.TempDir(), "nosource.jsonl")
	require.NoError(t, os.WriteFile(noSource, []byte(`{"id":"x","title":"No outlet","body":"b","language":"en","published":"2025-01-01"}`+"\n"), 0o644))
	code, _, errOut = cli(t, "", "index", "-index", dir, "-sync", noSource)
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, "a sync input must name the outlet of every article")
}
