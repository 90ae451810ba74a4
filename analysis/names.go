package analysis

import (
	"bufio"
	_ "embed"
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"
)

// Entity is a person, place or organisation and the spellings it goes by.
type Entity struct {
	ID       string   // "kim-jong-un": the value of the index's entity field
	Kind     string   // "person", "place" or "org"
	Variants []string // "Kim Jong Un", "Ким Чен Ын", "김정은", …
}

// Gazetteer finds entities in text by any of their variants. Text and
// variants are compared after an analysis that folds like the neutral one
// (case, diacritics, ß, compatibility forms; words split at anything but
// letters and digits; Hangul and Han as bigrams), as whole runs of words.
// Once filled, it is safe for concurrent use.
type Gazetteer struct {
	entities map[string]Entity
	// variants by their first term: the term sequences of each variant and
	// the entity they name.
	byFirst map[string][]variant
	// pairs has a bit for the first two bytes of every key of byFirst, and
	// singles for keys of one byte, so that most words of a text are
	// dismissed without looking anything up.
	pairs   [1 << 16 / 64]uint64
	singles [256]bool
}

// mayStart reports whether a key of byFirst may be a prefix of word.
func (g *Gazetteer) mayStart(word string) bool {
	switch {
	case word == "":
		return false
	case g.singles[word[0]]:
		return true
	case len(word) < 2:
		return false
	}
	i := uint(word[0])<<8 | uint(word[1])
	return g.pairs[i/64]&(1<<(i%64)) != 0
}

type variant struct {
	terms  []string
	entity string
}

// maxEnding is the most letters an inflected name has beyond its stem.
const maxEnding = 3

// key is the part of a variant's term that a word in text must start with.
// Russian inflects names by their ending (Путин, Путиным; Москва, Москве),
// so a Cyrillic term of four letters or more loses its last letter and the
// text may add up to three; other terms are their own key.
func key(term string) string {
	r := []rune(term)
	if len(r) >= 4 && r[0] >= 0x400 && r[0] <= 0x4ff {
		return string(r[:len(r)-1])
	}
	return term
}

// latinEndings are the German and English endings a Latin name or
// adjective may carry: Putins, Russischen, Moskauer.
var latinEndings = map[string]bool{"s": true, "n": true, "e": true, "en": true, "er": true, "es": true, "em": true, "ern": true}

// matches reports whether a word of text is an (inflected) variant term.
// Short terms and Hangul and Han bigrams must match whole (Kursk is not
// Kurse).
func matches(word, term string) bool {
	if word == term {
		return true
	}
	if k := key(term); k != term {
		return strings.HasPrefix(word, k) && utf8.RuneCountInString(word)-utf8.RuneCountInString(k) <= maxEnding
	}
	r := []rune(term)
	if len(r) >= 4 && r[0] < 0x250 && strings.HasPrefix(word, term) {
		return latinEndings[word[len(term):]]
	}
	return false
}

// matchAt reports whether the words from i on start with the variant.
func (v variant) matchAt(words []string, i int) bool {
	if i+len(v.terms) > len(words) {
		return false
	}
	for j, t := range v.terms {
		if !matches(words[i+j], t) {
			return false
		}
	}
	return true
}

// candidates returns the variants whose first term a word may be.
func (g *Gazetteer) candidates(word string) []variant {
	var out []variant
	g.eachCandidate(word, func(v variant) { out = append(out, v) })
	return out
}

// eachCandidate calls f with every variant whose first term word may be:
// the word itself or the word without an ending of up to maxEnding
// letters, looked up without allocating.
func (g *Gazetteer) eachCandidate(word string, f func(variant)) {
	if !g.mayStart(word) {
		return
	}
	n := len(word)
	for cut := 0; cut <= maxEnding && n > 0; cut++ {
		for _, v := range g.byFirst[word[:n]] {
			f(v)
		}
		_, size := utf8.DecodeLastRuneInString(word[:n])
		n -= size
	}
}

// NewGazetteer returns an empty gazetteer.
func NewGazetteer() *Gazetteer {
	return &Gazetteer{entities: map[string]Entity{}, byFirst: map[string][]variant{}}
}

// Add adds an entity, or more variants of one already there.
func (g *Gazetteer) Add(e Entity) error {
	if e.ID == "" || strings.ContainsAny(e.ID, " \t") {
		return fmt.Errorf("analysis: entity ID %q must be one word", e.ID)
	}
	old, ok := g.entities[e.ID]
	if ok && e.Kind != "" && old.Kind != "" && old.Kind != e.Kind {
		return fmt.Errorf("analysis: entity %q is a %s, not a %s", e.ID, old.Kind, e.Kind)
	}
	if !ok {
		old = Entity{ID: e.ID, Kind: e.Kind}
	}
	for _, v := range e.Variants {
		terms := nameTerms(v)
		if len(terms) == 0 {
			return fmt.Errorf("analysis: entity %q: variant %q has no words", e.ID, v)
		}
		k := key(terms[0])
		g.byFirst[k] = append(g.byFirst[k], variant{terms: terms, entity: e.ID})
		if len(k) == 1 {
			g.singles[k[0]] = true
		} else {
			i := uint(k[0])<<8 | uint(k[1])
			g.pairs[i/64] |= 1 << (i % 64)
		}
		old.Variants = append(old.Variants, v)
	}
	g.entities[e.ID] = old
	return nil
}

// Entities returns every entity, sorted by ID.
func (g *Gazetteer) Entities() []Entity {
	out := make([]Entity, 0, len(g.entities))
	for _, id := range sortedKeys(g.entities) {
		out = append(out, g.entities[id])
	}
	return out
}

// Entity returns an entity by ID.
func (g *Gazetteer) Entity(id string) (Entity, bool) {
	e, ok := g.entities[id]
	return e, ok
}

// Find returns the IDs of the entities text mentions, sorted.
func (g *Gazetteer) Find(text string) []string {
	terms := nameTerms(text)
	found := map[string]bool{}
	for i, t := range terms {
		g.eachCandidate(t, func(v variant) {
			if v.matchAt(terms, i) {
				found[v.entity] = true
			}
		})
	}
	return sortedSet(found)
}

// Names returns the IDs of the entities that text is a variant of, as a
// whole: "Ким Чен Ын" gives kim-jong-un; "Kim Jong Un visits" gives none.
func (g *Gazetteer) Names(text string) []string {
	terms := nameTerms(text)
	if len(terms) == 0 {
		return nil
	}
	found := map[string]bool{}
	for _, v := range g.candidates(terms[0]) {
		if len(v.terms) == len(terms) && v.matchAt(terms, 0) {
			found[v.entity] = true
		}
	}
	return sortedSet(found)
}

// ReadGazetteer adds the entities of an alias list to g: one entity a line,
// "id<TAB>kind<TAB>variant | variant | …"; blank lines and lines starting
// with # are skipped. Errors name the line.
func (g *Gazetteer) ReadGazetteer(r io.Reader, name string) error {
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		parts := strings.Split(line, "\t")
		if len(parts) != 3 {
			return fmt.Errorf("%s:%d: want \"id<TAB>kind<TAB>variant | variant\"", name, n)
		}
		var variants []string
		for _, v := range strings.Split(parts[2], "|") {
			if v = strings.TrimSpace(v); v != "" {
				variants = append(variants, v)
			}
		}
		if err := g.Add(Entity{ID: strings.TrimSpace(parts[0]), Kind: strings.TrimSpace(parts[1]), Variants: variants}); err != nil {
			return fmt.Errorf("%s:%d: %w", name, n, err)
		}
	}
	return sc.Err()
}

//go:embed names.txt
var builtinNames string

var builtin = sync.OnceValues(func() (*Gazetteer, error) {
	g := NewGazetteer()
	return g, g.ReadGazetteer(strings.NewReader(builtinNames), "names.txt")
})

// BuiltinNames returns a new gazetteer with the names this project ships
// (analysis/names.txt): the Kims, Putin, Lavrov, Shoigu, Choe Son Hui, the
// DPRK, Russia, the Soviet Union, Pyongyang, Moscow, Kursk, KCNA, the WPK, …
// Callers may add their own to it.
func BuiltinNames() *Gazetteer {
	base, err := builtin()
	if err != nil {
		panic(err) // the embedded list is tested
	}
	g := NewGazetteer()
	for _, id := range sortedKeys(base.entities) {
		_ = g.Add(base.entities[id])
	}
	return g
}

func sortedSet(set map[string]bool) []string {
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// NameSpan is a run of a text that names entities: the bytes Start to End
// of the text, and the IDs of the entities it is a variant of.
type NameSpan struct {
	Start, End int
	IDs        []string
}

// Spans returns the runs of text that are names, in order; where names
// overlap, the longer wins ("Kim Jong Il funeral" gives the span "Kim Jong
// Il", kim-jong-il). A query is read with it: the name as the name, the
// rest as words.
func (g *Gazetteer) Spans(text string) []NameSpan {
	stream := nameAnalyzer().Analyze([]byte(text))
	terms := make([]string, len(stream))
	for i, t := range stream {
		terms[i] = string(t.Term)
	}
	var out []NameSpan
	for i := 0; i < len(terms); {
		longest := 0
		ids := map[string]bool{}
		g.eachCandidate(terms[i], func(v variant) {
			if n := len(v.terms); n >= longest && v.matchAt(terms, i) {
				if n > longest {
					longest, ids = n, map[string]bool{}
				}
				ids[v.entity] = true
			}
		})
		if longest == 0 {
			i++
			continue
		}
		out = append(out, NameSpan{Start: stream[i].Start, End: stream[i+longest-1].End, IDs: sortedSet(ids)})
		i += longest
	}
	return out
}
