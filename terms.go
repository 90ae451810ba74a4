package newsindex

import (
	"context"
	"fmt"
	"runtime"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	bleveanalysis "github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/search"
	"golang.org/x/sync/errgroup"

	"github.com/newsindex/newsindex/analysis"
	"github.com/newsindex/newsindex/internal/schema"
	"github.com/newsindex/newsindex/internal/signif"
)

// Limits and defaults of [Index.Terms].
const (
	// DefaultTerms is the number of words and entities Terms returns when
	// TermsOptions.Size is zero.
	DefaultTerms = 30
	// MaxTerms is the most words (and entities) one call returns.
	MaxTerms = 1000
	// DefaultTermsSample is the number of matches whose words Terms reads
	// when TermsOptions.Sample is zero.
	DefaultTermsSample = 1000
	// MaxTermsSample is the most matches one call reads the words of.
	MaxTermsSample = 10000
)

// TermsOptions say which words [Index.Terms] returns.
type TermsOptions struct {
	// Size is the number of words, and of entities, to return: the most
	// significant first. Zero means [DefaultTerms]; at most [MaxTerms].
	Size int `json:"size,omitempty"`
	// Language takes the words of the articles in one language (an ISO
	// 639 code), compared with the archive's articles in that language,
	// and the entities of the matches in it. "" takes the language most
	// matches are in for the words (a small language's handful of
	// matches would crowd the list with its words), and every match for
	// the entities.
	Language string `json:"language,omitempty"`
	// Sample is the number of matches whose words are read: the best by
	// relevance, as [Index.Search] ranks them. Zero means
	// [DefaultTermsSample]; at most [MaxTermsSample]. Entities are counted
	// over every match.
	Sample int `json:"sample,omitempty"`
}

// TermsResult is what [Index.Terms] found. In JSON it is
// {"terms":[{"term":…,"count":N,"background":M,"score":S}],"entities":[…],
// "language":…,"matches":N,"sampled":N}.
type TermsResult struct {
	// Terms are the words, most significant first, in Language.
	Terms []SignificantTerm `json:"terms"`
	// Entities are the people, places and organisations of the gazetteer
	// (by ID), most significant first.
	Entities []SignificantTerm `json:"entities"`
	// Matches is the number of articles the query matches.
	Matches uint64 `json:"matches"`
	// Language is the language of the words (ISO 639): TermsOptions.Language,
	// or else the language most matches are in; "" without matches.
	Language string `json:"language"`
	// Sampled is the number of matches whose words were read: of the
	// best TermsOptions.Sample, those in Language.
	Sampled int `json:"sampled"`
}

// SignificantTerm is a word or an entity that the matches of a query hold
// more often than the archive does.
type SignificantTerm struct {
	// Term is a word as the matches write it most often ("Medvedev",
	// "visit" for the stem visit of visited, visits, Visit), or an entity's
	// gazetteer ID ("ulan-ude").
	Term string `json:"term"`
	// Count is the number of matches that hold it: of the sampled matches
	// for a word, of all matches for an entity.
	Count int `json:"count"`
	// Background is the number of articles of the archive that hold it,
	// the matches included: for a word, the articles of its language with
	// its stem in the title or the body, whichever has it more often (as
	// the term dictionaries count them: an article replaced or deleted
	// counts until Bleve merges its segment away).
	Background int `json:"background"`
	// Score is the significance of the difference: Elasticsearch's JLH,
	// (fg − bg)·fg/bg of the shares fg = Count/matches read and
	// bg = Background/articles. It ranks words of one call; it is not a
	// probability.
	Score float64 `json:"score"`
}

// Terms returns the words and the entities over-represented in the
// articles q matches, against the whole archive: the words of an event
// ("Ulan-Ude", "Medvedev" for Kim Jong Il's visit to Russia in August
// 2011), not those of every article. Words are read, with the analysis of
// each article's language, from the best TermsOptions.Sample matches, and
// compared with the term dictionaries of the index; entities are the
// entity facet of every match against that of the archive. Both are ranked
// by significance (see [SignificantTerm]); a word or an entity must be in
// three matches at least (fewer for fewer than 15 matches).
//
// Left out: stop words of any language the index holds ("die" in English
// text, "Kim" in any, being Turkish for who: the names come as entities),
// words without a letter or of one letter, and the words and entities the
// query itself asks for. A stem is shown as the form the matches write it
// in most often. Bad options are an [*OptionError], a query that cannot be
// compiled a [*QueryError].
func (x *Index) Terms(ctx context.Context, q Query, opts TermsOptions) (*TermsResult, error) {
	opts, err := opts.check()
	if err != nil {
		return nil, err
	}
	if err := x.acquire(false); err != nil {
		return nil, err
	}
	defer x.release()
	if x.remote != nil {
		return x.remote.terms(ctx, q, opts)
	}
	if opts.Language != "" {
		q = AndQuery{Queries: []Query{q, Language(opts.Language)}}
	}
	c, q, compiled, err := x.compileResearch(q)
	if err != nil {
		return nil, err
	}
	entities := len(c.names.Entities()) + 1
	req := bleve.NewSearchRequestOptions(compiled, opts.Sample, 0, false)
	req.Fields = []string{schema.Stored}
	req.SortByCustom(search.SortOrder{&search.SortScore{Desc: true}})
	req.AddFacet(schema.Entity, bleve.NewFacetRequest(schema.Entity, entities))
	req.AddFacet(schema.Language, bleve.NewFacetRequest(schema.Language, maxTermsLanguages))
	res, err := x.st.Search(ctx, req, c.stats)
	if err != nil {
		if strings.Contains(err.Error(), "dfa contains more than") {
			return nil, queryErr("a word of the query is too long to match with edits")
		}
		return nil, fmt.Errorf("newsindex: terms %s: %w", q, err)
	}
	out := &TermsResult{Terms: []SignificantTerm{}, Entities: []SignificantTerm{}, Matches: res.Total}
	if res.Total == 0 {
		return out, nil
	}
	asked := askedFor(q, c)

	// The words of the sampled matches in the language of the words.
	code := c.layout.FieldLanguage(opts.Language)
	out.Language = opts.Language
	if opts.Language == "" {
		out.Language, code = c.mainLanguage(res.Facets[schema.Language])
	}
	analyzer := x.st.Bleve().Mapping().AnalyzerNamed(indexAnalyzer(c.layout, code))
	if analyzer == nil {
		return nil, fmt.Errorf("newsindex: terms: no analyzer for language %q", code)
	}
	s, err := sampleWords(ctx, res.Hits, x.st.Article, func(a schema.Article) bool { return c.layout.FieldLanguage(a.Language) == code }, analyzer)
	if err != nil {
		return nil, err
	}
	out.Sampled = s.n
	title, body := schema.TitleField(code), schema.BodyField(code)
	titles, err := x.st.DocFreqs(title)
	if err != nil {
		return nil, fmt.Errorf("newsindex: terms: %w", err)
	}
	bodies, err := x.st.DocFreqs(body)
	if err != nil {
		return nil, fmt.Errorf("newsindex: terms: %w", err)
	}
	nt, _ := c.stats.Field(title)
	nb, _ := c.stats.Field(body)
	articles := int(max(nt, nb))
	least := signif.MinCount(s.n)
	var words []SignificantTerm
	for term, n := range s.docs {
		if n < least || asked.words[code+"\x00"+term] {
			continue
		}
		bg := max(titles[term], bodies[term])
		if score := signif.JLH(n, s.n, bg, articles); score > 0 {
			words = append(words, SignificantTerm{Term: term, Count: n, Background: max(bg, n), Score: score})
		}
	}
	bySignificance(words)
	codes := c.layout.Codes()
	for _, w := range words {
		if len(out.Terms) == opts.Size {
			break
		}
		form := s.form(w.Term)
		if !readable(form) || stopWordAnywhere(form, codes) {
			continue
		}
		w.Term = form
		out.Terms = append(out.Terms, w)
	}

	// The entities of every match against those of the archive.
	archive, err := x.entityCounts(ctx, opts.Language, entities)
	if err != nil {
		return nil, err
	}
	var ents []SignificantTerm
	if fr := res.Facets[schema.Entity]; fr != nil && fr.Terms != nil {
		least := signif.MinCount(int(res.Total))
		for _, t := range fr.Terms.Terms() {
			if t.Count < least || asked.entities[t.Term] {
				continue
			}
			bg := archive.counts[t.Term]
			if score := signif.JLH(t.Count, int(res.Total), bg, archive.total); score > 0 {
				ents = append(ents, SignificantTerm{Term: t.Term, Count: t.Count, Background: max(bg, t.Count), Score: score})
			}
		}
	}
	bySignificance(ents)
	out.Entities = append(out.Entities, ents[:min(len(ents), opts.Size)]...)
	return out, nil
}

// maxTermsLanguages is the most languages the matches of Terms are counted
// by, to find the one most of them are in.
const maxTermsLanguages = 1000

// mainLanguage returns the language most matches are in, by the facet of
// their languages, and the code of its fields: of the fields' languages,
// the one with most matches (ties to the smaller code), and of the
// languages of those fields the commonest (the und fields hold the
// articles of every language without fields of its own).
func (c *compiler) mainLanguage(fr *search.FacetResult) (lang, code string) {
	if fr == nil || fr.Terms == nil {
		return "", analysis.UndeterminedCode
	}
	byField := map[string]int{}
	top := map[string]*search.TermFacet{}
	for _, t := range fr.Terms.Terms() {
		f := c.layout.FieldLanguage(t.Term)
		byField[f] += t.Count
		if top[f] == nil || t.Count > top[f].Count || t.Count == top[f].Count && t.Term < top[f].Term {
			top[f] = t
		}
	}
	best := -1
	for f, n := range byField {
		if n > best || n == best && f < code {
			code, best = f, n
		}
	}
	if best < 0 {
		return "", analysis.UndeterminedCode
	}
	return top[code].Term, code
}

// check fills in the defaults of the options, or says what is wrong.
func (o TermsOptions) check() (TermsOptions, error) {
	switch {
	case o.Size < 0 || o.Size > MaxTerms:
		return o, optionErr("TermsOptions.Size", fmt.Sprintf("%d is out of range (1 to %d; 0 for %d)", o.Size, MaxTerms, DefaultTerms))
	case o.Sample < 0 || o.Sample > MaxTermsSample:
		return o, optionErr("TermsOptions.Sample", fmt.Sprintf("%d is out of range (1 to %d; 0 for %d)", o.Sample, MaxTermsSample, DefaultTermsSample))
	}
	if o.Size == 0 {
		o.Size = DefaultTerms
	}
	if o.Sample == 0 {
		o.Sample = DefaultTermsSample
	}
	o.Language = strings.ToLower(strings.TrimSpace(o.Language))
	if o.Language != "" && !languagePattern.MatchString(o.Language) {
		return o, optionErr("TermsOptions.Language", fmt.Sprintf("%q is not an ISO 639 code (en, de, ko)", o.Language))
	}
	return o, nil
}

// bySignificance sorts by score, then by term.
func bySignificance(ts []SignificantTerm) {
	sort.Slice(ts, func(i, j int) bool {
		if ts[i].Score != ts[j].Score {
			return ts[i].Score > ts[j].Score
		}
		return ts[i].Term < ts[j].Term
	})
}

// wordSample counts the words of the sampled matches in one language.
type wordSample struct {
	n     int                 // articles read
	docs  map[string]int      // term → articles with it
	forms map[termForm]int    // (term, form as written) → occurrences
	seen  map[string]struct{} // the terms of the article being read
	best  map[string]termForm // term → its commonest form, once asked for
}

type termForm struct{ term, form string }

func newWordSample() *wordSample {
	return &wordSample{docs: map[string]int{}, forms: map[termForm]int{}, seen: map[string]struct{}{}}
}

// sampleWords reads the words of the hits that keep takes, on every core:
// unpacking and analysing a thousand articles is most of the time of Terms.
// article rebuilds a hit's article (the index's Store.Article).
func sampleWords(ctx context.Context, hits search.DocumentMatchCollection, article func(string, map[string]interface{}) (schema.Article, error), keep func(schema.Article) bool, analyzer bleveanalysis.Analyzer) (*wordSample, error) {
	workers := min(runtime.GOMAXPROCS(0), max(1, len(hits)/50))
	samples := make([]*wordSample, workers)
	g, ctx := errgroup.WithContext(ctx)
	for w := range workers {
		samples[w] = newWordSample()
		g.Go(func() error {
			for i := w; i < len(hits); i += workers {
				if i%64 == 0 {
					if err := ctx.Err(); err != nil {
						return err
					}
				}
				a, err := article(hits[i].ID, hits[i].Fields)
				if err != nil {
					return fmt.Errorf("newsindex: %w", err)
				}
				if keep(a) {
					samples[w].add(analyzer, a.Title, a.Body)
				}
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	s := samples[0]
	for _, o := range samples[1:] {
		s.n += o.n
		for t, n := range o.docs {
			s.docs[t] += n
		}
		for f, n := range o.forms {
			s.forms[f] += n
		}
	}
	return s, nil
}

// add reads one article: its terms as the index analyses them, and the
// forms they are written in. The parts a compound is split into (German)
// stand where the compound stands: they add no form.
func (s *wordSample) add(analyzer bleveanalysis.Analyzer, title, body string) {
	s.n++
	clear(s.seen)
	for _, text := range []string{title, body} {
		if text == "" {
			continue
		}
		toks := analyzer.Analyze([]byte(text))
		for i, t := range toks {
			if _, ok := s.seen[string(t.Term)]; !ok {
				term := string(t.Term)
				s.seen[term] = struct{}{}
				s.docs[term]++
			}
			if i > 0 && toks[i-1].Start == t.Start && toks[i-1].End == t.End {
				continue // a part of the compound before it
			}
			if t.Start < 0 || t.End > len(text) || t.Start >= t.End {
				continue
			}
			s.forms[termForm{string(t.Term), surface(text[t.Start:t.End])}]++
		}
	}
}

// form is the form a term is written in most often (ties: the first in
// order); the term itself when it was only ever part of a compound.
func (s *wordSample) form(term string) string {
	if s.best == nil {
		s.best = map[string]termForm{}
		counts := map[string]int{}
		for f, n := range s.forms {
			b, ok := s.best[f.term]
			if !ok || n > counts[f.term] || n == counts[f.term] && f.form < b.form {
				s.best[f.term], counts[f.term] = f, n
			}
		}
	}
	if f, ok := s.best[term]; ok {
		return f.form
	}
	return term
}

// surface is a word as written, without the possessive ending that the
// analyzers drop ("Russia's").
func surface(w string) string {
	for _, end := range []string{"'s", "’s", "'", "’"} {
		if s, ok := strings.CutSuffix(w, end); ok && s != "" {
			return s
		}
	}
	return w
}

// readable reports a word worth showing: two characters or more, the first
// a letter ("51st" and "2011" are dates, not words of an event).
func readable(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return utf8.RuneCountInString(w) > 1 && unicode.IsLetter(r)
}

// stopWordAnywhere reports whether a word is a stop word of any of the
// languages: one their analysis leaves nothing of.
func stopWordAnywhere(w string, codes []string) bool {
	for _, code := range codes {
		if terms, err := analysis.Terms(code, w); err == nil && len(terms) == 0 {
			return true
		}
	}
	return false
}

// indexAnalyzer is the analyzer of the articles of a language's fields.
func indexAnalyzer(l schema.Layout, code string) string {
	for _, lang := range l.Languages {
		if lang.Code == code {
			return lang.Analyzer
		}
	}
	return analysis.Neutral.Analyzer
}

// asked is what a query asks for by itself: its words, by language
// ("en\x00visit"), and the entities it names or filters on.
type asked struct {
	words    map[string]bool
	entities map[string]bool
}

// askedFor collects the words of q's texts (but under a Not) and of the
// spellings of the entities it names or filters on, in every language of
// the index, and those entities, after c compiled q.
func askedFor(q Query, c *compiler) asked {
	a := asked{words: map[string]bool{}, entities: map[string]bool{}}
	for id := range c.named {
		a.entities[id] = true
	}
	var texts []string
	walk(q, func(q Query) bool {
		switch q := q.(type) {
		case NotQuery:
			return false
		case Match:
			texts = append(texts, q.Text)
		case Phrase:
			texts = append(texts, q.Text)
		case nameQuery:
			texts = append(texts, q.Text)
		case Terms:
			if q.Field == schema.Entity {
				for _, id := range c.entityValues(q.Values) {
					a.entities[id] = true
				}
			}
		}
		return true
	})
	for id := range a.entities {
		if e, ok := c.names.Entity(id); ok {
			texts = append(texts, e.Variants...) // its words are the query's too
		}
	}
	for _, code := range c.layout.Codes() {
		for _, text := range texts {
			for _, t := range termsOf(code, text) {
				a.words[code+"\x00"+t] = true
			}
		}
	}
	return a
}

// entityTotals are the entity facet of the archive.
type entityTotals struct {
	counts map[string]int
	total  int
}

// entityCounts counts the articles of the archive (in one language, when
// lang is set) that name each entity, kept until the index changes.
func (x *Index) entityCounts(ctx context.Context, lang string, size int) (*entityTotals, error) {
	v, err := x.st.Memo(fmt.Sprintf("entities\x00%s\x00%d", lang, size), func() (any, error) {
		var all Query = AllQuery{}
		if lang != "" {
			all = Language(lang)
		}
		c, _, compiled, err := x.compileResearch(all)
		if err != nil {
			return nil, err
		}
		req := bleve.NewSearchRequestOptions(compiled, 0, 0, false)
		req.Score = "none"
		req.AddFacet(schema.Entity, bleve.NewFacetRequest(schema.Entity, size))
		res, err := x.st.Search(ctx, req, c.stats)
		if err != nil {
			return nil, fmt.Errorf("newsindex: terms: the entities of the archive: %w", err)
		}
		out := &entityTotals{counts: map[string]int{}, total: int(res.Total)}
		if fr := res.Facets[schema.Entity]; fr != nil && fr.Terms != nil {
			for _, t := range fr.Terms.Terms() {
				out.counts[t.Term] = t.Count
			}
		}
		return out, nil
	})
	if err != nil {
		return nil, err
	}
	return v.(*entityTotals), nil
}

// terms asks the process that shares the index.
func (r *remote) terms(ctx context.Context, q Query, opts TermsOptions) (*TermsResult, error) {
	data, err := marshalQuery(q)
	if err != nil {
		return nil, err
	}
	var res TermsResult
	if err := r.call(ctx, "terms", termsCall{Query: data, Options: opts}, &res); err != nil {
		return nil, err
	}
	return &res, nil
}
