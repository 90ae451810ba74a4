package analysis

import (
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/abadojack/whatlanggo"
)

// MinConfidence is the trigram confidence below which [Detect] gives up on
// text in the Cyrillic or Arabic script, or in a script no built-in language
// uses, and answers [UndeterminedCode] (or Russian, Arabic: see [Detect]).
// Neutral analysis of an undetermined article still finds its names and
// rare words; wrong stemming does not.
const MinConfidence = 0.5

const (
	// minDetectLetters is the fewest letters Detect judges by.
	minDetectLetters = 3
	// tieConfidence is the trigram confidence that settles a tie between
	// languages whose function words a text has as many of.
	tieConfidence = 0.8
	// bareConfidence is the trigram confidence Detect needs for a Latin
	// text without a function word of any registered language ("Kim Jong
	// Il Inspects KPA Unit"): whatlanggo's profiles are trained on the
	// Universal Declaration of Human Rights, not on headlines, and below it
	// they name French for one English headline in five.
	bareConfidence = 0.9
	// maxTrigramBytes is how much of a text goes to trigram detection.
	maxTrigramBytes = 2048
)

// Detect returns the code of the registered language text is most likely
// in, or [UndeterminedCode]. The writing system decides first: Hangul is
// Korean, Kana is Japanese, Han without Kana is Chinese.
//
// Text in the Latin script is weighed by its function words: the words of
// Bleve's stop word list of each registered language (stop_<code>), in
// lowercase or starting a sentence, so that names (Kim, Il, Un, Son) do not
// count. The language with the most of them wins when it has at least one
// more than any other, each function word the text has and a language has
// not counting against that language ("de la" is Spanish, French or Italian,
// "de a" Spanish or Portuguese, "de la a" Spanish). Letters a language does
// not write (ñ, ß, ã, ğ, Vietnamese ư) rule it out; a text that no
// registered language writes is und. A tie goes to the trigram detector
// (github.com/abadojack/whatlanggo) when it is sure of one of the tied
// languages, else to the more common language in news archives (English,
// Spanish, French, German, Portuguese, Italian, Russian, Turkish, Dutch,
// Swedish, then the rest by code), unless its only function words are of
// one letter (a, y, e, o: "felicita a Hu Jintao" is not English): then it
// is und. A text without function words is left to the trigram detector,
// which must be very sure; it is und otherwise.
//
// Text in the Cyrillic and Arabic scripts goes to trigram detection among
// the registered languages, which must reach [MinConfidence]; a Cyrillic or
// Arabic text it cannot place is Russian or Arabic when those are
// registered.
func Detect(text string) string {
	return detect(text, detectModel(), nil)
}

// DetectAmong is [Detect] restricted to the languages with the given codes:
// for a caller that knows a text is in one of a few languages (an index
// that holds only English and Spanish articles, a feed in German or
// French). Codes that are not registered are ignored; with none left it
// returns [UndeterminedCode]. Korean, Japanese and Chinese are still
// detected by their script when among codes.
func DetectAmong(text string, codes []string) string {
	m := detectModel()
	among := map[string]bool{}
	for _, c := range codes {
		if _, ok := m.registered[c]; ok {
			among[c] = true
		}
	}
	if len(among) == 0 {
		return UndeterminedCode
	}
	return detect(text, m, among)
}

// detect is Detect among the languages in among, or all when among is nil.
func detect(text string, m *model, among map[string]bool) string {
	has := func(code string) string {
		if _, ok := m.registered[code]; ok && (among == nil || among[code]) {
			return code
		}
		return UndeterminedCode
	}
	var latin, cyrillic, arabic, hangul, kana, han, letters int
	for _, r := range text {
		if !unicode.IsLetter(r) {
			continue
		}
		letters++
		switch {
		case r < utf8.RuneSelf || unicode.Is(unicode.Latin, r):
			latin++
		case unicode.Is(unicode.Cyrillic, r):
			cyrillic++
		case unicode.Is(unicode.Arabic, r):
			arabic++
		case unicode.Is(unicode.Hangul, r):
			hangul++
		case unicode.Is(unicode.Hiragana, r), unicode.Is(unicode.Katakana, r):
			kana++
		case unicode.Is(unicode.Han, r):
			han++
		}
	}
	if letters < minDetectLetters {
		return UndeterminedCode
	}
	// The script with the most letters wins; Korean and Japanese text mixes
	// in Han, so Hangul and Kana count with the Han letters beside them.
	// Letters of other scripts (Greek, Devanagari, Thai) go to whatlanggo.
	best, bestCount := "latin", latin
	for _, s := range []struct {
		name  string
		count int
	}{
		{"cyrillic", cyrillic}, {"arabic", arabic}, {"cjk", hangul + kana + han},
		{"other", letters - latin - cyrillic - arabic - hangul - kana - han},
	} {
		if s.count > bestCount {
			best, bestCount = s.name, s.count
		}
	}
	switch best {
	case "cjk":
		switch {
		case hangul > 0 && hangul >= kana:
			return has("ko")
		case kana > 0:
			return has("ja")
		default:
			return has("zh")
		}
	case "cyrillic":
		return m.trigrams(text, has, among, "ru")
	case "arabic":
		return m.trigrams(text, has, among, "ar")
	case "other":
		return m.trigrams(text, has, among, "")
	default:
		return m.latin(text, has, among)
	}
}

// latin detects the language of a text in the Latin script.
func (m *model) latin(text string, has func(string) string, among map[string]bool) string {
	f := m.features(text)
	n := len(m.candidates)
	total := f.hits[n]
	// score is the function words a candidate has less those it has not.
	best, second := -1, -1
	bestScore, secondScore := 0, 0
	ok := make([]bool, n)
	for i, c := range m.candidates {
		if among != nil && !among[c.code] {
			continue
		}
		// A letter the language does not write rules it out once it is
		// more than a slip: a name with a diacritic in an English article
		// (Lavrów) leaves English in.
		if foreign := f.foreign[i]; foreign > 0 && 10*foreign > 3*f.nonASCII && 50*foreign >= f.letters {
			continue
		}
		ok[i] = true
		score := 2*f.hits[i] - total
		switch {
		case best < 0 || score > bestScore:
			best, second, bestScore, secondScore = i, best, score, bestScore
		case second < 0 || score > secondScore:
			second, secondScore = i, score
		}
	}
	if best < 0 {
		return UndeterminedCode
	}
	if f.hits[best] == 0 {
		if total > 0 {
			// Function words of languages ruled out or not among those
			// asked for: German text is not English for want of German.
			return UndeterminedCode
		}
		return m.whatlang(text, ok, bareConfidence)
	}
	if second < 0 || bestScore-secondScore >= 2 {
		return m.candidates[best].code
	}
	// A tie: the trigrams may settle it, else the more common language.
	tied := make([]bool, n)
	for i := range m.candidates {
		tied[i] = ok[i] && f.hits[i] > 0 && 2*f.hits[i]-total == bestScore
	}
	if code := m.whatlang(text, tied, tieConfidence); code != UndeterminedCode {
		return code
	}
	if code := m.whatlang(text, ok, tieConfidence); code != UndeterminedCode {
		for i, c := range m.candidates {
			if tied[i] && c.code == code {
				return code
			}
		}
	}
	if f.longHits == 0 {
		// Only a, y, e, o: "felicita a Hu Jintao" is Spanish, not English.
		return UndeterminedCode
	}
	pick := -1
	for i := range m.candidates {
		if tied[i] && (pick < 0 || commoner(m.candidates[i].code, m.candidates[pick].code)) {
			pick = i
		}
	}
	return m.candidates[pick].code
}

// newsOrder lists languages by how common they are in news archives, most
// common first; it breaks ties Detect's other evidence leaves.
var newsOrder = map[string]int{"en": 1, "es": 2, "fr": 3, "de": 4, "pt": 5, "it": 6, "ru": 7, "tr": 8, "nl": 9, "sv": 10}

// commoner reports whether language a comes before b in newsOrder (then by
// code).
func commoner(a, b string) bool {
	ra, rb := newsOrder[a], newsOrder[b]
	if ra == 0 {
		ra = len(newsOrder) + 1
	}
	if rb == 0 {
		rb = len(newsOrder) + 1
	}
	if ra != rb {
		return ra < rb
	}
	return a < b
}

// whatlang asks whatlanggo for the best of the candidates in keep, and
// returns it when whatlanggo is at least min sure, else UndeterminedCode.
func (m *model) whatlang(text string, keep []bool, min float64) string {
	allow := map[whatlanggo.Lang]bool{}
	for i, c := range m.candidates {
		if keep[i] && c.hasWlang {
			allow[c.wlang] = true
		}
	}
	if len(allow) == 0 {
		return UndeterminedCode
	}
	info := whatlanggo.DetectWithOptions(truncate(text, maxTrigramBytes), whatlanggo.Options{Whitelist: allow})
	if info.Lang < 0 || info.Confidence < min {
		return UndeterminedCode
	}
	if len(allow) == 1 {
		// whatlanggo is sure of a language it had no other to compare
		// with: ask again among all candidates, as in a text with one
		// word of a language.
		return m.whatlangOne(text, info.Lang, min)
	}
	return whatlangCodes()[info.Lang]
}

// whatlangOne returns the code of lang when whatlanggo, among every
// candidate, picks it at least min sure.
func (m *model) whatlangOne(text string, lang whatlanggo.Lang, min float64) string {
	info := whatlanggo.DetectWithOptions(truncate(text, maxTrigramBytes), whatlanggo.Options{Whitelist: m.latinAllow})
	if info.Lang != lang || info.Confidence < min {
		return UndeterminedCode
	}
	return whatlangCodes()[lang]
}

// trigrams asks whatlanggo for the best registered language (of among,
// when set); fallback is returned (when registered) if it has no confident
// answer.
func (m *model) trigrams(text string, has func(string) string, among map[string]bool, fallback string) string {
	allow := m.allow
	if among != nil {
		allow = map[whatlanggo.Lang]bool{}
		for lang := range m.allow {
			if among[whatlangCodes()[lang]] {
				allow[lang] = true
			}
		}
	}
	if len(allow) > 0 {
		info := whatlanggo.DetectWithOptions(truncate(text, maxTrigramBytes), whatlanggo.Options{Whitelist: allow})
		if info.Lang >= 0 && info.Confidence >= MinConfidence {
			return has(whatlangCodes()[info.Lang])
		}
	}
	if fallback == "" {
		return UndeterminedCode
	}
	return has(fallback)
}

// truncate returns the first n bytes of text, cut at a rune boundary.
func truncate(text string, n int) string {
	if len(text) <= n {
		return text
	}
	for n > 0 && !utf8.RuneStart(text[n]) {
		n--
	}
	return text[:n]
}

// whatlangCodes maps every whatlanggo language to its ISO 639-1 code (or
// 639-3 where it has none). whatlanggo builds a map on every Iso6391 call, so
// this is computed once.
var whatlangCodes = sync.OnceValue(func() map[whatlanggo.Lang]string {
	out := make(map[whatlanggo.Lang]string, len(whatlanggo.Langs))
	for lang := range whatlanggo.Langs {
		code := lang.Iso6391()
		if code == "" {
			code = lang.Iso6393()
		}
		out[lang] = code
	}
	return out
})
