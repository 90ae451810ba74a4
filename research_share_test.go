package newsindex_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	ni "github.com/newsindex/newsindex"
)

// TestResearchShared: Trend of an index another Index
// shares (Config.Share) goes through the owner and answers as the owner
// does, its errors of the types they are.
func TestResearchShared(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "idx")
	owner, err := ni.Open(dir, ni.Config{Share: true})
	require.NoError(t, err)
	defer owner.Close()
	require.NoError(t, owner.Add(ctx, readArticles(t, "seed.jsonl")...))
	reader, err := ni.Open(dir, ni.Config{ReadOnly: true})
	require.NoError(t, err)
	defer reader.Close()
	require.Nil(t, reader.Bleve(), "the reader goes through the owner")

	opts := ni.TrendOptions{Queries: []ni.Query{ni.Match{Text: "Kursk"}, ni.Source("Naenara")}, Interval: ni.Year, Within: ni.Language("en", "de")}
	want, err := owner.Trend(ctx, opts)
	require.NoError(t, err)
	got, err := reader.Trend(ctx, opts)
	require.NoError(t, err)
	assert.Equal(t, want, got)

	_, err = reader.Trend(ctx, ni.TrendOptions{Queries: []ni.Query{ni.Match{Text: "x"}}, Interval: "fortnight"})
	var oe *ni.OptionError
	assert.True(t, errors.As(err, &oe), "%v", err)
}
