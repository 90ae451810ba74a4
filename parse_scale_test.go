package newsindex_test

import (
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	ni "github.com/newsindex/newsindex"
)

// TestParseIsLinear: a long query costs time and memory in proportion to
// its length (plain words were once joined pairwise: 1 MB took 27 s and
// 55 GB).
func TestParseIsLinear(t *testing.T) {
	allocs := func(words int) float64 {
		text := strings.Repeat("korea ", words)
		return testing.AllocsPerRun(3, func() {
			q, err := ni.Parse(text)
			require.NoError(t, err)
			require.IsType(t, ni.Match{}, q)
		})
	}
	bytes := func(words int) uint64 {
		text := strings.Repeat("korea ", words)
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		_, err := ni.Parse(text)
		runtime.ReadMemStats(&after)
		require.NoError(t, err)
		return after.TotalAlloc - before.TotalAlloc
	}
	small, large := allocs(1000), allocs(16000)
	assert.Less(t, large/small, 32.0, "16 times the words: allocations grow linearly (%.0f → %.0f)", small, large)
	bs, bl := bytes(1000), bytes(16000)
	assert.Less(t, float64(bl)/float64(bs), 32.0, "bytes grow linearly (%d → %d)", bs, bl)
}
