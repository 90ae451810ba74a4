package crosslang

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/newsindex/newsindex/analysis"
)

// The kinds of feature, the prefix of each feature term.
const (
	KindNumber  = "n:" // a number: n:1953, n:3.5, n:1300000000
	KindDate    = "d:" // a day of a month: d:03-19
	KindEntity  = "e:" // a gazetteer entity: e:kim-jong-un
	KindName    = "k:" // the sound skeleton of a name: k:KSK (Kursk, Курск, 库尔斯克)
	KindCognate = "c:" // the first letters of a long word: c:coope
	KindAcronym = "a:" // a word in capitals, as written: a:ipcc
)

// config says which features to extract; the tests try others.
type config struct {
	numbers, numberWords, dates, entities, names, cognates, han, arabic bool
	// minName is the fewest sound classes of a name key.
	minName int
	// cognateLen is the length of a cognate prefix, cognateMin the fewest
	// letters a word needs to give one.
	cognateLen, cognateMin int
	// max is the most features of an article.
	max int
	// acronyms adds the words in capitals of two to six letters.
	acronyms bool
	// arabicCommon leaves out frequent Arabic words.
	arabicCommon bool
	// weekdays reads weekdays and "el día 19" as days before the date of
	// the article.
	weekdays bool
}

var defaults = config{
	numbers: true, numberWords: true, dates: true, entities: true, names: true, cognates: true,
	han: true, arabic: true, arabicCommon: true, acronyms: true,
	minName: 3, cognateLen: 5, cognateMin: 5, max: MaxFeatures, weekdays: true,
}

// Features returns the language-independent feature terms of an article:
// its title and body, in the language with the given code (an
// [analysis.Detect] code: it picks the number words), published on date
// (weekdays and "el día 19" are read as the days before it; the zero time
// for none), with the entities that g finds in it (nil for none). The
// terms are distinct, at most [MaxFeatures], in a fixed order: the
// entities, then the others as the title and body give them. They are
// slices of one string, kept alive by any of them.
func Features(title, body, lang string, date time.Time, g *analysis.Gazetteer) []string {
	var entities []string
	if g != nil {
		entities = g.Find(title + "\n" + body)
	}
	return defaults.features(title, body, lang, date, entities)
}

// FeaturesOf is [Features] with the entities of the article already found
// (by [analysis.Gazetteer.Find] of title, a newline and body, as the index
// tags every article), which spares a second reading by the gazetteer.
func FeaturesOf(title, body, lang string, date time.Time, entities []string) []string {
	return defaults.features(title, body, lang, date, entities)
}

// MaxFeatures is the most features an article has: the entities, then
// the others in the order of the text. On KCNA it cuts 3% of the articles
// short (400 cut 0.2%) with the same precision on XQuAD-R and the KCNA
// pairs (at 150, KCNA .982 against .986); a search for translations of a
// long article reads half the terms it read with 400.
const MaxFeatures = 200

// seenSize is the size of the table of feature hashes: a power of two,
// over twice MaxFeatures.
const seenSize = 1024

var pool = sync.Pool{New: func() any { return &extractor{seen: make([]uint64, seenSize)} }}

func (c *config) features(title, body, lang string, date time.Time, entities []string) []string {
	e := pool.Get().(*extractor)
	defer func() {
		clear(e.seen)
		pool.Put(e)
	}()
	e.reset(c, lang, date)
	if c.entities {
		for _, id := range entities {
			e.add(KindEntity, id)
		}
	}
	e.scan(title)
	e.scan(body)
	// One string holds every term, which the terms slice: two allocations
	// an article rather than one a term (a third of the time went to the
	// collector).
	if len(e.ends) == 0 {
		return nil
	}
	all := string(e.arena)
	out := make([]string, len(e.ends))
	start := 0
	for i, end := range e.ends {
		out[i] = all[start:end]
		start = end
	}
	return out
}

// reset readies a pooled extractor for an article.
func (e *extractor) reset(c *config, lang string, date time.Time) {
	*e = extractor{
		cfg: c, lex: lexicon(lang), starts: lexiconStarts(), fold: foldTable(), on: date, seen: e.seen,
		arena: e.arena[:0], ends: e.ends[:0],
		key: e.key[:0], lat: e.lat[:0], low: e.low[:0], runes: e.runes[:0], skel: e.skel[:0],
	}
}

// extractor collects the features of one article.
type extractor struct {
	cfg    *config
	lex    map[string]entry
	arena  []byte                // the terms so far, one after the other
	ends   []int                 // where each ends in arena
	starts *[1 << 16 / 64]uint64 // lexiconStarts
	fold   *[0x250 - 0x80]string // foldTable
	seen   []uint64              // hashes of the features so far (see addKey)
	key    []byte                // the term being built
	lat    []byte                // a word in Latin letters
	low    []byte                // a word in lower case
	runes  []rune
	skel   []byte // a skeleton

	tok      int     // counts words and numbers
	numTok   int     // the token of the last number
	numVal   float64 // its value
	sumScale float64 // after "8 mil", the scale a following "600" is added under
	sumTok   int
	month    int // the last month named
	monthTok int
	on       time.Time // the article's date, or zero
	dayTok   int       // the token of a word for "day" (el día 19)
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
	if len(e.ends) >= e.cfg.max {
		return
	}
	// The set of features so far is a table of their 64-bit FNV-1a
	// hashes, open addressed: cheaper than a map of strings, and two
	// features of one article with one hash are unheard of.
	h := uint64(14695981039346656037)
	for _, c := range e.key {
		h = (h ^ uint64(c)) * 1099511628211
	}
	if h == 0 {
		h = 1
	}
	mask := uint64(len(e.seen) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		switch e.seen[i] {
		case h:
			return
		case 0:
			e.seen[i] = h
			e.arena = append(e.arena, e.key...)
			e.ends = append(e.ends, len(e.arena))
			return
		}
	}
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

// scriptOf is the script of a letter, or scriptOther.
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
	return scriptOther // letters of other scripts stand between words
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
				c := text[j]
				if s == scriptLatin && c < utf8.RuneSelf {
					if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' {
						j++
						continue
					}
					break
				}
				r2, size2 := rune(c), 1
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
}

// punct handles a rune between words.
func (e *extractor) punct(r rune) {
	if unicode.IsLetter(r) {
		e.tok++ // a word of another script
	}
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
	} else if e.dayTok > 0 && e.dayTok == e.tok-1 && len(frac) == 0 {
		e.dayOf(int(v))
	}
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

// weekday notes the date of a weekday named in an article: the last such
// day on or before the article's date.
func (e *extractor) weekday(d time.Weekday) {
	if !e.cfg.weekdays || e.on.IsZero() {
		return
	}
	back := (int(e.on.Weekday()) - int(d) + 7) % 7
	t := e.on.AddDate(0, 0, -back)
	e.date(int(t.Month()), float64(t.Day()))
}

// dayOf notes the date of a day of the month named without its month: the
// last such day on or before the article's date.
func (e *extractor) dayOf(day int) {
	if !e.cfg.weekdays || e.on.IsZero() || day < 1 || day > 31 {
		return
	}
	t := e.on
	if day > t.Day() {
		t = t.AddDate(0, 0, -t.Day()) // the last day of the month before
	}
	e.date(int(t.Month()), float64(day))
}

// word handles a word of one script.
func (e *extractor) word(w string, s script) {
	e.tok++
	switch s {
	case scriptLatin:
		first, _ := utf8.DecodeRuneInString(w)
		e.lat = foldLatin(e.lat[:0], w, e.fold)
		e.lookup(e.lat)
		if e.cfg.acronyms && len(e.lat) >= 2 && len(e.lat) <= 6 && len(w) == len(e.lat) && isUpperASCII(w) {
			e.addBytes(KindAcronym, e.lat)
		}
		e.nameOrCognate(unicode.IsUpper(first))
	case scriptCyrillic, scriptGreek:
		first, _ := utf8.DecodeRuneInString(w)
		table := cyrillicLatin
		if s == scriptGreek {
			table = greekLatin
		}
		e.low = e.low[:0]
		for _, r := range w {
			switch r = unicode.ToLower(r); {
			case r == 'ё':
				r = 'е'
			case r >= utf8.RuneSelf && unicode.Is(unicode.Mn, r):
				continue // Greek accents
			}
			e.low = utf8.AppendRune(e.low, r)
		}
		if s == scriptCyrillic {
			e.lookup(e.low)
		}
		e.lat = e.lat[:0]
		for _, r := range string(e.low) {
			e.lat = append(e.lat, table[r]...)
		}
		e.nameOrCognate(unicode.IsUpper(first))
	case scriptArabic:
		e.arabicWord(w)
	case scriptHan:
		e.hanRun(w)
	}
}

// isUpperASCII reports whether w is all capital ASCII letters.
func isUpperASCII(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] < 'A' || w[i] > 'Z' {
			return false
		}
	}
	return true
}

// lookup handles what the lexicon says of a folded word: a month, a
// weekday, a scale, a number, or a day to follow.
func (e *extractor) lookup(w []byte) {
	if len(w) < 2 || len(w) > maxEntry {
		return
	}
	if i := uint(w[0])<<8 | uint(w[1]); e.starts[i/64]&(1<<(i%64)) == 0 {
		return
	}
	x, ok := e.lex[string(w)]
	if !ok {
		return
	}
	if x.month > 0 {
		e.sawMonth(int(x.month))
	}
	if x.weekday > 0 {
		e.weekday(time.Weekday(x.weekday - 1))
	}
	if x.day {
		e.dayTok = e.tok
	}
	if x.scale > 0 {
		e.scale(int(x.scale))
	}
	if x.number > 0 && e.cfg.numberWords {
		e.emitNumber(float64(x.number))
		e.numTok, e.numVal = e.tok, float64(x.number)
	}
}

// nameOrCognate adds the name key of the word in e.lat when it is
// capitalised, and its cognate prefix when it is long.
func (e *extractor) nameOrCognate(capital bool) {
	w := e.lat
	if capital && len(w) >= 2 {
		e.skel = skeleton(e.skel[:0], w)
		if e.cfg.names && len(e.skel) >= e.cfg.minName {
			e.addBytes(KindName, e.skel)
		}
	}
	if e.cfg.cognates && len(w) >= e.cfg.cognateMin {
		e.skel = cognate(e.skel[:0], w, e.cfg.cognateLen)
		e.addBytes(KindCognate, e.skel)
	}
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
func foldLatin(dst []byte, w string, t *[0x250 - 0x80]string) []byte {
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

// arabicWord handles a word in the Arabic script: months, scales, and the
// name key of every word (the script has no capitals), with the article
// al- and a one-letter proclitic (wa-, bi-, li-, fa-, ka-) taken off.
func (e *extractor) arabicWord(w string) {
	e.low = e.low[:0]
	e.runes = e.runes[:0]
	for _, r := range w {
		if !isArabicMark(r) {
			e.low = utf8.AppendRune(e.low, r)
			e.runes = append(e.runes, r)
		}
	}
	e.lookup(e.low)
	if !e.cfg.arabic || !e.cfg.names {
		return
	}
	rs := e.runes
	if e.cfg.arabicCommon {
		common := arabicCommon[string(e.low)]
		if !common && len(rs) > 2 && rs[0] == 'ا' && rs[1] == 'ل' {
			common = arabicCommon[string(e.low[len("ال"):])]
		}
		if common {
			return
		}
	}
	for _, prefix := range arabicArticles {
		if len(rs) >= len(prefix)+3 && slices.Equal(rs[:len(prefix)], prefix) {
			rs = rs[len(prefix):]
			break
		}
	}
	e.arabicKey(rs)
	if len(rs) >= 4 && strings.ContainsRune("وبلفك", rs[0]) {
		e.arabicKey(rs[1:])
	}
}

// arabicArticles are the article al- and the proclitics before it.
var arabicArticles = [][]rune{[]rune("وال"), []rune("بال"), []rune("فال"), []rune("كال"), []rune("لل"), []rune("ال")}

func (e *extractor) arabicKey(rs []rune) {
	e.lat = e.lat[:0]
	for _, r := range rs {
		e.lat = append(e.lat, arabicLatin[r]...)
	}
	e.skel = skeleton(e.skel[:0], e.lat)
	if len(e.skel) >= e.cfg.minName {
		e.addBytes(KindName, e.skel)
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
	e.runes = e.runes[:0]
	for _, r := range w {
		e.runes = append(e.runes, r)
	}
	rs := e.runes
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
