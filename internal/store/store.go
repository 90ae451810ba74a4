// Package store keeps the articles of one newsindex index in Bleve: it
// creates and opens the index directory, writes articles in batches on
// every core with the token statistics of BM25, reads them back by ID and
// runs searches with the statistics of the moment.
package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/search"
	bq "github.com/blevesearch/bleve/v2/search/query"
	bolterrors "go.etcd.io/bbolt/errors"

	"github.com/newsindex/newsindex/analysis"
	"github.com/newsindex/newsindex/internal/bm25"
	"github.com/newsindex/newsindex/internal/schema"
)

// ErrLocked is returned by [Open] when another process holds the index open
// for writing.
var ErrLocked = errors.New("index is in use by another process")

// Options configure [Open].
type Options struct {
	ReadOnly    bool
	LockTimeout time.Duration // how long to wait for another writer
	BatchBytes  int           // the most article text in one Bleve batch
	// MinFreeBytes is the free disk space a write must leave beside what
	// Bleve's merges need (half the index).
	MinFreeBytes int64
}

// Store is one index: a Bleve index, its layout and its statistics. It is
// safe for concurrent use; writes are serialised.
type Store struct {
	path   string
	opts   Options
	layout schema.Layout
	b      bleve.Index
	stats  *bm25.Stats

	writeMu   sync.Mutex    // one write at a time: writes count articles in and out
	seq       uint64        // the last write numbered (guarded by writeMu)
	pending   *pendingWrite // an Add whose statistics are not folded yet
	broken    error         // a write that failed: Bleve's state is not trusted
	recovered int           // batches of an interrupted Add counted at Open

	closeOnce sync.Once
	closeErr  error

	gen  atomic.Uint64 // counts the batches written, for caches of what the index holds
	memo memo          // what was computed at one generation (terms.go)

	compactMu     sync.Mutex // one Compact at a time (Bleve refuses a second)
	compactFailed bool       // a Compact failed: Bleve refuses another (compact.go)
}

// Generation changes whenever a batch is written: what was computed from
// the index's terms at one generation holds until the next.
func (s *Store) Generation() uint64 { return s.gen.Load() }

// Open opens the index at path, creating it when path does not exist or is
// an empty directory; an empty path makes one in memory.
func Open(path string, opts Options) (*Store, error) {
	if path == "" {
		if opts.ReadOnly {
			return nil, errors.New("an index in memory cannot be read-only")
		}
		return create("", opts)
	}
	state, err := pathState(path)
	if err == nil && state == pathMissing {
		var swapped bool
		if swapped, err = recoverSwap(path); err == nil && swapped {
			state, err = pathState(path)
		}
	}
	switch {
	case err != nil:
		return nil, err
	case state == pathMissing:
		if opts.ReadOnly {
			return nil, fmt.Errorf("no index at %s", path)
		}
		return create(path, opts)
	case state == pathEmptyDir:
		if opts.ReadOnly {
			return nil, fmt.Errorf("no index at %s (empty directory)", path)
		}
		return create(path, opts)
	}
	return open(path, opts)
}

type dirState int

const (
	pathMissing dirState = iota
	pathEmptyDir
	pathUsed
)

func pathState(path string) (dirState, error) {
	info, err := os.Stat(path)
	if errors.Is(err, os.ErrNotExist) {
		return pathMissing, nil
	}
	if err != nil {
		return 0, err
	}
	if !info.IsDir() {
		return 0, fmt.Errorf("%s is a file, not an index directory", path)
	}
	entries, err := os.ReadDir(path)
	if err != nil {
		return 0, err
	}
	if len(entries) == 0 {
		return pathEmptyDir, nil
	}
	return pathUsed, nil
}

func create(path string, opts Options) (*Store, error) {
	if path != "" {
		return createAtomically(path, opts)
	}
	l := schema.Current()
	b, err := bleve.NewUsing("", l.Mapping(), scorch.Name, scorch.Name, map[string]interface{}{})
	if err != nil {
		return nil, fmt.Errorf("create an index in memory: %w", err)
	}
	return &Store{opts: opts, layout: l, b: b, stats: bm25.NewStats(bm25.NewCounts())}, nil
}

// createAtomically builds a new, empty index in a folder beside path and
// renames it into place, so that a crash leaves either no index or a
// whole one (it once left a folder without its layout file, which nothing
// opened). When another process creates the same index at the same time,
// one rename wins; the other process opens the winner's index, and gets
// ErrLocked while the winner writes.
func createAtomically(path string, opts Options) (*Store, error) {
	parent, base := filepath.Dir(path), filepath.Base(path)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, fmt.Errorf("create %s: %w", path, err)
	}
	removeStaleCreations(parent, base)
	tmp, err := os.MkdirTemp(parent, creatingPrefix(base)+strconv.Itoa(os.Getpid())+"-")
	if err != nil {
		return nil, fmt.Errorf("create %s: %w", path, err)
	}
	defer os.RemoveAll(tmp)                // gone after the rename; a failure leaves nothing
	if err := os.Remove(tmp); err != nil { // Bleve wants to make the folder itself
		return nil, fmt.Errorf("create %s: %w", path, err)
	}
	l := schema.Current()
	b, err := bleve.NewUsing(tmp, l.Mapping(), scorch.Name, scorch.Name, map[string]interface{}{
		"bolt_timeout": opts.LockTimeout.String(),
	})
	if err != nil {
		return nil, fmt.Errorf("create %s: %w", path, err)
	}
	if err := b.Close(); err != nil {
		return nil, fmt.Errorf("create %s: %w", path, err)
	}
	if err := l.Write(tmp); err != nil {
		return nil, fmt.Errorf("create %s: %w", path, err)
	}
	// rename replaces an empty folder at path, not one with anything in it:
	// then another process won, and its index is opened like any other.
	if err := os.Rename(tmp, path); err != nil {
		if state, serr := pathState(path); serr != nil || state != pathUsed {
			return nil, fmt.Errorf("create %s: %w", path, err)
		}
	} else if err := schema.SyncDir(parent); err != nil {
		return nil, fmt.Errorf("create %s: %w", path, err)
	}
	return open(path, opts)
}

// creatingPrefix names the folders in which indexes are built before they
// take their place.
func creatingPrefix(base string) string { return "." + base + ".creating-" }

// removeStaleCreations removes the folders that processes which are gone
// left while creating an index at parent/base.
func removeStaleCreations(parent, base string) {
	entries, err := os.ReadDir(parent)
	if err != nil {
		return
	}
	prefix := creatingPrefix(base)
	for _, e := range entries {
		rest, ok := strings.CutPrefix(e.Name(), prefix)
		if !ok || !e.IsDir() {
			continue
		}
		pidText, _, _ := strings.Cut(rest, "-")
		if pid, err := strconv.Atoi(pidText); err == nil && !processAlive(pid) {
			_ = os.RemoveAll(filepath.Join(parent, e.Name()))
		}
	}
}

func open(path string, opts Options) (*Store, error) {
	l, err := schema.Read(path)
	if errors.Is(err, os.ErrNotExist) {
		if empty, _ := emptyBleveIndex(path); empty && !opts.ReadOnly {
			// A creation that a crash interrupted (releases before this one
			// wrote the layout after Bleve's files): nothing to lose.
			if err := os.RemoveAll(path); err != nil {
				return nil, err
			}
			return create(path, opts)
		}
		return nil, fmt.Errorf("%s is not a newsindex index (it has no %s)", path, schema.LayoutFile)
	}
	if err != nil {
		return nil, err
	}
	if err := l.Check(path); err != nil {
		return nil, err
	}
	// Bleve opens the latest snapshot whose segments open, and an older
	// one, silently, when one does not: the articles since would be gone.
	problems, err := Verify(path, false, opts.LockTimeout)
	if errors.Is(err, ErrLocked) {
		return nil, fmt.Errorf("%w: %s (waited %s)", ErrLocked, path, opts.LockTimeout)
	}
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	if len(problems) > 0 {
		return nil, damaged(path, problems)
	}
	b, err := bleve.OpenUsing(path, map[string]interface{}{
		"read_only":    opts.ReadOnly,
		"bolt_timeout": opts.LockTimeout.String(),
	})
	if errors.Is(err, bolterrors.ErrTimeout) {
		return nil, fmt.Errorf("%w: %s (waited %s)", ErrLocked, path, opts.LockTimeout)
	}
	if err != nil {
		if problems, _ := Verify(path, true, opts.LockTimeout); len(problems) > 0 {
			return nil, damaged(path, problems)
		}
		return nil, fmt.Errorf("open %s: %w (newsindex check -index %s may tell which file is damaged)", path, err, path)
	}
	s := &Store{path: path, opts: opts, layout: l, b: b}
	if err := s.loadStats(); err != nil {
		b.Close()
		return nil, err
	}
	if l.Version < schema.Version && !opts.ReadOnly {
		// What this code writes is version Version: say so, so that an
		// older release does not take the index for one of its own.
		l.Version = schema.Version
		if err := l.Write(path); err != nil {
			b.Close()
			return nil, fmt.Errorf("open %s: %w", path, err)
		}
		s.layout = l
	}
	return s, nil
}

// ErrDamaged is wrapped by the error of an Open that found a damaged file.
var ErrDamaged = errors.New("index is damaged")

func damaged(path string, problems []Problem) error {
	more := ""
	if len(problems) > 1 {
		more = fmt.Sprintf(" and %d more problems", len(problems)-1)
	}
	return fmt.Errorf("open %s: %w: %s%s: restore it from a backup, or run newsindex check -index %s for the whole list", path, ErrDamaged, problems[0], more, path)
}

// emptyBleveIndex reports whether path holds a Bleve index without a
// document and nothing else.
func emptyBleveIndex(path string) (bool, error) {
	entries, err := os.ReadDir(path)
	if err != nil {
		return false, err
	}
	for _, e := range entries {
		if e.Name() != "index_meta.json" && e.Name() != "store" {
			return false, nil
		}
	}
	if _, err := os.Stat(filepath.Join(path, "index_meta.json")); err != nil {
		return false, nil
	}
	b, err := bleve.OpenUsing(path, map[string]interface{}{"read_only": true, "bolt_timeout": "100ms"})
	if err != nil {
		return false, err
	}
	defer b.Close()
	n, err := b.DocCount()
	return err == nil && n == 0, err
}

// Path is the directory of the index, "" in memory.
func (s *Store) Path() string { return s.path }

// Layout is the layout the index was created with.
func (s *Store) Layout() schema.Layout { return s.layout }

// Bleve is the underlying index.
func (s *Store) Bleve() bleve.Index { return s.b }

// Stats returns the statistics of the moment, for one search.
func (s *Store) Stats() *bm25.Snapshot { return s.stats.Snapshot() }

// Close closes the Bleve index. Closing twice is not an error (Bleve
// panics on it).
func (s *Store) Close() error {
	s.closeOnce.Do(func() { s.closeErr = s.b.Close() })
	return s.closeErr
}

// namesKey is the key of the index's own names in Bleve's internal store.
var namesKey = []byte("newsindex:names")

// Names returns the entities the index keeps beside the built-in ones.
func (s *Store) Names() ([]analysis.Entity, error) {
	data, err := s.b.GetInternal(namesKey)
	if err != nil {
		return nil, err
	}
	var kept []analysis.Entity
	if len(data) > 0 {
		if err := json.Unmarshal(data, &kept); err != nil {
			return nil, fmt.Errorf("names: %w", err)
		}
	}
	return kept, nil
}

// KeepNames replaces the entities the index keeps.
func (s *Store) KeepNames(names []analysis.Entity) error {
	data, err := json.Marshal(names)
	if err != nil {
		return err
	}
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	if err := s.writable(); err != nil {
		return err
	}
	batch := s.b.NewBatch()
	batch.SetInternal(namesKey, data)
	return s.batch(context.Background(), batch)
}

// taggedKey is the key of the entities every article of the index was
// tagged with, by ID, with the fingerprint of their spellings.
var taggedKey = []byte("newsindex:tagged")

// Tagged returns the entities every article of the index was tagged with
// (ID → fingerprint of the spellings); ok is false when the index does not
// know (it had articles before it kept this).
func (s *Store) Tagged() (tagged map[string]string, ok bool, err error) {
	data, err := s.b.GetInternal(taggedKey)
	if err != nil || len(data) == 0 {
		return nil, false, err
	}
	if err := json.Unmarshal(data, &tagged); err != nil {
		return nil, false, fmt.Errorf("tagged names: %w", err)
	}
	return tagged, true, nil
}

// KeepTagged records the entities every article of the index was tagged
// with. The record only ever shrinks after the first, and is written before
// the articles that make it shrink: a crash leaves it too small, never too
// large.
func (s *Store) KeepTagged(tagged map[string]string) error {
	data, err := json.Marshal(tagged)
	if err != nil {
		return err
	}
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	if err := s.writable(); err != nil {
		return err
	}
	batch := s.b.NewBatch()
	batch.SetInternal(taggedKey, data)
	return s.batch(context.Background(), batch)
}

// Search runs a request with the statistics of snap, which the request's
// queries were compiled with.
func (s *Store) Search(ctx context.Context, req *bleve.SearchRequest, snap *bm25.Snapshot) (*bleve.SearchResult, error) {
	stats := snap.Bleve(s.layout.TextFields(), keywordFields)
	for f, n := range maps.Clone(stats.FieldCardinality) {
		// Earlier versions are scored with the statistics of the current
		// articles' fields; Bleve wants statistics of every field it scores.
		stats.FieldCardinality[schema.Past(f)] = n
	}
	req.PreSearchData = map[string]interface{}{search.BM25PreSearchDataKey: stats}
	return s.b.SearchInContext(ctx, req)
}

// keywordFields are every keyword field, for Bleve's BM25 statistics.
var keywordFields = schema.KeywordNames(func(schema.Keyword) bool { return true })

// AllArticles matches every article and nothing else the index stores.
func AllArticles() bq.Query {
	q := bleve.NewTermQuery(schema.KindArticle)
	q.SetField(schema.Kind)
	return q
}

// Count returns the number of articles.
func (s *Store) Count(ctx context.Context) (uint64, error) {
	req := bleve.NewSearchRequest(AllArticles())
	req.Size = 0
	req.Score = "none" // a count: no frequencies and norms to read (0.7× the time on KCNA)
	res, err := s.b.SearchInContext(ctx, req)
	if err != nil {
		return 0, err
	}
	return res.Total, nil
}

// Lookup returns the current articles with the given IDs that the index
// holds, by ID, in one search: deleted ones are not.
func (s *Store) Lookup(ctx context.Context, ids ...string) (map[string]schema.Article, error) {
	all, err := s.lookupAny(ctx, ids)
	for id, a := range all {
		if a.Deleted {
			delete(all, id)
		}
	}
	return all, err
}

// lookupAny returns the current documents of the articles with the given
// IDs: their current versions, or their deletions.
func (s *Store) lookupAny(ctx context.Context, ids []string) (map[string]schema.Article, error) {
	out := make(map[string]schema.Article, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	req := bleve.NewSearchRequest(bleve.NewDocIDQuery(ids))
	req.Fields = []string{schema.Stored}
	req.Size = len(ids)
	res, err := s.b.SearchInContext(ctx, req)
	if err != nil {
		return nil, err
	}
	for _, h := range res.Hits {
		if _, isArticle := h.Fields[schema.Stored]; !isArticle {
			continue // another kind of document under that ID
		}
		a, err := schema.FromFields(h.ID, h.Fields)
		if err != nil {
			return nil, err
		}
		out[h.ID] = a
	}
	return out, nil
}

// Docs returns the stored documents with the given document IDs (an
// article's, or a version's: schema.VersionID), by document ID.
func (s *Store) Docs(ctx context.Context, docIDs []string) (map[string]schema.Article, error) {
	docs, err := s.lookupAny(ctx, docIDs)
	for docID, a := range docs {
		a.ID, _, _ = schema.SplitVersionID(docID)
		docs[docID] = a
	}
	return docs, err
}

// DiskBytes is the size of the index directory; 0 in memory.
func (s *Store) DiskBytes() (int64, error) {
	if s.path == "" {
		return 0, nil
	}
	var total int64
	err := filepath.WalkDir(s.path, func(_ string, d fs.DirEntry, err error) error {
		if errors.Is(err, fs.ErrNotExist) {
			return nil // Bleve removed a merged segment as the walk went
		}
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if err != nil {
			return err
		}
		total += info.Size()
		return nil
	})
	return total, err
}
