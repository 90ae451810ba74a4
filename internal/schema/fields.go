// Package schema is how newsindex lays articles out in Bleve: the field
// names, the one list of keyword fields and facets, the static mapping, the
// layout file an index records about itself, the day and order keys of
// dates, and the packing of the stored article. It is on-disk format:
// changing a field, an analyzer or a field option means a new [Version].
package schema

import (
	"strconv"
	"strings"
)

// Field names. Per-language text fields are title_<code> and body_<code>
// ([TitleField], [BodyField]).
const (
	Kind     = "kind"     // "article" on every article
	Stored   = "stored"   // the whole article, JSON compressed (Packing); not indexed
	Source   = "source"   // keyword, facet
	Language = "language" // keyword, facet
	Author   = "author"   // keyword, facet
	Dateline = "dateline" // keyword
	Section  = "section"  // keyword, one term per breadcrumb entry
	Year     = "year"     // keyword "2025", facet
	Month    = "month"    // keyword "2025-08", facet
	Entity   = "entity"   // keyword: IDs of the people, places and organisations named, facet
	Day      = "day"      // keyword "2025-08-20", date ranges
	Order    = "order"    // keyword "<date[time]> <id>" (TimeKey): sort by date, ties by ID; part-day ranges
	Changed  = "changed"  // keyword "2025-08": the month a change (a new version, a deletion) was seen, facet
	Bands    = "bands"    // keyword: the MinHash band terms of a current article's body (neardup.BandTerms)
	// CrossLang is a current article's language-independent terms
	// (internal/crosslang), one text value split at spaces by
	// [AnalyzerCrossLang]: each term once, the field's length their
	// number, counted in the statistics of BM25 like the text fields.
	CrossLang = "xl"
	// ArticleID is the ID of the article an earlier version or a deletion
	// belongs to (Past(ArticleID) only: a current article's ID is its
	// document's).
	ArticleID = "id"

	// The kind terms. A document of the current version of an article is
	// an article (and edited when there were versions before it); an
	// earlier version is a version; a deleted article is deleted.
	KindArticle = "article"
	KindEdited  = "edited"
	KindVersion = "version"
	KindDeleted = "deleted"

	// PastPrefix begins the names of the fields of earlier versions and
	// deleted articles (past_title_en, past_source, …): searches of the
	// current articles never see them, and they do not count in the
	// statistics of BM25.
	PastPrefix = "past_"
)

// Past is the field of earlier versions that stands for a field of the
// current ones.
func Past(field string) string { return PastPrefix + field }

// VersionID is the document ID of version n of an article.
func VersionID(id string, n int) string { return id + "\x1f" + strconv.Itoa(n) }

// SplitVersionID returns the article ID and version of a version's
// document ID, and whether it is one.
func SplitVersionID(docID string) (id string, n int, ok bool) {
	id, num, found := strings.Cut(docID, "\x1f")
	if !found {
		return docID, 0, false
	}
	n, err := strconv.Atoi(num)
	return id, n, err == nil
}

// TitleField is the title field of a language's analysis.
func TitleField(code string) string { return "title_" + code }

// BodyField is the body field of a language's analysis.
func BodyField(code string) string { return "body_" + code }

// IsTextField reports a per-language title or body field, whose lengths
// BM25 uses.
func IsTextField(name string) bool {
	return strings.HasPrefix(name, "title_") || strings.HasPrefix(name, "body_")
}

// IsScoredField reports a field whose lengths the statistics of BM25
// count: the text fields and [CrossLang].
func IsScoredField(name string) bool { return IsTextField(name) || name == CrossLang }

// Keyword describes one keyword field: a value indexed whole, one term per
// value, no analysis.
type Keyword struct {
	Name string
	// Filter says that queries may filter on it (Terms{Field: Name}).
	Filter bool
	// Facet says that searches may count matches by it; such fields keep
	// doc values.
	Facet bool
	// DateFacet says that its buckets are dates, returned all and in order.
	DateFacet bool
	// DocValues says that the field keeps doc values (facets and sorts).
	DocValues bool
}

// Keywords is every keyword field of the mapping, in mapping order.
var Keywords = []Keyword{
	{Name: Kind},
	{Name: Source, Filter: true, Facet: true, DocValues: true},
	{Name: Language, Filter: true, Facet: true, DocValues: true},
	{Name: Author, Filter: true, Facet: true, DocValues: true},
	{Name: Dateline, Filter: true},
	// Sections of indexes of mapping version 9 have no doc values: for
	// them, Bleve reads the terms of the segments once and keeps them.
	{Name: Section, Filter: true, Facet: true, DocValues: true},
	{Name: Entity, Filter: true, Facet: true, DocValues: true},
	{Name: Year, Facet: true, DateFacet: true, DocValues: true},
	{Name: Month, Facet: true, DateFacet: true, DocValues: true},
	{Name: Day},
	{Name: Order, DocValues: true},
	{Name: Changed, Facet: true, DateFacet: true, DocValues: true},
	{Name: ArticleID},
	{Name: Bands},
}

// HasPast reports whether earlier versions keep a field of their own for
// a keyword field: every one but the kind, the sort key and the month of
// change, which all documents share, and the bands, which only current
// articles have (near-duplicates are of what an outlet says now).
func (k Keyword) HasPast() bool {
	return k.Name != Kind && k.Name != Order && k.Name != Changed && k.Name != Bands
}

// KeywordField returns the keyword field of that name.
func KeywordField(name string) (Keyword, bool) {
	for _, k := range Keywords {
		if k.Name == name {
			return k, true
		}
	}
	return Keyword{}, false
}

// KeywordNames returns the names of the keyword fields for which keep
// returns true, in mapping order.
func KeywordNames(keep func(Keyword) bool) []string {
	var out []string
	for _, k := range Keywords {
		if keep(k) {
			out = append(out, k.Name)
		}
	}
	return out
}
