package newsindex

// SetPlainLike makes x search for similar articles as Bleve's disjunction
// of its two any-word queries (plain) or as a bm25.Top, for tests that
// compare the two.
func SetPlainLike(x *Index, plain bool) { x.plainLike = plain }

// SetOnePass makes x search every page in one pass (onePass) or, where it
// pays, in two (topPlan), for tests that compare the two.
func SetOnePass(x *Index, one bool) { x.onePass = one }

// SetTopTrace has trace told of every page x ranks with bm25.Top, and
// whether it searched it again in one pass.
func SetTopTrace(x *Index, trace func(fellBack bool)) { x.topTrace = trace }
