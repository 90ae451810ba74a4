package eval_test

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/newsindex/newsindex/eval"
)

var updatePerQuery = flag.Bool("update-perquery", false, "rewrite testdata/perquery from the rankings as they are now")

// checkPerQuery compares the nDCG@10 of every query of a run with what the
// golden file of that run (testdata/perquery/NAME.json) holds: a change made
// for speed must leave every ranking as it was, not only the averages the
// floors guard. -update-perquery rewrites the files, for changes that mean
// to move rankings.
func checkPerQuery(t *testing.T, name string, s eval.Score) {
	t.Helper()
	path := filepath.Join("testdata", "perquery", strings.ReplaceAll(name, "/", "-")+".json")
	if *updatePerQuery {
		data, err := json.MarshalIndent(s.PerQuery, "", " ")
		require.NoError(t, err)
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, append(data, '\n'), 0o644))
		return
	}
	data, err := os.ReadFile(path)
	require.NoError(t, err, "go test ./eval -update-perquery writes it")
	var want map[string]float64
	require.NoError(t, json.Unmarshal(data, &want))
	require.Len(t, s.PerQuery, len(want), "%s: queries", name)
	for id, w := range want {
		assert.InDelta(t, w, s.PerQuery[id], 1e-9, "%s: nDCG@10 of query %s", name, id)
	}
}
