package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"runtime"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/document"
	index "github.com/blevesearch/bleve_index_api"
	"golang.org/x/sync/errgroup"

	"github.com/newsindex/newsindex/internal/bm25"
	"github.com/newsindex/newsindex/internal/schema"
)

// ErrDiskFull is returned by writes that would leave the disk holding the
// index with less free space than Options.MinFreeBytes beside what Bleve's
// merges need: as much as the index.
var ErrDiskFull = errors.New("not enough free disk space")

// Tagger returns the IDs of the entities an article names.
type Tagger func(a schema.Article) []string

// mapped is an article mapped to Bleve's document, with the size of its
// text for batching.
type mapped struct {
	doc  *document.Document
	size int
}

// BadArticleError reports an article that cannot be made into a document.
type BadArticleError struct {
	Index int
	ID    string
	Err   error
}

func (e *BadArticleError) Error() string { return e.Err.Error() }
func (e *BadArticleError) Unwrap() error { return e.Err }

// Add indexes articles (validated, with IDs and languages set) in batches,
// on every core. An article with the ID of one in the index replaces it; an
// ID given twice is indexed once, as the later article. When Add returns
// nil, the articles are on disk, and so are the statistics that count them.
// If the context ends or storage fails part way, the batches written before
// stay written, and counted.
func (s *Store) Add(ctx context.Context, articles []schema.Article, tag Tagger) error {
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	if err := s.writable(); err != nil {
		return err
	}
	docs, err := s.mapArticles(articles, tag)
	if err != nil {
		return err
	}
	chunks := s.chunk(docs)
	if len(chunks) == 0 {
		return nil
	}
	if err := s.roomFor(docs); err != nil {
		return err
	}
	w := pendingWrite{Seq: s.seq + 1, Chunks: len(chunks)}
	note, err := json.Marshal(w)
	if err != nil {
		return err
	}
	s.seq = w.Seq // even if every batch fails: a number is never used twice
	var once sync.Once
	err = parallel(len(chunks), func(i int) error {
		if err := s.write(ctx, chunks[i], w, i, note); err != nil {
			return err
		}
		once.Do(func() { s.pending = &w })
		return nil
	})
	if s.pending != nil && s.broken == nil {
		if ferr := s.fold(ctx); err == nil {
			err = ferr
		}
	}
	return err
}

// writable reports why the store cannot write, if it cannot.
func (s *Store) writable() error {
	if s.broken != nil {
		return fmt.Errorf("a write failed earlier (%v): the index keeps what was written before; close and reopen it to write again", s.broken)
	}
	return nil
}

// batch runs a Bleve batch; a failure of storage breaks the store for
// writing, because Bleve's own state after one is not to be trusted.
func (s *Store) batch(ctx context.Context, b *bleve.Batch) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := s.b.Batch(b); err != nil {
		s.broken = err
		return err
	}
	s.gen.Add(1)
	return nil
}

// roomFor refuses a write that would leave too little free space: Bleve
// keeps its data right only while its writes succeed (on a full disk it
// panics in a goroutine of its own, which no caller can recover), and its
// merges of segments need room beside the segments they merge.
func (s *Store) roomFor(docs []mapped) error {
	if s.path == "" {
		return nil
	}
	free, ok := freeBytes(s.path)
	if !ok {
		return nil
	}
	text := int64(0)
	for _, d := range docs {
		text += int64(d.size)
	}
	size, err := s.DiskBytes()
	if err != nil {
		return err
	}
	need := s.opts.MinFreeBytes + size + 4*text
	if free < need {
		return fmt.Errorf("%w: %s has %d MB free; this write needs %d MB to stay safe (as much as the index, %d MB, for Bleve's merges, which may rewrite all of it, and room for the batch): free some space",
			ErrDiskFull, s.path, free>>20, need>>20, size>>20)
	}
	return nil
}

// mapArticles turns articles into Bleve documents on every core. An ID
// given twice is indexed once, as the later article: the result of adding
// them one after the other.
func (s *Store) mapArticles(articles []schema.Article, tag Tagger) ([]mapped, error) {
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
		var entities []string
		if tag != nil {
			entities = tag(a)
		}
		data, n, err := s.layout.Document(a, entities)
		if err != nil {
			return &BadArticleError{Index: i, ID: a.ID, Err: err}
		}
		doc := document.NewDocument(a.ID)
		if err := s.b.Mapping().MapDocument(doc, data); err != nil {
			return fmt.Errorf("add article %d (id %q): %w", i, a.ID, err)
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

// chunk splits documents into batches of about Options.BatchBytes of text,
// and into at least one batch a core when there is enough to share, so
// that Bleve builds segments on every core.
func (s *Store) chunk(docs []mapped) [][]mapped {
	total := 0
	for _, d := range docs {
		total += d.size
	}
	limit := s.opts.BatchBytes
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

// analysed is a text field this package has analysed already: the
// statistics of a batch must be known before Bleve writes it, to go in the
// same batch, and Bleve analyses every field it is given (a second time,
// were it not for this).
type analysed struct{ *document.TextField }

// Analyze does nothing: the field was analysed when it was wrapped.
func (analysed) Analyze() {}

// analyse analyses the title and body fields of a document and returns
// their lengths.
func analyse(doc *document.Document) map[string]int64 {
	lens := map[string]int64{}
	for i, f := range doc.Fields {
		tf, ok := f.(*document.TextField)
		if !ok || !schema.IsTextField(f.Name()) {
			continue
		}
		tf.Analyze()
		lens[f.Name()] += int64(tf.AnalyzedLength())
		doc.Fields[i] = analysed{tf}
	}
	return lens
}

var _ index.Field = analysed{}

// write indexes one batch of an Add with the statistics of its articles
// (those it adds, less those it replaces) and the note of the Add.
func (s *Store) write(ctx context.Context, docs []mapped, w pendingWrite, chunk int, note []byte) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	ids := make([]string, len(docs))
	batch := s.b.NewBatch()
	delta := bm25.NewCounts()
	for i, d := range docs {
		ids[i] = d.doc.ID()
		delta.Add(1, analyse(d.doc))
		if err := batch.IndexAdvanced(d.doc); err != nil {
			return fmt.Errorf("add article %q: %w", d.doc.ID(), err)
		}
	}
	replaced, err := s.Lookup(ctx, ids...)
	if err != nil {
		return err
	}
	for _, old := range replaced {
		delta.Add(-1, s.layout.Lengths(old))
	}
	data, err := delta.Marshal()
	if err != nil {
		return err
	}
	batch.SetInternal(deltaKey(w.Seq, chunk), data)
	batch.SetInternal(pendingKey, note)
	if err := s.batch(ctx, batch); err != nil {
		return fmt.Errorf("add: %w", err)
	}
	s.stats.Merge(delta)
	return nil
}

// Delete removes the articles with the given IDs, and counts them out of
// the statistics in the same batch. IDs the index does not hold are
// ignored.
func (s *Store) Delete(ctx context.Context, ids ...string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	if err := s.writable(); err != nil {
		return err
	}
	gone, err := s.Lookup(ctx, ids...)
	if err != nil {
		return err
	}
	if len(gone) == 0 {
		return nil
	}
	counts := s.stats.Snapshot().Counts()
	for _, a := range gone {
		counts.Add(-1, s.layout.Lengths(a))
	}
	s.seq++
	data, err := json.Marshal(persistedStats{Counts: counts, Seq: s.seq})
	if err != nil {
		return err
	}
	batch := s.b.NewBatch()
	for id := range gone {
		batch.Delete(id)
	}
	batch.SetInternal(statsKey, data)
	if err := s.batch(ctx, batch); err != nil {
		return fmt.Errorf("delete: %w", err)
	}
	s.stats.Set(counts)
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
