package newsindex

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	bq "github.com/blevesearch/bleve/v2/search/query"

	"github.com/newsindex/newsindex/internal/bm25"
	"github.com/newsindex/newsindex/internal/crosslang"
	"github.com/newsindex/newsindex/internal/neardup"
	"github.com/newsindex/newsindex/internal/schema"
	"github.com/newsindex/newsindex/internal/store"
)

// RelatedKind is how an article is related to another.
type RelatedKind string

// The kinds of related articles.
const (
	// Duplicate is the same text in the same language: a copy, or a
	// near-duplicate (a reprint with edits, a header added, paragraphs
	// dropped or moved, the item filed under another outlet).
	Duplicate RelatedKind = "duplicate"
	// Translation is the same item in another language.
	Translation RelatedKind = "translation"
	// Similar is an article about the same things ("more like this"), in
	// any language.
	Similar RelatedKind = "similar"
)

// RelatedOptions say which related articles [Index.Related] looks for.
type RelatedOptions struct {
	// Kinds are the kinds to find; none means all three.
	Kinds []RelatedKind
	// Languages keeps only related articles in these languages (ISO 639
	// codes); none means any.
	Languages []string
	// Window bounds duplicates and translations to articles published
	// within it of the article (news is reprinted and translated days
	// apart, not years): 0 means DefaultRelatedWindow, a negative window
	// any date. Similar articles are of any date.
	Window time.Duration
	// Size is the most articles of each kind: 0 means 10, at most 100.
	Size int
}

// DefaultRelatedWindow is the window of RelatedOptions.Window when it is 0.
const DefaultRelatedWindow = 7 * 24 * time.Hour

// RelatedDays is the window of RelatedOptions of n days; a negative n is
// any date.
func RelatedDays(n int) time.Duration {
	if n < 0 {
		return -1
	}
	return time.Duration(n) * 24 * time.Hour
}

// DuplicateContainment is the share of the shingles of the shorter of two
// texts that the longer must have for them to be duplicates.
const DuplicateContainment = 0.5

// Related is what [Index.Related] found for an article. In JSON it is
// {"id":…,"hits":[{<article fields>,"score":S,"kind":"duplicate"},…]}.
type Related struct {
	ID   string       `json:"id"`
	Hits []RelatedHit `json:"hits"`
}

// RelatedHit is one related article. In JSON it is the article's fields
// with "score" and "kind" beside them.
type RelatedHit struct {
	Article Article
	Kind    RelatedKind
	// Score orders the hits of a kind: for a duplicate, the share of the
	// shorter text the other holds (DuplicateContainment to 1); for a
	// translation and a similar article, a BM25 score.
	Score float64
}

type relatedHitJSON struct {
	Article
	Score float64     `json:"score"`
	Kind  RelatedKind `json:"kind"`
}

// MarshalJSON writes the article's fields with "score" and "kind".
func (h RelatedHit) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(relatedHitJSON{Article: h.Article, Score: h.Score, Kind: h.Kind}); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// UnmarshalJSON reads what MarshalJSON writes.
func (h *RelatedHit) UnmarshalJSON(data []byte) error {
	var v relatedHitJSON
	if err := json.Unmarshal(data, &v); err != nil {
		return err
	}
	*h = RelatedHit{Article: v.Article, Kind: v.Kind, Score: v.Score}
	return nil
}

// Related finds the articles related to the current article with the
// given ID: its duplicates (the same text, found through the MinHash band
// terms every article gets at Add, and measured by their shingles), its
// translations, and articles like it (the terms of the article that
// distinguish it most, by tf-idf, searched for as Elasticsearch's
// more_like_this does). An article appears once, under the closest kind.
// Hits of each kind are ordered by score, then by date, then by ID: the
// answer is the same every time. An ID the index does not hold wraps
// [ErrNotFound].
func (x *Index) Related(ctx context.Context, id string, opts RelatedOptions) (*Related, error) {
	if err := x.acquire(false); err != nil {
		return nil, err
	}
	defer x.release()
	opts, err := opts.check()
	if err != nil {
		return nil, err
	}
	if x.remote != nil {
		return x.remote.related(ctx, id, opts)
	}
	found, err := x.st.Lookup(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("newsindex: related: %w", err)
	}
	stored, ok := found[id]
	if !ok {
		return nil, fmt.Errorf("%w: %q", ErrNotFound, id)
	}
	a := articleFrom(stored)
	c := x.compiler()
	out := &Related{ID: id, Hits: []RelatedHit{}}
	seen := map[string]bool{id: true}
	// Translations need nothing of the other kinds but what they found
	// (to leave it out): they are searched beside them, on another core.
	type translated struct {
		hits []RelatedHit
		err  error
	}
	var trans chan translated
	if opts.wants(Translation) {
		trans = make(chan translated, 1)
		go func() {
			hits, err := x.translations(ctx, c, a, opts)
			trans <- translated{hits, err}
		}()
	}
	var similar []RelatedHit
	if opts.wants(Similar) || opts.wants(Duplicate) {
		// The articles most like it are candidates for duplicates too
		// (an index written before band terms has no other way).
		if similar, err = x.moreLikeThis(ctx, c, a, opts.Size+20, opts.Languages); err != nil {
			if trans != nil {
				<-trans
			}
			return nil, err
		}
	}
	if opts.wants(Duplicate) && opts.allows(a.Language) {
		dups, err := x.duplicates(ctx, c, a, opts, similar)
		if err != nil {
			if trans != nil {
				<-trans
			}
			return nil, err
		}
		for _, h := range dups {
			seen[h.Article.ID] = true
		}
		out.Hits = append(out.Hits, dups...)
	}
	if trans != nil {
		t := <-trans
		if t.err != nil {
			return nil, t.err
		}
		for _, h := range t.hits {
			// A translation is of another language: never a duplicate.
			seen[h.Article.ID] = true
		}
		out.Hits = append(out.Hits, t.hits...)
	}
	if opts.wants(Similar) {
		hits, err := x.readSimilar(ctx, a, similar, seen, opts.Size)
		if err != nil {
			return nil, err
		}
		out.Hits = append(out.Hits, hits...)
	}
	return out, nil
}

// readSimilar reads the articles of the first size hits of a
// more-like-this search (its hits have IDs only) that are not seen: those
// and the hits with the score of the last, whose order is by date and ID
// (sortRelated).
func (x *Index) readSimilar(ctx context.Context, a Article, like []RelatedHit, seen map[string]bool, size int) ([]RelatedHit, error) {
	var take []RelatedHit
	var ids []string
	for _, h := range like {
		if seen[h.Article.ID] {
			continue
		}
		if len(take) >= size && h.Score != take[len(take)-1].Score {
			break
		}
		take = append(take, h)
		ids = append(ids, h.Article.ID)
	}
	if len(ids) == 0 {
		return nil, nil
	}
	found, err := x.st.Lookup(ctx, ids...)
	if err != nil {
		return nil, fmt.Errorf("newsindex: related: %w", err)
	}
	out := take[:0]
	for _, h := range take {
		if s, ok := found[h.Article.ID]; ok {
			h.Article = articleFrom(s)
			out = append(out, h)
		}
	}
	sortRelated(out, a)
	return out[:min(len(out), size)], nil
}

// check fills in the defaults and refuses what makes no sense.
func (o RelatedOptions) check() (RelatedOptions, error) {
	for _, k := range o.Kinds {
		switch k {
		case Duplicate, Translation, Similar:
		default:
			return o, optionErr("kind", fmt.Sprintf("unknown kind %q (want duplicate, translation or similar)", k))
		}
	}
	for i, code := range o.Languages {
		code = strings.ToLower(strings.TrimSpace(code))
		if code == "" || len(code) > 3 || strings.Trim(code, "abcdefghijklmnopqrstuvwxyz") != "" {
			return o, optionErr("lang", fmt.Sprintf("%q is not an ISO 639 code", o.Languages[i]))
		}
		o.Languages[i] = code
	}
	switch {
	case o.Size == 0:
		o.Size = 10
	case o.Size < 0 || o.Size > 100:
		return o, optionErr("size", fmt.Sprintf("%d is out of range (1 to 100)", o.Size))
	}
	if o.Window == 0 {
		o.Window = DefaultRelatedWindow
	}
	return o, nil
}

func (o RelatedOptions) wants(k RelatedKind) bool {
	return len(o.Kinds) == 0 || slices.Contains(o.Kinds, k)
}

func (o RelatedOptions) allows(lang string) bool {
	return len(o.Languages) == 0 || slices.Contains(o.Languages, lang)
}

// within is the date window of an article, as a query on the day field;
// nil for any date, or an undated article.
func (o RelatedOptions) within(a Article) bq.Query {
	if o.Window < 0 || a.Published.IsZero() {
		return nil
	}
	return schema.DateRangeOn(schema.Day, a.Published.Add(-o.Window), a.Published.Add(o.Window))
}

// duplicates finds the articles of the same language with the same text:
// those that share a MinHash band with it, and the most alike of the
// articles like it, whose shingles the article's contain, or are
// contained in, by DuplicateContainment at least.
func (x *Index) duplicates(ctx context.Context, c *compiler, a Article, opts RelatedOptions, like []RelatedHit) ([]RelatedHit, error) {
	mine, words := neardup.TextShingles(a.Body)
	if words < neardup.MinWords {
		return nil, nil // too short to tell a copy from another item on a template
	}
	// The candidates: the articles that share a band with it and the most
	// like it, of its language and within the window, read in one search.
	var any []bq.Query
	if bands := neardup.BandTerms(a.Body); len(bands) > 0 {
		for _, b := range bands {
			t := bleve.NewTermQuery(b)
			t.SetField(schema.Bands)
			any = append(any, t)
		}
	}
	var likeIDs []string
	for _, h := range like {
		likeIDs = append(likeIDs, h.Article.ID)
	}
	if len(likeIDs) > 0 {
		any = append(any, bleve.NewDocIDQuery(likeIDs))
	}
	if len(any) == 0 {
		return nil, nil
	}
	filters := []bq.Query{store.AllArticles(), languageQuery([]string{a.Language})}
	if w := opts.within(a); w != nil {
		filters = append(filters, w)
	}
	q := bleve.NewBooleanQuery()
	q.AddMust(bleve.NewDisjunctionQuery(any...), &schema.Filter{Query: &schema.AllOf{Queries: filters}})
	q.AddMustNot(bleve.NewDocIDQuery([]string{a.ID}))
	req := bleve.NewSearchRequestOptions(q, maxRelatedCandidates+len(likeIDs), 0, false)
	req.Fields = []string{schema.Stored}
	res, err := x.st.Search(ctx, req, c.stats)
	if err != nil {
		return nil, fmt.Errorf("newsindex: related: %w", err)
	}
	candidates := map[string]Article{}
	for _, h := range res.Hits {
		s, err := x.st.Article(h.ID, h.Fields)
		if err != nil {
			return nil, fmt.Errorf("newsindex: %w", err)
		}
		candidates[h.ID] = articleFrom(s)
	}
	var out []RelatedHit
	for _, b := range candidates {
		theirs, _ := neardup.TextShingles(b.Body)
		contained, _ := neardup.Resemblance(mine, theirs)
		if contained >= DuplicateContainment {
			out = append(out, RelatedHit{Article: b, Kind: Duplicate, Score: math.Round(contained*1e6) / 1e6})
		}
	}
	sortRelated(out, a)
	return out[:min(len(out), opts.Size)], nil
}

// maxRelatedCandidates bounds the articles a band search reads.
const maxRelatedCandidates = 100

// sortRelated orders hits by score, then by closeness in date to a, then
// by ID.
func sortRelated(hits []RelatedHit, a Article) {
	slices.SortFunc(hits, func(p, q RelatedHit) int {
		if p.Score != q.Score {
			if p.Score > q.Score {
				return -1
			}
			return 1
		}
		dp, dq := absDuration(a.Published.Sub(p.Article.Published)), absDuration(a.Published.Sub(q.Article.Published))
		if dp != dq {
			if dp < dq {
				return -1
			}
			return 1
		}
		return strings.Compare(p.Article.ID, q.Article.ID)
	})
}

func absDuration(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}

// likeTerms is how many of an article's terms a more-like-this search
// takes (Elasticsearch's max_query_terms), likeMaxDF the largest share of
// the articles of its language a term may be in (its max_doc_freq) to be
// taken, or searched for (the words of the title too).
//
// With 0.5, and every title word searched, the search read the postings of
// KCNA's genre words (Korea, DPRK, Kim, Jong, party, people), in a fifth of
// the articles or more: at 0.2 the similar-articles search costs 0.7× the
// time with nDCG@10 .7025 against .7028 on testdata/similar (0.1: 0.5× the
// time, .689).
const (
	likeTerms = 25
	likeMaxDF = 0.2
)

// moreLikeThis searches for the articles most like a: the likeTerms terms
// of its title and body with the highest tf-idf in its language (terms of
// one article only, or of more than likeMaxDF of them, left out), any one
// of them enough to match, OR-ed with the words of its title, ranked by
// textbook BM25 over them all.
//
// Measured on the judged set testdata/similar (TestRelatedEval, 30 KCNA
// articles, 1,537 judgments): Elasticsearch's default of 30% of the terms
// required gives nDCG@10 .558, below pasting the title into the search box
// (.638); any one of the terms .633; the title's words added .703. The
// title names the story where the 25 terms are a list of officials or
// common words of the genre.
//
// The hits hold their articles' IDs only, by score: reading 30 articles took
// a third of the time of the search, and readSimilar and duplicates read the
// few they keep.
func (x *Index) moreLikeThis(ctx context.Context, c *compiler, a Article, size int, languages []string) ([]RelatedHit, error) {
	words, err := x.distinctive(ctx, c, a)
	if err != nil || len(words) == 0 {
		return nil, err
	}
	like := Query(Match{Text: strings.Join(words, " "), MinWords: 1})
	if strings.TrimSpace(a.Title) != "" {
		like = Or(like, AnyWords(Match{Text: a.Title}))
	}
	mc := x.compiler()
	mc.maxDocShare = likeMaxDF
	top, ok, err := mc.likeQuery(words, a.Title, languages, size+1)
	if err != nil {
		return nil, fmt.Errorf("newsindex: related: %w", err)
	}
	var res *Result
	if ok && !x.plainLike {
		// The article itself is among the best: one more, left out below.
		res, err = x.searchCompiled(ctx, mc, like, top, SearchOptions{Size: size + 1, IDsOnly: true})
	} else {
		q := And(like, Not(IDs(a.ID)))
		if len(languages) > 0 {
			q = And(q, Language(languages...))
		}
		pc := x.compiler()
		pc.maxDocShare = likeMaxDF
		res, err = x.searchWith(ctx, pc, q, SearchOptions{Size: size, IDsOnly: true})
	}
	if err != nil {
		return nil, fmt.Errorf("newsindex: related: %w", err)
	}
	out := make([]RelatedHit, 0, len(res.Hits))
	for _, h := range res.Hits {
		if h.Article.ID != a.ID && len(out) < size {
			out = append(out, RelatedHit{Article: Article{ID: h.Article.ID}, Kind: Similar, Score: math.Round(h.Score*1e6) / 1e6})
		}
	}
	return out, nil
}

// distinctive returns the words that distinguish an article most in its
// language: its terms by tf-idf, each written as the article first writes
// it (so that searching for it analyses it to the same term).
func (x *Index) distinctive(ctx context.Context, c *compiler, a Article) ([]string, error) {
	layout := x.st.Layout()
	code := layout.FieldLanguage(a.Language)
	analyzer := x.st.Bleve().Mapping().AnalyzerNamed(indexAnalyzer(layout, code))
	if analyzer == nil {
		return nil, nil
	}
	type term struct {
		form string
		tf   int
	}
	terms := map[string]*term{}
	var order []string
	for _, text := range []string{a.Title, a.Body} {
		for _, t := range analyzer.Analyze([]byte(text)) {
			k := string(t.Term)
			if tt, ok := terms[k]; ok {
				tt.tf++
				continue
			}
			if t.Start < 0 || t.End > len(text) || t.Start >= t.End {
				continue
			}
			form := surface(text[t.Start:t.End])
			if !readable(form) {
				continue
			}
			terms[k] = &term{form: form, tf: 1}
			order = append(order, k)
		}
	}
	field := schema.BodyField(code)
	docs, _ := c.stats.Field(field)
	if docs < 2 {
		return nil, nil
	}
	dict, err := x.st.Dictionary()
	if err != nil {
		return nil, err
	}
	defer dict.Close()
	type scored struct {
		form  string
		score float64
	}
	var all []scored
	for _, k := range order {
		df, err := dict.DocFreq(ctx, field, k)
		if err != nil {
			return nil, err
		}
		if df < 2 || float64(df) > likeMaxDF*float64(docs) {
			continue // of this article alone, or of half of them
		}
		idf := math.Log(1 + (float64(docs)-float64(df)+0.5)/(float64(df)+0.5))
		all = append(all, scored{terms[k].form, float64(terms[k].tf) * idf})
	}
	slices.SortStableFunc(all, func(p, q scored) int {
		switch {
		case p.score > q.score:
			return -1
		case p.score < q.score:
			return 1
		}
		return strings.Compare(p.form, q.form)
	})
	var out []string
	for _, s := range all[:min(len(all), likeTerms)] {
		out = append(out, s.form)
	}
	return out, nil
}

// translations finds the same item in each other language: of the
// articles of other languages within the window, the one whose
// cross-language terms (schema.CrossLang, internal/crosslang) score
// highest against a's by textbook BM25, one of each language, when a in
// turn scores highest against its terms among the articles of a's
// language (the two are each other's best: the same greeting from another
// sender, or another day's report, has an original of its own) and their
// idf-weighed Dice similarity is minTranslationDice at least. Their score
// is that similarity. An index written before version 10 has no such
// terms for the articles it held then: they find no translation, and are
// found by none, until they are indexed again.
func (x *Index) translations(ctx context.Context, c *compiler, a Article, opts RelatedOptions) ([]RelatedHit, error) {
	g := x.gazetteer()
	mine := schema.CrossLangTerms(a.stored(), g.Find(a.Title+"\n"+a.Body))
	docs, avg := c.stats.Field(schema.CrossLang)
	if len(mine) == 0 || docs < 2 {
		return nil, nil
	}
	var others []string
	for _, l := range opts.Languages {
		if l != a.Language {
			others = append(others, l)
		}
	}
	if len(opts.Languages) > 0 && len(others) == 0 {
		return nil, nil // the article's own language only
	}
	// The searches give the document frequencies of their terms, which
	// Dice needs: the article's, then each candidate's.
	dfs := map[string]uint64{}
	best, err := x.bestTranslations(ctx, c, a, mine, opts, others, translationCandidates, dfs)
	if err != nil {
		return nil, err
	}
	var dict *store.Dictionary
	defer func() {
		if dict != nil {
			dict.Close()
		}
	}()
	var lookupErr error
	st := crosslang.Stats{Docs: int(docs), AvgLen: avg, DocFreq: func(t string) int {
		if n, ok := dfs[t]; ok {
			return int(n)
		}
		if lookupErr != nil {
			return 0
		}
		if dict == nil { // a candidate's term: Dice comes before its search back
			if dict, lookupErr = x.st.Dictionary(); lookupErr != nil {
				return 0
			}
		}
		n, err := dict.DocFreq(ctx, schema.CrossLang, t)
		if err != nil && lookupErr == nil {
			lookupErr = err
		}
		dfs[t] = uint64(n)
		return n
	}}
	var out []RelatedHit
	for _, b := range best {
		theirs := schema.CrossLangTerms(b.stored(), g.Find(b.Title+"\n"+b.Body))
		// Dice first: an article with no translation has a best match all
		// the same, mostly too unlike it to search back from.
		dice := crosslang.Dice(mine, theirs, st)
		if dice < minTranslationDice {
			continue
		}
		back, err := x.translationSearch(ctx, c, b, theirs, opts, []string{a.Language}, backCandidates, dfs)
		if err != nil {
			return nil, err
		}
		// a must be b's best, or tie with it (an exact copy of a, as
		// KCNA sometimes sends an item twice, scores the same).
		for _, h := range back {
			if h.score < back[0].score {
				break
			}
			if h.id == a.ID {
				out = append(out, RelatedHit{Article: b, Kind: Translation, Score: math.Round(dice*1e6) / 1e6})
				break
			}
		}
	}
	if lookupErr != nil {
		return nil, fmt.Errorf("newsindex: related: %w", lookupErr)
	}
	sortRelated(out, a)
	return out[:min(len(out), opts.Size)], nil
}

// translationMaxShare leaves out of the searches for translations the
// cross-language terms of more than this share of the articles (common
// cognates: c:korea, c:repub, c:gener): Bleve reads every one of their
// postings to find the few articles of the window. On the KCNA pairs
// (TestRelatedTranslations) it costs 0.7× the time, with es→en .972 at 1
// against .968 with every term; at 0.1 it was .954, at 0.05 .931.
const translationMaxShare = 0.15

// minTranslationDice is the least Dice similarity of two articles that are
// each other's best translation for them to be taken for one.
const minTranslationDice = 0.10

// bestTranslations returns the article of each language (of langs, or of
// every language but a's when langs is empty) whose cross-language terms
// score highest against terms within the window of a, among the best n of
// them all.
func (x *Index) bestTranslations(ctx context.Context, c *compiler, a Article, terms []string, opts RelatedOptions, langs []string, n int, dfs map[string]uint64) ([]Article, error) {
	hits, err := x.translationSearch(ctx, c, a, terms, opts, langs, n, dfs)
	if err != nil {
		return nil, err
	}
	var ids []string
	done := map[string]bool{}
	for _, h := range hits {
		if !done[h.language] {
			done[h.language] = true
			ids = append(ids, h.id)
		}
	}
	found, err := x.st.Lookup(ctx, ids...)
	if err != nil {
		return nil, fmt.Errorf("newsindex: related: %w", err)
	}
	out := make([]Article, 0, len(ids))
	for _, id := range ids {
		if s, ok := found[id]; ok {
			out = append(out, articleFrom(s))
		}
	}
	return out, nil
}

// translationHit is an article a search for translations found: its ID,
// language and score.
type translationHit struct {
	id, language string
	score        float64
}

// translationSearch returns the n articles (of langs, or of every
// language but a's) whose cross-language terms score highest against
// terms within the window of a (and gives dfs the document frequency of
// each term), by score rounded to six significant
// digits (the sums of equal terms differ in the last bits with the order
// of their postings), then by ID. It reads no stored article: the
// language comes with the sort.
func (x *Index) translationSearch(ctx context.Context, c *compiler, a Article, terms []string, opts RelatedOptions, langs []string, n int, dfs map[string]uint64) ([]translationHit, error) {
	docs, avg := c.stats.Field(schema.CrossLang)
	q := bq.NewBooleanQuery(nil, nil, nil)
	q.AddMust(&bm25.Query{Text: strings.Join(terms, " "), Fields: []bm25.Field{{
		Name: schema.CrossLang, Analyzer: schema.AnalyzerCrossLang, Boost: 1, Docs: docs, AvgLen: avg,
	}}, DocFreqs: dfs, MaxDocShare: translationMaxShare})
	// The window and the languages filter, unscored (schema.Filter): scored,
	// their terms' postings were read one by one to each candidate, and
	// their scores (each day's idf) added to the ranking.
	var filters []bq.Query
	if w := opts.within(a); w != nil {
		filters = append(filters, w)
	}
	if len(langs) > 0 {
		filters = append(filters, languageQuery(langs))
	} else {
		q.AddMustNot(&schema.Filter{Query: languageQuery([]string{a.Language})})
	}
	if len(filters) > 0 {
		q.AddMust(&schema.Filter{Query: &schema.AllOf{Queries: filters}})
	}
	req := bleve.NewSearchRequestOptions(q, n, 0, false)
	req.SortBy([]string{"-_score", schema.Language})
	res, err := x.st.Search(ctx, req, c.stats)
	if err != nil {
		return nil, fmt.Errorf("newsindex: related: %w", err)
	}
	out := make([]translationHit, 0, len(res.Hits))
	for _, h := range res.Hits {
		if len(h.Sort) < 2 {
			return nil, fmt.Errorf("newsindex: related: %q has no language to sort by", h.ID)
		}
		out = append(out, translationHit{id: h.ID, language: h.Sort[1], score: roundSignificant(h.Score, 6)})
	}
	slices.SortStableFunc(out, func(p, q translationHit) int {
		if p.score != q.score {
			if p.score > q.score {
				return -1
			}
			return 1
		}
		return strings.Compare(p.id, q.id)
	})
	return out, nil
}

// roundSignificant rounds x to d significant digits.
func roundSignificant(x float64, d int) float64 {
	if x == 0 || math.IsInf(x, 0) || math.IsNaN(x) {
		return x
	}
	p := math.Pow(10, float64(d)-math.Ceil(math.Log10(math.Abs(x))))
	return math.Round(x*p) / p
}

// backCandidates is how many articles the search back from a candidate
// translation reads to tell whether the article is its best.
const backCandidates = 5

// translationCandidates is how many of the best-scoring articles of other
// languages a search for translations reads: the best of each language
// among them is the one weighed.
const translationCandidates = 50

// languageQuery matches the articles of any of the languages.
func languageQuery(codes []string) bq.Query {
	terms := make([]bq.Query, len(codes))
	for i, code := range codes {
		t := bleve.NewTermQuery(code)
		t.SetField(schema.Language)
		terms[i] = t
	}
	if len(terms) == 1 {
		return terms[0]
	}
	return bleve.NewDisjunctionQuery(terms...)
}

// relatedCall is a Related call of another process.
type relatedCall struct {
	ID      string         `json:"id"`
	Options RelatedOptions `json:"options"`
}

func (r *remote) related(ctx context.Context, id string, opts RelatedOptions) (*Related, error) {
	var out Related
	if err := r.call(ctx, "related", relatedCall{ID: id, Options: opts}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}
