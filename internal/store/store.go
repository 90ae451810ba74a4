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
	// Shards is the number of Bleve indexes a new index is made of (0 is
	// NewShards). An existing index has the count it was created with: a
	// count other than 0 that differs from it is an error.
	Shards int
	// NewShards is the number of shards of a new index when Shards is 0;
	// 0 is 1.
	NewShards int
}

// Store is one index: its Bleve indexes (shards), its layout and its
// statistics. It is safe for concurrent use; writes are serialised.
//
// An index of one shard is one Bleve index, in the index directory itself,
// as before there were shards. One of more routes every article, with all
// its documents, to the shard [ShardOf] its ID, reads documents from that
// shard alone and searches every shard at once through a Bleve index alias,
// with the statistics of every shard (global.go): the same hits, scores,
// totals and facets as one shard holding everything.
type Store struct {
	path   string
	opts   Options
	layout schema.Layout
	shards []*shard
	b      bleve.Index // what searches go to: the one shard, or an alias of all
	stats  *bm25.Stats // the sum of the shards' counts

	writeMu   sync.Mutex // one write at a time: writes count articles in and out
	seq       uint64     // the last write numbered, over every shard (guarded by writeMu)
	brokenMu  sync.Mutex // guards broken: the batches of one Add write at once
	broken    error      // a write that failed: Bleve's state is not trusted
	recovered int        // batches of an interrupted Add counted at Open

	closeOnce sync.Once
	closeErr  error

	gen  atomic.Uint64 // counts the batches written, for caches of what the index holds
	memo memo          // what was computed at one generation (terms.go)

	compactMu     sync.Mutex // one Compact at a time (Bleve refuses a second)
	compactFailed bool       // a Compact failed: Bleve refuses another (compact.go)

	dict atomic.Pointer[schema.Dict] // how stored articles are compressed (dict.go)

	facetMu       sync.Mutex                // guards facetValuesOf (facets.go)
	facetValuesOf map[facetKey]*fieldValues // the values of fields in recent snapshots
	plainFacets   bool                      // tests: every facet counted by Bleve
}

// Generation changes whenever a batch is written: what was computed from
// the index's terms at one generation holds until the next.
func (s *Store) Generation() uint64 { return s.gen.Load() }

// Open opens the index at path, creating it when path does not exist or is
// an empty directory; an empty path makes one in memory.
func Open(path string, opts Options) (*Store, error) {
	for _, n := range []int{opts.Shards, opts.NewShards} {
		if n < 0 || n > schema.MaxShards {
			return nil, fmt.Errorf("%d shards: an index has 1 to %d shards (0 for the default)", n, schema.MaxShards)
		}
	}
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
	l := newLayout(opts)
	var shards []bleve.Index
	for range l.ShardCount() {
		b, err := bleve.NewUsing("", l.Mapping(), scorch.Name, scorch.Name, map[string]interface{}{})
		if err != nil {
			closeAll(shards)
			return nil, fmt.Errorf("create an index in memory: %w", err)
		}
		shards = append(shards, b)
	}
	s := &Store{opts: opts, layout: l}
	s.setShards(shards)
	s.stats = bm25.NewStats(bm25.NewCounts())
	return s, nil
}

// newLayout is the layout of a new index of opts.Shards shards.
func newLayout(opts Options) schema.Layout {
	l := schema.Current()
	n := opts.Shards
	if n == 0 {
		n = opts.NewShards
	}
	if n > 1 {
		l.Shards = n
	}
	return l
}

// setShards makes the store of its open shards: searches go to the one,
// or to an alias of all (each named by its number: the alias hands each
// child its part of the request by name).
func (s *Store) setShards(bs []bleve.Index) {
	s.shards = make([]*shard, len(bs))
	for i, b := range bs {
		s.shards[i] = &shard{b: b, counts: bm25.NewCounts()}
	}
	if len(bs) == 1 {
		s.b = bs[0]
		return
	}
	numbered := make([]bleve.Index, len(bs))
	for i, b := range bs {
		b.SetName(fmt.Sprintf("shard-%d", i))
		numbered[i] = numberedShard{bleveIndex: b, shard: uint64(i)}
	}
	alias := bleve.NewIndexAlias(numbered...)
	_ = alias.SetIndexMapping(bs[0].Mapping()) // one mapping: Mapping() of an alias of several is nil otherwise
	s.b = alias
}

// closeAll closes Bleve indexes, returning the first error.
func closeAll(bs []bleve.Index) error {
	var first error
	for _, b := range bs {
		if err := b.Close(); err != nil && first == nil {
			first = err
		}
	}
	return first
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
	l := newLayout(opts)
	n := l.ShardCount()
	if n > 1 {
		if err := os.Mkdir(tmp, 0o755); err != nil {
			return nil, fmt.Errorf("create %s: %w", path, err)
		}
	}
	for i := range n {
		b, err := bleve.NewUsing(schema.ShardDir(tmp, i, n), l.Mapping(), scorch.Name, scorch.Name, map[string]interface{}{
			"bolt_timeout": opts.LockTimeout.String(),
		})
		if err != nil {
			return nil, fmt.Errorf("create %s: %w", path, err)
		}
		if err := b.Close(); err != nil {
			return nil, fmt.Errorf("create %s: %w", path, err)
		}
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
	n := l.ShardCount()
	if opts.Shards != 0 && opts.Shards != n {
		return nil, fmt.Errorf("open %s: the index has %d shards and %d were asked for: the count is fixed when an index is created (reindex it with the new count to change it)", path, n, opts.Shards)
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
	var shards []bleve.Index
	for i := range n {
		b, err := bleve.OpenUsing(schema.ShardDir(path, i, n), map[string]interface{}{
			"read_only":    opts.ReadOnly,
			"bolt_timeout": opts.LockTimeout.String(),
		})
		if errors.Is(err, bolterrors.ErrTimeout) {
			closeAll(shards)
			return nil, fmt.Errorf("%w: %s (waited %s)", ErrLocked, path, opts.LockTimeout)
		}
		if err != nil {
			closeAll(shards)
			if problems, _ := Verify(path, true, opts.LockTimeout); len(problems) > 0 {
				return nil, damaged(path, problems)
			}
			return nil, fmt.Errorf("open %s: %w (newsindex check -index %s may tell which file is damaged)", path, err, path)
		}
		shards = append(shards, b)
	}
	s := &Store{path: path, opts: opts, layout: l}
	s.setShards(shards)
	if err := s.loadStats(); err != nil {
		closeAll(shards)
		return nil, err
	}
	d, err := schema.ReadDict(path, l)
	if err != nil {
		closeAll(shards)
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	s.dict.Store(d)
	if l.Version < schema.Version && !opts.ReadOnly {
		// What this code writes is version Version: say so, so that an
		// older release does not take the index for one of its own.
		l.Version = schema.Version
		if err := l.Write(path); err != nil {
			closeAll(shards)
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

// Bleve is the underlying index: the one shard, or an alias of every
// shard (which searches, but fetches and writes no single document).
func (s *Store) Bleve() bleve.Index { return s.b }

// Stats returns the statistics of the moment, for one search.
func (s *Store) Stats() *bm25.Snapshot { return s.stats.Snapshot() }

// Close closes the Bleve index. Closing twice is not an error (Bleve
// panics on it).
func (s *Store) Close() error {
	s.closeOnce.Do(func() {
		bs := make([]bleve.Index, len(s.shards))
		for i, sh := range s.shards {
			bs[i] = sh.b
		}
		s.closeErr = closeAll(bs)
		if len(bs) > 1 {
			_ = s.b.Close() // the alias: it closes none of its children
		}
		s.dict.Load().Close()
	})
	return s.closeErr
}

// first is the shard that keeps what belongs to the whole index (the
// names, the tagged entities).
func (s *Store) first() *shard { return s.shards[0] }

// namesKey is the key of the index's own names in Bleve's internal store.
var namesKey = []byte("newsindex:names")

// Names returns the entities the index keeps beside the built-in ones.
func (s *Store) Names() ([]analysis.Entity, error) {
	data, err := s.first().b.GetInternal(namesKey)
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
	batch := s.first().b.NewBatch()
	batch.SetInternal(namesKey, data)
	return s.batch(context.Background(), s.first(), batch)
}

// taggedKey is the key of the entities every article of the index was
// tagged with, by ID, with the fingerprint of their spellings.
var taggedKey = []byte("newsindex:tagged")

// Tagged returns the entities every article of the index was tagged with
// (ID → fingerprint of the spellings); ok is false when the index does not
// know (it had articles before it kept this).
func (s *Store) Tagged() (tagged map[string]string, ok bool, err error) {
	data, err := s.first().b.GetInternal(taggedKey)
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
	batch := s.first().b.NewBatch()
	batch.SetInternal(taggedKey, data)
	return s.batch(context.Background(), s.first(), batch)
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
	r := *req // the caller's facets stay as they were
	fast, err := s.splitFacets(&r)
	if err != nil {
		return nil, err
	}
	if fast != nil {
		ctx = fast.context(ctx)
	}
	var res *bleve.SearchResult
	if len(s.shards) == 1 {
		res, err = s.b.SearchInContext(ctx, &r)
	} else {
		res, err = s.searchShards(ctx, &r)
	}
	if err == nil && fast != nil {
		err = fast.results(res)
	}
	if err != nil {
		return nil, err
	}
	return res, nil
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
	res, err := s.searchAll(ctx, req)
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
	// An alias fetches no documents by ID (bleve #1579): each shard is
	// asked for its own, all at once.
	var mu sync.Mutex
	groups := s.byShard(ids)
	err := parallel(len(groups), func(i int) error {
		if len(groups[i]) == 0 {
			return nil
		}
		req := bleve.NewSearchRequest(bleve.NewDocIDQuery(groups[i]))
		req.Fields = []string{schema.Stored}
		req.Size = len(groups[i])
		res, err := s.shards[i].b.SearchInContext(ctx, req)
		if err != nil {
			return err
		}
		for _, h := range res.Hits {
			if _, isArticle := h.Fields[schema.Stored]; !isArticle {
				continue // another kind of document under that ID
			}
			a, err := s.Article(h.ID, h.Fields)
			if err != nil {
				return err
			}
			mu.Lock()
			out[h.ID] = a
			mu.Unlock()
		}
		return nil
	})
	if err != nil {
		return nil, err
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
