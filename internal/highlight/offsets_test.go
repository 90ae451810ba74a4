package highlight

import (
	"testing"

	"github.com/blevesearch/bleve/v2/search"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestOffsetsFromPositions(t *testing.T) {
	for _, tc := range []struct {
		name, code, text string
		term             string
		loc              search.Location
		want             [2]uint64
	}{
		{"first word", "en", "Kim Jong Il met the Russian delegation.", "kim", search.Location{Pos: 1}, [2]uint64{0, 3}},
		{"a stemmed word", "en", "Kim Jong Il met the Russian delegation.", "deleg", search.Location{Pos: 7}, [2]uint64{28, 38}},
		{"a part of a compound: the whole word", "de", "Der Friedensvertrag wurde in Moskau unterzeichnet.", "vertrag", search.Location{Pos: 2}, [2]uint64{4, 19}},
		{"offsets already there stay", "en", "Kim Jong Il met the Russian delegation.", "met", search.Location{Pos: 4, Start: 1, End: 2}, [2]uint64{1, 2}},
		{"a position past the text stays unmarked", "en", "Kim Jong Il", "il", search.Location{Pos: 9}, [2]uint64{0, 0}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			loc := tc.loc
			h := &search.DocumentMatch{Locations: search.FieldTermLocationMap{"body_x": {tc.term: {&loc}}}}
			require.NoError(t, Offsets(h, map[string]string{"body_x": tc.text, "title_x": "no locations"}, tc.code))
			assert.Equal(t, tc.want, [2]uint64{loc.Start, loc.End})
		})
	}
	h := &search.DocumentMatch{Locations: search.FieldTermLocationMap{"body_x": {"x": {&search.Location{Pos: 1}}}}}
	assert.ErrorContains(t, Offsets(h, map[string]string{"body_x": "text"}, "xx-unknown"), `highlight body_x: analysis: language "xx-unknown" is not registered`)
}

// TestWholeMarksFromPositions: a hit of an index that keeps no offsets is
// marked where its terms are.
func TestWholeMarksFromPositions(t *testing.T) {
	h := &search.DocumentMatch{Locations: search.FieldTermLocationMap{"body_en": {
		"russian": {&search.Location{Pos: 6}},
		"deleg":   {&search.Location{Pos: 7}},
	}}}
	texts := map[string]string{"body_en": "Kim Jong Il met the Russian delegation."}
	require.NoError(t, Offsets(h, texts, "en"))
	assert.Equal(t, []string{"Kim Jong Il met the <mark>Russian delegation</mark>."}, Whole(h, texts)["body"])
}
