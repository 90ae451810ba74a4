package store

import (
	"context"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"
)

// Bleve's merger keeps up to ten segments in each tier of sizes: after a
// bulk load of the KCNA archive the index is ten segments, and every term
// a search looks up is looked up in each. Merged into one, the same
// searches take 0.6× the CPU (the KCNA query mix of BenchmarkKCNAMix) and
// Related 0.55× (BenchmarkRelated), for a merge of about a tenth of the
// load's time.

// mergeDoneKey is the context key under which Bleve's merger reports the
// outcome of a merge it was asked for (scorch's mergeDoneKey): without it
// a failing forced merge is retried for ever and ForceMerge never returns.
const mergeDoneKey = "mergeDone"

// Compact merges the segments of the index into one, as far as Bleve's
// segment limits allow. It waits for the merge and returns its error; a
// cancelled ctx stops it, leaving the index as it was. Searches and writes
// may run meanwhile: the merged segment takes the place of the others
// atomically, and a process killed during the merge leaves the segments
// it started from. After a failed or cancelled Compact, Bleve refuses the
// next until the index is reopened. An index in memory is left as it is.
// An index of several shards has each shard merged into one segment, one
// shard after the other.
func (s *Store) Compact(ctx context.Context) error {
	if s.path == "" {
		return nil // Bleve merges only segments that are on disk
	}
	if s.opts.ReadOnly {
		return errors.New("a read-only index cannot be compacted")
	}
	s.compactMu.Lock()
	defer s.compactMu.Unlock()
	if s.compactFailed {
		return errors.New("an earlier Compact of this index failed or was cancelled, and Bleve merges on demand again only after the index is reopened")
	}
	s.writeMu.Lock()
	err := s.writable()
	if err == nil {
		err = s.roomFor(nil)
	}
	s.writeMu.Unlock()
	if err != nil {
		return err
	}
	for i, sh := range s.shards {
		if err := s.compactShard(ctx, sh); err != nil {
			if len(s.shards) > 1 && ctx.Err() == nil {
				return fmt.Errorf("shard %d: %w", i, err)
			}
			return err
		}
	}
	return nil
}

// compactShard merges the segments of one shard into one (Compact).
func (s *Store) compactShard(ctx context.Context, sh *shard) error {
	in, err := sh.b.Advanced()
	if err != nil {
		return err
	}
	sc, ok := in.(*scorch.Scorch)
	if !ok {
		return fmt.Errorf("compact: the index is %T, not scorch", in)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	// Bleve merges the segments that are on disk: those of the last writes
	// may not be yet, and are merged in another round; and a round merges
	// ten segments a task, so many segments take more rounds. It goes on
	// while rounds leave fewer segments (a million articles once ended in
	// three after five rounds).
	least := math.MaxInt
	for round := 0; ; round++ {
		if err := s.forceMerge(ctx, sc); err != nil {
			return err
		}
		n, err := shardSegments(sh) // this shard's
		if err != nil {
			return err
		}
		if n <= 1 || round >= maxCompactRounds-1 || (round >= compactRounds-1 && n >= least) {
			break
		}
		least = min(least, n)
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
	s.gen.Add(1)
	return nil
}

// compactRounds is how many merges Compact asks of Bleve at least, while
// more than one segment is left; after them, rounds go on while each
// leaves fewer segments than the rounds before, up to maxCompactRounds.
const (
	compactRounds    = 5
	maxCompactRounds = 20
)

// forceMerge asks Bleve's merger for one merge into a segment and waits
// for it.
func (s *Store) forceMerge(ctx context.Context, sc *scorch.Scorch) error {
	done := make(chan error, 1) // Bleve's merger sends once, and must not block
	//lint:ignore SA1029 scorch looks the channel up under this string
	mctx := context.WithValue(ctx, mergeDoneKey, done)
	asked := make(chan error, 1)
	opts := mergeplan.SingleSegmentMergePlanOptions
	go func() { asked <- sc.ForceMerge(mctx, &opts) }()
	var err error
	select {
	case err = <-done:
		if err == nil {
			// ForceMerge returns right after a success; until it has,
			// Bleve refuses the next one. After a failure it returns
			// only when the index is closed (and refuses the next).
			err = <-asked
		}
	case err = <-asked:
		// Refused at once, or returned after a success reported in done.
		if err == nil {
			err = <-done
		}
	}
	if err != nil {
		s.compactFailed = true
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return fmt.Errorf("compact %s: %w", s.path, err)
	}
	return nil
}

// Segments is the number of segments the index is made of now, over every
// shard.
func (s *Store) Segments() (int, error) {
	n := 0
	for _, sh := range s.shards {
		c, err := shardSegments(sh)
		if err != nil {
			return 0, err
		}
		n += c
	}
	return n, nil
}

// shardSegments is the number of segments of one shard.
func shardSegments(sh *shard) (int, error) {
	in, err := sh.b.Advanced()
	if err != nil {
		return 0, err
	}
	sc, ok := in.(*scorch.Scorch)
	if !ok {
		return 0, fmt.Errorf("segments: the index is %T, not scorch", in)
	}
	r, err := sc.Reader()
	if err != nil {
		return 0, err
	}
	defer r.Close()
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return 0, fmt.Errorf("segments: a reader of %T", r)
	}
	return len(snap.Segments()), nil
}
