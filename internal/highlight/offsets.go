package highlight

import (
	"fmt"

	"github.com/blevesearch/bleve/v2/search"

	"github.com/newsindex/newsindex/analysis"
)

// Offsets fills in the byte offsets of the hit's term locations in the
// given fields (field name → text) from an analysis of the text in
// language code, by their positions ([analysis.Places]). An index of
// format version 11 keeps the positions of terms (for phrases) but not
// their offsets, which highlighting alone needs: a term location without
// them (start and end 0) gets those of the token at its position. Locations
// with offsets (older indexes, names) are left as they are.
func Offsets(h *search.DocumentMatch, texts map[string]string, code string) error {
	for field, text := range texts {
		locs := h.Locations[field]
		if text == "" || !lacksOffsets(locs) {
			continue
		}
		places, err := analysis.Places(code, text)
		if err != nil {
			return fmt.Errorf("highlight %s: %w", field, err)
		}
		for _, ls := range locs {
			for _, l := range ls {
				if l.Start != 0 || l.End != 0 || l.Pos >= uint64(len(places)) {
					continue // offsets already, or not in this text: left unmarked
				}
				p := places[l.Pos]
				l.Start, l.End = uint64(p.Start), uint64(p.End)
			}
		}
	}
	return nil
}

// lacksOffsets reports a location map with a location without offsets.
func lacksOffsets(locs search.TermLocationMap) bool {
	for _, ls := range locs {
		for _, l := range ls {
			if l.Start == 0 && l.End == 0 {
				return true
			}
		}
	}
	return false
}
