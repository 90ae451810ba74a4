// Package schema is how newsindex lays articles out in Bleve: the field
// names, the one list of keyword fields and facets, the static mapping, the
// layout file an index records about itself, the day and order keys of
// dates, and the packing of the stored article. It is on-disk format:
// changing a field, an analyzer or a field option means a new [Version].
package schema

import "strings"

// Field names. Per-language text fields are title_<code> and body_<code>
// ([TitleField], [BodyField]).
const (
	Kind     = "kind"     // "article" on every article
	Stored   = "stored"   // the whole article, JSON compressed with DEFLATE; not indexed
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

	// KindArticle is the kind term of every article.
	KindArticle = "article"
)

// TitleField is the title field of a language's analysis.
func TitleField(code string) string { return "title_" + code }

// BodyField is the body field of a language's analysis.
func BodyField(code string) string { return "body_" + code }

// IsTextField reports a per-language title or body field, whose lengths
// BM25 uses.
func IsTextField(name string) bool {
	return strings.HasPrefix(name, "title_") || strings.HasPrefix(name, "body_")
}

// Keyword describes one keyword field: a value indexed whole, one term per
// value, no analysis.
type Keyword struct {
	Name string
	// Filter says that queries may filter on it (Terms{Field: Name}).
	Filter bool
	// Facet says that searches may count matches by it; such fields keep
	// doc values, but for the section.
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
	// Sections facet without doc values (mapping version 9 has none for
	// them): Bleve reads the terms of the segments once and keeps them.
	{Name: Section, Filter: true, Facet: true},
	{Name: Entity, Filter: true, Facet: true, DocValues: true},
	{Name: Year, Facet: true, DateFacet: true, DocValues: true},
	{Name: Month, Facet: true, DateFacet: true, DocValues: true},
	{Name: Day},
	{Name: Order, DocValues: true},
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
