package store

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/newsindex/newsindex/internal/bm25"
)

// The token statistics are part of every write: each batch of an Add
// carries the counts of its own articles (a delta, under a key of its own)
// and a note of the Add it belongs to, in the same Bleve batch, so that
// they are on disk exactly when the articles are. When every batch of the
// Add is written, one more batch folds the deltas into the totals. A crash
// in between leaves the note and the deltas of the batches that made it,
// which the next Open adds up: the totals never drift from the articles.
// With shards, each shard keeps its own totals, notes and deltas, of its
// own articles, in its own batches; the numbers of the writes are counted
// over all shards.
var (
	statsKey   = []byte("newsindex:field-stats")
	pendingKey = []byte("newsindex:stats-pending")
)

func deltaKey(seq uint64, chunk int) []byte {
	return fmt.Appendf(nil, "newsindex:stats-delta:%d:%d", seq, chunk)
}

// persistedStats is what statsKey holds: the totals and the last write
// folded into them. Version 9 indexes wrote the totals alone (Seq 0).
type persistedStats struct {
	bm25.Counts
	Seq uint64 `json:"seq,omitempty"`
}

// pendingWrite is the note every batch of an Add carries: the number of the
// Add and how many batches it writes to the shard of the batch.
type pendingWrite struct {
	Seq    uint64 `json:"seq"`
	Chunks int    `json:"chunks"`
}

// loadStats reads the statistics every shard keeps, with the deltas of an
// Add a crash interrupted, and adds them up: the store's statistics are the
// sum of the shards'.
func (s *Store) loadStats() error {
	total := bm25.NewCounts()
	for i, sh := range s.shards {
		if err := s.loadShardStats(i, sh); err != nil {
			return err
		}
		total.Merge(sh.counts)
	}
	s.stats = bm25.NewStats(total)
	if !s.opts.ReadOnly {
		return s.fold(context.Background())
	}
	return nil
}

// loadShardStats reads the totals one shard keeps, and the deltas of the
// batches of an interrupted Add that made it to the shard.
func (s *Store) loadShardStats(i int, sh *shard) error {
	fail := func(err error) error {
		if len(s.shards) > 1 {
			return fmt.Errorf("open %s: shard %d: field statistics: %w", s.path, i, err)
		}
		return fmt.Errorf("open %s: field statistics: %w", s.path, err)
	}
	data, err := sh.b.GetInternal(statsKey)
	if err != nil {
		return fail(err)
	}
	p := persistedStats{Counts: bm25.NewCounts()}
	if len(data) > 0 {
		c, err := bm25.UnmarshalCounts(data)
		if err != nil {
			return fail(err)
		}
		if err := json.Unmarshal(data, &p); err != nil {
			return fail(err)
		}
		p.Counts = c
	}
	s.seq = max(s.seq, p.Seq)
	note, err := sh.b.GetInternal(pendingKey)
	if err != nil {
		return fail(err)
	}
	if len(note) > 0 {
		var w pendingWrite
		if err := json.Unmarshal(note, &w); err != nil {
			return fail(err)
		}
		if w.Seq > p.Seq {
			for c := range w.Chunks {
				d, err := sh.b.GetInternal(deltaKey(w.Seq, c))
				if err != nil {
					return fail(err)
				}
				if len(d) == 0 {
					continue // that batch did not make it
				}
				delta, err := bm25.UnmarshalCounts(d)
				if err != nil {
					return fail(err)
				}
				p.Counts.Merge(delta)
				s.recovered++
			}
			s.seq = max(s.seq, w.Seq)
			sh.pending = &w
		}
	}
	sh.counts = p.Counts
	return nil
}

// fold writes, in every shard an Add wrote to, the shard's totals of the
// moment and drops the note and the deltas of the Add, in one batch.
func (s *Store) fold(ctx context.Context) error {
	return parallel(len(s.shards), func(i int) error {
		sh := s.shards[i]
		if sh.pending == nil {
			return nil
		}
		sh.mu.Lock()
		data, err := json.Marshal(persistedStats{Counts: sh.counts.Clone(), Seq: sh.pending.Seq})
		sh.mu.Unlock()
		if err != nil {
			return err
		}
		batch := sh.b.NewBatch()
		batch.SetInternal(statsKey, data)
		batch.DeleteInternal(pendingKey)
		for c := range sh.pending.Chunks {
			batch.DeleteInternal(deltaKey(sh.pending.Seq, c))
		}
		if err := s.batch(ctx, sh, batch); err != nil {
			return fmt.Errorf("save field statistics: %w", err)
		}
		sh.pending = nil
		return nil
	})
}

// Recovered is the number of batches whose statistics Open added up after
// an interrupted Add.
func (s *Store) Recovered() int { return s.recovered }
