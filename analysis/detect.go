package analysis

import (
	"sync"
	"unicode"

	"github.com/abadojack/whatlanggo"
)

// MinConfidence is the confidence below which [Detect] gives up on text in
// the Latin, Cyrillic or Arabic script and answers [UndeterminedCode].
// Trigram detection of a short headline is a guess; neutral analysis of a
// misdetected article still finds its names and rare words, wrong stemming
// does not.
const MinConfidence = 0.5

// minDetectLetters is the fewest letters [Detect] judges by.
const minDetectLetters = 3

// Detect returns the code of the registered language text is most likely in,
// or [UndeterminedCode]. The writing system decides first: Hangul is Korean,
// Kana is Japanese, Han without Kana is Chinese. Text in the Latin, Cyrillic
// and Arabic scripts goes to trigram detection (github.com/abadojack/whatlanggo)
// among the registered languages, which must reach [MinConfidence]; a
// Cyrillic or Arabic text it cannot place is Russian or Arabic when those are
// registered.
func Detect(text string) string {
	var latin, cyrillic, arabic, hangul, kana, han, letters int
	for _, r := range text {
		if !unicode.IsLetter(r) {
			continue
		}
		letters++
		switch {
		case unicode.Is(unicode.Latin, r):
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
	best, bestCount := "latin", latin
	for _, s := range []struct {
		name  string
		count int
	}{{"cyrillic", cyrillic}, {"arabic", arabic}, {"cjk", hangul + kana + han}} {
		if s.count > bestCount {
			best, bestCount = s.name, s.count
		}
	}
	switch best {
	case "cjk":
		switch {
		case hangul > 0 && hangul >= kana:
			return registered("ko")
		case kana > 0:
			return registered("ja")
		default:
			return registered("zh")
		}
	case "cyrillic":
		return trigrams(text, "ru")
	case "arabic":
		return trigrams(text, "ar")
	default:
		return trigrams(text, "")
	}
}

// registered returns code when it is registered, else UndeterminedCode.
func registered(code string) string {
	if _, ok := Lookup(code); ok {
		return code
	}
	return UndeterminedCode
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

// whitelist is the set of whatlanggo languages that are registered, cached
// for one version of the registry.
var whitelist struct {
	sync.Mutex
	version int
	allow   map[whatlanggo.Lang]bool
}

func allowed() map[whatlanggo.Lang]bool {
	v := registryVersion()
	whitelist.Lock()
	defer whitelist.Unlock()
	if whitelist.allow == nil || whitelist.version != v {
		allow := map[whatlanggo.Lang]bool{}
		for lang, code := range whatlangCodes() {
			if _, ok := Lookup(code); ok {
				allow[lang] = true
			}
		}
		whitelist.allow, whitelist.version = allow, v
	}
	return whitelist.allow
}

// trigrams asks whatlanggo for the best registered language; fallback is
// returned (when registered) if it has no confident answer.
func trigrams(text, fallback string) string {
	if allow := allowed(); len(allow) > 0 {
		info := whatlanggo.DetectWithOptions(text, whatlanggo.Options{Whitelist: allow})
		if info.Lang >= 0 && info.Confidence >= MinConfidence {
			return registered(whatlangCodes()[info.Lang])
		}
	}
	if fallback == "" {
		return UndeterminedCode
	}
	return registered(fallback)
}
