package main

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRun(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(context.Background(), filepath.Join(t.TempDir(), "idx"), &out))
	assert.Equal(t, `"Åbenrå": 1 article(s)
  dk-1 [da] [Delegation fra Nordkorea besøgte <mark>Aabenraa</mark>]
"diplomat": 1 article(s)
  dk-2 [da] [Nordkoreanske <mark>diplomater</mark> i København]
`, out.String(), "the custom filter folds aa, the language is detected, the index reopens")
}
