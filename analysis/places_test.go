package analysis

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	bleveanalysis "github.com/blevesearch/bleve/v2/analysis"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPlacesAreTheAnalysis: for every language, on its sentence of
// testdata/tokens/input.json and on the articles of the root's
// multilingual testdata, each position of the whole analysis is where
// Places says, though Places skips the filters that cannot move tokens.
func TestPlacesAreTheAnalysis(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "tokens", "input.json"))
	require.NoError(t, err)
	var inputs map[string]string
	require.NoError(t, json.Unmarshal(data, &inputs))
	texts := map[string][]string{}
	for code, text := range inputs {
		texts[code] = append(texts[code], text)
	}
	lines, err := os.ReadFile(filepath.Join("..", "testdata", "multilingual.jsonl"))
	require.NoError(t, err)
	for _, line := range bytes.Split(bytes.TrimSpace(lines), []byte("\n")) {
		var a struct{ Title, Body, Language string }
		require.NoError(t, json.Unmarshal(line, &a))
		if _, ok := Lookup(a.Language); ok {
			texts[a.Language] = append(texts[a.Language], a.Title, a.Body)
		}
	}
	// The languages of input.json, the built-in ones (other tests of the
	// package register languages of their own, without texts here).
	for code := range inputs {
		for _, text := range texts[code] {
			toks, err := Analyze(code, text)
			require.NoError(t, err)
			places, err := Places(code, text)
			require.NoError(t, err)
			seen := map[int]bool{}
			for _, tok := range toks {
				if seen[tok.Position] {
					continue
				}
				seen[tok.Position] = true
				require.Less(t, tok.Position, len(places), "%s %q: %s", code, text, tok.Term)
				assert.Equal(t, Place{tok.Start, tok.End}, places[tok.Position], "%s: %q at %d", code, tok.Term, tok.Position)
			}
		}
	}
	_, err = Places("xx", "text")
	assert.ErrorContains(t, err, `language "xx" is not registered`)
}

// TestPlacesSkipsWhatCannotMoveTokens: English needs its tokenizer alone,
// Chinese its bigrams.
func TestPlacesSkipsWhatCannotMoveTokens(t *testing.T) {
	for code, filters := range map[string]int{"en": 0, "de": 0, "ru": 0, "zh": 3, "ko": 5} {
		l, ok := Lookup(code)
		require.True(t, ok)
		a, err := placer(l.Analyzer)
		require.NoError(t, err)
		d, ok := a.(*bleveanalysis.DefaultAnalyzer)
		require.True(t, ok, code)
		assert.Len(t, d.TokenFilters, filters, code)
	}
}
