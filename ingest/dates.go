package ingest

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/newsindex/newsindex"
)

// months maps month names and abbreviations in English, German, French,
// Spanish and Russian (nominative and genitive) to their number.
var months = func() map[string]time.Month {
	m := map[string]time.Month{}
	add := func(month time.Month, names ...string) {
		for _, n := range names {
			m[n] = month
		}
	}
	add(time.January, "january", "jan", "januar", "jänner", "janvier", "janv", "enero", "ene", "январь", "января", "янв")
	add(time.February, "february", "feb", "februar", "février", "fevrier", "févr", "fevr", "febrero", "февраль", "февраля", "фев")
	add(time.March, "march", "mar", "märz", "maerz", "mars", "marzo", "март", "марта")
	add(time.April, "april", "apr", "avril", "avr", "abril", "abr", "апрель", "апреля", "апр")
	add(time.May, "may", "mai", "mayo", "май", "мая")
	add(time.June, "june", "jun", "juni", "juin", "junio", "июнь", "июня")
	add(time.July, "july", "jul", "juli", "juillet", "juil", "julio", "июль", "июля")
	add(time.August, "august", "aug", "août", "aout", "agosto", "ago", "август", "августа", "авг")
	add(time.September, "september", "sep", "sept", "septembre", "septiembre", "сентябрь", "сентября", "сен")
	add(time.October, "october", "oct", "oktober", "okt", "octobre", "octubre", "октябрь", "октября", "окт")
	add(time.November, "november", "nov", "novembre", "noviembre", "ноябрь", "ноября", "ноя")
	add(time.December, "december", "dec", "dezember", "dez", "décembre", "decembre", "déc", "diciembre", "dic", "декабрь", "декабря", "дек")
	return m
}()

// noise are words a date may carry that say nothing: Russian "г."/"года",
// Spanish "de", Korean 년/월/일 suffixes (split off as words), "the".
var noise = map[string]bool{"г": true, "года": true, "год": true, "de": true, "del": true, "the": true, "of": true,
	"년": true, "월": true, "일": true, "le": true, "er": true}

// jucheOffset turns a year of the Juche calendar (from 1912) into a Gregorian year.
const jucheOffset = 1911

// ParseDate reads a date as news archives write it and says how precise it
// is: ISO forms (2025-08-20, 2025-08, 2025, RFC 3339 times), dotted numbers
// (2025.08.20., 20.08.2025), month names in English, German, French,
// Spanish and Russian (August 20, 2025; 20. August 2025; 20 августа 2025 г.;
// août 2025), Korean (2025년 8월 20일) and the Juche calendar (Juche 114,
// 주체114(2025)년). Dates are UTC.
func ParseDate(s string) (time.Time, newsindex.Precision, error) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02 15:04:05"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, "", nil
		}
	}
	var nums []string
	var month time.Month
	juche, jucheYear := false, 0
	for _, tok := range dateTokens(s) {
		switch {
		case juche && jucheYear == 0 && tok[0] >= '0' && tok[0] <= '9':
			jucheYear, _ = strconv.Atoi(tok)
			if jucheYear == 0 {
				return time.Time{}, "", fmt.Errorf("date %q: bad Juche year %q", s, tok)
			}
		case tok[0] >= '0' && tok[0] <= '9':
			nums = append(nums, tok)
		case months[tok] != 0:
			if month != 0 {
				return time.Time{}, "", fmt.Errorf("date %q names two months", s)
			}
			month = months[tok]
		case tok == "juche" || tok == "주체" || tok == "chuch'e" || tok == "чучхе":
			juche = true
		case noise[tok]:
		default:
			return time.Time{}, "", fmt.Errorf("date %q: unknown word %q", s, tok)
		}
	}
	year, mon, day := 0, 0, 0
	// A four-digit number is the year; in "Juche 114 (2025)" both appear.
	var rest []int
	for _, n := range nums {
		v, err := strconv.Atoi(n)
		if err != nil {
			return time.Time{}, "", fmt.Errorf("date %q: bad number %q", s, n)
		}
		if len(n) == 4 {
			if year != 0 {
				return time.Time{}, "", fmt.Errorf("date %q has two years", s)
			}
			year = v
			continue
		}
		rest = append(rest, v)
	}
	if juche {
		if jucheYear == 0 {
			return time.Time{}, "", fmt.Errorf("date %q: Juche without a year", s)
		}
		jy := jucheYear + jucheOffset
		if year != 0 && year != jy {
			return time.Time{}, "", fmt.Errorf("date %q: Juche %d is %d, not %d", s, jy-jucheOffset, jy, year)
		}
		year = jy
	}
	if year == 0 {
		return time.Time{}, "", fmt.Errorf("date %q has no year", s)
	}
	if month != 0 {
		mon = int(month)
		switch len(rest) {
		case 0:
		case 1:
			day = rest[0]
		default:
			return time.Time{}, "", fmt.Errorf("date %q has too many numbers", s)
		}
	} else {
		switch len(rest) {
		case 0:
		case 1:
			mon = rest[0]
		case 2:
			// ISO and Korean write year month day; European dotted dates
			// write day month year.
			if strings.Index(s, nums[0]) == strings.Index(s, strconv.Itoa(year)) {
				mon, day = rest[0], rest[1]
			} else {
				day, mon = rest[0], rest[1]
			}
		default:
			return time.Time{}, "", fmt.Errorf("date %q has too many numbers", s)
		}
	}
	precision := newsindex.PrecisionYear
	switch {
	case day != 0:
		precision = newsindex.PrecisionDay
	case mon != 0:
		precision = newsindex.PrecisionMonth
	}
	if mon == 0 {
		mon = 1
	}
	if day == 0 {
		day = 1
	}
	t := time.Date(year, time.Month(mon), day, 0, 0, 0, 0, time.UTC)
	if mon < 1 || mon > 12 || t.Day() != day || year < 1678 || year > 2261 {
		return time.Time{}, "", fmt.Errorf("date %q is not a real date", s)
	}
	return t, precision, nil
}

// dateTokens splits a date into runs of digits and runs of letters,
// lower-cased; everything else separates.
func dateTokens(s string) []string {
	var out []string
	var cur []rune
	kind := 0 // 1 digits, 2 letters
	flush := func() {
		if len(cur) > 0 {
			out = append(out, string(cur))
		}
		cur, kind = nil, 0
	}
	for _, r := range strings.ToLower(s) {
		k := 0
		switch {
		case r >= '0' && r <= '9':
			k = 1
		case unicode.IsLetter(r) || r == '\'':
			k = 2
		}
		if k != kind {
			flush()
		}
		if k != 0 {
			cur = append(cur, r)
			kind = k
		}
	}
	flush()
	return out
}
