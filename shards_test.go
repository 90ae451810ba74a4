package newsindex_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/newsindex/newsindex"
)

// TestResultsUnchangedWithShards runs the searches of TestResultsUnchanged
// on indexes of several shards: they must find what one shard finds, the
// same hits, totals, facets and notes, scores within 1e-9.
func TestResultsUnchangedWithShards(t *testing.T) {
	if testing.Short() {
		t.Skip("skipping the comparison of every search in -short mode")
	}
	for _, n := range []int{2, 4} {
		t.Run(fmt.Sprintf("%d shards", n), func(t *testing.T) {
			idx := resultsIndexOf(t, newsindex.Config{Shards: n})
			require.Equal(t, n, idx.Shards())
			compareGolden(t, searchResults(t, idx))
		})
	}
}
