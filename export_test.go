package newsindex

// SetPlainLike makes x search for similar articles as Bleve's disjunction
// of its two any-word queries (plain) or as a bm25.Top, for tests that
// compare the two.
func SetPlainLike(x *Index, plain bool) { x.plainLike = plain }

// SetOnePass makes x search every page in one pass (onePass) or, where it
// pays, in two (topPlan, searchByDate), for tests that compare the two.
func SetOnePass(x *Index, one bool) { x.onePass = one }

// SetPlanTrace has trace told of every page x searches in two passes, by
// plan ("top": ranked by bm25.Top; "months": sorted by date among the
// months that hold it), and whether it searched it in one pass after all.
func SetPlanTrace(x *Index, trace func(plan string, onePass bool)) { x.planTrace = trace }

// SetOwnExpansions makes every fuzzy searcher of x expand its term on its
// own, as Bleve's does (own), or take the expansion the query's pricing
// read, for tests that compare the two.
func SetOwnExpansions(x *Index, own bool) { x.ownExpansions = own }
