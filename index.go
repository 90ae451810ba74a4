package newsindex

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"runtime"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/index/scorch"
	bolterrors "go.etcd.io/bbolt/errors"
	"golang.org/x/sync/errgroup"

	"github.com/newsindex/newsindex/analysis"
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
	// Names are people, places and organisations to recognise beside the
	// built-in ones (analysis.BuiltinNames), or more spellings of those.
	// The index keeps them: later Opens need not repeat them. Articles
	// added before a name was given are not re-read for it.
	Names []analysis.Entity
}

func (c Config) withDefaults() (Config, error) {
	if c.LockTimeout < 0 || c.BatchBytes < 0 || c.MaxArticleBytes < 0 {
		return c, fmt.Errorf("newsindex: Config: LockTimeout, BatchBytes and MaxArticleBytes must not be negative")
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
	return c, nil
}

// Index is a searchable collection of articles, on disk or in memory. It is
// safe for concurrent use: searches run while Add runs.
type Index struct {
	path   string
	cfg    Config
	layout layout

	mu      sync.RWMutex // guards b against Close
	writeMu sync.Mutex   // one Add or Delete at a time: they count articles in and out
	b       bleve.Index
	closed  bool
	stats   *fieldStats         // token counts for BM25
	names   *analysis.Gazetteer // the entities articles are searched for
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
	if path == "" {
		if cfg.ReadOnly {
			return nil, errors.New("newsindex: an index in memory cannot be read-only")
		}
		return create("", cfg)
	}
	switch state, err := pathState(path); {
	case err != nil:
		return nil, err
	case state == pathMissing:
		if cfg.ReadOnly {
			return nil, fmt.Errorf("newsindex: no index at %s", path)
		}
		return create(path, cfg)
	case state == pathEmptyDir:
		if cfg.ReadOnly {
			return nil, fmt.Errorf("newsindex: no index at %s (empty directory)", path)
		}
		if err := os.Remove(path); err != nil {
			return nil, fmt.Errorf("newsindex: %w", err)
		}
		return create(path, cfg)
	}
	return open(path, cfg)
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
		return 0, fmt.Errorf("newsindex: %w", err)
	}
	if !info.IsDir() {
		return 0, fmt.Errorf("newsindex: %s is a file, not an index directory", path)
	}
	entries, err := os.ReadDir(path)
	if err != nil {
		return 0, fmt.Errorf("newsindex: %w", err)
	}
	if len(entries) == 0 {
		return pathEmptyDir, nil
	}
	return pathUsed, nil
}

func create(path string, cfg Config) (*Index, error) {
	l := currentLayout()
	b, err := bleve.NewUsing(path, l.mapping(), scorch.Name, scorch.Name, map[string]interface{}{
		"bolt_timeout": cfg.LockTimeout.String(),
	})
	if err != nil {
		return nil, fmt.Errorf("newsindex: create %s: %w", path, err)
	}
	if path != "" {
		if err := l.write(path); err != nil {
			b.Close()
			return nil, fmt.Errorf("newsindex: create %s: %w", path, err)
		}
	}
	x := &Index{path: path, cfg: cfg, layout: l, b: b, stats: newFieldStats()}
	if err := x.loadNames(); err != nil {
		b.Close()
		return nil, err
	}
	return x, nil
}

// namesKey is the key of the index's own names in Bleve's internal store.
var namesKey = []byte("newsindex:names")

// loadNames builds the gazetteer: the built-in names, the names the index
// keeps, and Config.Names, which it then keeps too.
func (x *Index) loadNames() error {
	g := analysis.BuiltinNames()
	var kept []analysis.Entity
	data, err := x.b.GetInternal(namesKey)
	if err != nil {
		return fmt.Errorf("newsindex: open %s: %w", x.path, err)
	}
	if len(data) > 0 {
		if err := json.Unmarshal(data, &kept); err != nil {
			return fmt.Errorf("newsindex: open %s: names: %w", x.path, err)
		}
	}
	for _, e := range append(kept, x.cfg.Names...) {
		if err := g.Add(e); err != nil {
			return fmt.Errorf("newsindex: names: %w", err)
		}
	}
	if len(x.cfg.Names) > 0 && !x.cfg.ReadOnly {
		data, err := json.Marshal(append(kept, x.cfg.Names...))
		if err != nil {
			return err
		}
		if err := x.b.SetInternal(namesKey, data); err != nil {
			return fmt.Errorf("newsindex: keep names: %w", err)
		}
	}
	x.names = g
	x.layout.names = g
	return nil
}

func open(path string, cfg Config) (*Index, error) {
	l, err := readLayout(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("newsindex: %s is not a newsindex index (it has no %s)", path, layoutFile)
	}
	if err != nil {
		return nil, err
	}
	if err := l.check(path); err != nil {
		return nil, err
	}
	b, err := bleve.OpenUsing(path, map[string]interface{}{
		"read_only":    cfg.ReadOnly,
		"bolt_timeout": cfg.LockTimeout.String(),
	})
	if errors.Is(err, bolterrors.ErrTimeout) {
		return nil, fmt.Errorf("%w: %s (waited %s)", ErrLocked, path, cfg.LockTimeout)
	}
	if err != nil {
		return nil, fmt.Errorf("newsindex: open %s: %w", path, err)
	}
	x := &Index{path: path, cfg: cfg, layout: l, b: b}
	if x.stats, err = x.readStats(); err != nil {
		b.Close()
		return nil, err
	}
	if err := x.loadNames(); err != nil {
		b.Close()
		return nil, err
	}
	return x, nil
}

// readStats reads the field statistics an index keeps for BM25.
func (x *Index) readStats() (*fieldStats, error) {
	data, err := x.b.GetInternal(statsKey)
	if err != nil {
		return nil, fmt.Errorf("newsindex: open %s: %w", x.path, err)
	}
	req := bleve.NewSearchRequest(allArticles())
	req.Size = 0
	res, err := x.b.Search(req)
	if err != nil {
		return nil, fmt.Errorf("newsindex: open %s: %w", x.path, err)
	}
	return loadFieldStats(data, res.Total)
}

// saveStats writes the field statistics after a change.
func (x *Index) saveStats() error {
	data, err := x.stats.marshal()
	if err != nil {
		return err
	}
	if err := x.b.SetInternal(statsKey, data); err != nil {
		return fmt.Errorf("newsindex: save field statistics: %w", err)
	}
	return nil
}

// Path returns the directory of the index, or "" for an index in memory.
func (x *Index) Path() string { return x.path }

// Languages returns the codes of the languages the index has fields for,
// "und" (neutral analysis) first. Articles in other languages are indexed
// with neutral analysis only.
func (x *Index) Languages() []string {
	out := make([]string, len(x.layout.Languages))
	for i, l := range x.layout.Languages {
		out[i] = l.Code
	}
	return out
}

// Close closes the index. It waits for running calls to finish; later calls
// return [ErrClosed]. Closing twice is not an error.
func (x *Index) Close() error {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.closed {
		return nil
	}
	x.closed = true
	if err := x.b.Close(); err != nil {
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

// Add validates every article, then indexes them in batches, on every core.
// An article without an ID gets [Article.StableID]; one without a language
// gets analysis.Detect of its title and body. An article with the ID of one
// in the index replaces it; an ID given twice in one call is indexed once,
// as the later article. Batches of a few hundred articles or more a call
// index fastest.
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

	prepared := make([]Article, len(articles))
	for i, a := range articles {
		if err := a.validate(x.cfg.MaxArticleBytes); err != nil {
			var ie *InputError
			if errors.As(err, &ie) {
				ie.Index = i
			}
			return err
		}
		prepared[i] = a.Normalize()
	}

	x.writeMu.Lock()
	defer x.writeMu.Unlock()
	docs, err := x.mapArticles(prepared)
	if err != nil {
		return err
	}
	chunks := x.chunk(docs)
	err = parallel(len(chunks), func(i int) error { return x.write(ctx, chunks[i]) })
	if serr := x.saveStats(); err == nil {
		err = serr
	}
	return err
}

// mapped is an article mapped to Bleve's document, with the size of its
// text for batching.
type mapped struct {
	doc  *document.Document
	size int
}

// mapArticles turns articles into Bleve documents on every core. An ID
// given twice is indexed once, as the later article: the result of adding
// them one after the other.
func (x *Index) mapArticles(articles []Article) ([]mapped, error) {
	last := make(map[string]int, len(articles))
	for i, a := range articles {
		last[a.ID] = i
	}
	out := make([]mapped, len(articles))
	err := parallel(len(articles), func(i int) error {
		a := articles[i]
		if last[a.ID] != i {
			return nil
		}
		data, n, err := x.layout.record(a)
		if err != nil {
			return &InputError{Index: i, ID: a.ID, Reason: err.Error()}
		}
		doc := document.NewDocument(a.ID)
		if err := x.b.Mapping().MapDocument(doc, data); err != nil {
			return fmt.Errorf("newsindex: add article %d (id %q): %w", i, a.ID, err)
		}
		out[i] = mapped{doc, n}
		return nil
	})
	if err != nil {
		return nil, err
	}
	kept := out[:0]
	for _, m := range out {
		if m.doc != nil {
			kept = append(kept, m)
		}
	}
	return kept, nil
}

// chunk splits documents into batches of about Config.BatchBytes of text,
// and into at least one batch a core when there is enough to share, so
// that Bleve builds segments on every core.
func (x *Index) chunk(docs []mapped) [][]mapped {
	total := 0
	for _, d := range docs {
		total += d.size
	}
	limit := x.cfg.BatchBytes
	if cores := runtime.GOMAXPROCS(0); total/cores >= minShareBytes {
		limit = min(limit, (total+cores-1)/cores)
	}
	var out [][]mapped
	start, size := 0, 0
	for i, d := range docs {
		size += d.size
		if size >= limit || i == len(docs)-1 {
			out = append(out, docs[start:i+1])
			start, size = i+1, 0
		}
	}
	return out
}

// minShareBytes is the least text per core worth a batch of its own.
const minShareBytes = 64 << 10

// write indexes one batch and counts its articles in the statistics, and
// the articles it replaces out.
func (x *Index) write(ctx context.Context, docs []mapped) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	ids := make([]string, len(docs))
	batch := x.b.NewBatch()
	for i, d := range docs {
		ids[i] = d.doc.ID()
		if err := batch.IndexAdvanced(d.doc); err != nil {
			return fmt.Errorf("newsindex: add article %q: %w", d.doc.ID(), err)
		}
	}
	replaced, err := x.lookup(ctx, ids...)
	if err != nil {
		return err
	}
	if err := x.b.Batch(batch); err != nil {
		return fmt.Errorf("newsindex: add: %w", err)
	}
	for _, old := range replaced {
		x.stats.add(-1, x.layout.articleLengths(old))
	}
	for _, d := range docs {
		x.stats.add(1, lengths(d.doc)) // Bleve analysed the fields in place
	}
	return nil
}

// parallel runs f(0) … f(n-1) on every core and returns the first error.
// After an error, the calls not yet started are skipped.
func parallel(n int, f func(i int) error) error {
	g, ctx := errgroup.WithContext(context.Background())
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i := range n {
		g.Go(func() error {
			if ctx.Err() != nil {
				return nil // another call failed: Wait returns its error
			}
			return f(i)
		})
	}
	return g.Wait()
}

// Delete removes the articles with the given IDs. IDs the index does not
// hold are ignored.
func (x *Index) Delete(ctx context.Context, ids ...string) error {
	if err := x.acquire(true); err != nil {
		return err
	}
	defer x.release()
	if err := ctx.Err(); err != nil {
		return err
	}
	x.writeMu.Lock()
	defer x.writeMu.Unlock()
	gone, err := x.lookup(ctx, ids...)
	if err != nil {
		return err
	}
	batch := x.b.NewBatch()
	for _, id := range ids {
		batch.Delete(id)
	}
	if err := x.b.Batch(batch); err != nil {
		return fmt.Errorf("newsindex: delete: %w", err)
	}
	for _, a := range gone {
		x.stats.add(-1, x.layout.articleLengths(a))
	}
	return x.saveStats()
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
	return x.lookup(ctx, ids...)
}

// lookup is Lookup for callers that hold the lock.
func (x *Index) lookup(ctx context.Context, ids ...string) (map[string]Article, error) {
	out := make(map[string]Article, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	req := bleve.NewSearchRequest(bleve.NewDocIDQuery(ids))
	req.Fields = []string{"*"}
	req.Size = len(ids)
	res, err := x.b.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("newsindex: lookup: %w", err)
	}
	for _, h := range res.Hits {
		if _, isArticle := h.Fields[fieldStored]; !isArticle {
			continue // another kind of document under that ID
		}
		a, err := articleFromFields(h.ID, h.Fields)
		if err != nil {
			return nil, err
		}
		out[h.ID] = a
	}
	return out, nil
}

// Count returns the number of articles in the index.
func (x *Index) Count(ctx context.Context) (uint64, error) {
	if err := x.acquire(false); err != nil {
		return 0, err
	}
	defer x.release()
	req := bleve.NewSearchRequest(allArticles())
	req.Size = 0
	res, err := x.b.SearchInContext(ctx, req)
	if err != nil {
		return 0, fmt.Errorf("newsindex: count: %w", err)
	}
	return res.Total, nil
}

// Bleve returns the underlying Bleve index: the escape hatch for what this
// package does not offer. Writing to it directly can break what the index
// promises (Count, Get, the mapping); it is closed by [Index.Close].
func (x *Index) Bleve() bleve.Index { return x.b }
