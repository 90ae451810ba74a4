package newsindex

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	bq "github.com/blevesearch/bleve/v2/search/query"

	"github.com/newsindex/newsindex/internal/highlight"
	"github.com/newsindex/newsindex/internal/schema"
)

// Sort orders search results.
type Sort int

// Sort orders. The date sorts break ties by article ID; relevance breaks
// them by the order of the index. Either way paging is stable while the
// index does not change.
const (
	ByRelevance Sort = iota // best match first
	ByNewest                // latest Published first; undated articles last
	ByOldest                // earliest Published first; undated articles last
)

// String returns "relevance", "newest" or "oldest".
func (s Sort) String() string {
	switch s {
	case ByRelevance:
		return "relevance"
	case ByNewest:
		return "newest"
	case ByOldest:
		return "oldest"
	}
	return fmt.Sprintf("Sort(%d)", int(s))
}

// ParseSort reads "relevance", "newest" or "oldest".
func ParseSort(s string) (Sort, error) {
	for _, v := range []Sort{ByRelevance, ByNewest, ByOldest} {
		if s == v.String() {
			return v, nil
		}
	}
	return 0, fmt.Errorf("newsindex: unknown sort %q (want relevance, newest or oldest)", s)
}

// Facet names a facet: counts of the matching articles by one property.
type Facet string

// Facets. Year and month count by the UTC date of Published.
const (
	FacetSource   Facet = "source"
	FacetLanguage Facet = "language"
	FacetAuthor   Facet = "author"
	FacetYear     Facet = "year"  // "2025"
	FacetMonth    Facet = "month" // "2025-08"
	// FacetEntity counts the people, places and organisations the matches
	// name, by gazetteer ID ("kim-jong-un").
	FacetEntity Facet = "entity"
	// FacetSection counts the breadcrumb entries of the pages the matches
	// came from.
	FacetSection Facet = "section"
	// FacetChanged counts changes by the month they were seen ("2024-05"):
	// of the current articles, the month of their last change; with
	// SearchOptions.History, every new version and deletion. Articles never
	// changed are not counted.
	FacetChanged Facet = "changed"
)

// facetList is every facet, in the order errors list them.
var facetList = []Facet{FacetSource, FacetLanguage, FacetAuthor, FacetYear, FacetMonth, FacetEntity, FacetSection, FacetChanged}

// ParseFacet reads a facet name: source, language, author, year, month,
// entity, section or changed.
func ParseFacet(s string) (Facet, error) {
	for _, f := range facetList {
		if s == string(f) {
			return f, nil
		}
	}
	return "", fmt.Errorf("newsindex: unknown facet %q (want %s)", s, orList(facetNames()))
}

func facetNames() []string {
	out := make([]string, len(facetList))
	for i, f := range facetList {
		out[i] = string(f)
	}
	return out
}

// keyword is the keyword field the facet counts.
func (f Facet) keyword() (schema.Keyword, bool) {
	if k, ok := schema.KeywordField(string(f)); ok && k.Facet {
		return k, true
	}
	return schema.Keyword{}, false
}

// Bucket is one value of a facet and the number of matching articles with it.
type Bucket struct {
	Value string `json:"value"`
	Count int    `json:"count"`
}

// SearchOptions say which hits a search returns and what comes with them.
// The zero value returns the ten best matches.
type SearchOptions struct {
	Size int // hits to return; zero means 10
	From int // hits to skip; use After for deep paging
	// After is the Cursor of an earlier Result with the same query and Sort:
	// the search continues after that page's last hit. It cannot be combined
	// with From.
	After string
	Sort  Sort
	// Facets to count over all matches, not just the returned page.
	Facets []Facet
	// FacetSize caps the buckets of the source, language and author facets
	// (the most frequent first); zero means 10. Year and month facets return
	// every bucket, in date order.
	FacetSize int
	// Highlight fills Hit.Fragments with the matching passages of the title
	// and body, HTML-escaped, with matches inside <mark>…</mark>.
	Highlight bool
	// WholeText, with Highlight, makes the fragments the whole title and
	// body, every match marked: an article's page with the query's words.
	WholeText bool
	// IDsOnly leaves every field of Hit.Article but the ID empty: the
	// stored articles are not read, for callers that want a ranking or a
	// list of IDs (an evaluation, an export of IDs), where unpacking a
	// thousand articles a page would take most of the time. It cannot be
	// combined with Highlight.
	IDsOnly bool
	// Relax, when fewer than RelaxBelow articles have every word of a
	// Match, searches for those with all but one of its words, then all but
	// two, and so on down to any one word, until enough articles match:
	// every word when that finds enough, else the articles with most of
	// them, ranked by BM25 (Elasticsearch users set minimum_should_match
	// for this). Result.Relaxed and Result.Notes say when it was applied.
	// Matches under a Not, fuzzy ones and those that set MinWords are left
	// as they are. The tool and the page search this way by default; a
	// Match alone keeps its contract of every word.
	Relax bool
	// History searches every version of every article, and the deleted
	// ones, not only the current versions: each hit then says which
	// version it is, whether it is the current one and whether the article
	// is deleted (Hit.History). Facets count versions.
	History bool
	// Dropped finds what the source took out: the earlier versions and
	// deletions that match the query, of articles whose current version
	// does not (edited so that it no longer matches, or deleted). "Once
	// named Jang Song Thaek and no longer does" is the query "Jang Song
	// Thaek" with Dropped. It implies History: each hit says which version
	// it is; an article can be hit by more than one of its versions.
	Dropped bool
	// Collapse groups a story's copies and translations under one hit: the
	// matches that are duplicates of a better-ranked match (the same text,
	// as Related finds them) or its translation (of another language,
	// within DefaultRelatedWindow, the two each other's most alike among
	// the matches by their cross-language terms) are listed in its
	// Hit.Others instead of hits of their own, the best-ranked member of a
	// story standing for it (of the Prefer languages, when one is). Size
	// and From count stories; the first CollapseWindow matches are grouped
	// (Result.Stories). It cannot be combined with After or History.
	Collapse bool
	// Prefer names languages (ISO 639 codes) whose articles come first
	// among hits of comparable scores: their scores count a quarter more.
	// It changes nothing in date-sorted searches.
	Prefer []string
}

// Result is what a search found. In JSON it is
// {"total":N,"took_ns":T,"hits":[…],"facets":{"source":[{"value":…,"count":…}]},"cursor":…}.
type Result struct {
	Total uint64        `json:"total"`   // articles that match
	Took  time.Duration `json:"took_ns"` // time spent in the index
	Hits  []Hit         `json:"hits"`
	// Facets holds the buckets of each requested facet.
	Facets map[Facet][]Bucket `json:"facets,omitempty"`
	// Cursor continues the search after the last hit (SearchOptions.After);
	// empty when this page is the last.
	Cursor string `json:"cursor,omitempty"`
	// Relaxed is the number of words SearchOptions.Relax let the articles
	// lack; zero when every word was required.
	Relaxed int `json:"relaxed,omitempty"`
	// Notes say, in words, how the query was read: what was relaxed, a name
	// taken as the name.
	Notes []string `json:"notes,omitempty"`
	// Stories is, in a search with SearchOptions.Collapse, the number of
	// stories the matches read make: all of them, or the first
	// CollapseWindow when there are more (a note says so).
	Stories int `json:"stories,omitempty"`
	// StoriesAtLeast reports that Stories counts the stories of the first
	// matches only (fewer than Total were read to make the page): there are
	// at least that many.
	StoriesAtLeast bool `json:"stories_at_least,omitempty"`
}

// Hit is one matching article. In JSON it is the article's fields with
// "score" and "fragments" beside them.
type Hit struct {
	Article Article
	Score   float64
	// Fragments maps "title" and "body" to highlighted passages when
	// SearchOptions.Highlight is set.
	Fragments map[string][]string
	// History says, in a search with SearchOptions.History, which version
	// of the article the hit is; nil otherwise.
	History *HitVersion
	// Others are, in a search with SearchOptions.Collapse, the other
	// matches of the hit's story, in the order of their rank.
	Others []StoryMember
}

// HitVersion is which version of its article a hit of a search of the
// past is. In JSON its fields stand beside the article's.
type HitVersion struct {
	Version int  `json:"version"` // the number of the version (Version.Number)
	Current bool `json:"current"` // it is the article's current version
	Deleted bool `json:"deleted"` // the article is deleted
}

// hitJSON is the JSON shape of a Hit: the article's fields flattened.
type hitJSON struct {
	Article
	Score     float64             `json:"score"`
	Fragments map[string][]string `json:"fragments,omitempty"`
	*HitVersion
	Others []StoryMember `json:"others,omitempty"`
}

// MarshalJSON writes the article's fields with "score" and "fragments".
// The <mark> tags of fragments are written as they are, not as \u003c.
func (h Hit) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(hitJSON{Article: h.Article, Score: h.Score, Fragments: h.Fragments, HitVersion: h.History, Others: h.Others}); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// UnmarshalJSON reads what MarshalJSON writes.
func (h *Hit) UnmarshalJSON(data []byte) error {
	var v hitJSON
	if err := json.Unmarshal(data, &v); err != nil {
		return err
	}
	*h = Hit{Article: v.Article, Score: v.Score, Fragments: v.Fragments, History: v.HitVersion, Others: v.Others}
	return nil
}

const (
	defaultSize      = 10
	maxSize          = 10000
	dateFacetBuckets = 100000
)

// MaxResultWindow is how deep a search pages by offset: From plus Size, and
// the offset a relevance cursor carries, stay within it (Bleve keeps every
// hit up to the end of the page in memory). Date-sorted cursors continue
// after the last hit and page through any number of matches; so does
// [Index.Scan].
const MaxResultWindow = 100000

// Search runs q and returns one page of matching articles.
func (x *Index) Search(ctx context.Context, q Query, opts SearchOptions) (*Result, error) {
	if err := x.acquire(false); err != nil {
		return nil, err
	}
	defer x.release()
	if x.remote != nil {
		return x.remote.search(ctx, q, opts)
	}
	q, notes := readNames(q, x.gazetteer())
	search := x.relaxed
	if opts.Collapse {
		search = x.collapsed
	}
	res, err := search(ctx, q, opts)
	if err != nil {
		return nil, err
	}
	res.Notes = append(notes, res.Notes...)
	return res, nil
}

// relaxed runs a search and, when it asks for Relax and finds too few
// articles, the relaxed searches after it.
func (x *Index) relaxed(ctx context.Context, q Query, opts SearchOptions) (*Result, error) {
	res, err := x.search(ctx, q, opts)
	if err != nil || !opts.Relax || res.Total >= RelaxBelow {
		return res, err
	}
	n := relaxableWords(q)
	for drop := 1; drop < n; drop++ {
		rq := relax(q, drop)
		if drop < n-1 {
			total, err := x.count(ctx, rq, opts)
			if err != nil {
				return nil, err
			}
			if total < RelaxBelow {
				continue
			}
		}
		relaxed, err := x.search(ctx, rq, opts)
		if err != nil {
			return nil, err
		}
		relaxed.Relaxed = drop
		relaxed.Notes = append(relaxed.Notes, fmt.Sprintf("%d articles have every word; these have at least %d of the %d words", res.Total, n-drop, n))
		return relaxed, nil
	}
	return res, nil
}

// RelaxBelow is the number of articles with every word below which a
// search with SearchOptions.Relax requires fewer words: a page of them.
const RelaxBelow = 10

// relaxableWords is the most words of a Match that Relax may relax.
func relaxableWords(q Query) int {
	most := 0
	walk(q, func(q Query) bool {
		switch q := q.(type) {
		case NotQuery:
			return false
		case Match:
			if n := len(strings.Fields(q.Text)); q.MinWords == 0 && q.Fuzziness == 0 && n > most {
				most = n
			}
		}
		return true
	})
	return most
}

// relax returns q with its relaxable Matches requiring drop words fewer
// (one at least).
func relax(q Query, drop int) Query {
	return rewrite(q, func(q Query) (Query, bool) {
		switch m := q.(type) {
		case NotQuery:
			return q, false
		case Match:
			if n := len(strings.Fields(m.Text)); m.MinWords == 0 && m.Fuzziness == 0 && n > 1 {
				m.MinWords = max(1, n-drop)
			}
			return m, false
		}
		return q, true
	})
}

// count returns the number of articles that match q (with history, of
// versions and deletions too).
func (x *Index) count(ctx context.Context, q Query, opts SearchOptions) (uint64, error) {
	c := x.compiler()
	compiled, err := x.compile(ctx, c, q, opts)
	if err != nil {
		return 0, err
	}
	req := bleve.NewSearchRequestOptions(compiled, 0, 0, false)
	req.Score = "none"
	res, err := x.st.Search(ctx, req, c.stats)
	if err != nil {
		return 0, fmt.Errorf("newsindex: search %s: %w", q, err)
	}
	return res.Total, nil
}

// search runs one search, as asked.
func (x *Index) search(ctx context.Context, q Query, opts SearchOptions) (*Result, error) {
	return x.searchWith(ctx, x.compiler(), q, opts)
}

// searchWith is search with the compiler of the search given.
func (x *Index) searchWith(ctx context.Context, c *compiler, q Query, opts SearchOptions) (*Result, error) {
	for _, code := range opts.Prefer {
		if c.prefer == nil {
			c.prefer = map[string]bool{}
		}
		c.prefer[c.layout.FieldLanguage(code)] = true
	}
	opts.History = opts.History || opts.Dropped
	compiled, err := x.compile(ctx, c, q, opts)
	if err != nil {
		return nil, err
	}
	return x.searchCompiled(ctx, c, q, compiled, opts)
}

// searchCompiled runs compiled, the Bleve query of q, as opts ask.
func (x *Index) searchCompiled(ctx context.Context, c *compiler, q Query, compiled bq.Query, opts SearchOptions) (*Result, error) {
	size := opts.Size
	switch {
	case size == 0:
		size = defaultSize
	case size < 0 || size > maxSize:
		return nil, fmt.Errorf("newsindex: search size %d is out of range (1 to %d)", size, maxSize)
	}
	if opts.From < 0 {
		return nil, fmt.Errorf("newsindex: search from %d is negative", opts.From)
	}
	if opts.From > MaxResultWindow-size {
		return nil, fmt.Errorf("newsindex: search from %d: a page by offset must end within the first %d hits (sort by date and page with After to go further)", opts.From, MaxResultWindow)
	}
	order, err := sortOrder(opts.Sort)
	if err != nil {
		return nil, err
	}
	from := opts.From
	var after []string
	if opts.After != "" {
		if opts.From != 0 {
			return nil, fmt.Errorf("newsindex: search: After and From cannot be combined")
		}
		cur, err := decodeCursor(opts.After, opts.Sort, len(order))
		if err != nil {
			return nil, err
		}
		if cur.From > MaxResultWindow-size {
			return nil, fmt.Errorf("%w: it goes on from hit %d, past the first %d hits a search ranks (sort by date to page further)", ErrBadCursor, cur.From, MaxResultWindow)
		}
		from, after = cur.From, cur.values()
	}
	if opts.IDsOnly && opts.Highlight {
		return nil, fmt.Errorf("newsindex: search: IDsOnly and Highlight cannot be combined")
	}
	req := bleve.NewSearchRequestOptions(compiled, size, from, false)
	if !opts.IDsOnly {
		req.Fields = []string{"*"}
	} else if opts.History {
		req.Fields = []string{schema.Stored} // for the version of each hit
	}
	req.SortByCustom(order)
	if opts.Sort != ByRelevance {
		req.Score = "none" // the order is by date: scoring every match is wasted
	}
	req.SearchAfter = after
	req.IncludeLocations = opts.Highlight // highlighting needs them
	facetSize := opts.FacetSize
	if facetSize <= 0 {
		facetSize = 10
	}
	for _, f := range opts.Facets {
		k, ok := f.keyword()
		if !ok {
			return nil, fmt.Errorf("newsindex: unknown facet %q (want %s)", f, orList(facetNames()))
		}
		n := facetSize
		if k.DateFacet {
			n = dateFacetBuckets
		}
		req.AddFacet(string(f), bleve.NewFacetRequest(k.Name, n))
		if opts.History && k.HasPast() {
			// Earlier versions count by their own field; merged below.
			req.AddFacet(pastFacet+string(f), bleve.NewFacetRequest(schema.Past(k.Name), n))
		}
	}

	var res *bleve.SearchResult
	if match, scores, ok := x.topPlan(compiled, opts, after); ok {
		res, err = x.searchTop(ctx, c, req, match, scores)
	} else if opts.Sort != ByRelevance && !opts.History && !x.onePass {
		res, err = x.searchByDate(ctx, c, req, opts.Sort == ByNewest, after)
	} else {
		res, err = x.st.Search(ctx, req, c.stats)
	}
	if err != nil {
		if strings.Contains(err.Error(), "dfa contains more than") {
			// An automaton the budget could not price (a fuzzy phrase):
			// still the query's fault.
			return nil, queryErr("a word of the query is too long to match with edits")
		}
		return nil, fmt.Errorf("newsindex: search %s: %w", q, err)
	}
	out := &Result{Total: res.Total, Took: res.Took, Hits: make([]Hit, 0, len(res.Hits))}
	deleted, err := x.deletedArticles(ctx, res.Hits, opts.History)
	if err != nil {
		return nil, err
	}
	for _, h := range res.Hits {
		id, version, past := schema.SplitVersionID(h.ID)
		if opts.IDsOnly && !opts.History {
			out.Hits = append(out.Hits, Hit{Article: Article{ID: h.ID}, Score: h.Score})
			continue
		}
		s, err := x.st.Article(h.ID, h.Fields)
		if err != nil {
			return nil, fmt.Errorf("newsindex: %w", err)
		}
		s.ID = id
		a := articleFrom(s)
		if opts.IDsOnly {
			a = Article{ID: id}
		}
		hit := Hit{Article: a, Score: h.Score}
		if opts.History {
			if !past {
				version = s.Version
			}
			hit.History = &HitVersion{Version: max(version, s.Version, 1), Current: !past && !s.Deleted, Deleted: deleted[id] || (!past && s.Deleted)}
		}
		if opts.Highlight {
			code := c.layout.FieldLanguage(a.Language)
			title, body := schema.TitleField(code), schema.BodyField(code)
			if past || s.Deleted {
				title, body = schema.Past(title), schema.Past(body)
			}
			texts := map[string]string{title: a.Title, body: a.Body}
			if err := highlight.Offsets(h, texts, code); err != nil {
				return nil, fmt.Errorf("newsindex: %w", err)
			}
			c.markNames(h, texts)
			if opts.WholeText {
				hit.Fragments = highlight.Whole(h, texts)
			} else if hit.Fragments, err = highlight.Fragments(h, a.ID, texts); err != nil {
				return nil, fmt.Errorf("newsindex: %w", err)
			}
		}
		out.Hits = append(out.Hits, hit)
	}
	if n := len(res.Hits); n == size && uint64(from+n) < res.Total && (opts.Sort != ByRelevance || from+n+size <= MaxResultWindow) {
		out.Cursor = encodeCursor(opts.Sort, res.Hits[n-1], from+n)
	}
	if len(opts.Facets) > 0 {
		out.Facets = facets(mergePastFacets(res.Facets))
	}
	return out, nil
}

// pastFacet names the facet request of the earlier versions' field of a
// facet.
const pastFacet = "past:"

// mergePastFacets adds the counts of earlier versions to those of the
// current articles, facet by facet.
func mergePastFacets(in search.FacetResults) search.FacetResults {
	for name, fr := range in {
		cur, ok := strings.CutPrefix(name, pastFacet)
		if !ok {
			continue
		}
		delete(in, name)
		into := in[cur]
		if into == nil || into.Terms == nil || fr.Terms == nil {
			continue
		}
		counts := map[string]int{}
		for _, t := range into.Terms.Terms() {
			counts[t.Term] += t.Count
		}
		for _, t := range fr.Terms.Terms() {
			counts[t.Term] += t.Count
		}
		merged := &search.TermFacets{}
		for term, n := range counts {
			merged.Add(&search.TermFacet{Term: term, Count: n})
		}
		into.Terms = merged
		into.Total += fr.Total
	}
	return in
}

// deletedArticles returns which articles of the hits of a search of the
// past are deleted now.
func (x *Index) deletedArticles(ctx context.Context, hits search.DocumentMatchCollection, history bool) (map[string]bool, error) {
	out := map[string]bool{}
	if !history {
		return out, nil
	}
	var ids []string
	for _, h := range hits {
		if id, _, past := schema.SplitVersionID(h.ID); past {
			ids = append(ids, id)
		}
	}
	docs, err := x.st.Docs(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("newsindex: search: %w", err)
	}
	for _, d := range docs {
		if d.Deleted {
			out[d.ID] = true
		}
	}
	return out, nil
}

func sortOrder(s Sort) (search.SortOrder, error) {
	switch s {
	case ByRelevance:
		// No tie-break by ID: it makes Bleve fetch the ID of every match,
		// a third of the time of a search. Relevance cursors page by offset.
		return search.SortOrder{&search.SortScore{Desc: true}}, nil
	case ByNewest:
		return schema.DateSort(true), nil
	case ByOldest:
		return schema.DateSort(false), nil
	}
	return nil, fmt.Errorf("newsindex: unknown sort %d", int(s))
}

// cursor is what Result.Cursor encodes: the sort and, for the date sorts,
// the sort values of the last hit, each base64 (they are binary); for
// relevance, the offset of the next page.
type cursor struct {
	Sort   string   `json:"s"`
	Values [][]byte `json:"v,omitempty"`
	From   int      `json:"f,omitempty"`
}

func (c cursor) values() []string {
	if len(c.Values) == 0 {
		return nil
	}
	out := make([]string, len(c.Values))
	for i, v := range c.Values {
		out[i] = string(v)
	}
	return out
}

func encodeCursor(s Sort, last *search.DocumentMatch, next int) string {
	c := cursor{Sort: s.String()}
	if s == ByRelevance {
		c.From = next
	} else {
		for _, v := range last.Sort {
			c.Values = append(c.Values, []byte(v))
		}
	}
	data, _ := json.Marshal(c) // cannot fail: strings and byte slices
	return base64.RawURLEncoding.EncodeToString(data)
}

// maxCursorBytes is more than any cursor takes: a date cursor holds the
// sort key of one article, its date and ID (at most MaxIDBytes).
const maxCursorBytes = 4096

func decodeCursor(text string, s Sort, n int) (cursor, error) {
	bad := func(reason string) error {
		return fmt.Errorf("%w %q: %s", ErrBadCursor, text, reason)
	}
	var c cursor
	if len(text) > maxCursorBytes {
		return c, fmt.Errorf("%w: %d bytes, longer than any cursor", ErrBadCursor, len(text))
	}
	data, err := base64.RawURLEncoding.DecodeString(text)
	if err != nil {
		return c, bad("not a cursor")
	}
	if err := json.Unmarshal(data, &c); err != nil {
		return c, bad("not a cursor")
	}
	if c.Sort != s.String() {
		return c, bad(fmt.Sprintf("made for sort %q, not %q", c.Sort, s))
	}
	if s == ByRelevance {
		if c.From <= 0 || len(c.Values) != 0 {
			return c, bad("not a cursor")
		}
		return c, nil
	}
	if len(c.Values) != n || c.From != 0 {
		return c, bad("wrong number of sort values")
	}
	return c, nil
}

func facets(in search.FacetResults) map[Facet][]Bucket {
	out := map[Facet][]Bucket{}
	for name, fr := range in {
		buckets := []Bucket{}
		for _, t := range fr.Terms.Terms() {
			buckets = append(buckets, Bucket{Value: t.Term, Count: t.Count})
		}
		f := Facet(name)
		if k, _ := f.keyword(); k.DateFacet {
			sort.Slice(buckets, func(i, j int) bool { return buckets[i].Value < buckets[j].Value })
		} else {
			sort.SliceStable(buckets, func(i, j int) bool {
				if buckets[i].Count != buckets[j].Count {
					return buckets[i].Count > buckets[j].Count
				}
				return buckets[i].Value < buckets[j].Value
			})
		}
		out[f] = buckets
	}
	return out
}
