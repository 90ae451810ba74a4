package newsindex

import "context"

// Compact merges the index's segments into one. Bleve writes every batch
// as a segment and merges them in the background into tiers of up to ten,
// so that an index after a bulk load is about ten segments, and a search
// looks every term up in each: on the KCNA archive one segment answers the
// query mix of BenchmarkKCNAMix in 0.6× the CPU and Related in 0.55×. The
// merge rewrites the index (about a tenth of the time its load took) and
// needs as much free disk as the index takes; Compact waits for it.
// Searches and writes may go on meanwhile; a cancelled ctx stops the merge
// and leaves the index as it was, as does a killed process. Later writes
// add segments again: compact after a bulk load, not after every Add. An
// index in memory is left as it is.
func (x *Index) Compact(ctx context.Context) error {
	if err := x.acquire(true); err != nil {
		return err
	}
	defer x.release()
	if x.remote != nil {
		return x.remote.call(ctx, "compact", struct{}{}, nil)
	}
	return writeError(ctx, "newsindex: compact", x.st.Compact(ctx))
}
