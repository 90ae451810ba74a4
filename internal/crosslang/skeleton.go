package crosslang

import (
	"sync"

	"github.com/blevesearch/bleve/v2/analysis/char/asciifolding"
)

// The sound classes of a skeleton: the consonants that the spellings of one
// name in different languages and scripts keep, merged where
// transliteration confuses them (b/p, f/v, d/t, g/k/q, every sibilant and
// affricate, l/r).
const (
	clsP = 'P' // b p
	clsF = 'F' // f v ph
	clsT = 'T' // d t th
	clsK = 'K' // c (hard) g k q kh ck
	clsS = 'S' // c (soft) s z j ch sh zh ts tz sch tsch
	clsR = 'R' // l r
	clsM = 'M' // m
	clsN = 'N' // n ng
)

// foldTable holds the lower-case ASCII spelling of the Latin letters from
// U+0080 to U+024F (é → e, ß → ss, ı → i, ł → l), from Bleve's asciifolding.
var foldTable = sync.OnceValue(func() *[0x250 - 0x80]string {
	var t [0x250 - 0x80]string
	fillFold(t[:], 0x80)
	return &t
})

// foldExtended is foldTable for U+1E00 to U+1EFF (Vietnamese ạ ế ữ).
var foldExtended = sync.OnceValue(func() *[0x100]string {
	var t [0x100]string
	fillFold(t[:], 0x1E00)
	return &t
})

// fillFold fills t with the folded letters from the rune base on.
func fillFold(t []string, base rune) {
	f := asciifolding.New()
	for i := range t {
		b := f.Filter([]byte(string(base + rune(i))))
		out := make([]byte, 0, len(b))
		for _, c := range b {
			switch {
			case 'A' <= c && c <= 'Z':
				out = append(out, c+'a'-'A')
			case 'a' <= c && c <= 'z':
				out = append(out, c)
			}
		}
		t[i] = string(out)
	}
}

// isVowel reports whether a byte of a folded Latin word is one that
// skeletons drop: the vowels, and the glides and h, which transliterations
// write, drop or double at will (Warszawa/Varsovia, Hui/Hwi, Shoigu).
func isVowel(c byte) bool {
	switch c {
	case 'a', 'e', 'i', 'o', 'u', 'y', 'w', 'h':
		return true
	}
	return false
}

// skeleton appends to dst the sound classes of w, a word in lower-case
// ASCII letters (a folded Latin word or a transliteration): vowels dropped,
// consonants by class, an l or r before a consonant or at the end dropped
// (Chinese and Arabic spellings of English names drop them: Short 肖特,
// Kursk 库尔斯克, Carter كارتر), and a class repeated without a vowel
// between written once (Schiller, Haddad).
func skeleton(dst []byte, w []byte) []byte {
	last := byte(0) // the class written last, 0 after a vowel
	emit := func(c byte) {
		if c != last {
			dst = append(dst, c)
		}
		last = c
	}
	at := func(i int) byte {
		if i < len(w) {
			return w[i]
		}
		return 0
	}
	for i := 0; i < len(w); {
		c := w[i]
		next := at(i + 1)
		switch {
		case c == 't' && next == 's' && at(i+2) == 'c' && at(i+3) == 'h':
			emit(clsS)
			i += 4
			continue
		case c == 's' && next == 'c' && at(i+2) == 'h':
			emit(clsS)
			i += 3
			continue
		case next == 'h' && (c == 'c' || c == 's' || c == 'z'):
			emit(clsS)
			i += 2
			continue
		case next == 'h' && (c == 'k' || c == 'g'):
			emit(clsK)
			i += 2
			continue
		case next == 'h' && (c == 't' || c == 'd'):
			emit(clsT)
			i += 2
			continue
		case next == 'h' && c == 'p':
			emit(clsF)
			i += 2
			continue
		case (c == 't' || c == 'd') && (next == 's' || next == 'z'):
			emit(clsS)
			i += 2
			continue
		case c == 'c' && next == 'k', c == 'q' && next == 'u':
			emit(clsK)
			i += 2
			continue
		case c == 'n' && next == 'g' && (i+2 == len(w) || !isVowel(at(i+2))):
			emit(clsN)
			i += 2
			continue
		}
		switch c {
		case 'b', 'p':
			emit(clsP)
		case 'f', 'v':
			emit(clsF)
		case 'd', 't':
			emit(clsT)
		case 'g', 'k', 'q':
			emit(clsK)
		case 'c':
			if next == 'e' || next == 'i' || next == 'y' {
				emit(clsS)
			} else {
				emit(clsK)
			}
		case 'x':
			emit(clsK)
			emit(clsS)
		case 's', 'z', 'j':
			emit(clsS)
		case 'l', 'r':
			// Dropped before a consonant or at the end (a coda), kept
			// before a vowel; a double ll, rr counts as one.
			j := i + 1
			for j < len(w) && (w[j] == 'l' || w[j] == 'r') {
				j++
			}
			if j < len(w) && isVowel(w[j]) {
				emit(clsR)
			} else {
				last = 0
			}
			i = j
			continue
		case 'm':
			emit(clsM)
		case 'n':
			emit(clsN)
		default: // vowels, glides, h, and anything else
			last = 0
		}
		i++
	}
	return dst
}
