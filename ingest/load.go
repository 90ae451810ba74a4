package ingest

import (
	"context"
	"errors"
	"reflect"
	"time"

	"github.com/newsindex/newsindex"
)

// Summary counts what [Load] did.
type Summary struct {
	Records  int `json:"records"`  // records read, good and bad
	Indexed  int `json:"indexed"`  // articles new to the index
	Replaced int `json:"replaced"` // articles whose ID the index held with other content: a new version each
	Skipped  int `json:"skipped"`  // articles the index already held unchanged
	Failed   int `json:"failed"`   // records that could not be read or are not valid articles
	// Deleted counts the articles LoadOptions.Sync marked deleted: of the
	// outlets of the input, in the span of days it covers, but not in it.
	Deleted int   `json:"deleted,omitempty"`
	Bytes   int64 `json:"bytes"` // bytes of title and body read
	// Position is how many bytes of input (uncompressed) were read: the
	// files done and the current one up to the end of its last record.
	Position int64         `json:"position"`
	Elapsed  time.Duration `json:"elapsed"`
}

// LoadOptions configure [Load].
type LoadOptions struct {
	Options
	// BatchSize is the number of articles given to Index.Add at once; zero
	// means 1000.
	BatchSize int
	// OnError is called with every record that is skipped as bad: an
	// *newsindex.InputError naming the file and line. Nil ignores them;
	// they are counted in Summary.Failed either way.
	OnError func(error)
	// Sync treats the input as the complete current content of each outlet
	// it holds over the span of days it covers: the current articles of
	// those outlets published in that span that the input no longer has
	// are marked deleted (their history stays; Index.Delete), once every
	// batch is in. Every article of the input must name its outlet (a
	// source field, or Options.Source). Without Sync nothing is marked.
	Sync bool
	// OnProgress is called after every batch with the counts so far.
	OnProgress func(Summary)
}

// Load reads paths with [Read] and adds the articles to idx in batches.
// Articles are normalised as Index.Add stores them (stable ID, detected
// language); one the index already holds unchanged is skipped, so loading
// the same input twice changes nothing. A bad record is reported to
// OnError, counted and skipped; the rest is still indexed.
//
// Load returns an error only when it cannot go on: the index fails, or ctx
// ends (an interrupt). Batches added before stay added; the Summary says
// how far it got.
func Load(ctx context.Context, idx *newsindex.Index, paths []string, opts LoadOptions) (Summary, error) {
	start := time.Now()
	size := opts.BatchSize
	if size <= 0 {
		size = 1000
	}
	var sum Summary
	report := func(err error) {
		sum.Failed++
		if opts.OnError != nil {
			opts.OnError(err)
		}
	}
	batch := make([]pending, 0, size)
	spans := syncSpans{}
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		if err := addNew(ctx, idx, batch, &sum, report, spans.alias); err != nil {
			return err
		}
		batch = batch[:0]
		sum.Elapsed = time.Since(start)
		if opts.OnProgress != nil {
			opts.OnProgress(sum)
		}
		return nil
	}
	var file string
	var done, last int64 // bytes of the files done; read of the current one
	for rec, err := range Read(ctx, paths, opts.Options) {
		if rec.File != "" {
			if rec.File != file {
				done += last
				file, last = rec.File, 0
			}
			last = max(last, rec.Offset, rec.End)
			sum.Position = done + last
		}
		if err != nil {
			if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
				sum.Elapsed = time.Since(start)
				return sum, err
			}
			sum.Records++
			report(err)
			continue
		}
		sum.Records++
		if err := idx.Validate(rec.Article); err != nil {
			report(at(err, rec.File, rec.Line))
			continue
		}
		sum.Bytes += int64(len(rec.Article.Title) + len(rec.Article.Body))
		a := rec.Article.Normalize()
		if opts.Sync {
			if err := spans.note(a, rec.File, rec.Line); err != nil {
				sum.Elapsed = time.Since(start)
				return sum, err
			}
		}
		batch = append(batch, pending{a, rec.File, rec.Line})
		if len(batch) == size {
			if err := flush(); err != nil {
				sum.Elapsed = time.Since(start)
				return sum, err
			}
		}
	}
	if err := ctx.Err(); err != nil {
		sum.Elapsed = time.Since(start)
		return sum, err
	}
	err := flush()
	if err == nil && opts.Sync {
		sum.Deleted, err = spans.sync(ctx, idx)
	}
	sum.Elapsed = time.Since(start)
	return sum, err
}

// syncSpans is what a sync input holds, by outlet: the span of days its
// articles cover and their IDs.
type syncSpans map[string]*syncSpan

type syncSpan struct {
	from, to time.Time
	ids      map[string]bool
}

// alias counts in the ID of the held article that an article of the
// input continues under an edited title (Index.Retitled).
func (s syncSpans) alias(a newsindex.Article, held string) {
	if sp := s[a.Source]; sp != nil {
		sp.ids[held] = true
	}
}

// note counts an article of the input in.
func (s syncSpans) note(a newsindex.Article, file string, line int) error {
	if a.Source == "" {
		return &newsindex.InputError{File: file, Line: line, Index: -1, ID: a.ID, Field: "source",
			Reason: "a sync input must name the outlet of every article (a source field, or -source): it says which articles the input stands for"}
	}
	sp := s[a.Source]
	if sp == nil {
		sp = &syncSpan{ids: map[string]bool{}}
		s[a.Source] = sp
	}
	sp.ids[a.ID] = true
	if t := a.Published; !t.IsZero() {
		if sp.from.IsZero() || t.Before(sp.from) {
			sp.from = t
		}
		if sp.to.IsZero() || t.After(sp.to) {
			sp.to = t
		}
	}
	return nil
}

// sync marks deleted the current articles of each outlet, in its span of
// whole days, that the input did not hold.
func (s syncSpans) sync(ctx context.Context, idx *newsindex.Index) (int, error) {
	deleted := 0
	for source, sp := range s {
		if sp.from.IsZero() {
			continue // no dated article: no span
		}
		y, m, d := sp.from.UTC().Date()
		from := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
		y, m, d = sp.to.UTC().Date()
		to := time.Date(y, m, d+1, 0, 0, 0, 0, time.UTC).Add(-time.Nanosecond)
		q := newsindex.And(newsindex.Terms{Field: "source", Values: []string{source}, Exact: true}, newsindex.DateRange{From: from, To: to})
		var gone []string
		for a, err := range idx.Scan(ctx, q) {
			if err != nil {
				return deleted, err
			}
			if !sp.ids[a.ID] {
				gone = append(gone, a.ID)
			}
		}
		for start := 0; start < len(gone); start += 1000 {
			ids := gone[start:min(start+1000, len(gone))]
			if err := idx.Delete(ctx, ids...); err != nil {
				return deleted, err
			}
			deleted += len(ids)
		}
	}
	return deleted, nil
}

// pending is an article waiting for its batch, and where it was read.
type pending struct {
	article newsindex.Article
	file    string
	line    int
}

// at puts the file and line of a record into the *newsindex.InputError err
// is (the article's position in an Add call means nothing to the reader
// of the input, so it goes).
func at(err error, file string, line int) error {
	var ie *newsindex.InputError
	if errors.As(err, &ie) {
		ie.File, ie.Line, ie.Index = file, line, -1
	}
	return err
}

// addNew adds the articles of a batch that the index does not already hold
// unchanged, and counts them. Within a batch the last article with an ID
// wins. An article the index refuses (an *newsindex.InputError from Add) is
// reported with its file and line, and the rest of the batch is added
// without it.
func addNew(ctx context.Context, idx *newsindex.Index, batch []pending, sum *Summary, report func(error), linked func(a newsindex.Article, held string)) error {
	articles := make([]newsindex.Article, len(batch))
	for i, p := range batch {
		articles[i] = p.article
	}
	// An article under an edited title is a version of the one it
	// continues: it takes that one's ID.
	links, err := idx.Retitled(ctx, articles...)
	if err != nil {
		return err
	}
	for i, held := range links {
		linked(batch[i].article, held)
		batch[i].article.ID = held
	}
	last := make(map[string]int, len(batch))
	ids := make([]string, 0, len(batch))
	dups := 0
	for i, p := range batch {
		if _, dup := last[p.article.ID]; !dup {
			ids = append(ids, p.article.ID)
		} else {
			dups++ // an earlier record of this run with the same ID
		}
		last[p.article.ID] = i
	}
	stored, err := idx.Lookup(ctx, ids...)
	if err != nil {
		return err
	}
	var add []pending
	var replacing []bool
	skipped := 0
	for _, id := range ids {
		p := batch[last[id]]
		old, exists := stored[id]
		if exists && sameArticle(old, p.article) {
			skipped++
			continue
		}
		add = append(add, p)
		replacing = append(replacing, exists)
	}
	for {
		articles := make([]newsindex.Article, len(add))
		for i, p := range add {
			articles[i] = p.article
		}
		err := idx.Add(ctx, articles...)
		var ie *newsindex.InputError
		if err == nil || !errors.As(err, &ie) || ie.Index < 0 || ie.Index >= len(add) {
			if err != nil {
				return err
			}
			break
		}
		// Add changes nothing when it refuses an article: try again without it.
		bad := ie.Index
		report(at(err, add[bad].file, add[bad].line))
		add = append(add[:bad], add[bad+1:]...)
		replacing = append(replacing[:bad], replacing[bad+1:]...)
	}
	for _, r := range replacing {
		if r {
			sum.Replaced++
		} else {
			sum.Indexed++
		}
	}
	sum.Replaced += dups
	sum.Skipped += skipped
	return nil
}

// sameArticle compares two articles, dates by instant.
func sameArticle(a, b newsindex.Article) bool {
	if !a.Published.Equal(b.Published) {
		return false
	}
	a.Published, b.Published = time.Time{}, time.Time{}
	a.Retrieved, b.Retrieved = time.Time{}, time.Time{} // a copy fetched again is the same article
	if len(a.Section) == 0 && len(b.Section) == 0 {
		a.Section, b.Section = nil, nil
	}
	return reflect.DeepEqual(a, b)
}
