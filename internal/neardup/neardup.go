// Package neardup finds texts that are mostly the same: reprints with edits,
// an item filed again under another outlet, boilerplate around one story.
//
// A text is the set of its shingles, the runs of Shingle words (each Han or
// Kana character is a word: those scripts have no spaces); two texts are as
// alike as the share of shingles they have in common. A Signature of
// Hashes minimum hashes estimates that share (Broder's MinHash), and its
// Bands, Rows hashes each, are the terms an index keeps: two texts that
// share a band term are candidates, which Resemblance then measures
// exactly. With 16 bands of 4 rows, texts sharing 80% of their shingles
// share a band with a probability of 0.9998, texts sharing half 0.64,
// texts sharing a fifth 0.03.
//
// The hashing is FNV-1a and splitmix64 with fixed seeds: signatures are the
// same in every process and release, as index terms must be.
package neardup

import (
	"hash/fnv"
	"math"
	"strconv"
	"unicode"
	"unicode/utf8"
)

const (
	// Shingle is the number of words of a shingle.
	Shingle = 4
	// Bands and Rows shape the signature: Bands terms of Rows hashes each.
	Bands = 16
	Rows  = 4
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
	if len(words) == 0 {
		return out
	}
	n := min(Shingle, len(words))
	h := fnv.New64a()
	for i := 0; i+n <= len(words); i++ {
		h.Reset()
		for _, w := range words[i : i+n] {
			h.Write([]byte(w))
			h.Write([]byte{0})
		}
		out[h.Sum64()] = struct{}{}
	}
	return out
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

// BandTerms are the index terms of a signature, one a band: the band's
// number and a hash of its rows, in hexadecimal ("0a3f9c…"). Texts of
// fewer than MinWords words have none.
func BandTerms(text string) []string {
	words := Words(text)
	if len(words) < MinWords {
		return nil
	}
	sig := Signature(Shingles(words))
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
		term := strconv.FormatUint(uint64(b), 16)
		if b < 16 {
			term = "0" + term
		}
		out[b] = term + strconv.FormatUint(h.Sum64()>>16, 16)
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
