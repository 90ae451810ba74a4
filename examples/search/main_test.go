package main

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRun(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	t.Setenv("HOME", t.TempDir())
	for i := 0; i < 2; i++ { // the second run uses the cached index
		var out bytes.Buffer
		require.NoError(t, run(&out, "../../testdata", "Putin", 5, "relevance"))
		assert.Contains(t, out.String(), "2 articles match (match \"Putin\")")
		assert.Contains(t, out.String(), "dem Präsidenten W. W. **Putin**.")
		assert.Contains(t, out.String(), "language:  de (2)")
	}
	var out bytes.Buffer
	assert.ErrorContains(t, run(&out, "../../testdata", "(Putin", 5, "relevance"), "unbalanced parenthesis")
	assert.ErrorContains(t, run(&out, "../../testdata", "Putin", 5, "best"), `unknown sort "best"`)
	assert.ErrorContains(t, run(&out, t.TempDir(), "Putin", 5, "relevance"), "no *.jsonl articles in")
}
