package schema

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/klauspost/compress/flate"

	"github.com/newsindex/newsindex/analysis"
	"github.com/newsindex/newsindex/internal/crosslang"
	"github.com/newsindex/newsindex/internal/neardup"
)

// Article is what the stored field keeps of an article: all of it, as JSON
// compressed with the index's dictionary ([Dict]), or with DEFLATE before
// the index had one. It has the fields of newsindex.Article with
// one-letter JSON names of its own, so that the stored form does not change
// with the public type's JSON, and costs no more than it must. Bleve
// compresses each document's stored fields with snappy, which leaves news
// text at 73% of its size; DEFLATE takes it to 52%, a quarter of the index,
// and zstd with the dictionary to 40%.
// The text fields themselves are not stored: highlighting takes the text
// from here.
type Article struct {
	ID        string    `json:"-"` // the document's ID in Bleve
	Title     string    `json:"t,omitempty"`
	Body      string    `json:"b,omitempty"`
	Language  string    `json:"l,omitempty"`
	Source    string    `json:"s,omitempty"`
	Published time.Time `json:"p,omitzero"`
	Precision string    `json:"r,omitempty"` // "", "day", "month" or "year"
	Author    string    `json:"a,omitempty"`
	Dateline  string    `json:"d,omitempty"`
	URL       string    `json:"u,omitempty"`
	Section   []string  `json:"c,omitempty"`
	Retrieved time.Time `json:"w,omitzero"` // when the copy was fetched, as the input says

	// The history of the article (version 10; absent in version 9, where
	// every article is version 1): the number of this entry, when the
	// index saw it, and whether it is the article's deletion.
	Version int       `json:"n,omitempty"`
	Seen    time.Time `json:"z,omitzero"`
	Deleted bool      `json:"x,omitempty"`
	Gone    time.Time `json:"g,omitzero"` // when a deleted article was deleted

	// CrossLang is the number of the article's cross-language terms when
	// it is current (version 10), the length of its [CrossLang] field:
	// the statistics count it out when the article leaves the index.
	CrossLang int `json:"f,omitempty"`
}

// Entry is what a document of an article is.
type Entry int

// Entries.
const (
	Latest    Entry = iota // the article as it is now
	Earlier                // an earlier version, or a deletion that was undone
	Tombstone              // the article's deletion: the last content, not current
)

// DEFLATE level 1: on KCNA articles it compresses within 2% of level 6 at
// a fraction of the time. klauspost/compress writes the same format as
// compress/flate 2.7 times as fast (KCNA: 0.28 s against 0.76 s, 52% of
// the JSON either way) and reads it 1.3 times as fast. Writers are pooled;
// each holds large tables.
var deflaters = sync.Pool{New: func() any {
	w, _ := flate.NewWriter(nil, flate.BestSpeed)
	return w
}}

// Pack returns the stored form of an article: compressed with the index's
// dictionary, or with DEFLATE when d is nil.
func Pack(a Article, d *Dict) ([]byte, error) {
	data, err := json.Marshal(a)
	if err != nil {
		return nil, err
	}
	if d != nil {
		return d.compress(data), nil
	}
	var buf bytes.Buffer
	buf.Grow(len(data)/2 + 64)
	w := deflaters.Get().(*flate.Writer)
	defer deflaters.Put(w)
	w.Reset(&buf)
	if _, err := w.Write(data); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// inflaters are pooled like the writers: a reader holds a 32 KiB window.
var inflaters sync.Pool

// Unpack reads what [Pack] wrote with the index's dictionary d (nil when
// it has none), or with DEFLATE; the ID is not part of it.
func Unpack(packed string, d *Dict) (Article, error) {
	if isZstd(packed) {
		data, err := d.decompress(packed)
		if err != nil {
			return Article{}, err
		}
		var s Article
		if err := json.Unmarshal(data, &s); err != nil {
			return Article{}, err
		}
		return s, nil
	}
	src := strings.NewReader(packed)
	r, _ := inflaters.Get().(io.ReadCloser)
	if r == nil {
		r = flate.NewReader(src)
	} else if err := r.(flate.Resetter).Reset(src, nil); err != nil {
		return Article{}, err
	}
	defer inflaters.Put(r)
	var buf bytes.Buffer
	buf.Grow(2 * len(packed))
	if _, err := buf.ReadFrom(r); err != nil {
		return Article{}, err
	}
	var s Article
	if err := json.Unmarshal(buf.Bytes(), &s); err != nil {
		return Article{}, err
	}
	return s, nil
}

// FromFields rebuilds an article from the stored fields of a hit of an
// index whose dictionary is d (nil when it has none).
func FromFields(id string, fields map[string]interface{}, d *Dict) (Article, error) {
	packed, ok := fields[Stored].(string)
	if !ok {
		return Article{}, fmt.Errorf("document %q has no stored article: not an article", id)
	}
	a, err := Unpack(packed, d)
	if err != nil {
		return Article{}, fmt.Errorf("document %q: stored article: %w", id, err)
	}
	a.ID = id
	return a, nil
}

// Document turns an article (validated, with ID and language set), the IDs
// of the entities it names and what entry of its history it is into the
// document Bleve indexes, its stored form compressed with the index's
// dictionary d (DEFLATE when nil), and returns its size in bytes for batching. An
// earlier version or a deletion has its fields under Past, so that searches
// of the current articles never see it.
func (l Layout) Document(a Article, entities []string, e Entry, d *Dict) (map[string]interface{}, int, error) {
	var xl []string
	a.CrossLang = 0
	if e == Latest {
		xl = CrossLangTerms(a, entities)
		a.CrossLang = len(xl)
	}
	packed, err := Pack(a, d)
	if err != nil {
		return nil, 0, err
	}
	name := func(field string) string { return field }
	kinds := []string{KindArticle}
	switch e {
	case Earlier:
		name, kinds = Past, []string{KindVersion, KindEdited}
	case Tombstone:
		name, kinds = Past, []string{KindDeleted}
		if a.Version > 1 {
			kinds = append(kinds, KindEdited)
		}
	}
	if e == Latest && a.Version > 1 {
		kinds = append(kinds, KindEdited)
	}
	code := l.FieldLanguage(a.Language)
	doc := map[string]interface{}{
		Kind:           kinds,
		Stored:         string(packed),
		name(Language): a.Language,
	}
	if a.Title != "" {
		doc[name(TitleField(code))] = a.Title
	}
	if a.Body != "" {
		doc[name(BodyField(code))] = a.Body
	}
	for field, value := range map[string]string{Source: a.Source, Author: a.Author, Dateline: a.Dateline} {
		if value != "" {
			doc[name(field)] = value
		}
	}
	if len(a.Section) > 0 {
		doc[name(Section)] = a.Section
	}
	if len(entities) > 0 {
		doc[name(Entity)] = entities
	}
	key := a.ID
	if e != Latest {
		key = VersionID(a.ID, a.Version) // a sort key of its own, after the current one's
		doc[Past(ArticleID)] = a.ID
	}
	if !a.Published.IsZero() {
		t := a.Published.UTC()
		doc[name(Day)] = t.Format(DayFormat)
		doc[Order] = OrderKey(t, key)
		doc[name(Year)] = t.Format("2006")
		if a.Precision != "year" { // a year alone says nothing of the month
			doc[name(Month)] = t.Format("2006-01")
		}
	} else {
		doc[Order] = []string{UndatedLow + key, UndatedHigh + key}
	}
	if (a.Version > 1 || a.Deleted) && !a.Seen.IsZero() {
		doc[Changed] = a.Seen.UTC().Format("2006-01")
	}
	if e == Latest {
		if bands := neardup.BandTerms(a.Body); bands != nil {
			doc[Bands] = bands
		}
		if len(xl) > 0 {
			doc[CrossLang] = strings.Join(xl, " ")
		}
	}
	return doc, len(a.Title) + len(a.Body) + len(packed), nil
}

// Lengths analyses an article as the index does and returns the length in
// tokens of each of its text fields: for articles that leave the index
// (replaced or deleted), whose analysis is gone.
func (l Layout) Lengths(a Article) map[string]int64 {
	out := map[string]int64{}
	count := func(field, code, text string) {
		if text == "" {
			return
		}
		if toks, err := analysis.Analyze(code, text); err == nil {
			out[field] += int64(len(toks))
		}
	}
	code := l.FieldLanguage(a.Language)
	count(TitleField(code), code, a.Title)
	count(BodyField(code), code, a.Body)
	if a.CrossLang > 0 {
		out[CrossLang] = int64(a.CrossLang)
	}
	return out
}

// CrossLangTerms returns the cross-language terms of an article that names
// the given entities, as [CrossLang] holds them (crosslang.FeaturesOf,
// without any term a space would split).
func CrossLangTerms(a Article, entities []string) []string {
	terms := crosslang.FeaturesOf(a.Title, a.Body, a.Language, a.Published, entities)
	return slices.DeleteFunc(terms, func(t string) bool { return strings.IndexFunc(t, unicode.IsSpace) >= 0 })
}
