package store

import (
	"context"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/newsindex/newsindex/internal/schema"
)

// TestTextFieldsKeepPositionsNotOffsets: the term locations of the text
// fields have their positions (phrases) and no byte offsets (format
// version 11: highlighting finds them in the stored text).
func TestTextFieldsKeepPositionsNotOffsets(t *testing.T) {
	ctx := context.Background()
	s := openStore(t, t.TempDir()+"/x.idx", false)
	_, _, err := s.Add(ctx, []schema.Article{{ID: "a", Title: "Talks in Moscow", Body: "Kim Jong Il met the Russian delegation.", Language: "en"}}, nil, time.Now())
	require.NoError(t, err)
	for field, term := range map[string]string{"body_en": "deleg", "title_en": "moscow"} {
		q := bleve.NewTermQuery(term)
		q.SetField(field)
		req := bleve.NewSearchRequest(q)
		req.IncludeLocations = true
		res, err := s.Search(ctx, req, s.Stats())
		require.NoError(t, err)
		require.Len(t, res.Hits, 1, field)
		locs := res.Hits[0].Locations[field][term]
		require.Len(t, locs, 1, field)
		assert.Equal(t, map[string]uint64{"pos": map[string]uint64{"body_en": 7, "title_en": 3}[field], "start": 0, "end": 0},
			map[string]uint64{"pos": locs[0].Pos, "start": locs[0].Start, "end": locs[0].End}, field)
	}
}
