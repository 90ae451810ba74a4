package store

import (
	"context"
	"fmt"
	"math"
	"runtime"

	"github.com/blevesearch/bleve/v2/document"
	"golang.org/x/sync/errgroup"

	"github.com/newsindex/newsindex/internal/bm25"
	"github.com/newsindex/newsindex/internal/schema"
)

// statsKey is the key of the field statistics in Bleve's internal store.
var statsKey = []byte("newsindex:field-stats")

// loadStats reads the statistics the index keeps.
func (s *Store) loadStats() error {
	data, err := s.b.GetInternal(statsKey)
	if err != nil {
		return fmt.Errorf("open %s: %w", s.path, err)
	}
	c, err := bm25.UnmarshalCounts(data)
	if err != nil {
		return fmt.Errorf("open %s: %w", s.path, err)
	}
	n, err := s.Count(context.Background())
	if err != nil {
		return fmt.Errorf("open %s: %w", s.path, err)
	}
	// A crash between a batch and the statistics written after it leaves
	// them a batch behind: scale them to the articles there are.
	if c.Articles > 0 && uint64(c.Articles) != n {
		ratio := float64(n) / float64(c.Articles)
		for f := range c.Tokens {
			c.Tokens[f] = int64(math.Round(float64(c.Tokens[f]) * ratio))
			c.Docs[f] = int64(math.Round(float64(c.Docs[f]) * ratio))
		}
		c.Articles = int64(n)
	}
	s.stats = bm25.NewStats(c)
	return nil
}

// saveStats writes the statistics after a change.
func (s *Store) saveStats() error {
	data, err := s.stats.Snapshot().Counts().Marshal()
	if err != nil {
		return err
	}
	if err := s.b.SetInternal(statsKey, data); err != nil {
		return fmt.Errorf("save field statistics: %w", err)
	}
	return nil
}

// Tagger returns the IDs of the entities an article names.
type Tagger func(a schema.Article) []string

// mapped is an article mapped to Bleve's document, with the size of its
// text for batching.
type mapped struct {
	doc  *document.Document
	size int
}

// Add indexes articles (validated, with IDs and languages set) in batches,
// on every core. An article with the ID of one in the index replaces it; an
// ID given twice is indexed once, as the later article. When Add returns
// nil, the articles are on disk. If the context ends or storage fails part
// way, the batches written before stay written.
func (s *Store) Add(ctx context.Context, articles []schema.Article, tag Tagger) error {
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	docs, err := s.mapArticles(articles, tag)
	if err != nil {
		return err
	}
	chunks := s.chunk(docs)
	err = parallel(len(chunks), func(i int) error { return s.write(ctx, chunks[i]) })
	if serr := s.saveStats(); err == nil {
		err = serr
	}
	return err
}

// BadArticleError reports an article that cannot be made into a document.
type BadArticleError struct {
	Index int
	ID    string
	Err   error
}

func (e *BadArticleError) Error() string { return e.Err.Error() }
func (e *BadArticleError) Unwrap() error { return e.Err }

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

// write indexes one batch and counts its articles in the statistics, and
// the articles it replaces out.
func (s *Store) write(ctx context.Context, docs []mapped) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	ids := make([]string, len(docs))
	batch := s.b.NewBatch()
	for i, d := range docs {
		ids[i] = d.doc.ID()
		if err := batch.IndexAdvanced(d.doc); err != nil {
			return fmt.Errorf("add article %q: %w", d.doc.ID(), err)
		}
	}
	replaced, err := s.Lookup(ctx, ids...)
	if err != nil {
		return err
	}
	if err := s.b.Batch(batch); err != nil {
		return fmt.Errorf("add: %w", err)
	}
	for _, old := range replaced {
		s.stats.Add(-1, s.layout.Lengths(old))
	}
	for _, d := range docs {
		s.stats.Add(1, bm25.Lengths(d.doc, schema.IsTextField)) // Bleve analysed the fields in place
	}
	return nil
}

// Delete removes the articles with the given IDs. IDs the index does not
// hold are ignored.
func (s *Store) Delete(ctx context.Context, ids ...string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	gone, err := s.Lookup(ctx, ids...)
	if err != nil {
		return err
	}
	batch := s.b.NewBatch()
	for _, id := range ids {
		batch.Delete(id)
	}
	if err := s.b.Batch(batch); err != nil {
		return fmt.Errorf("delete: %w", err)
	}
	for _, a := range gone {
		s.stats.Add(-1, s.layout.Lengths(a))
	}
	return s.saveStats()
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
