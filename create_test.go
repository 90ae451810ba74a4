package newsindex_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	ni "github.com/newsindex/newsindex"
)

// childCreateAndHold opens (creates) the index, says so, and holds it for
// a while.
func childCreateAndHold(dir string) {
	idx, err := ni.Open(dir, ni.Config{LockTimeout: 300 * time.Millisecond})
	if err != nil {
		fmt.Printf("locked=%v err=%v\n", errors.Is(err, ni.ErrLocked), err)
		os.Exit(0)
	}
	fmt.Println("opened")
	time.Sleep(time.Second)
	_ = idx.Close()
	os.Exit(0)
}

// TestKilledCreationLeavesNoHalfIndex kills processes while they create an
// index: whatever moment the kill comes, the folder either is not there or
// holds an index that opens (19 of 60 such kills once left a folder that
// nothing opened).
func TestKilledCreationLeavesNoHalfIndex(t *testing.T) {
	if testing.Short() {
		t.Skip("kills processes")
	}
	rng := rand.New(rand.NewPCG(7, 7))
	for round := range 15 {
		dir := filepath.Join(t.TempDir(), "idx")
		cmd := child(t, "create-and-hold", dir)
		require.NoError(t, cmd.Start())
		time.Sleep(time.Duration(rng.IntN(60)) * time.Millisecond)
		require.NoError(t, cmd.Process.Kill())
		_ = cmd.Wait()
		idx, err := ni.Open(dir, ni.Config{})
		require.NoError(t, err, "round %d", round)
		require.NoError(t, idx.Add(context.Background(), ni.Article{ID: "a", Title: "works"}))
		require.NoError(t, idx.Close())
		entries, err := os.ReadDir(filepath.Dir(dir))
		require.NoError(t, err)
		for _, e := range entries {
			assert.False(t, strings.Contains(e.Name(), ".creating-"), "round %d: %s is left behind", round, e.Name())
		}
	}
}

// TestTwoCreatorsOneFolder: two processes create the same index at once;
// one gets it, the other ErrLocked, never another error.
func TestTwoCreatorsOneFolder(t *testing.T) {
	for round := range 3 {
		dir := filepath.Join(t.TempDir(), "idx")
		var wg sync.WaitGroup
		outs := make([]string, 2)
		for i := range outs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				out, err := child(t, "create-and-hold", dir).Output()
				assert.NoError(t, err)
				outs[i] = strings.TrimSpace(string(out))
			}()
		}
		wg.Wait()
		opened, locked := 0, 0
		for _, o := range outs {
			switch {
			case o == "opened":
				opened++
			case strings.HasPrefix(o, "locked=true"):
				locked++
			default:
				t.Errorf("round %d: %q", round, o)
			}
		}
		assert.Equal(t, 1, opened, "round %d: %v", round, outs)
		assert.Equal(t, 1, locked, "round %d: %v", round, outs)
	}
}

// TestOpenRecreatesAnEmptyHalfIndex: a folder an earlier release left
// while creating an index (Bleve's files, no layout, no article) is made
// into an index; one with articles is not touched.
func TestOpenRecreatesAnEmptyHalfIndex(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "idx")
	b, err := bleve.New(dir, bleve.NewIndexMapping())
	require.NoError(t, err)
	require.NoError(t, b.Close())
	idx, err := ni.Open(dir, ni.Config{})
	require.NoError(t, err, "no document: nothing to lose")
	require.NoError(t, idx.Close())

	other := filepath.Join(t.TempDir(), "other")
	b, err = bleve.New(other, bleve.NewIndexMapping())
	require.NoError(t, err)
	require.NoError(t, b.Index("doc", map[string]any{"x": "y"}))
	require.NoError(t, b.Close())
	_, err = ni.Open(other, ni.Config{})
	assert.ErrorContains(t, err, "is not a newsindex index (it has no newsindex.json)")
}
