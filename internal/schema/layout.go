package schema

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/newsindex/newsindex/analysis"
)

// Version is the version of the index layout this code writes and reads.
// Raise it whenever a field, an analyzer or a field option changes; the
// golden files of the format (testdata/format) pin it to the mapping.
const Version = 11

// MinVersion is the oldest layout this code opens. Indexes of versions from
// MinVersion to Version are read as they are, and written in the current
// version from then on (version 10 adds fields for earlier versions of
// articles and doc values for sections, which version 9 documents do not
// need; version 11 stores articles compressed with the index's dictionary,
// [DictFile], which releases before it cannot read, and reads the DEFLATE
// of the articles stored before); older ones must be indexed again from
// their sources.
const MinVersion = 9

// LayoutFile is the file beside Bleve's own in an index directory that
// records the layout of the index, so that Open can say what is missing
// before Bleve tries to build the mapping.
const LayoutFile = "newsindex.json"

// Layout is what an index records about its own mapping: the format, its
// version, the languages it has fields for and the ID of its dictionary.
// It is written when the index is created (and again when an older version
// is opened for writing, and when the dictionary is made), and read on
// every open; it holds nothing that changes as articles come and go.
type Layout struct {
	Format    string `json:"format"`
	Version   int    `json:"mapping_version"`
	Languages []Lang `json:"languages"` // und (neutral) first
	// Shards is the number of Bleve indexes the index is made of, fixed
	// when it is created; 0 (what indexes of one shard record, so that
	// their file is as releases before shards wrote it) means 1. One
	// shard's Bleve index is the index directory itself; shard i of more
	// is in its subdirectory [ShardDir].
	Shards int `json:"shards,omitempty"`
	// Dict is the ID of the index's dictionary of stored articles
	// ([DictFile]), in hexadecimal, once it has one (version 11): written
	// once, after the file and before anything is compressed with it, so
	// that a dictionary file gone or replaced is found at Open.
	Dict string `json:"stored_dictionary,omitempty"`
}

// MaxShards is the most shards an index may have.
const MaxShards = 64

// ShardCount is the number of Bleve indexes of the layout: Shards, or 1.
func (l Layout) ShardCount() int { return max(l.Shards, 1) }

// ShardDir is the directory of shard i of an index of n shards in dir: dir
// itself for one shard, dir/shard-i for more.
func ShardDir(dir string, i, n int) string {
	if n <= 1 || dir == "" {
		return dir
	}
	return filepath.Join(dir, fmt.Sprintf("shard-%d", i))
}

// Lang is one language the index has title and body fields for, with
// the analyzers of its articles and of query text.
type Lang struct {
	Code          string `json:"code"`
	Analyzer      string `json:"analyzer"`
	QueryAnalyzer string `json:"query_analyzer,omitempty"`
}

// SearchAnalyzer is the analyzer of query text for the language's fields.
func (l Lang) SearchAnalyzer() string {
	if l.QueryAnalyzer != "" {
		return l.QueryAnalyzer
	}
	return l.Analyzer
}

// Current is the layout of a new index: every registered language.
func Current() Layout {
	l := Layout{Format: "newsindex", Version: Version}
	l.Languages = append(l.Languages, Lang{Code: analysis.Neutral.Code, Analyzer: analysis.Neutral.Analyzer})
	for _, lang := range analysis.Languages() {
		l.Languages = append(l.Languages, Lang{Code: lang.Code, Analyzer: lang.Analyzer, QueryAnalyzer: lang.QueryAnalyzer})
	}
	return l
}

// Read reads the layout file of the index in dir. A missing file is an
// error that wraps [os.ErrNotExist].
func Read(dir string) (Layout, error) {
	var l Layout
	path := filepath.Join(dir, LayoutFile)
	data, err := os.ReadFile(path)
	if err != nil {
		return l, err
	}
	if err := json.Unmarshal(data, &l); err != nil {
		return l, fmt.Errorf("%s is damaged: %w", path, err)
	}
	return l, nil
}

// Marshal returns the layout as its file holds it.
func (l Layout) Marshal() ([]byte, error) {
	data, err := json.MarshalIndent(l, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(data, '\n'), nil
}

// Write saves the layout atomically: a crash leaves the old file or the new.
func (l Layout) Write(dir string) error {
	data, err := l.Marshal()
	if err != nil {
		return err
	}
	return WriteFileAtomic(filepath.Join(dir, LayoutFile), data)
}

// WriteFileAtomic writes a file through a temporary file beside it, synced
// and renamed into place, and syncs the directory: a crash leaves the old
// file or the new one, never a part.
func WriteFileAtomic(path string, data []byte) error {
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
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
	if err := os.Rename(tmp, path); err != nil {
		return err
	}
	return SyncDir(filepath.Dir(path))
}

// SyncDir flushes a directory's entries to disk, so that a rename or a
// new file in it survives a crash.
func SyncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// Check reports a layout this code cannot open: another format or version,
// or an analyzer no one registered in this process.
func (l Layout) Check(dir string) error {
	if l.Format != "newsindex" {
		return fmt.Errorf("%s is not a newsindex index (format %q)", dir, l.Format)
	}
	switch {
	case l.Version > Version:
		return fmt.Errorf("%s was written by a newer release of newsindex (mapping version %d; this build reads versions %d to %d): open it with that release or a later one", dir, l.Version, MinVersion, Version)
	case l.Version < MinVersion:
		return fmt.Errorf("%s has mapping version %d, older than this build reads (versions %d to %d): index the source files again into a new index", dir, l.Version, MinVersion, Version)
	}
	if l.Shards < 0 || l.Shards > MaxShards {
		return fmt.Errorf("%s is damaged: %s says %d shards (1 to %d)", dir, LayoutFile, l.Shards, MaxShards)
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
		return fmt.Errorf("%s needs analyzers that are not registered: %s; registered: %s (register them with analysis.Register before Open)",
			dir, strings.Join(missing, ", "), strings.Join(analysis.Analyzers(), ", "))
	}
	return nil
}

// Has reports whether the index has fields for the language code.
func (l Layout) Has(code string) bool {
	for _, lang := range l.Languages {
		if lang.Code == code {
			return true
		}
	}
	return false
}

// FieldLanguage returns the code whose fields hold text in language code:
// the code itself when the index has fields for it, else the neutral "und".
func (l Layout) FieldLanguage(code string) string {
	if l.Has(code) {
		return code
	}
	return analysis.UndeterminedCode
}

// Codes returns the codes of the languages the index has fields for, "und"
// first.
func (l Layout) Codes() []string {
	out := make([]string, len(l.Languages))
	for i, lang := range l.Languages {
		out[i] = lang.Code
	}
	return out
}

// TextFields returns every title and body field of the layout.
func (l Layout) TextFields() []string {
	out := make([]string, 0, 2*len(l.Languages))
	for _, lang := range l.Languages {
		out = append(out, TitleField(lang.Code), BodyField(lang.Code))
	}
	return out
}
