package schema

import (
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/whitespace"
	"github.com/blevesearch/bleve/v2/mapping"

	"github.com/newsindex/newsindex/analysis"
)

// AnalyzerCrossLang is the analyzer of [CrossLang]: Bleve's whitespace
// tokenizer and nothing else, defined in the mapping.
const AnalyzerCrossLang = "newsindex_crosslang"

// Mapping builds the static Bleve mapping of the layout. Nothing is mapped
// dynamically; nothing goes to _all; one field stores the whole article,
// compressed (for results and highlighting); title and body keep term
// vectors (for phrases and highlighting); keyword fields that facet or
// sort keep doc values. Every field but the kind, the sort key, the month
// of change and the stored article has a twin for earlier versions and
// deleted articles (Past).
//
// Documents are mapped with this mapping, built by this code, not with
// the one an index stored when it was created: an index of mapping
// version 9 gets the fields of version 10 on the documents written to it.
func (l Layout) Mapping() *mapping.IndexMappingImpl {
	doc := bleve.NewDocumentStaticMapping()
	text := func(analyzer string, store, vectors bool) *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = analyzer
		f.Store = store
		f.Index = true
		f.IncludeTermVectors = vectors
		f.IncludeInAll = false
		f.DocValues = false
		return f
	}
	for _, lang := range l.Languages {
		for _, f := range []string{TitleField(lang.Code), BodyField(lang.Code)} {
			doc.AddFieldMappingsAt(f, text(lang.Analyzer, false, true))
			doc.AddFieldMappingsAt(Past(f), text(lang.Analyzer, false, true))
		}
	}
	doc.AddFieldMappingsAt(CrossLang, text(AnalyzerCrossLang, false, false))
	stored := text(keyword.Name, true, false)
	stored.Index = false
	doc.AddFieldMappingsAt(Stored, stored)
	for _, k := range Keywords {
		f := text(keyword.Name, false, false)
		f.DocValues = k.DocValues
		doc.AddFieldMappingsAt(k.Name, f)
		if k.HasPast() {
			p := text(keyword.Name, false, false)
			p.DocValues = k.DocValues
			doc.AddFieldMappingsAt(Past(k.Name), p)
		}
	}
	// No _all field: every query names its fields, and composing _all costs
	// a tenth of indexing time.
	doc.AddSubDocumentMapping("_all", bleve.NewDocumentDisabledMapping())

	m := bleve.NewIndexMapping()
	// The cross-language terms hold no spaces: split at spaces, nothing
	// else (no lower case: a:ipcc and k:KSK are written as they are meant).
	if err := m.AddCustomAnalyzer(AnalyzerCrossLang, map[string]interface{}{
		"type":      custom.Name,
		"tokenizer": whitespace.Name,
	}); err != nil {
		panic(err) // built from constants: cannot fail
	}
	m.DefaultMapping = doc
	m.DefaultAnalyzer = analysis.AnalyzerNeutral
	m.IndexDynamic = false
	m.StoreDynamic = false
	m.DocValuesDynamic = false
	m.ScoringModel = "bm25"
	return m
}
