package newsindex

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"

	"github.com/newsindex/newsindex/analysis"
	"github.com/newsindex/newsindex/internal/schema"
	"github.com/newsindex/newsindex/internal/share"
	"github.com/newsindex/newsindex/internal/store"
)

// Config configures an [Index]. The zero value is ready to use.
type Config struct {
	// ReadOnly opens an existing index for searching only; several processes
	// may hold the same index open read-only. Add and Delete return
	// [ErrReadOnly].
	ReadOnly bool
	// LockTimeout is how long Open waits for another process that holds the
	// index open for writing before it returns [ErrLocked]. Zero means 2s.
	LockTimeout time.Duration
	// BatchBytes is the most article text Add gives Bleve in one batch.
	// Add also splits a call into a batch a core (of 64 KiB of text at
	// least), so that Bleve builds them on every core. Zero means 8 MiB.
	BatchBytes int
	// MaxArticleBytes caps the text of one article. Zero means
	// [MaxArticleBytes].
	MaxArticleBytes int
	// MinFreeBytes is the free disk space Add and Delete leave, beside as
	// much as the index takes, which Bleve's merges of segments may need to
	// rewrite it: a write that would leave less is refused with
	// [ErrDiskFull] (Bleve panics in a goroutine of its own when the disk
	// fills under it). Zero means 64 MiB.
	MinFreeBytes int64
	// MaxQueryTerms caps the term lookups of one search: every word of the
	// query in every field it is searched in, and every word a prefix or a
	// fuzzy term expands to. A query that needs more is refused with a
	// [*QueryError] before it runs. Zero means [DefaultMaxQueryTerms].
	MaxQueryTerms int
	// MaxExpansions caps the words one prefix or fuzzy term may expand to
	// in one field. Zero means [DefaultMaxExpansions].
	MaxExpansions int
	// Share lets other processes open the index while this one holds it
	// open for writing: they are served through a local socket in the
	// index directory (mode 0600), so that a page can stay up all day while
	// another process adds articles, or the other way round. An Open of a
	// shared index, for reading or writing, goes through the process that
	// shares it: every call of the returned Index is made there, and is as
	// durable as there (Bleve keeps every other process out of an index
	// one process writes). Ignored for read-only and in-memory indexes.
	Share bool
	// Names are people, places and organisations to recognise beside the
	// built-in ones (analysis.BuiltinNames), or more spellings of those.
	// The index keeps them: later Opens need not repeat them. Articles
	// added before a name was given are not re-read for it.
	Names []analysis.Entity
	// Shards is the number of Bleve indexes a new index is made of, from 1
	// to [MaxShards]; zero means [DefaultShards]. Articles are spread over
	// them by a hash of their ID (FNV-1a, 64 bits, modulo Shards: every
	// version of an article is in its shard), written to all at once, and
	// searched in all at once with the statistics of all: the hits,
	// scores, totals and facets are those of one shard. The index keeps
	// the count: later Opens take it from the index, and one that asks for
	// another count is an error (a [Reindex] with Shards set rebuilds the
	// index with another). An index of one shard keeps the layout of
	// indexes before shards (its Bleve index in the index directory); one
	// of more keeps shard i in the subdirectory shard-i, which releases
	// before shards take for a damaged index.
	Shards int
}

// MaxShards is the most shards an index may have (Config.Shards).
const MaxShards = schema.MaxShards

// DefaultShards is the number of shards of a new index when Config.Shards
// is zero: one. On two cores, two shards answer one query in 0.8× the time
// (p50 on the KCNA archive) but two clients 0.86–1.00× as many queries a
// second, and load the archive in 1.04–1.20× the time (see the README,
// Shards): one shard is what measures best there.
const DefaultShards = 1

func (c Config) withDefaults() (Config, error) {
	if c.LockTimeout < 0 || c.BatchBytes < 0 || c.MaxArticleBytes < 0 || c.MaxQueryTerms < 0 || c.MaxExpansions < 0 || c.MinFreeBytes < 0 {
		return c, fmt.Errorf("newsindex: Config: LockTimeout, BatchBytes, MaxArticleBytes, MinFreeBytes, MaxQueryTerms and MaxExpansions must not be negative")
	}
	if c.Shards < 0 || c.Shards > MaxShards {
		return c, fmt.Errorf("newsindex: Config: Shards is %d: an index has 1 to %d shards (0 for the default, %d)", c.Shards, MaxShards, DefaultShards)
	}
	if c.LockTimeout == 0 {
		c.LockTimeout = 2 * time.Second
	}
	if c.BatchBytes == 0 {
		c.BatchBytes = 8 << 20
	}
	if c.MaxArticleBytes == 0 {
		c.MaxArticleBytes = MaxArticleBytes
	}
	if c.MinFreeBytes == 0 {
		c.MinFreeBytes = 64 << 20
	}
	if c.MaxQueryTerms == 0 {
		c.MaxQueryTerms = DefaultMaxQueryTerms
	}
	if c.MaxExpansions == 0 {
		c.MaxExpansions = DefaultMaxExpansions
	}
	return c, nil
}

// Index is a searchable collection of articles, on disk or in memory. It is
// safe for concurrent use: searches run while Add runs.
type Index struct {
	cfg  Config
	path string

	mu      sync.RWMutex // guards st against Close
	closed  bool
	st      *store.Store  // nil when remote
	remote  *remote       // the process that shares the index, when it is not this one
	sharing *share.Server // this process's sharing of the index, with Config.Share

	closeSharing sync.Once
	sharingErr   error

	namesMu   sync.Mutex          // one change of names at a time
	names     *analysis.Gazetteer // the entities articles are searched for; replaced whole
	spellings *spellings          // the analysis of the names' spellings
	keywords  *keywordCache       // the values of the keyword fields

	taggedMu    sync.Mutex
	tagged      map[string]string // entities every article was tagged with (tagged.go)
	taggedKnown bool

	plainLike bool                            // tests: more-like-this searches as Bleve's disjunction, not bm25.Top
	onePass   bool                            // tests: every search in one pass (no topPlan, no searchByDate)
	planTrace func(plan string, onePass bool) // tests: told of each page searched in two passes (trace)
	// ownExpansions (tests) has every fuzzy searcher expand its term on its
	// own, as Bleve's does, not take the expansion the budget read.
	ownExpansions bool
}

// Open opens the index at path, creating it when path does not exist or is
// an empty directory. An empty path makes an index in memory. A path that
// holds something other than a newsindex index is an error, and so is an
// index whose mapping version or analyzers this process does not have.
// Open returns [ErrLocked] when another process has the index open for
// writing.
func Open(path string, cfg Config) (*Index, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	if path != "" {
		if c, err := share.Dial(path); err == nil {
			return openRemote(path, cfg, c)
		}
	}
	st, err := store.Open(path, store.Options{ReadOnly: cfg.ReadOnly, LockTimeout: cfg.LockTimeout, BatchBytes: cfg.BatchBytes, MinFreeBytes: cfg.MinFreeBytes,
		Shards: cfg.Shards, NewShards: DefaultShards})
	if errors.Is(err, store.ErrLocked) {
		if c, err := share.Dial(path); err == nil { // it started sharing as we waited
			return openRemote(path, cfg, c)
		}
		return nil, fmt.Errorf("%w: %s (waited %s)", ErrLocked, path, cfg.LockTimeout)
	}
	if err != nil {
		return nil, fmt.Errorf("newsindex: %w", err)
	}
	x := &Index{cfg: cfg, path: path, st: st, spellings: &spellings{}, keywords: &keywordCache{}}
	if err := x.loadNames(); err != nil {
		st.Close()
		return nil, err
	}
	if err := x.loadTagged(); err != nil {
		st.Close()
		return nil, err
	}
	if cfg.Share && !cfg.ReadOnly && path != "" {
		if x.sharing, err = share.Listen(path, x.handle); err != nil {
			st.Close()
			return nil, fmt.Errorf("newsindex: share %s: %w", path, err)
		}
	}
	return x, nil
}

// loadNames builds the gazetteer: the built-in names, the names the index
// keeps, and Config.Names, which it then keeps too.
func (x *Index) loadNames() error {
	g := analysis.BuiltinNames()
	kept, err := x.st.Names()
	if err != nil {
		return fmt.Errorf("newsindex: open %s: %w", x.Path(), err)
	}
	for _, e := range kept {
		if err := g.Add(e); err != nil {
			return fmt.Errorf("newsindex: names: %w", err)
		}
	}
	x.names = g
	if len(x.cfg.Names) > 0 && !x.cfg.ReadOnly {
		return x.keepNames(x.cfg.Names)
	}
	for _, e := range x.cfg.Names {
		if err := g.Add(e); err != nil {
			return fmt.Errorf("newsindex: names: %w", err)
		}
	}
	return nil
}

// keepNames adds names to the gazetteer and to those the index keeps.
func (x *Index) keepNames(names []analysis.Entity) error {
	x.namesMu.Lock()
	defer x.namesMu.Unlock()
	kept, err := x.st.Names()
	if err != nil {
		return fmt.Errorf("newsindex: keep names: %w", err)
	}
	g := analysis.NewGazetteer()
	for _, e := range x.names.Entities() {
		_ = g.Add(e)
	}
	for _, e := range names {
		if err := g.Add(e); err != nil {
			return fmt.Errorf("newsindex: names: %w", err)
		}
	}
	if err := x.st.KeepNames(append(kept, names...)); err != nil {
		return fmt.Errorf("newsindex: keep names: %w", err)
	}
	x.names = g
	return nil
}

// Shards returns the number of Bleve indexes the index is made of
// (Config.Shards); 0 for an index another process shares.
func (x *Index) Shards() int {
	if x.remote != nil {
		return 0
	}
	return x.st.Shards()
}

// Path returns the directory of the index, or "" for an index in memory.
func (x *Index) Path() string { return x.path }

// Languages returns the codes of the languages the index has fields for,
// "und" (neutral analysis) first. Articles in other languages are indexed
// with neutral analysis only.
func (x *Index) Languages() []string {
	if x.remote != nil {
		return append([]string(nil), x.remote.languages...)
	}
	return x.st.Layout().Codes()
}

// Close closes the index. It waits for running calls to finish; later calls
// return [ErrClosed]. Closing twice is not an error.
func (x *Index) Close() error {
	if x.sharing != nil {
		// Calls of other processes end first: they hold the read lock.
		x.closeSharing.Do(func() { x.sharingErr = x.sharing.Close() })
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.closed {
		return nil
	}
	x.closed = true
	if x.remote != nil {
		x.remote.c.Close()
		return nil
	}
	err := x.sharingErr
	if cerr := x.st.Close(); cerr != nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("newsindex: close: %w", err)
	}
	return nil
}

// acquire takes the read lock for a call; the caller must call release.
func (x *Index) acquire(write bool) error {
	x.mu.RLock()
	if x.closed {
		x.mu.RUnlock()
		return ErrClosed
	}
	if write && x.cfg.ReadOnly {
		x.mu.RUnlock()
		return ErrReadOnly
	}
	return nil
}

func (x *Index) release() { x.mu.RUnlock() }

// compiler returns the compiler of one search, with the statistics of the
// moment.
func (x *Index) compiler() *compiler {
	b := &budget{maxTerms: x.cfg.MaxQueryTerms, maxExpansions: x.cfg.MaxExpansions, open: x.st.Dictionary}
	if !x.ownExpansions {
		b.exp = store.NewExpansions()
	}
	return &compiler{layout: x.st.Layout(), stats: x.st.Stats(), names: x.gazetteer(), spellings: x.spellings, complete: x.completeNames,
		keywords: x.keywords, gen: x.st.Generation(), budget: b}
}

// Add validates every article, then indexes them in batches, on every core.
// An article without an ID gets [Article.StableID]; one without a language
// gets analysis.Detect of its title and body. An article with the ID of one
// in the index with other content becomes its new current version (the
// earlier one is kept: [Index.History]); an ID given twice in one call is
// indexed once, as the later article. An article whose derived ID is new
// but which is a held article under an edited title ([Index.Retitled])
// becomes a new version of that one. Batches of a few hundred articles or
// more a call index fastest.
//
// If any article is invalid, Add returns an [*InputError] naming it and the
// field at fault and changes nothing. When Add returns nil, the articles are
// on disk: they survive a crash of the process. If the context is cancelled
// or storage fails part way, the batches written before stay written.
func (x *Index) Add(ctx context.Context, articles ...Article) error {
	if err := x.acquire(true); err != nil {
		return err
	}
	defer x.release()

	normalized := make([]Article, len(articles))
	for i, a := range articles {
		if err := a.validate(x.cfg.MaxArticleBytes); err != nil {
			var ie *InputError
			if errors.As(err, &ie) {
				ie.Index = i
			}
			return err
		}
		normalized[i] = a.Normalize()
	}
	if x.remote != nil {
		return x.remote.add(ctx, articles)
	}
	links, err := retitled(ctx, normalized, x.search, x.lookupNoLock)
	if err != nil {
		return fmt.Errorf("newsindex: add: %w", err)
	}
	prepared := make([]schema.Article, len(normalized))
	for i, a := range normalized {
		if id, ok := links[i]; ok {
			a.ID = id // the same article under an edited title: a new version
		}
		prepared[i] = a.stored()
	}
	names := x.gazetteer()
	if err := x.noteTagging(ctx, names); err != nil {
		return err
	}
	_, _, err = x.st.Add(ctx, prepared, tagger(names), time.Now())
	if bad := (*store.BadArticleError)(nil); errors.As(err, &bad) {
		return &InputError{Index: bad.Index, ID: bad.ID, Reason: bad.Err.Error()}
	}
	return writeError(ctx, "newsindex", err)
}

// writeError is the error a write of the store returned, as the library
// returns it: the context's own, ErrDiskFull with the store's reason, or
// wrapped under prefix.
func writeError(ctx context.Context, prefix string, err error) error {
	switch {
	case err == nil:
		return nil
	case ctx.Err() != nil && errors.Is(err, ctx.Err()):
		return err
	case errors.Is(err, store.ErrDiskFull):
		return fmt.Errorf("%w: %s", ErrDiskFull, strings.TrimPrefix(err.Error(), store.ErrDiskFull.Error()+": "))
	}
	return fmt.Errorf("%s: %w", prefix, err)
}

// tagger names the entities of an article for the store.
func tagger(g *analysis.Gazetteer) store.Tagger {
	return func(a schema.Article) []string { return g.Find(a.Title + "\n" + a.Body) }
}

// Delete deletes the current articles with the given IDs: Get, Lookup,
// Count and searches no longer find them, but their history stays (see
// [Index.History]; searches with SearchOptions.History find their last
// content), and adding one of them again brings it back as a new version.
// IDs the index does not hold, or holds deleted, are ignored. [Index.Purge]
// removes everything.
func (x *Index) Delete(ctx context.Context, ids ...string) error {
	if err := x.acquire(true); err != nil {
		return err
	}
	defer x.release()
	if x.remote != nil {
		return x.remote.delete(ctx, ids)
	}
	_, err := x.st.Delete(ctx, ids, tagger(x.gazetteer()), time.Now())
	return writeError(ctx, "newsindex", err)
}

// Get returns the article with the given ID, or an error that wraps
// [ErrNotFound].
func (x *Index) Get(ctx context.Context, id string) (Article, error) {
	found, err := x.Lookup(ctx, id)
	if err != nil {
		return Article{}, err
	}
	a, ok := found[id]
	if !ok {
		return Article{}, fmt.Errorf("%w: %q", ErrNotFound, id)
	}
	return a, nil
}

// Lookup returns the articles with the given IDs that the index holds, by
// ID, in one search: the way to check a batch of IDs before adding.
func (x *Index) Lookup(ctx context.Context, ids ...string) (map[string]Article, error) {
	if err := x.acquire(false); err != nil {
		return nil, err
	}
	defer x.release()
	if x.remote != nil {
		return x.remote.lookup(ctx, ids)
	}
	found, err := x.st.Lookup(ctx, ids...)
	if err != nil {
		return nil, fmt.Errorf("newsindex: lookup: %w", err)
	}
	out := make(map[string]Article, len(found))
	for id, a := range found {
		out[id] = articleFrom(a)
	}
	return out, nil
}

// Count returns the number of articles in the index.
func (x *Index) Count(ctx context.Context) (uint64, error) {
	if err := x.acquire(false); err != nil {
		return 0, err
	}
	defer x.release()
	if x.remote != nil {
		return x.remote.count(ctx)
	}
	n, err := x.st.Count(ctx)
	if err != nil {
		return 0, fmt.Errorf("newsindex: count: %w", err)
	}
	return n, nil
}

// Bleve returns the underlying Bleve index: the escape hatch for what this
// package does not offer. For an index of several shards it is an alias of
// them, which searches all but fetches, writes and keeps internal values
// in none (bleve.IndexAlias). Writing to it directly can break what the index
// promises (Count, Get, the mapping); it is closed by [Index.Close]. It is
// nil for an index another process shares (Config.Share). Its title and
// body fields keep term positions but not byte offsets (0 since format
// version 11), and its stored field is the packed article.
func (x *Index) Bleve() bleve.Index {
	if x.remote != nil {
		return nil
	}
	return x.st.Bleve()
}

// Validate reports what is wrong with an article for this index, as Add
// would: [Article.Validate] with the index's Config.MaxArticleBytes.
func (x *Index) Validate(a Article) error { return a.validate(x.cfg.MaxArticleBytes) }

// Names returns the people, places and organisations the index recognises
// (the built-in gazetteer, the names it keeps and Config.Names), sorted by
// ID, each with its spellings.
func (x *Index) Names() []analysis.Entity { return x.gazetteer().Entities() }

// gazetteer returns the names of the moment.
func (x *Index) gazetteer() *analysis.Gazetteer {
	x.namesMu.Lock()
	defer x.namesMu.Unlock()
	return x.names
}

// EntitiesOf returns the IDs of the entities an article names, by the
// index's gazetteer as it is now, sorted: what the entity facet and filter
// count for an article added now (one added before a name was given is not
// counted for it).
func (x *Index) EntitiesOf(a Article) []string { return x.gazetteer().Find(a.Title + "\n" + a.Body) }
