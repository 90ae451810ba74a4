package crosslang

import (
	"maps"
	"slices"
	"strings"
	"sync"
	"time"
)

// months maps the month names of the languages newsindex handles, folded
// as words are (lower case, diacritics off; Cyrillic and Arabic as
// written, lower case), to their numbers. Russian names are matched by
// the stems below (марта, марте), Latin ones whole.
var months = func() map[string]int {
	m := map[string]int{}
	for i, names := range []string{
		"january jan januar janner enero enro janvier gennaio janeiro ocak januari styczen leden",
		"february feb februar febrero fevrier febbraio fevereiro subat februari luty",
		"march marz marzo mars marco mart maart marca",
		"april apr abril avril aprile nisan kwiecien",
		"may mai mayo maggio maio mayis mei maj",
		"june jun juni junio juin giugno junho haziran czerwiec",
		"july jul juli julio juillet luglio julho temmuz lipiec",
		"august aug agosto aout agustos augustus sierpien",
		"september sep sept septiembre setiembre septembre settembre setembro eylul wrzesien",
		"october oct oktober octubre octobre ottobre outubro ekim pazdziernik",
		"november nov noviembre novembre novembro kasim listopad",
		"december dec dezember diciembre decembre dicembre dezembro aralik grudzien",
	} {
		for _, n := range strings.Fields(names) {
			m[n] = i + 1
		}
	}
	for i, names := range []string{
		"يناير كانون_الثاني جانفي", "فبراير شباط فيفري", "مارس آذار", "أبريل إبريل نيسان أفريل", "مايو أيار ماي",
		"يونيو حزيران جوان", "يوليو تموز جويلية", "أغسطس آب أوت", "سبتمبر أيلول", "أكتوبر تشرين_الأول",
		"نوفمبر تشرين_الثاني", "ديسمبر كانون_الأول",
	} {
		for _, n := range strings.Fields(names) {
			if !strings.Contains(n, "_") {
				m[n] = i + 1
			}
		}
	}
	return m
}()

// russianMonths are the Russian month names in the nominative, genitive
// and prepositional: январь, января, январе.
var russianMonths = []string{
	"январь января январе", "февраль февраля феврале", "март марта марте", "апрель апреля апреле",
	"май мая мае", "июнь июня июне", "июль июля июле", "август августа августе",
	"сентябрь сентября сентябре", "октябрь октября октябре", "ноябрь ноября ноябре", "декабрь декабря декабре",
}

// scales maps the words for thousand, million and billion (folded) to the
// powers of ten they stand for.
var scales = map[string]int{
	"thousand": 3, "thousands": 3, "tausend": 3, "mil": 3, "mille": 3, "bin": 3,
	"million": 6, "millions": 6, "millionen": 6, "millones": 6, "millon": 6, "milyon": 6, "mio": 6, "mln": 6,
	"billion": 9, "billions": 9, "milliarde": 9, "milliarden": 9, "milliard": 9, "milliards": 9, "milyar": 9, "mrd": 9, "bn": 9,
	"тысяча": 3, "тысячи": 3, "тысяч": 3, "тыс": 3,
	"миллион": 6, "миллиона": 6, "миллионов": 6, "млн": 6,
	"миллиард": 9, "миллиарда": 9, "миллиардов": 9, "млрд": 9,
	"ألف": 3, "آلاف": 3, "مليون": 6, "ملايين": 6, "مليار": 9, "مليارات": 9,
}

// numberWords are the numbers from two to twelve, and the round tens, as
// words, by language: "four" and "cuatro" are the 4 of the other version.
// One is left out: it is also the article (un, ein, a).
var numberWords = map[string]map[string]int{
	"en": words("two three four five six seven eight nine ten eleven twelve", "twenty thirty forty fifty"),
	"de": words("zwei drei vier funf sechs sieben acht neun zehn elf zwolf", "zwanzig dreissig vierzig funfzig"),
	"es": words("dos tres cuatro cinco seis siete ocho nueve diez once doce", "veinte treinta cuarenta cincuenta"),
	"fr": words("deux trois quatre cinq six sept huit neuf dix onze douze", "vingt trente quarante cinquante"),
	"it": words("due tre quattro cinque sei sette otto nove dieci undici dodici", "venti trenta quaranta cinquanta"),
	"pt": with(words("dois tres quatro cinco seis sete oito nove dez onze doze", "vinte trinta quarenta cinquenta"), "duas", 2),
	"tr": words("iki uc dort bes alti yedi sekiz dokuz on onbir oniki", "yirmi otuz kirk elli"),
	"ru": words("два три четыре пять шесть семь восемь девять десять одиннадцать двенадцать", "двадцать тридцать сорок пятьдесят"),
}

// russianNumberForms are the other forms of the Russian small numbers,
// with ё as е (as words are folded).
var russianNumberForms = map[string]int{
	"две": 2, "двух": 2, "двум": 2, "двумя": 2, "трех": 3, "трем": 3, "тремя": 3, "четырех": 4, "четырем": 4,
	"четырьмя": 4, "пяти": 5, "шести": 6, "семи": 7, "восьми": 8, "девяти": 9, "десяти": 10,
}

// with adds a word to m.
func with(m map[string]int, w string, n int) map[string]int {
	m[w] = n
	return m
}

func words(small, tens string) map[string]int {
	m := map[string]int{}
	for i, w := range strings.Fields(small) {
		m[w] = i + 2
	}
	for i, w := range strings.Fields(tens) {
		m[w] = (i + 2) * 10
	}
	return m
}

// weekdayNames are the names of the days of the week, folded, from Sunday,
// by language: only an article's own language's are read, since Spanish
// segunda and quinta are Portuguese weekdays, Turkish cuma and pazar
// names.
var weekdayNames = map[string][]string{
	"en": {"sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"},
	"de": {"sonntag", "montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag sonnabend"},
	"es": {"domingo", "lunes", "martes", "miercoles", "jueves", "viernes", "sabado"},
	"fr": {"dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"},
	"it": {"domenica", "lunedi", "martedi", "mercoledi", "giovedi", "venerdi", "sabato"},
	"pt": {"domingo", "segunda", "terca", "quarta", "quinta", "sexta", "sabado"},
	"tr": {"pazar", "pazartesi", "sali", "carsamba", "persembe", "cuma", "cumartesi"},
	"ru": {"воскресенье воскресенья", "понедельник понедельника", "вторник вторника", "среда среду среды",
		"четверг четверга", "пятница пятницу пятницы", "суббота субботу субботы"},
}

// dayWords are the words that make the number after them a day of the
// month: "el día 19".
var dayWords = []string{"dia", "jour", "giorno"}

// entry is what a word tells: a month (1–12), a weekday (its
// time.Weekday plus 1), a scale (the power of ten), a number, or that a day
// of the month follows.
type entry struct {
	month, weekday, scale int8
	number                int16
	day                   bool
}

// maxEntry is the longest word of a lexicon, in bytes.
const maxEntry = 24

// lexicons are the words of each language that features read, by
// language code; "" has those that any language may use (months, scales,
// the words for "day", Russian number words), which every language has.
var lexicons = sync.OnceValue(func() map[string]map[string]entry {
	base := map[string]entry{}
	set := func(m map[string]entry, w string, f func(*entry)) {
		e := m[w]
		f(&e)
		m[w] = e
	}
	for w, n := range months {
		set(base, w, func(e *entry) { e.month = int8(n) })
	}
	for i, names := range russianMonths {
		for _, w := range strings.Fields(names) {
			set(base, w, func(e *entry) { e.month = int8(i + 1) })
		}
	}
	for w, p := range scales {
		set(base, w, func(e *entry) { e.scale = int8(p) })
	}
	for _, w := range dayWords {
		set(base, w, func(e *entry) { e.day = true })
	}
	// Russian number words are Cyrillic: no other language's words.
	ru := map[string]int{}
	for w, n := range numberWords["ru"] {
		ru[w] = n
	}
	for w, n := range russianNumberForms {
		ru[w] = n
	}

	for w, n := range ru {
		set(base, w, func(e *entry) { e.number = int16(n) })
	}
	out := map[string]map[string]entry{"": base}
	for _, lang := range slices.Sorted(maps.Keys(numberWords)) {
		m := maps.Clone(base)
		for w, n := range numberWords[lang] {
			set(m, w, func(e *entry) { e.number = int16(n) })
		}
		for i, names := range weekdayNames[lang] {
			for _, w := range strings.Fields(names) {
				set(m, w, func(e *entry) { e.weekday = int8(time.Weekday(i)) + 1 })
			}
		}
		out[lang] = m
	}
	return out
})

// lexicon returns the words features read in a language.
func lexicon(lang string) map[string]entry {
	all := lexicons()
	if m, ok := all[lang]; ok {
		return m
	}
	return all[""]
}

// lexiconStarts has a bit for the first two bytes of every word of every
// lexicon, so that most words are dismissed without a lookup.
var lexiconStarts = sync.OnceValue(func() *[1 << 16 / 64]uint64 {
	var bits [1 << 16 / 64]uint64
	for _, m := range lexicons() {
		for w := range m {
			i := uint(w[0])<<8 | uint(w[1])
			bits[i/64] |= 1 << (i % 64)
		}
	}
	return &bits
})
