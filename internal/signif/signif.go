// Package signif scores how much more often a term or an entity occurs in
// a subset of the documents of a collection (the foreground: the matches of
// a query) than in the whole collection (the background), the way
// Elasticsearch's significant_terms aggregation does.
package signif

// JLH is Elasticsearch's default significance heuristic: the absolute
// change of a term's document frequency from the background to the
// foreground, times the relative change,
//
//	(fg − bg) · fg / bg    with fg = fgCount/fgTotal, bg = bgCount/bgTotal,
//
// and 0 when the term is no more frequent in the foreground. The relative
// change favours rare terms and the absolute change frequent ones; their
// product ranks "Ulan-Ude" above "the" and above a word one article
// happens to repeat. The background includes the foreground: a bgCount
// below fgCount (counted differently, or a sample that outran the counts)
// is taken as fgCount.
func JLH(fgCount, fgTotal, bgCount, bgTotal int) float64 {
	if fgCount <= 0 || fgTotal <= 0 || bgTotal <= 0 {
		return 0
	}
	bgCount = max(bgCount, fgCount)
	fg := float64(fgCount) / float64(fgTotal)
	bg := float64(bgCount) / float64(bgTotal)
	if fg <= bg {
		return 0
	}
	return (fg - bg) * fg / bg
}

// MinCount is the fewest foreground documents a term must occur in to be
// scored, for a foreground of n documents: 3, as in Elasticsearch, but
// fewer for a handful of matches (1 up to 9, 2 up to 14), where a word in
// three of five articles would be a rare find.
func MinCount(n int) int {
	return min(3, max(1, n/5))
}
