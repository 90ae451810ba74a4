package newsindex_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	ni "github.com/newsindex/newsindex"
	"github.com/newsindex/newsindex/analysis"
)

// TestShare: while one Index holds the index open for writing with
// Config.Share, other Opens (here in the same process, which Bleve's lock
// treats like another) go through it, for reading and for writing.
func TestShare(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "idx")
	owner, err := ni.Open(dir, ni.Config{Share: true, MaxArticleBytes: 20000})
	require.NoError(t, err)
	defer owner.Close()
	require.NoError(t, owner.Add(ctx, readArticles(t, "seed.jsonl")...))

	start := time.Now()
	writer, err := ni.Open(dir, ni.Config{Names: []analysis.Entity{{ID: "test-ostrog", Kind: "place", Variants: []string{"Ostrog"}}}})
	require.NoError(t, err, "a second writer is served, not locked out")
	defer writer.Close()
	assert.Less(t, time.Since(start), time.Second, "without waiting for the lock")
	reader, err := ni.Open(dir, ni.Config{ReadOnly: true})
	require.NoError(t, err)
	defer reader.Close()

	added := ni.Article{ID: "new-1", Title: "Delegation in Ostrog", Body: "A KCNA delegation visited Ostrog and Kursk.", Language: "en", Source: "KCNA"}
	require.NoError(t, writer.Add(ctx, added))
	for name, idx := range map[string]*ni.Index{"owner": owner, "writer": writer, "reader": reader} {
		res, err := idx.Search(ctx, ni.And(ni.Match{Text: "Kursk"}, ni.Source("KCNA")), ni.SearchOptions{Highlight: true, Facets: []ni.Facet{ni.FacetEntity}})
		require.NoError(t, err, name)
		assert.Contains(t, ids(res), "new-1", "%s sees the article at once", name)
		assert.NotEmpty(t, res.Hits[0].Fragments, name)
		n, err := idx.Count(ctx)
		require.NoError(t, err)
		assert.Equal(t, uint64(7), n, name)
		got, err := idx.Get(ctx, "new-1")
		require.NoError(t, err, name)
		assert.Equal(t, added.Body, got.Body, name)
		assert.Equal(t, []string{"kcna", "kursk", "test-ostrog"}, idx.EntitiesOf(got), "%s knows the names the writer gave", name)
	}
	res, err := owner.Search(ctx, ni.Entity("test-ostrog"), ni.SearchOptions{})
	require.NoError(t, err)
	assert.Equal(t, []string{"new-1"}, ids(res), "the owner tags with the names another process gave")

	// Errors come back as the errors they are.
	_, err = reader.Get(ctx, "missing")
	assert.ErrorIs(t, err, ni.ErrNotFound)
	assert.ErrorIs(t, reader.Add(ctx, added), ni.ErrReadOnly)
	_, err = writer.Search(ctx, ni.Match{Text: "x", Fuzziness: 5}, ni.SearchOptions{})
	var qe *ni.QueryError
	require.True(t, errors.As(err, &qe), "%v", err)
	assert.Contains(t, qe.Reason, "fuzziness 5 is out of range")
	err = writer.Add(ctx, ni.Article{ID: "big", Body: strings.Repeat("x", 30000)})
	var ie *ni.InputError
	require.True(t, errors.As(err, &ie), "the owner's cap, checked before the call: %v", err)
	_, err = writer.Search(ctx, ni.All(), ni.SearchOptions{After: "garbage"})
	assert.ErrorIs(t, err, ni.ErrBadCursor)
	assert.Nil(t, reader.Bleve(), "no Bleve index here")

	// Paging and Scan go through too.
	var seen int
	for _, err := range reader.Scan(ctx, ni.All()) {
		require.NoError(t, err)
		seen++
	}
	assert.Equal(t, 7, seen)
	require.NoError(t, writer.Delete(ctx, "new-1"))
	require.NoError(t, writer.Compact(ctx), "compacted by the owner")
	assert.ErrorIs(t, reader.Compact(ctx), ni.ErrReadOnly)
	st, err := writer.Stats(ctx)
	require.NoError(t, err)
	assert.Equal(t, 1, st.Segments)
	n, err := owner.Count(ctx)
	require.NoError(t, err)
	assert.Equal(t, uint64(6), n)

	// When the owner closes, the others say so; a new Open is the owner.
	require.NoError(t, owner.Close())
	_, err = reader.Count(ctx)
	assert.ErrorContains(t, err, "open the index again")
	again, err := ni.Open(dir, ni.Config{})
	require.NoError(t, err, "the lock went with the owner")
	require.NotNil(t, again.Bleve())
	require.NoError(t, again.Close())
}

// TestShareSurvivesItsOwnersCrash: a socket left by a process that is gone
// does not stand in the way.
func TestShareLeftBehind(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "idx")
	cmd := child(t, "add-and-hang-shared", dir)
	out, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	buf := make([]byte, 6)
	_, err = out.Read(buf)
	require.NoError(t, err)
	require.Equal(t, "added\n", string(buf))

	viaOwner, err := ni.Open(dir, ni.Config{ReadOnly: true})
	require.NoError(t, err, "another process shares it")
	n, err := viaOwner.Count(context.Background())
	require.NoError(t, err)
	assert.Equal(t, uint64(6), n)
	require.NoError(t, viaOwner.Close())

	require.NoError(t, cmd.Process.Kill())
	_ = cmd.Wait()
	idx, err := ni.Open(dir, ni.Config{})
	require.NoError(t, err, "the stale socket of a killed owner is ignored")
	require.NotNil(t, idx.Bleve())
	require.NoError(t, idx.Close())
}
