package main

import (
	"bytes"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/newsindex/newsindex"
)

func TestRun(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	t.Setenv("HOME", t.TempDir())
	for i := 0; i < 2; i++ { // the second run uses the cached index
		var out bytes.Buffer
		require.NoError(t, run(&out, "../../testdata", "Putin", 5, "relevance"))
		assert.Contains(t, out.String(), "2 articles match Putin\n")
		assert.Contains(t, out.String(), "dem Präsidenten W. W. **Putin**.")
		assert.Contains(t, out.String(), "language:  de (2)")
	}
	var out bytes.Buffer
	assert.ErrorContains(t, run(&out, "../../testdata", "(Putin", 5, "relevance"), "unbalanced parenthesis")
	assert.ErrorContains(t, run(&out, "../../testdata", "Putin", 5, "best"), `unknown sort "best"`)
	assert.ErrorContains(t, run(&out, t.TempDir(), "Putin", 5, "relevance"), "no *.jsonl articles in")
}

func TestPrintResult(t *testing.T) {
	res := &newsindex.Result{Total: 1, Hits: []newsindex.Hit{{
		Article: newsindex.Article{ID: "x1", Title: "Zum Jahrestag", Source: "KZNA/Naenara", Language: "de",
			Published: time.Date(2025, 8, 1, 0, 0, 0, 0, time.UTC), Precision: newsindex.PrecisionMonth},
		Fragments: map[string][]string{"body": {"die Befreiung von <mark>Kursk</mark> &amp; mehr"}},
	}}}
	tests := []struct {
		name     string
		terminal bool
		want     []string
		reason   string
	}{
		{"pipe", false, []string{"1 article matches Kursk\n", "KZNA/Naenara · 2025-08 · de · x1", "die Befreiung von **Kursk** & mehr"},
			"one article, the query as the user writes it, the month the date is known to, ** around matches (as the CLI)"},
		{"terminal", true, []string{"die Befreiung von \x1b[1mKursk\x1b[0m & mehr"}, "bold on a terminal"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("NO_COLOR", "")
			var out bytes.Buffer
			printResult(&out, newsindex.Match{Text: "Kursk"}, res, tt.terminal)
			for _, w := range tt.want {
				assert.Contains(t, out.String(), w, tt.reason)
			}
		})
	}
}
