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

// TestResearchShared: Trend, Terms and KWIC of an index another Index
// shares (Config.Share) go through the owner and answer as the owner does,
// their errors of the types they are.
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

	wantTerms, err := owner.Terms(ctx, ni.Source("KCNA"), ni.TermsOptions{Size: 5, Sample: 10})
	require.NoError(t, err)
	gotTerms, err := reader.Terms(ctx, ni.Source("KCNA"), ni.TermsOptions{Size: 5, Sample: 10})
	require.NoError(t, err)
	assert.Equal(t, wantTerms, gotTerms)

	var wantLines, gotLines []ni.KWICLine
	for l, err := range owner.KWIC(ctx, ni.Match{Text: "Kursk"}, ni.KWICOptions{Width: 20}) {
		require.NoError(t, err)
		wantLines = append(wantLines, l)
	}
	for l, err := range reader.KWIC(ctx, ni.Match{Text: "Kursk"}, ni.KWICOptions{Width: 20}) {
		require.NoError(t, err)
		gotLines = append(gotLines, l)
	}
	require.NotEmpty(t, wantLines)
	assert.Equal(t, wantLines, gotLines)

	_, err = reader.Trend(ctx, ni.TrendOptions{Queries: []ni.Query{ni.Match{Text: "x"}}, Interval: "fortnight"})
	var oe *ni.OptionError
	assert.True(t, errors.As(err, &oe), "%v", err)
	_, err = reader.Trend(ctx, ni.TrendOptions{Queries: []ni.Query{ni.Match{Text: "x"}}, Interval: ni.Day, From: day("1700-01-01"), To: day("2200-01-01")})
	assert.True(t, errors.As(err, &oe), "too many intervals, known before the call travels: %v", err)
	_, err = reader.Terms(ctx, ni.Match{Text: "x", Fuzziness: 5}, ni.TermsOptions{})
	var qe *ni.QueryError
	assert.True(t, errors.As(err, &qe), "%v", err)
	for _, err := range reader.KWIC(ctx, ni.Source("KCNA"), ni.KWICOptions{}) {
		assert.True(t, errors.As(err, &qe), "%v", err)
	}
}
