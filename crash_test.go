package newsindex_test

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	ni "github.com/newsindex/newsindex"
	"github.com/newsindex/newsindex/internal/schema"
)

// crashArticles are the articles of the crash loop: real KCNA and Rodong
// Sinmun records, the last revision a number of times (rev 0 is as read).
func crashArticles(tb testing.TB, rev int) []ni.Article {
	all := append(kcnaSample(tb), rodongSample(tb)...)
	if rev > 0 {
		for i := range all {
			all[i].Body += strings.Repeat(fmt.Sprintf(" revision %d", rev), rev%3+1)
		}
	}
	return all
}

// childIngestLoop adds revision NEWSINDEX_TEST_REV of the crash articles
// in small batches, then the revisions after it, forever, printing the
// number of each Add it acknowledged.
func childIngestLoop(dir string) {
	idx, err := ni.Open(dir, ni.Config{})
	if err != nil {
		fmt.Println("open:", err)
		os.Exit(1)
	}
	t := &testing.T{}
	first, _ := strconv.Atoi(os.Getenv("NEWSINDEX_TEST_REV"))
	for rev := first; ; rev++ {
		all := crashArticles(t, rev)
		for start := 0; start < len(all); start += 25 {
			batch := all[start:min(start+25, len(all))]
			if err := idx.Add(context.Background(), batch...); err != nil {
				fmt.Println("add:", err)
				os.Exit(1)
			}
			fmt.Printf("acked %d %d\n", rev, start+len(batch))
		}
	}
}

// fieldStats reads the token statistics an index keeps.
func fieldStats(t *testing.T, idx *ni.Index) map[string]any {
	t.Helper()
	data, err := idx.Bleve().GetInternal([]byte("newsindex:field-stats"))
	require.NoError(t, err)
	var v map[string]any
	require.NoError(t, json.Unmarshal(data, &v))
	delete(v, "seq")
	return v
}

// TestCrashLoop kills a process that ingests real articles, and revisions
// of them (new versions), a dozen times at random moments. After each kill
// the index opens, holds every article the process was told was added with
// every acknowledged version in its history, and its token statistics
// count exactly what it holds; a final ingest of the articles makes it equal to an index
// that never crashed, statistics included (they once drifted: a top score
// of 22.4827 against 22.4965).
func TestCrashLoop(t *testing.T) {
	if testing.Short() {
		t.Skip("kills a process a dozen times")
	}
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "idx")
	rng := rand.New(rand.NewPCG(20261201, 1))
	original := crashArticles(t, 0)
	for round := range 12 {
		cmd := child(t, "ingest-loop", dir)
		cmd.Env = append(cmd.Env, "NEWSINDEX_TEST_REV="+strconv.Itoa(round)) // each round edits every article
		out, err := cmd.StdoutPipe()
		require.NoError(t, err)
		require.NoError(t, cmd.Start())
		lines := bufio.NewScanner(out)
		// Kill at a random moment: after some acknowledged Adds, or in
		// the middle of the next one.
		wait := rng.IntN(8) + 1
		lastRev, lastN := -1, 0
		for range wait {
			if !lines.Scan() {
				break
			}
			f := strings.Fields(lines.Text())
			require.Len(t, f, 3, "child said %q", lines.Text())
			lastRev, _ = strconv.Atoi(f[1])
			lastN, _ = strconv.Atoi(f[2])
		}
		time.Sleep(time.Duration(rng.IntN(40)) * time.Millisecond)
		require.NoError(t, cmd.Process.Kill())
		_ = cmd.Wait()

		idx, err := ni.Open(dir, ni.Config{})
		require.NoError(t, err, "round %d: the index opens after a kill", round)
		n, err := idx.Count(ctx)
		require.NoError(t, err)
		assert.GreaterOrEqual(t, n, uint64(lastN), "round %d: every acknowledged article is there", round)
		if lastRev >= 0 {
			for _, a := range crashArticles(t, lastRev)[:lastN] {
				got, err := idx.Get(ctx, a.ID)
				require.NoError(t, err, "round %d: %s acknowledged", round, a.ID)
				assert.True(t, strings.HasPrefix(got.Body, a.Body[:min(len(a.Body), 40)]), "round %d: %s", round, a.ID)
				// Every revision is a version: numbered 1, 2, … without a
				// gap, the last the current article, the acknowledged one
				// among them.
				h, err := idx.History(ctx, a.ID)
				require.NoError(t, err, "round %d: %s", round, a.ID)
				seen := false
				for i, v := range h {
					assert.Equal(t, i+1, v.Number, "round %d: %s", round, a.ID)
					seen = seen || v.Article.Body == a.Body
				}
				assert.True(t, seen, "round %d: %s: the acknowledged version is kept", round, a.ID)
				assert.Equal(t, got.Body, h[len(h)-1].Article.Body, "round %d: %s", round, a.ID)
			}
		}
		assertStatsCount(t, idx, round)
		if round > 0 && lastN > 0 {
			h, err := idx.History(ctx, original[0].ID)
			require.NoError(t, err)
			assert.Greater(t, len(h), 1, "round %d: the revisions are versions", round)
		}
		require.NoError(t, idx.Close())
	}

	idx := openIndex(t, dir)
	require.NoError(t, idx.Add(ctx, original...))
	clean := openIndex(t, filepath.Join(t.TempDir(), "clean"))
	require.NoError(t, clean.Add(ctx, original...))
	assert.Equal(t, fieldStats(t, clean), fieldStats(t, idx), "the statistics of an index that never crashed")
	for _, q := range []ni.Query{ni.Match{Text: "Kim Jong Il"}, ni.Match{Text: "party workers congress", MinWords: 1}} {
		a, err := idx.Search(ctx, q, ni.SearchOptions{Size: 5})
		require.NoError(t, err)
		b, err := clean.Search(ctx, q, ni.SearchOptions{Size: 5})
		require.NoError(t, err)
		assert.Equal(t, b.Total, a.Total, "%s", q)
		require.NotEmpty(t, a.Hits)
		assert.InDelta(t, b.Hits[0].Score, a.Hits[0].Score, 1e-9*b.Hits[0].Score+1e-9, "%s: the top score", q)
	}
}

// TestCrashLoopShards is TestCrashLoop, shorter, on an index of two
// shards: each shard's batches carry its share of the statistics, so after
// each kill every acknowledged article is there and the statistics the
// shards keep add up to what they hold (Check recounts them); at the end
// the index scores as an index of one shard that never crashed.
func TestCrashLoopShards(t *testing.T) {
	if testing.Short() {
		t.Skip("kills a process a few times")
	}
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "idx")
	created, err := ni.Open(dir, ni.Config{Shards: 2})
	require.NoError(t, err)
	require.NoError(t, created.Close())
	rng := rand.New(rand.NewPCG(20261202, 2))
	for round := range 4 {
		cmd := child(t, "ingest-loop", dir) // opens with Config{}: the index's two shards
		cmd.Env = append(cmd.Env, "NEWSINDEX_TEST_REV="+strconv.Itoa(round))
		out, err := cmd.StdoutPipe()
		require.NoError(t, err)
		require.NoError(t, cmd.Start())
		lines := bufio.NewScanner(out)
		lastRev, lastN := -1, 0
		for range rng.IntN(6) + 1 {
			if !lines.Scan() {
				break
			}
			f := strings.Fields(lines.Text())
			require.Len(t, f, 3, "child said %q", lines.Text())
			lastRev, _ = strconv.Atoi(f[1])
			lastN, _ = strconv.Atoi(f[2])
		}
		time.Sleep(time.Duration(rng.IntN(40)) * time.Millisecond)
		require.NoError(t, cmd.Process.Kill())
		_ = cmd.Wait()

		idx, err := ni.Open(dir, ni.Config{})
		require.NoError(t, err, "round %d: the index opens after a kill", round)
		assert.Equal(t, 2, idx.Shards())
		n, err := idx.Count(ctx)
		require.NoError(t, err)
		assert.GreaterOrEqual(t, n, uint64(lastN), "round %d: every acknowledged article is there", round)
		if lastRev >= 0 {
			for _, a := range crashArticles(t, lastRev)[:lastN] {
				got, err := idx.Get(ctx, a.ID)
				require.NoError(t, err, "round %d: %s acknowledged", round, a.ID)
				assert.True(t, strings.HasPrefix(got.Body, a.Body[:min(len(a.Body), 40)]), "round %d: %s", round, a.ID)
			}
		}
		require.NoError(t, idx.Close())
		rep, err := ni.Check(ctx, dir, nil)
		require.NoError(t, err)
		assert.Empty(t, rep.Problems, "round %d: the shards' statistics count what they hold", round)
	}

	idx := openIndex(t, dir)
	original := crashArticles(t, 0)
	require.NoError(t, idx.Add(ctx, original...))
	clean := openIndex(t, filepath.Join(t.TempDir(), "clean"))
	require.NoError(t, clean.Add(ctx, original...))
	for _, q := range []ni.Query{ni.Match{Text: "Kim Jong Il"}, ni.Match{Text: "party workers congress", MinWords: 1}} {
		a, err := idx.Search(ctx, q, ni.SearchOptions{Size: 5})
		require.NoError(t, err)
		b, err := clean.Search(ctx, q, ni.SearchOptions{Size: 5})
		require.NoError(t, err)
		assert.Equal(t, b.Total, a.Total, "%s", q)
		require.NotEmpty(t, a.Hits)
		assert.InDelta(t, b.Hits[0].Score, a.Hits[0].Score, 1e-9*b.Hits[0].Score+1e-9, "%s: the top score of one clean shard", q)
	}
}

// assertStatsCount checks that the statistics count the articles the index
// holds: as many articles, and the tokens of their text fields.
func assertStatsCount(t *testing.T, idx *ni.Index, round int) {
	t.Helper()
	ctx := context.Background()
	st := fieldStats(t, idx)
	n, err := idx.Count(ctx)
	require.NoError(t, err)
	assert.EqualValues(t, n, st["articles"], "round %d: the statistics count the articles", round)
	tokens := map[string]float64{}
	layout := schema.Current()
	for a, err := range idx.Scan(ctx, ni.All()) {
		require.NoError(t, err)
		stored := schema.Article{ID: a.ID, Title: a.Title, Body: a.Body, Language: a.Language, Published: a.Published}
		stored.CrossLang = len(schema.CrossLangTerms(stored, idx.EntitiesOf(a)))
		for f, v := range layout.Lengths(stored) {
			tokens[f] += float64(v)
		}
	}
	for f, v := range st["tokens"].(map[string]any) {
		assert.Equal(t, tokens[f], v.(float64), "round %d: tokens of %s", round, f)
	}
}

// TestDiskFull fills a small file system: Add refuses with ErrDiskFull
// before Bleve runs out of space (it panics in a goroutine of its own when
// it does), what was acknowledged stays, and the index opens again.
func TestDiskFull(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("mounts a small tmpfs: Linux only")
	}
	mnt := filepath.Join(t.TempDir(), "tiny")
	require.NoError(t, os.Mkdir(mnt, 0o755))
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=12m", "tmpfs", mnt).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a small file system to fill (%v: %s): run the tests as root to test a full disk", err, strings.TrimSpace(string(out)))
	}
	t.Cleanup(func() { _ = exec.Command("umount", mnt).Run() })

	ctx := context.Background()
	path := filepath.Join(mnt, "idx")
	idx, err := ni.Open(path, ni.Config{MinFreeBytes: 1 << 20})
	require.NoError(t, err)
	var acked []string
	var addErr error
	for round := 0; round < 1000 && addErr == nil; round++ {
		var batch []ni.Article
		for i := range 20 {
			batch = append(batch, ni.Article{ID: fmt.Sprintf("r%d-%d", round, i), Language: "en",
				Body: strings.Repeat(fmt.Sprintf("word%d filler text ", round*20+i), 300)})
		}
		if addErr = idx.Add(ctx, batch...); addErr == nil {
			for _, a := range batch {
				acked = append(acked, a.ID)
			}
		}
	}
	require.Error(t, addErr, "the disk filled")
	assert.True(t, errors.Is(addErr, ni.ErrDiskFull), "%v", addErr)
	assert.Contains(t, addErr.Error(), "MB free")
	require.NotEmpty(t, acked)
	res, err := idx.Search(ctx, ni.Match{Text: "filler"}, ni.SearchOptions{Size: 1})
	require.NoError(t, err, "searches go on")
	assert.Equal(t, uint64(len(acked)), res.Total)
	require.NoError(t, idx.Delete(ctx, acked[0]), "a delete needs no room")
	require.NoError(t, idx.Close())

	again, err := ni.Open(path, ni.Config{MinFreeBytes: 1 << 20})
	require.NoError(t, err)
	defer again.Close()
	n, err := again.Count(ctx)
	require.NoError(t, err)
	assert.Equal(t, uint64(len(acked)-1), n, "every acknowledged article but the deleted one")
}
