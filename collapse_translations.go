package newsindex

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/newsindex/newsindex/internal/crosslang"
	"github.com/newsindex/newsindex/internal/schema"
	"github.com/newsindex/newsindex/internal/store"
)

// translator puts the stories of a collapsed search that are translations
// of a better-ranked story into it. Its terms are those of Related's
// translations without the gazetteer's entities (crosslang.FeaturesOf with
// none: two thirds of their cost), weighed by the index's document
// frequencies, looked up once a search.
type translator struct {
	x       *Index
	stats   crosslang.Stats
	dict    *store.Dictionary
	err     error
	dfs     map[string]int
	pairs   map[[2]*story]float64
	stories int // the stories that joined no other
	ctx     context.Context
}

func (x *Index) storyTranslations() *translator {
	docs, avg := x.st.Stats().Field(schema.CrossLang)
	t := &translator{x: x, dfs: map[string]int{}, pairs: map[[2]*story]float64{}}
	t.stats = crosslang.Stats{Docs: int(docs), AvgLen: avg, DocFreq: t.docFreq}
	return t
}

func (t *translator) docFreq(term string) int {
	if n, ok := t.dfs[term]; ok {
		return n
	}
	if t.err != nil {
		return 0
	}
	if t.dict == nil {
		if t.dict, t.err = t.x.st.Dictionary(); t.err != nil {
			return 0
		}
	}
	n, err := t.dict.DocFreq(t.ctx, schema.CrossLang, term)
	if err != nil {
		t.err = err
	}
	t.dfs[term] = n
	return n
}

func (t *translator) close() {
	if t.dict != nil {
		t.dict.Close()
	}
}

// crossLang returns the cross-language terms of the story's first member,
// sorted, and the sum of their idf.
func (t *translator) crossLang(s *story) ([]string, float64) {
	if s.features == nil {
		a := s.hits[0].Article
		s.features = slices.Sorted(slices.Values(schema.CrossLangTerms(a.stored(), nil)))
		if s.features == nil {
			s.features = []string{}
		}
		for _, f := range s.features {
			s.mass += crosslang.IDF(t.stats.Docs, t.docFreq(f))
		}
	}
	return s.features, s.mass
}

// join puts together the stories that are each other's translations:
// two stories whose first members are of different languages, dated
// within DefaultRelatedWindow of each other, each the other's most alike
// in that language among the stories read so far (as Related asks of a
// translation over the whole index), alike by minTranslationDice at least.
// The later-ranked joins the better-ranked; a story has one member of a
// language by translation.
//
// On the KCNA pairs (TestCollapseTranslations: the days of each pair,
// collapsed) a Spanish item is in one story with its English original 206
// times of 219, with another article 3 times; greedy joins (each story to
// the best earlier one) put 24 with another at this threshold.
func (t *translator) join(ctx context.Context, stories []*story) error {
	t.ctx = ctx
	if t.stats.Docs < 2 {
		return nil
	}
	var roots []*story
	for _, s := range stories {
		if s.into == nil && !s.hits[0].Article.Published.IsZero() {
			roots = append(roots, s)
		}
	}
	type partner struct {
		i    int
		dice float64
	}
	best := make([]map[string]partner, len(roots))
	for i := range roots {
		best[i] = map[string]partner{}
	}
	for i, s := range roots {
		a := s.hits[0].Article
		for j := i + 1; j < len(roots); j++ {
			b := roots[j].hits[0].Article
			if a.Language == b.Language {
				continue
			}
			if d := a.Published.Sub(b.Published); d > DefaultRelatedWindow || d < -DefaultRelatedWindow {
				continue
			}
			dice := t.dice(s, roots[j])
			if p, ok := best[i][b.Language]; !ok || dice > p.dice {
				best[i][b.Language] = partner{j, dice}
			}
			if p, ok := best[j][a.Language]; !ok || dice > p.dice {
				best[j][a.Language] = partner{i, dice}
			}
		}
	}
	if t.err != nil {
		return fmt.Errorf("newsindex: search: collapse: %w", t.err)
	}
	for i, s := range roots {
		if s.into != nil {
			continue
		}
		lang := s.hits[0].Article.Language
		for _, l := range sortedKeys(best[i]) {
			p := best[i][l]
			o := roots[p.i]
			if p.i < i || p.dice < minTranslationDice || best[p.i][lang].i != i || o.into != nil || hasLanguage(s, l) || hasLanguage(o, lang) {
				continue
			}
			s.hits = append(s.hits, o.hits...)
			o.into = s // its hits stay: its bands still find its copies
			t.stories--
		}
	}
	return nil
}

// dice is the Dice similarity of the first members of two stories
// (crosslang.Dice: twice the idf of the terms they share over the idf of
// all their terms), computed once: sorted terms and their sums make it a
// walk of two lists.
func (t *translator) dice(a, b *story) float64 {
	key := [2]*story{a, b}
	if d, ok := t.pairs[key]; ok {
		return d
	}
	fa, ma := t.crossLang(a)
	fb, mb := t.crossLang(b)
	both := 0.0
	for i, j := 0, 0; i < len(fa) && j < len(fb); {
		switch c := strings.Compare(fa[i], fb[j]); {
		case c < 0:
			i++
		case c > 0:
			j++
		default:
			both += crosslang.IDF(t.stats.Docs, t.docFreq(fa[i]))
			i++
			j++
		}
	}
	d := 0.0
	if ma+mb > 0 {
		d = 2 * both / (ma + mb)
	}
	t.pairs[key] = d
	return d
}

// hasLanguage reports whether a story has a member in the language.
func hasLanguage(s *story, lang string) bool {
	for _, h := range s.hits {
		if h.Article.Language == lang {
			return true
		}
	}
	return false
}

func sortedKeys[V any](m map[string]V) []string {
	return slices.Sorted(maps.Keys(m))
}
