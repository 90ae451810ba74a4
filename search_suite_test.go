package newsindex_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	ni "github.com/newsindex/newsindex"
)

// searchSuite is a data-driven test file under testdata/searches: articles
// to index and searches with the IDs each must find.
type searchSuite struct {
	Comment  string   `json:"comment"`
	Corpus   []string `json:"corpus"`
	Searches []struct {
		Comment  string   `json:"comment"`
		Query    string   `json:"query"`
		Expected []string `json:"expected"`
	} `json:"searches"`
}

func TestSearchSuites(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "searches", "*.json"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			data, err := os.ReadFile(file)
			require.NoError(t, err)
			var suite searchSuite
			require.NoError(t, json.Unmarshal(data, &suite))
			idx := openIndex(t, "")
			ctx := context.Background()
			for _, name := range suite.Corpus {
				require.NoError(t, idx.Add(ctx, readArticles(t, name)...))
			}
			for _, s := range suite.Searches {
				t.Run(s.Query, func(t *testing.T) {
					require.NotEmpty(t, s.Comment, "every search states why")
					q, err := ni.Parse(s.Query)
					require.NoError(t, err)
					res, err := idx.Search(ctx, q, ni.SearchOptions{Size: 1000})
					require.NoError(t, err)
					got := ids(res)
					sort.Strings(got)
					want := append([]string{}, s.Expected...)
					sort.Strings(want)
					assert.Equal(t, want, got, "%s: %s = %s", s.Comment, s.Query, q)
					assert.Equal(t, uint64(len(want)), res.Total)
				})
			}
		})
	}
}
