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

// pendingWrite is the note every batch of an Add carries.
type pendingWrite struct {
	Seq    uint64 `json:"seq"`
	Chunks int    `json:"chunks"`
}

// loadStats reads the statistics the index keeps, with the deltas of an
// Add a crash interrupted.
func (s *Store) loadStats() error {
	fail := func(err error) error { return fmt.Errorf("open %s: field statistics: %w", s.path, err) }
	data, err := s.b.GetInternal(statsKey)
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
	s.seq = p.Seq
	note, err := s.b.GetInternal(pendingKey)
	if err != nil {
		return fail(err)
	}
	if len(note) > 0 {
		var w pendingWrite
		if err := json.Unmarshal(note, &w); err != nil {
			return fail(err)
		}
		if w.Seq > p.Seq {
			for i := range w.Chunks {
				d, err := s.b.GetInternal(deltaKey(w.Seq, i))
				if err != nil {
					return fail(err)
				}
				if len(d) == 0 {
					continue // that batch did not make it
				}
				c, err := bm25.UnmarshalCounts(d)
				if err != nil {
					return fail(err)
				}
				p.Counts.Merge(c)
				s.recovered++
			}
			s.seq = w.Seq
			s.pending = &w
		}
	}
	s.stats = bm25.NewStats(p.Counts)
	if s.pending != nil && !s.opts.ReadOnly {
		return s.fold(context.Background())
	}
	return nil
}

// fold writes the totals of the moment and drops the note and the deltas
// of the last Add, in one batch.
func (s *Store) fold(ctx context.Context) error {
	if s.pending == nil {
		return nil
	}
	data, err := json.Marshal(persistedStats{Counts: s.stats.Snapshot().Counts(), Seq: s.pending.Seq})
	if err != nil {
		return err
	}
	batch := s.b.NewBatch()
	batch.SetInternal(statsKey, data)
	batch.DeleteInternal(pendingKey)
	for i := range s.pending.Chunks {
		batch.DeleteInternal(deltaKey(s.pending.Seq, i))
	}
	if err := s.batch(ctx, batch); err != nil {
		return fmt.Errorf("save field statistics: %w", err)
	}
	s.pending = nil
	return nil
}

// Recovered is the number of batches whose statistics Open added up after
// an interrupted Add.
func (s *Store) Recovered() int { return s.recovered }
