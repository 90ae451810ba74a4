package newsindex_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	ni "github.com/newsindex/newsindex"
)

// wordyIndex holds articles with many words that start alike: "kora0" …
// "kora499", "korea" and its neighbours.
func wordyIndex(t *testing.T, cfg ni.Config) *ni.Index {
	t.Helper()
	idx, err := ni.Open("", cfg)
	require.NoError(t, err)
	t.Cleanup(func() { _ = idx.Close() })
	var articles []ni.Article
	for i := range 50 {
		var words []string
		for j := range 10 {
			words = append(words, fmt.Sprintf("kora%d", i*10+j))
		}
		words = append(words, "korea", "korean", "koreas", "kore", "corea", "korda")
		articles = append(articles, ni.Article{ID: fmt.Sprintf("a%d", i), Title: "Korea", Body: strings.Join(words, " "), Language: "en"})
	}
	require.NoError(t, idx.Add(context.Background(), articles...))
	return idx
}

func TestQueryLimits(t *testing.T) {
	ctx := context.Background()
	idx := wordyIndex(t, ni.Config{MaxExpansions: 100, MaxQueryTerms: 2000})
	for _, tc := range []struct {
		name, query string
		want        string // "" = runs
		reason      string
	}{
		{"a short prefix", "k*", "k* matches more than 100 words in the English bodies (the limit of Config.MaxExpansions)", "500 words start with k"},
		{"a longer prefix", "kora4*", "kora4* matches more than 100 words", "kora4, kora40–49, kora400–499: 111"},
		{"a prefix that fits", "kora49*", "", "kora49, kora490–499: 11"},
		{"666 prefixes", strings.Repeat("kora49* ", 666), "the query needs more than 2000 term lookups (the limit of Config.MaxQueryTerms; ", "each costs what it expands to"},
		{"one fuzzy word", "korea~2", "", "a handful of neighbours"},
		{"250 fuzzy words", strings.Repeat("korea~2 ", 250), "the query needs more than 2000 term lookups", "the same word 250 times is 250 lookups of its neighbours"},
		{"a long run of Hangul", strings.Repeat("가", 666), "", "no longer a fuzzy automaton of more than 10,000 states"},
		{"a long fuzzy word", strings.Repeat("ab", 500) + "~2", "is too long to match with edits (1000 letters)", "the automaton would be too big"},
		{"many words", strings.Repeat("korea ", 3000), "the query needs more than 2000 term lookups", "every word in every field counts"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			q, err := ni.Parse(tc.query)
			require.NoError(t, err)
			_, err = idx.Search(ctx, q, ni.SearchOptions{})
			if tc.want == "" {
				assert.NoError(t, err, tc.reason)
				return
			}
			var qe *ni.QueryError
			require.True(t, errors.As(err, &qe), "%v: a *QueryError (%s)", err, tc.reason)
			assert.Contains(t, qe.Error(), tc.want, tc.reason)
		})
	}

	defaults := wordyIndex(t, ni.Config{})
	res, err := defaults.Search(ctx, ni.Prefix{Text: "k"}, ni.SearchOptions{})
	require.NoError(t, err, "500 expansions are within the default limits")
	assert.Equal(t, uint64(50), res.Total)
	_, err = ni.Open("", ni.Config{MaxQueryTerms: -1})
	assert.Error(t, err, "negative limits are refused")
}
