// Package highlight marks the matches of a search in text the index does
// not store field by field. Title and body are not stored in fields of
// their own (the article is stored once, compressed), so Bleve cannot
// highlight them itself: the search asks for the term locations, and
// Bleve's HTML highlighter runs here on the unpacked text.
package highlight

import (
	"fmt"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/highlight"
	"github.com/blevesearch/bleve/v2/search/highlight/highlighter/html"
)

var html5 = sync.OnceValues(func() (highlight.Highlighter, error) {
	return bleve.Config.Cache.HighlighterNamed(html.Name)
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
		name, _, _ := strings.Cut(field, "_")
		out[name] = append(out[name], frags...)
	}
	return out, nil
}
