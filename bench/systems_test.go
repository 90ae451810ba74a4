package bench

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSystemNamed: newsindex:N names newsindex with N shards; a count out
// of range or an unknown name is an error that says what is wanted.
func TestSystemNamed(t *testing.T) {
	for _, tc := range []struct {
		name, want, err string
	}{
		{"newsindex", "newsindex", ""},
		{"newsindex:1", "newsindex:1", ""},
		{"newsindex:2", "newsindex:2", ""},
		{"bleve", "bleve", ""},
		{"newsindex:0", "", "newsindex:N takes a number of shards from 1 to 64"},
		{"newsindex:x", "", "newsindex:N takes a number of shards from 1 to 64"},
		{"lucene", "", `unknown system "lucene"`},
	} {
		sys, err := systemNamed(tc.name)
		if tc.err != "" {
			assert.ErrorContains(t, err, tc.err, tc.name)
			continue
		}
		require.NoError(t, err, tc.name)
		assert.Equal(t, tc.want, sys.name())
	}
}
