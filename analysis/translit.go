package analysis

import (
	"strings"
	"unicode"
)

// Transliterate spells Cyrillic and Hangul text in Latin letters, the
// fallback for names the gazetteer does not know: Cyrillic as English and
// German news write Russian names (Лавров → Lavrov, Lawrow; Шойгу →
// Shoigu, Schoigu), Hangul in Revised Romanization (평양 → pyeongyang).
// Hangul words come back twice, whole and with their syllables apart
// (김정은 → gimjeongeun, gim jeong eun), since Korean personal names are
// written as separate words in Latin text and place names as one. It
// returns nothing for text with neither script; other letters are kept.
// Spellings are approximate: search them with some edit tolerance.
func Transliterate(text string) []string {
	var cyr, han bool
	for _, r := range text {
		cyr = cyr || unicode.Is(unicode.Cyrillic, r)
		han = han || isHangulSyllable(r)
	}
	var out []string
	add := func(s string) {
		s = strings.Join(strings.Fields(s), " ")
		for _, o := range out {
			if o == s {
				return
			}
		}
		if s != "" {
			out = append(out, s)
		}
	}
	if cyr {
		add(cyrillicToLatin(text, cyrillicEnglish, "аеёиоуыэюяіїє"))
		add(cyrillicToLatin(text, cyrillicGerman, "аоуыэ"))
	}
	if han {
		add(romanize(text, false))
		add(romanize(text, true))
	}
	return out
}

// cyrillicEnglish follows BGN/PCGN as English-language news use it; й is
// "i" after a vowel (Sergei, Shoigu) and "y" elsewhere.
var cyrillicEnglish = map[rune]string{
	'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d", 'е': "e", 'ё': "yo", 'ж': "zh", 'з': "z", 'и': "i",
	'й': "y", 'к': "k", 'л': "l", 'м': "m", 'н': "n", 'о': "o", 'п': "p", 'р': "r", 'с': "s", 'т': "t",
	'у': "u", 'ф': "f", 'х': "kh", 'ц': "ts", 'ч': "ch", 'ш': "sh", 'щ': "shch", 'ъ': "", 'ы': "y", 'ь': "",
	'э': "e", 'ю': "yu", 'я': "ya", 'і': "i", 'ї': "yi", 'є': "ye", 'ґ': "g",
}

// cyrillicGerman follows the Duden transliteration of German newspapers:
// Lawrow, Chruschtschow, Sergej; й is "i" after a, o, u (Schoigu, Nikolai).
var cyrillicGerman = map[rune]string{
	'а': "a", 'б': "b", 'в': "w", 'г': "g", 'д': "d", 'е': "e", 'ё': "jo", 'ж': "sch", 'з': "s", 'и': "i",
	'й': "j", 'к': "k", 'л': "l", 'м': "m", 'н': "n", 'о': "o", 'п': "p", 'р': "r", 'с': "s", 'т': "t",
	'у': "u", 'ф': "f", 'х': "ch", 'ц': "z", 'ч': "tsch", 'ш': "sch", 'щ': "schtsch", 'ъ': "", 'ы': "y", 'ь': "",
	'э': "e", 'ю': "ju", 'я': "ja", 'і': "i", 'ї': "ji", 'є': "je", 'ґ': "g",
}

// cyrillicToLatin spells text with table, й as "i" after the vowels in
// iVowels.
func cyrillicToLatin(text string, table map[rune]string, iVowels string) string {
	var b strings.Builder
	prevVowel := false
	for _, r := range text {
		lower := unicode.ToLower(r)
		latin, ok := table[lower]
		if !ok {
			b.WriteRune(r)
			prevVowel = false
			continue
		}
		if lower == 'й' && prevVowel {
			latin = "i"
		}
		if r != lower && latin != "" { // keep the capital
			latin = strings.ToUpper(latin[:1]) + latin[1:]
		}
		b.WriteString(latin)
		prevVowel = strings.ContainsRune(iVowels, lower)
	}
	return b.String()
}

// Revised Romanization of the jamo of a Hangul syllable: initial, medial
// and final consonant, in Unicode's order.
var (
	rrInitial = []string{"g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p", "h"}
	rrMedial  = []string{"a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we", "wi", "yu", "eu", "ui", "i"}
	rrFinal   = []string{"", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p", "t", "t", "ng", "t", "t", "k", "t", "p", "t"}
)

func isHangulSyllable(r rune) bool { return r >= 0xAC00 && r <= 0xD7A3 }

// romanize spells the Hangul syllables of text in Revised Romanization,
// syllable by syllable (without the sound changes between syllables), with
// a space between syllables when apart is set. Other runes are kept.
func romanize(text string, apart bool) string {
	var b strings.Builder
	prevSyllable := false
	for _, r := range text {
		if !isHangulSyllable(r) {
			b.WriteRune(r)
			prevSyllable = false
			continue
		}
		if apart && prevSyllable {
			b.WriteByte(' ')
		}
		n := int(r - 0xAC00)
		b.WriteString(rrInitial[n/(21*28)])
		b.WriteString(rrMedial[n%(21*28)/28])
		b.WriteString(rrFinal[n%28])
		prevSyllable = true
	}
	return b.String()
}
