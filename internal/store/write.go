package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

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
// text for batching. A document of a current version carries the lengths
// of its text fields, and those of the current version it replaces, for
// the statistics; one of an earlier version or a deletion carries none.
type mapped struct {
	doc     *document.Document
	size    int
	current bool            // the document is of a current version
	old     *schema.Article // the current version it replaces, if any
	group   int             // documents of one article share a group: one batch
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
// on every core. An article with the ID of one in the index with other
// content becomes its new current version, and the one before is kept as
// an earlier version (so is a deleted one: the article comes back); one
// with the same content (what it was fetched aside) changes nothing. An ID
// given twice is indexed once, as the later article. now dates the
// versions whose copy says nothing of when it was fetched. When Add
// returns nil, the articles are on disk, and so are the statistics that
// count them. If the context ends or storage fails part way, the batches
// written before stay written, and counted. Add returns how many articles
// were new and how many made a new version.
func (s *Store) Add(ctx context.Context, articles []schema.Article, tag Tagger, now time.Time) (added, versions int, err error) {
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	if err := s.writable(); err != nil {
		return 0, 0, err
	}
	plan, err := s.plan(ctx, articles, now)
	if err != nil {
		return 0, 0, err
	}
	if err := s.ensureDict(ctx, plan); err != nil {
		return 0, 0, err
	}
	docs, err := s.mapArticles(plan, tag)
	if err != nil {
		return 0, 0, err
	}
	if len(docs) == 0 {
		return 0, 0, nil
	}
	if err := s.roomFor(docs); err != nil {
		return 0, 0, err
	}
	err = s.writeAll(ctx, docs)
	for _, p := range plan {
		if p.entry == schema.Latest {
			if p.old == nil {
				added++
			} else {
				versions++
			}
		}
	}
	return added, versions, err
}

// Restore writes documents as they are, versions and deletions included:
// how a reindex copies an index. The current versions are counted in the
// statistics; nothing is compared or renumbered.
func (s *Store) Restore(ctx context.Context, docs []Doc, tag Tagger) error {
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	if err := s.writable(); err != nil {
		return err
	}
	plan := make([]planned, len(docs))
	groups := map[string]int{}
	for i, d := range docs {
		g, ok := groups[d.Article.ID]
		if !ok {
			g = len(groups)
			groups[d.Article.ID] = g
		}
		plan[i] = planned{article: d.Article, entry: d.Entry, docID: d.DocID, group: g}
	}
	sort.SliceStable(plan, func(i, j int) bool { return plan[i].group < plan[j].group })
	if err := s.ensureDict(ctx, plan); err != nil {
		return err
	}
	mapped, err := s.mapArticles(plan, tag)
	if err != nil {
		return err
	}
	if len(mapped) == 0 {
		return nil
	}
	if err := s.roomFor(mapped); err != nil {
		return err
	}
	return s.writeAll(ctx, mapped)
}

// batchOf is one Bleve batch of an Add: documents of one shard, the
// number of the batch among that shard's, and the note the shard's
// batches carry.
type batchOf struct {
	shard int
	chunk int
	docs  []mapped
	note  pendingWrite
}

// writeAll writes the documents of one Add (the documents of an article
// together, in its shard) in batches, those of every shard at once, each
// with the statistics of its articles, then folds the statistics into the
// totals of each shard written to. The caller holds writeMu.
func (s *Store) writeAll(ctx context.Context, docs []mapped) error {
	perShard := make([][]mapped, len(s.shards))
	if len(s.shards) == 1 {
		perShard[0] = docs
	} else {
		for _, d := range docs {
			i := s.shardOfDoc(d.doc.ID())
			perShard[i] = append(perShard[i], d)
		}
	}
	limit := s.batchLimit(docs)
	seq := s.seq + 1
	s.seq = seq // even if every batch fails: a number is never used twice
	var batches []batchOf
	for i, ds := range perShard {
		chunks := chunk(ds, limit)
		for c, ch := range chunks {
			batches = append(batches, batchOf{shard: i, chunk: c, docs: ch, note: pendingWrite{Seq: seq, Chunks: len(chunks)}})
		}
	}
	onces := make([]sync.Once, len(s.shards))
	err := parallel(len(batches), func(i int) error {
		b := batches[i]
		sh := s.shards[b.shard]
		if err := s.write(ctx, sh, b); err != nil {
			return err
		}
		onces[b.shard].Do(func() { note := b.note; sh.pending = &note })
		return nil
	})
	if s.isBroken() == nil {
		if ferr := s.fold(ctx); err == nil {
			err = ferr
		}
	}
	return err
}

// planned is one document an Add writes: a new current version, or an
// entry of the history that moves out of the current document.
type planned struct {
	article schema.Article
	entry   schema.Entry
	docID   string
	old     *schema.Article // for a new current version: the current one it replaces
	group   int
}

// plan looks the articles up and decides what to write: nothing for an
// article the index holds unchanged; the article as version 1 for a new
// one; for a changed one, the current version as an earlier version and
// the article as the next; for a deleted one, its deletion as an entry of
// its own and the article as the next.
func (s *Store) plan(ctx context.Context, articles []schema.Article, now time.Time) ([]planned, error) {
	last := make(map[string]int, len(articles))
	ids := make([]string, 0, len(articles))
	for i, a := range articles {
		if _, dup := last[a.ID]; !dup {
			ids = append(ids, a.ID)
		}
		last[a.ID] = i
	}
	held, err := s.lookupAny(ctx, ids)
	if err != nil {
		return nil, err
	}
	var out []planned
	for i, a := range articles {
		if last[a.ID] != i {
			continue
		}
		seen := now
		if !a.Retrieved.IsZero() {
			seen = a.Retrieved
		}
		a.Seen, a.Deleted, a.Gone = seen, false, time.Time{}
		old, exists := held[a.ID]
		switch {
		case !exists:
			a.Version = 1
			out = append(out, planned{article: a, entry: schema.Latest, docID: a.ID, group: i})
		case !old.Deleted && SameContent(old, a):
			continue // the same article; when it was fetched aside
		case !old.Deleted:
			prev := old
			prev.Version = max(old.Version, 1)
			a.Version = prev.Version + 1
			cur := old
			out = append(out,
				planned{article: prev, entry: schema.Earlier, docID: schema.VersionID(a.ID, prev.Version), group: i},
				planned{article: a, entry: schema.Latest, docID: a.ID, old: &cur, group: i})
		default: // deleted: the deletion becomes an entry, the article comes back
			content, deletion := old, old
			content.Deleted, content.Gone = false, time.Time{}
			content.Version = max(old.Version, 1)
			deletion.Version = content.Version + 1
			deletion.Seen = old.Gone
			a.Version = deletion.Version + 1
			out = append(out,
				planned{article: content, entry: schema.Earlier, docID: schema.VersionID(a.ID, content.Version), group: i},
				planned{article: deletion, entry: schema.Earlier, docID: schema.VersionID(a.ID, deletion.Version), group: i},
				planned{article: a, entry: schema.Latest, docID: a.ID, group: i})
		}
	}
	return out, nil
}

// SameContent reports whether two copies of an article say the same: the
// same fields, dates by instant, when each was fetched, the history and
// what the index derived from them aside.
func SameContent(a, b schema.Article) bool {
	if !a.Published.Equal(b.Published) {
		return false
	}
	a.Published, b.Published = time.Time{}, time.Time{}
	a.Retrieved, b.Retrieved = time.Time{}, time.Time{}
	a.Version, b.Version, a.Seen, b.Seen, a.Deleted, b.Deleted, a.Gone, b.Gone = 0, 0, time.Time{}, time.Time{}, false, false, time.Time{}, time.Time{}
	a.CrossLang, b.CrossLang = 0, 0
	if len(a.Section) == 0 && len(b.Section) == 0 {
		a.Section, b.Section = nil, nil
	}
	return reflect.DeepEqual(a, b)
}

// writable reports why the store cannot write, if it cannot.
func (s *Store) writable() error {
	if s.opts.ReadOnly {
		return errors.New("the index is open read-only")
	}
	if err := s.isBroken(); err != nil {
		return fmt.Errorf("a write failed earlier (%v): the index keeps what was written before; close and reopen it to write again", err)
	}
	return nil
}

// isBroken returns the failed write that broke the store, if one did.
func (s *Store) isBroken() error {
	s.brokenMu.Lock()
	defer s.brokenMu.Unlock()
	return s.broken
}

// batch runs a Bleve batch in a shard; a failure of storage breaks the
// store for writing, because Bleve's own state after one is not to be
// trusted.
func (s *Store) batch(ctx context.Context, sh *shard, b *bleve.Batch) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := sh.b.Batch(b); err != nil {
		s.brokenMu.Lock()
		if s.broken == nil {
			s.broken = err
		}
		s.brokenMu.Unlock()
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

// mapArticles turns the planned documents into Bleve's on every core.
func (s *Store) mapArticles(plan []planned, tag Tagger) ([]mapped, error) {
	m := s.layout.Mapping() // this code's, not the one the index stored (see schema.Layout.Mapping)
	out := make([]mapped, len(plan))
	err := parallel(len(plan), func(i int) error {
		p := plan[i]
		var entities []string
		if tag != nil {
			entities = tag(p.article)
		}
		data, n, err := s.layout.Document(p.article, entities, p.entry, s.dict.Load())
		if err != nil {
			return &BadArticleError{Index: p.group, ID: p.article.ID, Err: err}
		}
		doc := document.NewDocument(p.docID)
		if err := m.MapDocument(doc, data); err != nil {
			return fmt.Errorf("add article %d (id %q): %w", p.group, p.article.ID, err)
		}
		out[i] = mapped{doc: doc, size: n, current: p.entry == schema.Latest, old: p.old, group: p.group}
		return nil
	})
	return out, err
}

// batchLimit is the most text of one batch of an Add of docs: about
// Options.BatchBytes, and less when there is enough to share so that there
// is at least one batch a core (over all shards), for Bleve to build
// segments on every core.
func (s *Store) batchLimit(docs []mapped) int {
	total := 0
	for _, d := range docs {
		total += d.size
	}
	limit := s.opts.BatchBytes
	if cores := runtime.GOMAXPROCS(0); total/cores >= minShareBytes {
		limit = min(limit, (total+cores-1)/cores)
	}
	return limit
}

// chunk splits documents into batches of about limit bytes of text.
func chunk(docs []mapped, limit int) [][]mapped {
	var out [][]mapped
	start, size := 0, 0
	for i, d := range docs {
		size += d.size
		// The documents of one article (its versions) go in one batch.
		if (size >= limit && (i == len(docs)-1 || docs[i+1].group != d.group)) || i == len(docs)-1 {
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

// analyse analyses the title, body and cross-language fields of a
// document and returns the lengths of those the statistics count.
func analyse(doc *document.Document) map[string]int64 {
	lens := map[string]int64{}
	for i, f := range doc.Fields {
		tf, ok := f.(*document.TextField)
		if !ok || !(schema.IsScoredField(f.Name()) || schema.IsTextField(strings.TrimPrefix(f.Name(), schema.PastPrefix))) {
			continue
		}
		tf.Analyze()
		dropOffsets(tf)
		if schema.IsScoredField(f.Name()) {
			lens[f.Name()] += int64(tf.AnalyzedLength())
		}
		doc.Fields[i] = analysed{tf}
	}
	return lens
}

var _ index.Field = analysed{}

// dropOffsets clears the byte offsets of an analysed field's term
// locations, keeping their positions: phrases need the positions, and only
// highlighting the offsets, which it takes from an analysis of the stored
// text (highlight.Offsets). Offsets of 0 cost a byte each in a segment
// instead of two or three: on the KCNA archive the index is 8% smaller
// (2.17 to 1.99 bytes per byte of text). Format version 11.
func dropOffsets(tf *document.TextField) {
	for _, f := range tf.AnalyzedTokenFrequencies() {
		for _, l := range f.Locations {
			l.Start, l.End = 0, 0
		}
	}
}

// write indexes one batch of an Add in its shard with the statistics of
// its articles (the current versions it adds, less those they replace) and
// the note of the Add.
func (s *Store) write(ctx context.Context, sh *shard, b batchOf) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	note, err := json.Marshal(b.note)
	if err != nil {
		return err
	}
	batch := sh.b.NewBatch()
	delta := bm25.NewCounts()
	for _, d := range b.docs {
		lens := analyse(d.doc)
		if d.current {
			delta.Add(1, lens)
			if d.old != nil {
				delta.Add(-1, s.layout.Lengths(*d.old))
			}
		}
		if err := batch.IndexAdvanced(d.doc); err != nil {
			return fmt.Errorf("add article %q: %w", d.doc.ID(), err)
		}
	}
	data, err := delta.Marshal()
	if err != nil {
		return err
	}
	batch.SetInternal(deltaKey(b.note.Seq, b.chunk), data)
	batch.SetInternal(pendingKey, note)
	if err := s.batch(ctx, sh, batch); err != nil {
		return fmt.Errorf("add: %w", err)
	}
	sh.mu.Lock()
	sh.counts.Merge(delta)
	sh.mu.Unlock()
	s.stats.Merge(delta)
	return nil
}

// Delete makes the current articles with the given IDs deleted: each is
// replaced by its deletion, which keeps its last content for searches of
// the past, and counted out of the statistics, in one batch. Their earlier
// versions stay. IDs the index does not hold, or holds deleted, are
// ignored. It returns how many articles it deleted. tag names the
// entities of the deleted articles, for searches of the past.
func (s *Store) Delete(ctx context.Context, ids []string, tag Tagger, now time.Time) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	if err := s.writable(); err != nil {
		return 0, err
	}
	gone, err := s.Lookup(ctx, ids...)
	if err != nil {
		return 0, err
	}
	if len(gone) == 0 {
		return 0, nil
	}
	batches := s.newBatches()
	m := s.layout.Mapping()
	for id, a := range gone {
		sb := batches[ShardOf(id, len(s.shards))]
		batch := sb.batch
		sb.delta.Add(-1, s.layout.Lengths(a))
		a.Version, a.Deleted, a.Gone = max(a.Version, 1), true, now
		var entities []string
		if tag != nil {
			entities = tag(a)
		}
		data, _, err := s.layout.Document(a, entities, schema.Tombstone, s.dict.Load())
		if err != nil {
			return 0, err
		}
		doc := document.NewDocument(id)
		if err := m.MapDocument(doc, data); err != nil {
			return 0, fmt.Errorf("delete %q: %w", id, err)
		}
		analyse(doc)
		if err := batch.IndexAdvanced(doc); err != nil {
			return 0, fmt.Errorf("delete %q: %w", id, err)
		}
	}
	if err := s.commitCounts(ctx, batches); err != nil {
		return 0, fmt.Errorf("delete: %w", err)
	}
	return len(gone), nil
}

// countedBatch is the batch of one shard of a Delete or a Purge, with what
// it takes out of the statistics.
type countedBatch struct {
	batch *bleve.Batch
	delta bm25.Counts
}

// newBatches returns an empty batch for every shard.
func (s *Store) newBatches() []*countedBatch {
	out := make([]*countedBatch, len(s.shards))
	for i, sh := range s.shards {
		out[i] = &countedBatch{batch: sh.b.NewBatch(), delta: bm25.NewCounts()}
	}
	return out
}

// commitCounts writes, in every shard that has something to write, its
// batch with the shard's totals it leaves, numbered as a write of its
// own: in one batch with one shard; a shard at a time with more, so that
// a crash leaves the shards written before written, and counted.
func (s *Store) commitCounts(ctx context.Context, batches []*countedBatch) error {
	for i, b := range batches {
		if b.batch.Size() == 0 && len(batches) > 1 {
			continue
		}
		sh := s.shards[i]
		counts := sh.counts.Clone()
		counts.Merge(b.delta)
		s.seq++
		data, err := json.Marshal(persistedStats{Counts: counts, Seq: s.seq})
		if err != nil {
			return err
		}
		b.batch.SetInternal(statsKey, data)
		if err := s.batch(ctx, sh, b.batch); err != nil {
			return err
		}
		sh.mu.Lock()
		sh.counts = counts
		sh.mu.Unlock()
		s.stats.Merge(b.delta)
	}
	return nil
}

// Purge removes everything the index holds of the articles with the given
// IDs, current or deleted, with every earlier version. It returns how many
// articles it found.
func (s *Store) Purge(ctx context.Context, ids []string) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	if err := s.writable(); err != nil {
		return 0, err
	}
	held, err := s.lookupAny(ctx, ids)
	if err != nil {
		return 0, err
	}
	if len(held) == 0 {
		return 0, nil
	}
	batches := s.newBatches()
	for id, a := range held {
		sb := batches[ShardOf(id, len(s.shards))]
		batch := sb.batch
		if !a.Deleted {
			sb.delta.Add(-1, s.layout.Lengths(a))
		}
		batch.Delete(id)
		// Earlier entries are numbered from 1 to the current one's; a
		// deleted article's deletion was never a document of its own.
		for n := 1; n <= max(a.Version, 1); n++ {
			batch.Delete(schema.VersionID(id, n))
		}
	}
	if err := s.commitCounts(ctx, batches); err != nil {
		return 0, fmt.Errorf("purge: %w", err)
	}
	return len(held), nil
}

// History returns every entry of the article with the given ID, oldest
// first: its versions, and its deletions. ok is false when the index holds
// nothing of it.
func (s *Store) History(ctx context.Context, id string) (entries []schema.Article, ok bool, err error) {
	held, err := s.lookupAny(ctx, []string{id})
	if err != nil {
		return nil, false, err
	}
	cur, ok := held[id]
	if !ok {
		return nil, false, nil
	}
	n := max(cur.Version, 1)
	var docIDs []string
	for i := 1; i < n; i++ {
		docIDs = append(docIDs, schema.VersionID(id, i))
	}
	earlier, err := s.Docs(ctx, docIDs)
	if err != nil {
		return nil, true, err
	}
	for i := 1; i < n; i++ {
		if e, ok := earlier[schema.VersionID(id, i)]; ok {
			if e.Version == 0 {
				e.Version = i
			}
			entries = append(entries, e)
		}
	}
	cur.Version = n
	if cur.Deleted {
		content := cur
		content.Deleted, content.Gone = false, time.Time{}
		deletion := cur
		deletion.Version, deletion.Seen = n+1, cur.Gone
		entries = append(entries, content, deletion)
	} else {
		entries = append(entries, cur)
	}
	return entries, true, nil
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
