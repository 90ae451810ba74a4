package analysis

import (
	bleveanalysis "github.com/blevesearch/bleve/v2/analysis"
	unicodetok "github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
)

// asciiWords is Bleve's "unicode" tokenizer (Unicode word boundaries,
// UAX #29, through blevesearch/segment) with a fast path for input that is
// all ASCII, as most English news is: there the boundaries come from a few
// byte comparisons instead of the segmenter's state machine, which was a
// tenth of the indexing time. The tokens are the same, types and offsets
// included (TestASCIIWordsMatchesBleve, FuzzASCIIWords).
//
// For ASCII, UAX #29 as segment implements it keeps together letters,
// digits and underscores (the word characters), a letter-letter pair
// across one of : . ' and a digit-digit pair across one of , ; . '. A
// token is numeric when it holds a digit and no letter; everything that is
// not a word character is dropped.
type asciiWords struct {
	unicode bleveanalysis.Tokenizer
}

// fastWords returns an analyzer like a with Bleve's unicode tokenizer
// replaced by asciiWords; any other analyzer is returned as it is.
func fastWords(a bleveanalysis.Analyzer) bleveanalysis.Analyzer {
	d, ok := a.(*bleveanalysis.DefaultAnalyzer)
	if !ok {
		return a
	}
	if _, ok := d.Tokenizer.(*unicodetok.UnicodeTokenizer); !ok {
		return a
	}
	out := *d
	out.Tokenizer = asciiWords{unicode: d.Tokenizer}
	return &out
}

// Tokenize splits input into words.
func (t asciiWords) Tokenize(input []byte) bleveanalysis.TokenStream {
	for _, b := range input {
		if b >= 0x80 {
			return t.unicode.Tokenize(input)
		}
	}
	// One token per six bytes is about what English news holds.
	tokens := make([]bleveanalysis.Token, 0, len(input)/6+1)
	for i := 0; i < len(input); {
		if wordClass[input[i]]&word == 0 {
			i++
			continue
		}
		start := i
		letter, digit := false, false
		for i < len(input) {
			c := wordClass[input[i]]
			if c&word != 0 {
				letter = letter || c == letterClass
				digit = digit || c == digitClass
				i++
				continue
			}
			if i+1 < len(input) && i > start {
				prev, next := wordClass[input[i-1]], wordClass[input[i+1]]
				if (prev == letterClass && next == letterClass && c&midLetter != 0) ||
					(prev == digitClass && next == digitClass && c&midNum != 0) {
					i += 2
					continue
				}
			}
			break
		}
		typ := bleveanalysis.AlphaNumeric
		if digit && !letter {
			typ = bleveanalysis.Numeric
		}
		tokens = append(tokens, bleveanalysis.Token{
			Term:     input[start:i],
			Start:    start,
			End:      i,
			Position: len(tokens) + 1,
			Type:     typ,
		})
	}
	out := make(bleveanalysis.TokenStream, len(tokens))
	for i := range tokens {
		out[i] = &tokens[i]
	}
	return out
}

// The classes of ASCII bytes in UAX #29 word boundaries.
const (
	word        = 1 << iota // letters, digits, underscore
	midLetter               // joins two letters: : . '
	midNum                  // joins two digits: , ; . '
	letterClass = word | 1<<4
	digitClass  = word | 1<<5
)

var wordClass = func() (t [128]uint8) {
	for c := 'a'; c <= 'z'; c++ {
		t[c], t[c-'a'+'A'] = letterClass, letterClass
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = digitClass
	}
	t['_'] = word
	t[':'] = midLetter
	t['.'] = midLetter | midNum
	t['\''] = midLetter | midNum
	t[','] = midNum
	t[';'] = midNum
	return t
}()
