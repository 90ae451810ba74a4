// Package neardup finds texts that are mostly the same: reprints with edits,
// an item filed again under another outlet, boilerplate around one story.
//
// A text is the set of its shingles, the runs of Shingle words (each Han or
// Kana character is a word: those scripts have no spaces); two texts are as
// alike as the share of shingles they have in common. A Signature of
// Hashes minimum hashes estimates that share (Broder's MinHash), and its
// Bands, Rows hashes each, are the terms an index keeps: two texts that
// share a band term are candidates, which Resemblance then measures
// exactly. With 8 bands of 3 rows, texts sharing 80% of their shingles
// share a band with a probability of 0.997, texts sharing 70% 0.97, 60%
// 0.86, half 0.66, a fifth 0.06. (16 bands of 4 rows, 0.9998, 0.99, 0.89,
// 0.64 and 0.025, cost a quarter more indexing time and 13% more index on
// KCNA: every band term is all but unique, and Bleve's dictionaries grow
// with them. What the bands miss, the most similar articles, which
// Related reads as candidates too, find.)
//
// The hashing is FNV-1a and splitmix64 with fixed seeds: signatures are the
// same in every process and release, as index terms must be.
package neardup

import (
	"hash/fnv"
	"math"
	"unicode"
	"unicode/utf8"
)

const (
	// Shingle is the number of words of a shingle.
	Shingle = 4
	// Bands and Rows shape the signature: Bands terms of Rows hashes each.
	Bands = 8
	Rows  = 3
	// Hashes is the length of a signature.
	Hashes = Bands * Rows
	// MinWords is the fewest words a text needs for a signature: shorter
	// texts (a one-line item, a caption) say too little to tell a reprint
	// from another item on the same template.
	MinWords = 20
)

// seeds are the multipliers and offsets of the hash functions, odd and
// fixed.
var seeds = func() (s [Hashes][2]uint64) {
	x := uint64(0x6e657773696e6478) // "newsindx"
	next := func() uint64 {
		x += 0x9e3779b97f4a7c15
		z := x
		z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
		z = (z ^ (z >> 27)) * 0x94d049bb133111eb
		return z ^ (z >> 31)
	}
	for i := range s {
		s[i] = [2]uint64{next() | 1, next()}
	}
	return s
}()

// Words splits text into the lower-cased words shingles are made of:
// runs of letters and digits, each Han, Hiragana or Katakana character on
// its own.
func Words(text string) []string {
	var out []string
	start := -1
	flush := func(end int) {
		if start >= 0 {
			out = append(out, lower(text[start:end]))
			start = -1
		}
	}
	for i, r := range text {
		switch {
		case r < utf8.RuneSelf:
			if 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' {
				if start < 0 {
					start = i
				}
			} else {
				flush(i)
			}
		case r >= 0x3040 && (unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r)):
			flush(i)
			out = append(out, string(r))
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r):
			if start < 0 {
				start = i
			}
		default:
			flush(i)
		}
	}
	flush(len(text))
	return out
}

func lower(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= utf8.RuneSelf || 'A' <= c && c <= 'Z' {
			return toLower(s)
		}
	}
	return s
}

func toLower(s string) string {
	b := make([]rune, 0, len(s))
	for _, r := range s {
		b = append(b, unicode.ToLower(r))
	}
	return string(b)
}

// Shingles returns the hashes of the distinct shingles of a text's words.
func Shingles(words []string) map[uint64]struct{} {
	out := make(map[uint64]struct{}, len(words))
	var sh shingler
	for _, w := range words {
		h := uint64(fnvOffset)
		for i := 0; i < len(w); i++ {
			h = (h ^ uint64(w[i])) * fnvPrime
		}
		if x, ok := sh.add(h); ok {
			out[x] = struct{}{}
		}
	}
	if x, ok := sh.short(); ok {
		out[x] = struct{}{}
	}
	return out
}

// TextShingles is Shingles(Words(text)) and the number of words, read in
// one pass without making the words.
func TextShingles(text string) (map[uint64]struct{}, int) {
	out := make(map[uint64]struct{}, len(text)/6)
	n := eachShingle(text, func(x uint64) { out[x] = struct{}{} })
	return out, n
}

// FNV-1a, 64 bits.
const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

// shingler makes the hashes of the shingles of a sequence of word hashes:
// a polynomial of the Shingle last ones, mixed.
type shingler struct {
	last [Shingle]uint64
	n    int
}

const shingleBase = 0x9e3779b97f4a7c15

// add takes the next word's hash and returns the hash of the shingle it
// ends, if it ends one.
func (s *shingler) add(w uint64) (uint64, bool) {
	s.last[s.n%Shingle] = w
	s.n++
	if s.n < Shingle {
		return 0, false
	}
	return s.hash(Shingle), true
}

// short returns the one shingle of a text of fewer than Shingle words (of
// at least one).
func (s *shingler) short() (uint64, bool) {
	if s.n == 0 || s.n >= Shingle {
		return 0, false
	}
	return s.hash(s.n), true
}

// hash is the hash of the k last words.
func (s *shingler) hash(k int) uint64 {
	h := uint64(k)
	for i := s.n - k; i < s.n; i++ {
		h = h*shingleBase + s.last[i%Shingle]
	}
	return mix(h)
}

// mix is splitmix64's finaliser.
func mix(z uint64) uint64 {
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// eachShingle calls f with the hash of every shingle of the text's words
// (as [Words] makes them, repeats included) and returns the number of
// words.
func eachShingle(text string, f func(uint64)) int {
	var sh shingler
	h, in := uint64(fnvOffset), false
	var buf [utf8.UTFMax]byte
	end := func() {
		if in {
			if x, ok := sh.add(h); ok {
				f(x)
			}
			h, in = fnvOffset, false
		}
	}
	for _, r := range text {
		switch {
		case r < utf8.RuneSelf:
			c := byte(r)
			switch {
			case 'A' <= c && c <= 'Z':
				c += 'a' - 'A'
			case 'a' <= c && c <= 'z' || '0' <= c && c <= '9':
			default:
				end()
				continue
			}
			h, in = (h^uint64(c))*fnvPrime, true
		case r >= 0x3040 && (unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r)):
			end()
			for _, c := range utf8.AppendRune(buf[:0], r) {
				h = (h ^ uint64(c)) * fnvPrime
			}
			in = true
			end()
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r):
			for _, c := range utf8.AppendRune(buf[:0], unicode.ToLower(r)) {
				h = (h ^ uint64(c)) * fnvPrime
			}
			in = true
		default:
			end()
		}
	}
	end()
	if x, ok := sh.short(); ok {
		f(x)
	}
	return sh.n
}

// Signature is the MinHash signature of a set of shingles; nil for an
// empty set.
func Signature(shingles map[uint64]struct{}) []uint64 {
	if len(shingles) == 0 {
		return nil
	}
	sig := make([]uint64, Hashes)
	for i := range sig {
		sig[i] = math.MaxUint64
	}
	for x := range shingles {
		for i := range seeds {
			if v := x*seeds[i][0] + seeds[i][1]; v < sig[i] {
				sig[i] = v
			}
		}
	}
	return sig
}

const hexDigits = "0123456789abcdef"

// BandTerms are the index terms of a signature, one a band: the band's
// number and a hash of its rows, in hexadecimal ("3a3f9c…"). Texts of
// fewer than MinWords words have none.
func BandTerms(text string) []string {
	var sig [Hashes]uint64
	for i := range sig {
		sig[i] = math.MaxUint64
	}
	// Repeated shingles change no minimum: no set is needed.
	n := eachShingle(text, func(x uint64) {
		for i := range seeds {
			if v := x*seeds[i][0] + seeds[i][1]; v < sig[i] {
				sig[i] = v
			}
		}
	})
	if n < MinWords {
		return nil
	}
	return bandsOf(sig[:])
}

// bandsOf returns the band terms of a signature.
func bandsOf(sig []uint64) []string {
	out := make([]string, Bands)
	h := fnv.New64a()
	var buf [8]byte
	for b := range Bands {
		h.Reset()
		for _, v := range sig[b*Rows : (b+1)*Rows] {
			for i := range buf {
				buf[i] = byte(v >> (8 * i))
			}
			h.Write(buf[:])
		}
		// One hexadecimal digit of band, 40 bits of hash: among a million
		// texts, about one pair shares a band by chance, and every
		// candidate is measured anyway.
		var term [11]byte
		term[0] = hexDigits[b]
		for i, v := 1, h.Sum64()>>24; i < len(term); i++ {
			term[i] = hexDigits[v>>(4*(len(term)-1-i))&0xf]
		}
		out[b] = string(term[:])
	}
	return out
}

// Resemblance measures how much of two texts is the same, from their
// shingles: the share of the shingles of the shorter one that the other
// has (containment, so that a reprint with a header added, or one
// paragraph dropped, is still close to 1), and the share of all their
// shingles they have in common (Jaccard).
func Resemblance(a, b map[uint64]struct{}) (containment, jaccard float64) {
	if len(a) == 0 || len(b) == 0 {
		return 0, 0
	}
	if len(a) > len(b) {
		a, b = b, a
	}
	common := 0
	for x := range a {
		if _, ok := b[x]; ok {
			common++
		}
	}
	return float64(common) / float64(len(a)), float64(common) / float64(len(a)+len(b)-common)
}
