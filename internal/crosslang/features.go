package crosslang

import (
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/newsindex/newsindex/analysis"
)

// The kinds of feature, the prefix of each feature term.
const (
	KindNumber  = "n:" // a number: n:1953, n:3.5, n:1300000000
	KindDate    = "d:" // a day of a month: d:03-19
	KindEntity  = "e:" // a gazetteer entity: e:kim-jong-un
	KindName    = "k:" // the sound skeleton of a name: k:KRSK (Kursk, Курск, 库尔斯克)
	KindRun     = "r:" // the skeleton of a run of capitalised words: r:KMSNK (Kim Hui Jung)
	KindCognate = "c:" // the first letters of a long word: c:coope
)

// config says which features to extract; the tests try others.
type config struct {
	numbers, numberWords, dates, entities, names, runs, cognates, han, arabic bool
	// midSentence takes names only from capitalised words that do not
	// start a sentence.
	midSentence bool
	// minName is the fewest sound classes of a name key.
	minName int
	// cognateLen is the length of a cognate prefix, cognateMin the fewest
	// letters a word needs to give one.
	cognateLen, cognateMin int
	// max is the most features of an article.
	max int
	// arabicMinName is minName for Arabic words; arabicVowels the fewest
	// long vowels (alif, waw, ya) a word needs to be taken as a name;
	// arabicNative drops words with letters foreign names are not spelled
	// with.
	arabicMinName, arabicVowels int
	arabicNative               bool
	// coda adds the skeleton that keeps a coda l or r as well.
	coda bool
	// acronyms adds words in capitals as they are: k:nfl.
	acronyms bool
	// prefix adds the first prefix classes of longer skeletons (kp:).
	prefix int
}

var defaults = config{
	numbers: true, numberWords: true, dates: true, entities: true, names: true, runs: true, cognates: true,
	han: true, arabic: true,
	minName: 3, cognateLen: 5, cognateMin: 5, max: 400, arabicMinName: 3,
}

// Features returns the language-independent feature terms of an article:
// title and body in the language with the given code (an
// [analysis.Detect] code; it picks the number words), and the entities of
// g (nil for none). The terms are sorted and distinct.
func Features(title, body, lang string, g *analysis.Gazetteer) []string {
	return defaults.features(title, body, lang, g)
}

func (c *config) features(title, body, lang string, g *analysis.Gazetteer) []string {
	e := extractor{cfg: c, lang: lang, seen: make(map[string]struct{}, 128), numberWords: numberWords[lang]}
	if c.entities && g != nil {
		for _, id := range g.Find(title + "\n" + body) {
			e.add(KindEntity, id)
		}
	}
	e.scan(title)
	e.scan(body)
	sort.Strings(e.out)
	return e.out
}

// extractor collects the features of one article.
type extractor struct {
	cfg         *config
	lang        string
	numberWords map[string]int
	out         []string
	seen        map[string]struct{}
	key         []byte // the term being built
	lat         []byte // a word in Latin letters
	skel        []byte // a skeleton

	tok           int     // counts words and numbers
	numTok        int     // the token of the last number
	numVal        float64 // its value
	sumScale      float64 // after "8 mil", the scale a following "600" is added under
	sumTok        int
	month         int // the last month named
	monthTok      int
	run           []byte // the skeletons of a run of capitalised words
	runWords      int
	sentenceStart bool
}

// add adds the feature kind+value once, while there is room.
func (e *extractor) add(kind, value string) {
	e.key = append(append(e.key[:0], kind...), value...)
	e.addKey()
}

func (e *extractor) addBytes(kind string, value []byte) {
	e.key = append(append(e.key[:0], kind...), value...)
	e.addKey()
}

func (e *extractor) addKey() {
	if len(e.out) >= e.cfg.max {
		return
	}
	if _, ok := e.seen[string(e.key)]; ok {
		return
	}
	k := string(e.key)
	e.seen[k] = struct{}{}
	e.out = append(e.out, k)
}

type script uint8

const (
	scriptOther script = iota
	scriptLatin
	scriptCyrillic
	scriptGreek
	scriptArabic
	scriptHan
)

func scriptOf(r rune) script {
	switch {
	case r < 0x80:
		if 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' {
			return scriptLatin
		}
		return scriptOther
	case r < 0x250:
		if unicode.IsLetter(r) {
			return scriptLatin
		}
		return scriptOther
	case r >= 0x1E00 && r <= 0x1EFF:
		return scriptLatin
	case r >= 0x370 && r <= 0x3FF, r >= 0x1F00 && r <= 0x1FFF:
		return scriptGreek
	case r >= 0x400 && r <= 0x52F:
		return scriptCyrillic
	case r >= 0x600 && r <= 0x6FF && !(r >= 0x660 && r <= 0x669) && !(r >= 0x6F0 && r <= 0x6F9), r >= 0x750 && r <= 0x77F:
		if r == 0x60C || r == 0x61B || r == 0x61F || r == 0x66A || r == 0x66B || r == 0x66C || r == 0x6D4 {
			return scriptOther // Arabic comma, semicolon, question mark, percent, separators, full stop
		}
		return scriptArabic
	case r >= 0x4E00 && r <= 0x9FFF, r >= 0x3400 && r <= 0x4DBF, r >= 0xF900 && r <= 0xFAFF:
		return scriptHan
	}
	if unicode.IsLetter(r) {
		return scriptOther
	}
	return scriptOther
}

// digitValue is the value of a decimal digit of any of the scripts
// numbers are written in (ASCII, Arabic-Indic, Persian, full width), or -1.
func digitValue(r rune) int {
	switch {
	case '0' <= r && r <= '9':
		return int(r - '0')
	case 0x660 <= r && r <= 0x669:
		return int(r - 0x660)
	case 0x6F0 <= r && r <= 0x6F9:
		return int(r - 0x6F0)
	case 0xFF10 <= r && r <= 0xFF19:
		return int(r - 0xFF10)
	}
	return -1
}

// scan extracts the features of a text.
func (e *extractor) scan(text string) {
	e.sentenceStart = true
	for i := 0; i < len(text); {
		r, size := rune(text[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(text[i:])
		}
		if digitValue(r) >= 0 {
			i = e.number(text, i)
			continue
		}
		if s := scriptOf(r); s != scriptOther {
			j := i + size
			for j < len(text) {
				r2, size2 := rune(text[j]), 1
				if r2 >= utf8.RuneSelf {
					r2, size2 = utf8.DecodeRuneInString(text[j:])
				}
				if s2 := scriptOf(r2); s2 != s && !(r2 >= utf8.RuneSelf && unicode.Is(unicode.Mn, r2)) {
					break
				}
				j += size2
			}
			e.word(text[i:j], s)
			i = j
			continue
		}
		e.punct(r)
		i += size
	}
	e.flushRun()
}

// punct handles a rune between words.
func (e *extractor) punct(r rune) {
	switch r {
	case ' ', '-', '\u00a0', '\u2010', '\u2011':
		return // a run of capitalised words goes on
	case '.', '!', '?', '\n', '。', '！', '？', '؟', '۔':
		e.sentenceStart = true
	}
	if unicode.IsLetter(r) {
		e.tok++ // a word of another script
	}
	e.flushRun()
}

// number reads the number at text[i:] and returns where it ends. Groups of
// three digits after a comma, a full stop, an apostrophe or a space are
// thousands (1,953 1.953 1 953 1'953 are 1953); other digits after a comma
// or a full stop are decimals (3.5 and 3,5 are 3.5).
func (e *extractor) number(text string, i int) int {
	var intPart, frac []byte
	j := readDigits(text, i, &intPart)
	first := len(intPart)
	for j < len(text) {
		sep, size := utf8.DecodeRuneInString(text[j:])
		var group []byte
		k := readDigits(text, j+size, &group)
		if k == j+size { // no digit after the separator
			break
		}
		isSpace := sep == ' ' || sep == '\u00a0' || sep == '\u202f' || sep == '\u2009'
		thousands := len(group) == 3 && (sep == ',' || sep == '.' || sep == '\'' || sep == '٬' || isSpace && first <= 3)
		if thousands {
			intPart = append(intPart, group...)
			j = k
			continue
		}
		if (sep == ',' || sep == '.' || sep == '٫') && frac == nil && len(intPart) == first {
			frac = group
			j = k
		}
		break
	}
	for len(intPart) > 1 && intPart[0] == '0' {
		intPart = intPart[1:]
	}
	for len(frac) > 0 && frac[len(frac)-1] == '0' {
		frac = frac[:len(frac)-1]
	}
	value := string(intPart)
	if len(frac) > 0 {
		value += "." + string(frac)
	}
	v, _ := strconv.ParseFloat(value, 64)
	e.tok++
	if e.sumScale > 0 && e.sumTok == e.tok-1 && v < e.sumScale && len(frac) == 0 {
		e.emitNumber(e.numVal + v)
	}
	e.sumScale = 0
	e.emitNumberString(value)
	e.numTok, e.numVal = e.tok, v
	if e.month > 0 && e.tok-e.monthTok <= 2 {
		e.date(e.month, v)
	}
	e.sentenceStart = false
	e.flushRun()
	return j
}

// readDigits appends the ASCII digits of the digits at text[i:] to dst and
// returns where they end.
func readDigits(text string, i int, dst *[]byte) int {
	for i < len(text) {
		r, size := rune(text[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(text[i:])
		}
		d := digitValue(r)
		if d < 0 {
			break
		}
		*dst = append(*dst, byte('0'+d))
		i += size
	}
	return i
}

func (e *extractor) emitNumberString(v string) {
	if e.cfg.numbers {
		e.add(KindNumber, v)
	}
}

func (e *extractor) emitNumber(v float64) {
	if v <= 0 || v >= 1e15 || v != math.Trunc(v) {
		if v > 0 && v < 1e15 {
			e.emitNumberString(strconv.FormatFloat(v, 'f', -1, 64))
		}
		return
	}
	e.emitNumberString(strconv.FormatInt(int64(v), 10))
}

// scale multiplies the number just read by 10^p (2.5 million).
func (e *extractor) scale(p int) {
	if e.numTok != e.tok-1 || e.numVal <= 0 {
		return
	}
	v := e.numVal * math.Pow(10, float64(p))
	e.emitNumber(v)
	e.numTok, e.numVal = e.tok, v
	e.sumScale, e.sumTok = math.Pow(10, float64(p)), e.tok
}

// sawMonth notes a month name, and the date when a day was just before.
func (e *extractor) sawMonth(m int) {
	if e.numTok >= e.tok-2 && e.numTok > 0 && e.date(m, e.numVal) {
		return
	}
	e.month, e.monthTok = m, e.tok
}

func (e *extractor) date(m int, day float64) bool {
	if day < 1 || day > 31 || day != math.Trunc(day) {
		return false
	}
	e.month = 0
	if !e.cfg.dates {
		return true
	}
	d := int(day)
	e.key = append(e.key[:0], KindDate...)
	e.key = append(e.key, byte('0'+m/10), byte('0'+m%10), '-', byte('0'+d/10), byte('0'+d%10))
	e.addKey()
	return true
}

// word handles a word of one script.
func (e *extractor) word(w string, s script) {
	e.tok++
	start := e.sentenceStart
	e.sentenceStart = false
	switch s {
	case scriptLatin:
		first, _ := utf8.DecodeRuneInString(w)
		e.lat = foldLatin(e.lat[:0], w)
		e.latinWord(string(e.lat), unicode.IsUpper(first), isAllCaps(w), start)
	case scriptCyrillic, scriptGreek:
		first, _ := utf8.DecodeRuneInString(w)
		lower := strings.ToLower(w)
		table := cyrillicLatin
		if s == scriptGreek {
			lower = foldGreek(lower)
			table = greekLatin
		} else {
			lower = strings.ReplaceAll(lower, "ё", "е")
			if m := russianMonth(lower); m > 0 {
				e.sawMonth(m)
			}
			if p, ok := scales[lower]; ok {
				e.scale(p)
			}
			if n, ok := numberWords["ru"][lower]; ok && e.cfg.numberWords {
				e.emitNumber(float64(n))
				e.numTok, e.numVal = e.tok, float64(n)
			}
		}
		e.lat = e.lat[:0]
		for _, r := range lower {
			e.lat = append(e.lat, table[r]...)
		}
		e.nameOrCognate(unicode.IsUpper(first), false, start)
	case scriptArabic:
		e.arabicWord(w)
	case scriptHan:
		e.hanRun(w)
	default:
		e.flushRun()
	}
}

// latinWord handles a folded Latin word.
func (e *extractor) latinWord(w string, capital, allCaps, start bool) {
	if m, ok := months[w]; ok {
		e.sawMonth(m)
	}
	if p, ok := scales[w]; ok {
		e.scale(p)
	}
	if n, ok := e.numberWords[w]; ok && e.cfg.numberWords {
		e.emitNumber(float64(n))
		e.numTok, e.numVal = e.tok, float64(n)
	}
	e.nameOrCognate(capital, allCaps, start)
}

// isAllCaps reports whether a word of two letters or more has no lower-case
// letter.
func isAllCaps(w string) bool {
	if len(w) < 2 {
		return false
	}
	for _, r := range w {
		if unicode.IsLower(r) {
			return false
		}
	}
	return true
}

// nameOrCognate adds the name key of the word in e.lat when it is
// capitalised, and its cognate prefix when it is long.
func (e *extractor) nameOrCognate(capital, allCaps, start bool) {
	w := e.lat
	if capital && len(w) >= 2 {
		if e.cfg.acronyms && allCaps && len(w) <= 6 {
			e.addBytes(KindName, w)
		}
		e.skel = skeleton(e.skel[:0], w)
		if e.cfg.names && len(e.skel) >= e.cfg.minName && !(e.cfg.midSentence && start) {
			e.addBytes(KindName, e.skel)
			if e.cfg.prefix > 0 && len(e.skel) > e.cfg.prefix {
				e.addBytes("kp:", e.skel[:e.cfg.prefix])
			}
			if e.cfg.coda {
				n := len(e.skel)
				e.skel = skeletonCoda(e.skel, w, true)
				if string(e.skel[n:]) != string(e.skel[:n]) {
					e.addBytes(KindName, e.skel[n:])
				}
				e.skel = e.skel[:n]
			}
		}
		e.run = append(e.run, e.skel...)
		e.runWords++
	} else {
		e.flushRun()
	}
	if e.cfg.cognates && len(w) >= e.cfg.cognateMin {
		e.skel = cognate(e.skel[:0], w, e.cfg.cognateLen)
		e.addBytes(KindCognate, e.skel)
	}
}

// flushRun ends a run of capitalised words, adding its key when it has
// two words or more.
func (e *extractor) flushRun() {
	if e.runWords >= 2 && e.cfg.runs && len(e.run) >= e.cfg.minName && e.runWords <= 5 {
		e.addBytes(KindRun, e.run)
	}
	e.run, e.runWords = e.run[:0], 0
}

// cognate appends the first n letters of a folded word, spelled alike
// across the languages that share the word (k as c, ph as f, th as t, y as
// i): cooperation, cooperación, Kooperation are c:coope.
func cognate(dst, w []byte, n int) []byte {
	start := len(dst)
	for i := 0; i < len(w) && len(dst)-start < n; i++ {
		c := w[i]
		switch {
		case (c == 'p' || c == 't') && i+1 < len(w) && w[i+1] == 'h':
			if c == 'p' {
				c = 'f'
			}
			i++
		case c == 'k':
			c = 'c'
		case c == 'y':
			c = 'i'
		}
		dst = append(dst, c)
	}
	return dst
}

// foldLatin appends w in lower-case ASCII letters.
func foldLatin(dst []byte, w string) []byte {
	t := foldTable()
	for _, r := range w {
		switch {
		case 'A' <= r && r <= 'Z':
			dst = append(dst, byte(r+'a'-'A'))
		case r < 0x80:
			dst = append(dst, byte(r))
		case r < 0x250:
			dst = append(dst, t[r-0x80]...)
		case r >= 0x1E00 && r <= 0x1EFF: // Vietnamese and other precomposed letters
			dst = append(dst, foldExtended()[r-0x1E00]...)
		}
	}
	return dst
}

// foldGreek drops the accents of lower-case Greek.
func foldGreek(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.Is(unicode.Mn, r) {
			return -1
		}
		return r
	}, s)
}

// arabicWord handles a word in the Arabic script: months, scales, and the
// name key of every word (the script has no capitals), with the article
// al- and a one-letter proclitic (wa-, bi-, li-, fa-, ka-) taken off.
func (e *extractor) arabicWord(w string) {
	e.flushRun()
	var b strings.Builder
	for _, r := range w {
		if !isArabicMark(r) {
			b.WriteRune(r)
		}
	}
	plain := b.String()
	if m, ok := months[plain]; ok {
		e.sawMonth(m)
	}
	if p, ok := scales[plain]; ok {
		e.scale(p)
	}
	if !e.cfg.arabic || !e.cfg.names {
		return
	}
	rs := []rune(plain)
	for _, prefix := range []string{"وال", "بال", "فال", "كال", "لل", "ال"} {
		p := []rune(prefix)
		if len(rs) >= len(p)+3 && string(rs[:len(p)]) == prefix {
			rs = rs[len(p):]
			break
		}
	}
	vowels := 0
	for _, r := range rs {
		switch r {
		case 'ا', 'و', 'ي', 'ى', 'أ', 'إ', 'آ':
			vowels++
		case 'ع', 'ح', 'ض', 'ظ', 'ث', 'ذ':
			if e.cfg.arabicNative {
				return
			}
		}
	}
	if vowels < e.cfg.arabicVowels {
		return
	}
	e.arabicKey(rs)
	if len(rs) >= 4 && strings.ContainsRune("وبلفك", rs[0]) {
		e.arabicKey(rs[1:])
	}
}

func (e *extractor) arabicKey(rs []rune) {
	e.lat = e.lat[:0]
	for _, r := range rs {
		e.lat = append(e.lat, arabicLatin[r]...)
	}
	e.skel = skeleton(e.skel[:0], e.lat)
	if len(e.skel) >= e.cfg.arabicMinName {
		e.addBytes(KindName, e.skel)
		if e.cfg.prefix > 0 && len(e.skel) > e.cfg.prefix {
			e.addBytes("kp:", e.skel[:e.cfg.prefix])
		}
	}
	if e.cfg.coda {
		e.skel = skeletonCoda(e.skel[:0], e.lat, true)
		if len(e.skel) >= e.cfg.arabicMinName {
			e.addBytes(KindName, e.skel)
		}
	}
}

// hanNumerals are the values of the Chinese numerals; the powers of ten
// are negative.
var hanNumerals = map[rune]int{
	'零': 0, '〇': 0, '一': 1, '二': 2, '两': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9,
	'十': -1, '百': -2, '千': -3, '万': -4, '亿': -8,
}

// hanRun handles a run of Han characters: numerals (四 is 4, 第四十九 49),
// dates (3月19日, 三月十九日), scales after a number (13亿), and the name
// keys of runs of the characters foreign names are spelled with.
func (e *extractor) hanRun(w string) {
	e.flushRun()
	rs := []rune(w)
	// A scale or a month right after a number: 13亿, 3月.
	if len(rs) > 0 && e.numTok == e.tok-1 {
		switch rs[0] {
		case '万':
			e.scale(4)
		case '亿':
			e.scale(8)
		case '千':
			e.scale(3)
		case '月':
			if e.numVal >= 1 && e.numVal <= 12 {
				e.month, e.monthTok = int(e.numVal), e.tok
			}
		}
	}
	classes := hanClasses()
	e.skel = e.skel[:0]
	chars := 0
	flushName := func() {
		if e.cfg.han && e.cfg.names && chars >= 2 && len(e.skel) >= e.cfg.minName {
			e.addBytes(KindName, e.skel)
			if e.cfg.prefix > 0 && len(e.skel) > e.cfg.prefix {
				e.addBytes("kp:", e.skel[:e.cfg.prefix])
			}
		}
		e.skel, chars = e.skel[:0], 0
	}
	for i := 0; i < len(rs); {
		if _, ok := hanNumerals[rs[i]]; ok {
			flushName()
			j := i
			for j < len(rs) {
				if _, ok := hanNumerals[rs[j]]; !ok {
					break
				}
				j++
			}
			v := hanValue(rs[i:j])
			switch {
			case j < len(rs) && rs[j] == '月' && v >= 1 && v <= 12:
				e.month, e.monthTok = v, e.tok
			case j < len(rs) && (rs[j] == '日' || rs[j] == '号') && e.month > 0:
				e.date(e.month, float64(v))
			case v >= 2 && e.cfg.numberWords:
				e.emitNumber(float64(v))
			}
			i = j
			continue
		}
		if c, ok := classes[rs[i]]; ok {
			e.skel = append(e.skel, c...)
			chars++
		} else {
			flushName()
		}
		i++
	}
	flushName()
}

// hanValue is the value of a run of Chinese numerals: 四十九 is 49, 两千 2000.
func hanValue(rs []rune) int {
	total, section, num := 0, 0, 0
	for _, r := range rs {
		v := hanNumerals[r]
		switch {
		case v >= 0:
			num = num*10 + v // 二〇一二 is 2012
			if num > 1e12 {
				return 0
			}
		case v == -4 || v == -8:
			total = (total + section + num) * int(math.Pow10(-v))
			section, num = 0, 0
		default:
			if num == 0 {
				num = 1
			}
			section += num * int(math.Pow10(-v))
			num = 0
		}
	}
	return total + section + num
}
