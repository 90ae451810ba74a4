package analysis

import (
	"bytes"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/abadojack/whatlanggo"
	"github.com/blevesearch/bleve/v2/registry"
)

// latinLetters holds, for the languages written in the Latin
// script, the lowercase letters outside a-z that their own words use. A
// letter none of them has (Vietnamese ư, ơ) counts against every
// one; a letter only some have (ñ, ß, ã, ğ) counts against the others.
// Languages not listed take the letters of their stop words.
var latinLetters = map[string]string{
	// The languages Bleve has analyzers for, which other projects register
	// (their stop lists do not hold every letter: the Danish one has å and
	// æ, not ø).
	"ca": "àçéèíïóòúül·",
	"cs": "áčďéěíňóřšťúůýž",
	"da": "æøåé",
	"eu": "ñ",
	"fi": "äöåšž",
	"ga": "áéíóú",
	"gl": "áéíñóú",
	"hr": "čćđšž",
	"hu": "áéíóöőúüű",
	"id": "",
	"no": "æøåéèêóòô",
	"pl": "ąćęłńóśźż",
	"ro": "ăâîșțşţ",
	// The built-in languages.
	"de": "äöüß",
	"en": "",
	"es": "áéíóúüñ",
	"fr": "àâæçéèêëîïôœùûüÿ",
	"it": "àèéìíîòóùú",
	"nl": "áéèëïóöüĳ",
	"pt": "áâãàçéêíóôõú",
	"sv": "åäöé",
	"tr": "çğıöşüâîû",
}

// candidate is a registered language Detect weighs for Latin text.
type candidate struct {
	code     string
	letters  map[rune]bool // lowercase letters outside a-z; nil: not known
	wlang    whatlanggo.Lang
	hasWlang bool
}

// model is what Detect knows of the registered languages written in the
// Latin script, built once per version of the registry.
type model struct {
	version    int
	candidates []candidate
	// words maps a lowercase function word to the candidates that list it
	// (indexes into candidates).
	words map[string][]uint8
	// allow is the set of registered languages whatlanggo knows, latinAllow
	// that of the candidates.
	allow, latinAllow map[whatlanggo.Lang]bool
	// registered is the set of registered codes.
	registered map[string]struct{}
}

var current struct {
	sync.Mutex
	m *model
}

// detectModel returns the model of the registry as it is now.
func detectModel() *model {
	v := registryVersion()
	current.Lock()
	defer current.Unlock()
	if current.m == nil || current.m.version != v {
		current.m = buildModel(v)
	}
	return current.m
}

func buildModel(v int) *model {
	m := &model{version: v, words: map[string][]uint8{}, allow: map[whatlanggo.Lang]bool{},
		latinAllow: map[whatlanggo.Lang]bool{}, registered: map[string]struct{}{}}
	wlangs := map[string]whatlanggo.Lang{}
	for lang, code := range whatlangCodes() {
		wlangs[code] = lang
	}
	codes := Codes()
	// Bleve's registry is not safe for concurrent use: read its stop word
	// lists under the lock Register writes it under.
	mu.RLock()
	cache := registry.NewCache()
	stops := map[string][]string{}
	for _, code := range codes {
		if tm, err := cache.TokenMapNamed("stop_" + code); err == nil {
			for w := range tm {
				stops[code] = append(stops[code], w)
			}
			sort.Strings(stops[code])
		}
	}
	mu.RUnlock()
	for _, code := range codes {
		m.registered[code] = struct{}{}
		wl, hasW := wlangs[code]
		if hasW {
			m.allow[wl] = true
		}
		letters, known := latinLetters[code]
		if !known {
			if !mostlyLatin(stops[code]) {
				continue
			}
			letters = strings.Join(stops[code], "")
		}
		if len(m.candidates) == 255 {
			break
		}
		c := candidate{code: code, wlang: wl, hasWlang: hasW, letters: map[rune]bool{}}
		for _, r := range letters {
			if r >= 'a' && r <= 'z' || !unicode.IsLetter(r) {
				continue
			}
			c.letters[unicode.ToLower(r)] = true
		}
		if hasW {
			m.latinAllow[wl] = true
		}
		i := uint8(len(m.candidates))
		m.candidates = append(m.candidates, c)
		for _, w := range stops[code] {
			m.words[w] = append(m.words[w], i)
		}
	}
	return m
}

// mostlyLatin reports whether most letters of words are Latin.
func mostlyLatin(words []string) bool {
	var latin, other int
	for _, w := range words {
		for _, r := range w {
			switch {
			case unicode.Is(unicode.Latin, r):
				latin++
			case unicode.IsLetter(r):
				other++
			}
		}
	}
	return latin > other
}

// features is what Detect reads in a text in the Latin script.
type features struct {
	// hits counts, per candidate, the words of the text that are its
	// function words; hits[len(candidates)] counts the function words of
	// any candidate. A capitalised word counts only when it starts a
	// sentence and the next word is not capitalised too.
	hits []int
	// longHits counts the function words of two letters or more.
	longHits int
	foreign  []int // per candidate: letters outside a-z it does not have
	nonASCII int   // letters outside a-z
	letters  int
}

// maxDetectWords is how many words Detect reads of a text: the first 400
// words of an article decide as well as all of them (10kGNAD, KCNA), and
// the time spent on a long article stays bounded.
const maxDetectWords = 400

// isApostrophe reports whether r joins the parts of a word: don't, l'homme.
func isApostrophe(r rune) bool { return r == '\'' || r == '’' || r == 'ʼ' }

// nextWord returns the first word of text (letters, with an apostrophe
// between letters kept: "don't", "l'homme") and what comes before and after
// it.
func nextWord(text string) (before, word, after string) {
	i := strings.IndexFunc(text, unicode.IsLetter)
	if i < 0 {
		return text, "", ""
	}
	j := i
	for j < len(text) {
		r, size := utf8.DecodeRuneInString(text[j:])
		if unicode.IsLetter(r) || unicode.Is(unicode.Mn, r) {
			j += size
			continue
		}
		if isApostrophe(r) && j+size < len(text) {
			if next, _ := utf8.DecodeRuneInString(text[j+size:]); unicode.IsLetter(next) {
				j += size
				continue
			}
		}
		break
	}
	return text[:i], text[i:j], text[j:]
}

// startsSentence reports whether the text between two words ends a
// sentence.
func startsSentence(between string) bool {
	return strings.ContainsAny(between, ".!?:\n¿¡")
}

func (m *model) features(text string) features {
	n := len(m.candidates)
	f := features{hits: make([]int, n+1), foreign: make([]int, n)}
	// In a text without lowercase letters, capitals say nothing.
	upperText := !strings.ContainsFunc(text[:min(len(text), 4096)], unicode.IsLower)
	sentenceStart := true
	var word, pending []byte
	hasPending := false
	for words := 0; words < maxDetectWords; words++ {
		before, w, after := nextWord(text)
		if w == "" {
			break
		}
		text = after
		if startsSentence(before) {
			sentenceStart = true
		} else if strings.ContainsFunc(before, unicode.IsDigit) {
			sentenceStart = false // "1997 Reunión ..." starts no sentence at Reunión
		}
		first, firstSize := utf8.DecodeRuneInString(w)
		word = word[:0]
		for _, r := range w {
			if isApostrophe(r) {
				word = append(word, '\'')
				continue
			}
			f.letters++
			lr := unicode.ToLower(r)
			if lr < 'a' || lr > 'z' {
				f.nonASCII++
				for i, c := range m.candidates {
					if c.letters != nil && !c.letters[lr] {
						f.foreign[i]++
					}
				}
			}
			word = utf8.AppendRune(word, lr)
		}
		capitalised := unicode.IsUpper(first) && !upperText
		// A capitalised word that starts a sentence counts only when the
		// next word is not capitalised too: Kim (Turkish "who") in "Kim
		// Jong Il inspects" is a name, La in "La ciudad" is an article.
		if hasPending && !capitalised {
			m.count(pending, &f)
		}
		hasPending = false
		switch {
		case len(w) == firstSize && (capitalised || strings.HasPrefix(after, ".")):
			// An initial or abbreviation: S. Korea, U.S., s. Korean.
		case capitalised && sentenceStart:
			pending, hasPending = append(pending[:0], word...), true
		case !capitalised:
			m.count(word, &f)
		}
		sentenceStart = false
	}
	if hasPending {
		m.count(pending, &f)
	}
	return f
}

// count adds word to f.hits when it is a function word: one for each
// candidate that lists it, and one in hits[len(candidates)]. A word with an
// apostrophe that is not listed whole counts by its parts (l'homme: l and
// homme; Korea's: korea).
func (m *model) count(word []byte, f *features) {
	idx, ok := m.words[string(word)]
	if !ok {
		if p1, p2, cut := bytes.Cut(word, []byte{'\''}); cut {
			m.count(p1, f)
			if utf8.RuneCount(p2) > 1 {
				m.count(p2, f)
			}
		}
		return
	}
	f.hits[len(m.candidates)]++
	if utf8.RuneCount(word) > 1 {
		f.longHits++
	}
	for _, i := range idx {
		f.hits[i]++
	}
}
