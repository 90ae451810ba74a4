package newsindex

// SetPlainLike makes x search for similar articles as Bleve's disjunction
// of its two any-word queries (plain) or as a bm25.Top, for tests that
// compare the two.
func SetPlainLike(x *Index, plain bool) { x.plainLike = plain }
