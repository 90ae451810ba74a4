// Package highlight marks the matches of a search in text the index does
// not store field by field. Title and body are not stored in fields of
// their own (the article is stored once, compressed), so Bleve cannot
// highlight them itself: the search asks for the term locations, and
// Bleve's HTML highlighter runs here on the unpacked text.
package highlight

import (
	"fmt"
	"html"
	"sort"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/highlight"
	htmlhl "github.com/blevesearch/bleve/v2/search/highlight/highlighter/html"

	"github.com/newsindex/newsindex/internal/schema"
)

var html5 = sync.OnceValues(func() (highlight.Highlighter, error) {
	return bleve.Config.Cache.HighlighterNamed(htmlhl.Name)
})

// Fragments returns the best passage of each of the given fields (field
// name → text) where the hit has term locations, HTML-escaped with matches
// in <mark>…</mark>, by the part of the field name before "_": "title_de"
// gives "title".
func Fragments(h *search.DocumentMatch, id string, texts map[string]string) (map[string][]string, error) {
	hl, err := html5()
	if err != nil {
		return nil, fmt.Errorf("highlighter: %w", err)
	}
	doc := document.NewDocument(id)
	for field, text := range texts {
		if text != "" && len(h.Locations[field]) > 0 {
			doc.AddField(document.NewTextField(field, nil, []byte(text)))
		}
	}
	for _, f := range doc.Fields {
		hl.BestFragmentsInField(h, doc, f.Name(), 1)
	}
	out := map[string][]string{}
	for field, frags := range h.Fragments {
		for _, f := range frags {
			// Marks that only a space parts become one: "Kim Jong Il".
			out[partOf(field)] = append(out[partOf(field)], strings.ReplaceAll(f, "</mark> <mark>", " "))
		}
	}
	return out, nil
}

// partOf is the part of the article a field holds: "title" for title_de
// and for the field of earlier versions past_title_de.
func partOf(field string) string {
	name, _, _ := strings.Cut(strings.TrimPrefix(field, schema.PastPrefix), "_")
	return name
}

// Whole returns each of the given fields' whole text (field name → text),
// HTML-escaped, with every match the hit has a location for inside
// <mark>…</mark>, by the part of the field name before "_"; a field
// without a match is returned escaped, unmarked.
func Whole(h *search.DocumentMatch, texts map[string]string) map[string][]string {
	out := map[string][]string{}
	for field, text := range texts {
		if text == "" {
			continue
		}
		type span struct{ start, end int }
		var spans []span
		for _, locs := range h.Locations[field] {
			for _, l := range locs {
				if s, e := int(l.Start), int(l.End); s < e && e <= len(text) {
					spans = append(spans, span{s, e})
				}
			}
		}
		sort.Slice(spans, func(i, j int) bool {
			if spans[i].start != spans[j].start {
				return spans[i].start < spans[j].start
			}
			return spans[i].end > spans[j].end
		})
		// Marks that overlap, or that only spaces part ("Kim" "Jong" "Il"),
		// become one.
		merged := spans[:0]
		for _, sp := range spans {
			if n := len(merged); n > 0 && sp.start <= merged[n-1].end+1 && strings.TrimSpace(text[merged[n-1].end:max(sp.start, merged[n-1].end)]) == "" {
				merged[n-1].end = max(merged[n-1].end, sp.end)
				continue
			}
			merged = append(merged, sp)
		}
		spans = merged
		var b strings.Builder
		at := 0
		for _, s := range spans {
			if s.end <= at {
				continue // inside a mark already
			}
			start := max(s.start, at)
			b.WriteString(html.EscapeString(text[at:start]))
			b.WriteString("<mark>")
			b.WriteString(html.EscapeString(text[start:s.end]))
			b.WriteString("</mark>")
			at = s.end
		}
		b.WriteString(html.EscapeString(text[at:]))
		out[partOf(field)] = append(out[partOf(field)], b.String())
	}
	return out
}
