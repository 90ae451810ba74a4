package newsindex

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// storedMeta is what the meta field stores: every field of an Article but
// title and body, which are stored in their language's fields.
type storedMeta struct {
	ID        string    `json:"id"`
	Language  string    `json:"language,omitempty"`
	Source    string    `json:"source,omitempty"`
	Published time.Time `json:"published,omitzero"`
	Precision Precision `json:"precision,omitempty"`
	Author    string    `json:"author,omitempty"`
	Dateline  string    `json:"dateline,omitempty"`
	URL       string    `json:"url,omitempty"`
	Section   []string  `json:"section,omitempty"`
}

// record turns an article (validated, with ID and language set) into the
// document Bleve indexes, and returns its size in bytes for batching.
func (l layout) record(a Article) (map[string]interface{}, int, error) {
	meta, err := json.Marshal(storedMeta{
		ID: a.ID, Language: a.Language, Source: a.Source, Published: a.Published, Precision: a.Precision,
		Author: a.Author, Dateline: a.Dateline, URL: a.URL, Section: a.Section,
	})
	if err != nil {
		return nil, 0, err
	}
	code := l.fieldLanguage(a.Language)
	doc := map[string]interface{}{
		fieldKind:     kindArticle,
		fieldMeta:     string(meta),
		fieldLanguage: a.Language,
	}
	if a.Title != "" {
		doc[titleField(code)] = a.Title
	}
	if a.Body != "" {
		doc[bodyField(code)] = a.Body
	}
	for field, value := range map[string]string{fieldSource: a.Source, fieldAuthor: a.Author, fieldDateline: a.Dateline} {
		if value != "" {
			doc[field] = value
		}
	}
	if len(a.Section) > 0 {
		doc[fieldSection] = a.Section
	}
	if l.names != nil {
		if ids := l.names.Find(a.Title + "\n" + a.Body); len(ids) > 0 {
			doc[fieldEntity] = ids
		}
	}
	if !a.Published.IsZero() {
		t := a.Published.UTC()
		doc[fieldPublished] = t
		doc[fieldOrder] = orderKey(t, a.ID)
		doc[fieldYear] = t.Format("2006")
		if a.Precision != PrecisionYear { // a year alone says nothing of the month
			doc[fieldMonth] = t.Format("2006-01")
		}
	} else {
		doc[fieldOrder] = []string{undatedLow + a.ID, undatedHigh + a.ID}
	}
	return doc, len(a.Title) + len(a.Body) + len(meta), nil
}

// orderKey is the sort key of a dated article: its instant in UTC, fixed
// width so that keys sort as times do, then its ID so that articles of the
// same instant keep one order from page to page.
func orderKey(t time.Time, id string) string {
	return t.UTC().Format("2006-01-02T15:04:05.000000000Z") + " " + id
}

// The two order keys of an undated article: below and above every date.
const (
	undatedLow  = "0000 "
	undatedHigh = "9999-99 "
)

// articleFromFields rebuilds an article from the stored fields of a hit.
func articleFromFields(id string, fields map[string]interface{}) (Article, error) {
	raw, ok := fields[fieldMeta].(string)
	if !ok {
		return Article{}, fmt.Errorf("newsindex: document %q has no stored metadata: not an article", id)
	}
	var m storedMeta
	if err := json.Unmarshal([]byte(raw), &m); err != nil {
		return Article{}, fmt.Errorf("newsindex: document %q: stored metadata: %w", id, err)
	}
	a := Article{
		ID: m.ID, Language: m.Language, Source: m.Source, Published: m.Published, Precision: m.Precision,
		Author: m.Author, Dateline: m.Dateline, URL: m.URL, Section: m.Section,
	}
	for name, v := range fields {
		s, ok := v.(string)
		if !ok {
			continue
		}
		switch {
		case strings.HasPrefix(name, "title_"):
			a.Title = s
		case strings.HasPrefix(name, "body_"):
			a.Body = s
		}
	}
	return a, nil
}
