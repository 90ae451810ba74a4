package newsindex

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/mapping"

	"github.com/newsindex/newsindex/analysis"
)

// mappingVersion is the version of the index layout this code writes and
// reads. Raise it whenever a field, an analyzer or a field option changes:
// an index of another version needs a full reindex.
const mappingVersion = 9

// layoutFile is the file beside Bleve's own in an index directory that
// records the mapping version and the analyzers of the index, so that Open
// can say what is missing before Bleve tries to build the mapping.
const layoutFile = "newsindex.json"

// Index field names. Per-language text fields are title_<code> and
// body_<code>.
const (
	fieldKind     = "kind"     // "article" on every article
	fieldStored   = "stored"   // the whole article, JSON compressed with DEFLATE; not indexed
	fieldSource   = "source"   // keyword, facet
	fieldLanguage = "language" // keyword, facet
	fieldAuthor   = "author"   // keyword, facet
	fieldDateline = "dateline" // keyword
	fieldSection  = "section"  // keyword, one term per breadcrumb entry
	fieldYear     = "year"     // keyword "2025", facet
	fieldMonth    = "month"    // keyword "2025-08", facet
	fieldEntity   = "entity"   // keyword: IDs of the people, places and organisations named, facet
	fieldDay      = "day"      // keyword "2025-08-20", date ranges
	fieldOrder    = "order"    // keyword "<date[time]> <id>" (timeKey): sort by date, ties by ID; part-day ranges
	kindArticle   = "article"
)

func titleField(code string) string { return "title_" + code }
func bodyField(code string) string  { return "body_" + code }

// layout is what an index records about its own mapping.
type layout struct {
	Format    string           `json:"format"`
	Version   int              `json:"mapping_version"`
	Languages []layoutLanguage `json:"languages"` // und (neutral) first

	// present, when set, holds the text fields that have articles; queries
	// leave out the others (a KCNA index has English and Spanish fields
	// filled, not the other thirteen languages').
	present map[string]bool
	// names finds the entities articles mention and queries name.
	names *analysis.Gazetteer
	// stats, when set, gives ranked searches each field's article count
	// and average length.
	stats *fieldStats
}

// has reports whether a text field may hold articles.
func (l layout) hasField(name string) bool {
	return l.present == nil || l.present[name]
}

type layoutLanguage struct {
	Code          string `json:"code"`
	Analyzer      string `json:"analyzer"`
	QueryAnalyzer string `json:"query_analyzer,omitempty"`
}

// searchAnalyzer is the analyzer of query text for the language's fields.
func (l layoutLanguage) searchAnalyzer() string {
	if l.QueryAnalyzer != "" {
		return l.QueryAnalyzer
	}
	return l.Analyzer
}

// currentLayout is the layout of a new index: every registered language.
func currentLayout() layout {
	l := layout{Format: "newsindex", Version: mappingVersion}
	l.Languages = append(l.Languages, layoutLanguage{Code: analysis.Neutral.Code, Analyzer: analysis.Neutral.Analyzer})
	for _, lang := range analysis.Languages() {
		l.Languages = append(l.Languages, layoutLanguage{Code: lang.Code, Analyzer: lang.Analyzer, QueryAnalyzer: lang.QueryAnalyzer})
	}
	return l
}

func readLayout(dir string) (layout, error) {
	var l layout
	data, err := os.ReadFile(filepath.Join(dir, layoutFile))
	if err != nil {
		return l, err
	}
	if err := json.Unmarshal(data, &l); err != nil {
		return l, fmt.Errorf("newsindex: %s: %w", filepath.Join(dir, layoutFile), err)
	}
	return l, nil
}

// write saves the layout atomically: a crash leaves the old file or the new.
func (l layout) write(dir string) error {
	data, err := json.MarshalIndent(l, "", "  ")
	if err != nil {
		return err
	}
	tmp := filepath.Join(dir, layoutFile+".tmp")
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	if _, err := f.Write(append(data, '\n')); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, filepath.Join(dir, layoutFile))
}

// check reports a layout this code cannot open: another version, or an
// analyzer no one registered in this process.
func (l layout) check(dir string) error {
	if l.Format != "newsindex" {
		return fmt.Errorf("newsindex: %s is not a newsindex index (format %q)", dir, l.Format)
	}
	if l.Version != mappingVersion {
		return fmt.Errorf("newsindex: %s has mapping version %d; this build reads version %d: reindex the articles into a new index", dir, l.Version, mappingVersion)
	}
	var missing []string
	for _, lang := range l.Languages {
		for _, name := range []string{lang.Analyzer, lang.QueryAnalyzer} {
			if name != "" && !analysis.HasAnalyzer(name) {
				missing = append(missing, fmt.Sprintf("%s (language %q)", name, lang.Code))
			}
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("newsindex: %s needs analyzers that are not registered: %s; registered: %s (register them with analysis.Register before Open)",
			dir, strings.Join(missing, ", "), strings.Join(analysis.Analyzers(), ", "))
	}
	return nil
}

// has reports whether the index has fields for the language code.
func (l layout) has(code string) bool {
	for _, lang := range l.Languages {
		if lang.Code == code {
			return true
		}
	}
	return false
}

// fieldLanguage returns the code whose fields hold text in language code:
// the code itself when the index has fields for it, else the neutral "und".
func (l layout) fieldLanguage(code string) string {
	if l.has(code) {
		return code
	}
	return analysis.UndeterminedCode
}

// mapping builds the static Bleve mapping of the layout. Nothing is mapped
// dynamically; nothing goes to _all; one field stores the whole article,
// compressed (for results and highlighting); title and body keep term
// vectors (for phrases and highlighting); keyword fields that facet or
// sort keep doc values.
func (l layout) mapping() *mapping.IndexMappingImpl {
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
	kw := func(docValues bool) *mapping.FieldMapping {
		f := text(keyword.Name, false, false)
		f.DocValues = docValues
		return f
	}
	for _, lang := range l.Languages {
		doc.AddFieldMappingsAt(titleField(lang.Code), text(lang.Analyzer, false, true))
		doc.AddFieldMappingsAt(bodyField(lang.Code), text(lang.Analyzer, false, true))
	}
	stored := text(keyword.Name, true, false)
	stored.Index = false
	doc.AddFieldMappingsAt(fieldStored, stored)
	doc.AddFieldMappingsAt(fieldKind, kw(false))
	doc.AddFieldMappingsAt(fieldDateline, kw(false))
	doc.AddFieldMappingsAt(fieldSection, kw(false))
	doc.AddFieldMappingsAt(fieldDay, kw(false))
	for _, f := range []string{fieldSource, fieldLanguage, fieldAuthor, fieldYear, fieldMonth, fieldEntity, fieldOrder} {
		doc.AddFieldMappingsAt(f, kw(true))
	}
	// No _all field: every query names its fields, and composing _all costs
	// a tenth of indexing time.
	doc.AddSubDocumentMapping("_all", bleve.NewDocumentDisabledMapping())

	m := bleve.NewIndexMapping()
	m.DefaultMapping = doc
	m.DefaultAnalyzer = analysis.AnalyzerNeutral
	m.IndexDynamic = false
	m.StoreDynamic = false
	m.DocValuesDynamic = false
	m.ScoringModel = "bm25"
	return m
}
