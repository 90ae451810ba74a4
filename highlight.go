package newsindex

import (
	"fmt"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/highlight"
	"github.com/blevesearch/bleve/v2/search/highlight/highlighter/html"
)

// Title and body are not stored in their own fields (the article is
// stored once, compressed), so Bleve cannot highlight them itself: the
// search asks for the term locations, and its highlighter runs here on the
// unpacked text.

var (
	highlighterOnce sync.Once
	highlighter     highlight.Highlighter
	highlighterErr  error
)

// highlightHit sets the fragments of a hit's title and body fields, where
// its term locations are, from the article's text.
func (l layout) highlightHit(h *search.DocumentMatch, a Article) error {
	highlighterOnce.Do(func() {
		highlighter, highlighterErr = bleve.Config.Cache.HighlighterNamed(html.Name)
	})
	if highlighterErr != nil {
		return fmt.Errorf("newsindex: highlighter: %w", highlighterErr)
	}
	code := l.fieldLanguage(a.Language)
	doc := document.NewDocument(a.ID)
	for field, text := range map[string]string{titleField(code): a.Title, bodyField(code): a.Body} {
		if text != "" && len(h.Locations[field]) > 0 {
			doc.AddField(document.NewTextField(field, nil, []byte(text)))
		}
	}
	for _, f := range doc.Fields {
		highlighter.BestFragmentsInField(h, doc, f.Name(), 1)
	}
	return nil
}
