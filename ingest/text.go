package ingest

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/newsindex/newsindex"
)

// A raw text dump is a run of articles with no markup, as a scraper or a
// copy from a browser leaves them. Articles end at one of:
//
//   - an outlet line: "Naenara, 2020-04-25", "KZNA/Naenara, August 2025",
//     "Rodong Sinmun, 20.08.2025" — an outlet name, a comma and a date;
//   - a KCNA web line: "www.kcna.kp (2025.08.20.)";
//   - a paragraph ending in the end mark "-0-" when no web line follows.
//
// Inside an article, a line "Place, date (AGENCY) -- text" is the dateline
// of a news-agency item: the line before it is the headline and the rest of
// the line the first paragraph. Otherwise the first line is the headline,
// unless it is followed by a breadcrumb ("A > B > C"), which makes it a page
// title and the line after the breadcrumb the headline. A short line of two
// to five capitalised words just before the outlet line is the author.
var (
	webLine      = regexp.MustCompile(`^(?:https?://)?www\.(?:kcna\.kp|kcna\.co\.jp|rodong\.rep\.kp|naenara\.com\.kp|pyongyangtimes\.com\.kp|vok\.rep\.kp)\S*\s*\(([^()]+)\)$`)
	datelineLine = regexp.MustCompile(`^([\p{L}][\p{L}.' -]{1,40}), ([^()]{4,40}?) \(([\p{L}/ -]{2,30})\)\s*(?:--|—|–)\s*(.*)$`)
	endMark      = regexp.MustCompile(`\s*-0-\s*$`)
	outletName   = regexp.MustCompile(`^[\p{L}][\p{L}\p{N} ./'’&-]{1,40}$`)
)

// textLine is a line of a dump and where it starts. A line that is not
// text (not UTF-8, a NUL byte, too long) keeps its place in the dump, so that
// the articles around it are found as usual, with bad saying what is wrong:
// the article it belongs to is reported and skipped.
type textLine struct {
	text   string
	line   int
	offset int64
	end    int64 // offset just past the line
	bad    *newsindex.InputError
}

func readText(lines *lineReader, yield func(Record, error) bool) bool {
	var split dumpSplitter
	emit := func(block []textLine) bool { return emitBlock(lines.file, block, yield) }
	for {
		raw, ok := lines.scan()
		if !ok {
			break
		}
		bad := lines.unusable(raw, true)
		text := string(raw)
		if bad != nil {
			text = strings.ReplaceAll(strings.ToValidUTF8(text, "\uFFFD"), "\x00", "")
		}
		text = strings.TrimSpace(text)
		if text == "" && bad == nil {
			continue
		}
		if !split.add(textLine{text: text, line: lines.line, offset: lines.offset, end: lines.next, bad: bad}, emit) {
			return false
		}
	}
	if lines.err != nil {
		return yield(Record{}, lines.err)
	}
	return split.flush(emit)
}

// dumpSplitter cuts the lines of a dump into the lines of its articles.
type dumpSplitter struct {
	block      []textLine
	pendingEnd bool // the last paragraph ended with -0-
}

// add takes the next line and emits the article it ends, or that ended
// before it.
func (s *dumpSplitter) add(tl textLine, emit func([]textLine) bool) bool {
	switch {
	case webLine.MatchString(tl.text):
		s.block = append(s.block, tl)
		s.pendingEnd = false
		return s.flush(emit)
	case s.pendingEnd:
		s.pendingEnd = false
		if !s.flush(emit) {
			return false
		}
	}
	s.block = append(s.block, tl)
	if isOutletLine(tl.text) {
		return s.flush(emit)
	}
	if endMark.MatchString(tl.text) {
		s.pendingEnd = true
	}
	return true
}

// flush emits the lines taken since the last article, if any.
func (s *dumpSplitter) flush(emit func([]textLine) bool) bool {
	if len(s.block) == 0 {
		return true
	}
	block := s.block
	s.block = nil
	return emit(block)
}

// hasDateline reports whether the lines of an article have a news
// agency's dateline after their first line, as parseBlock looks for it.
func hasDateline(block []textLine) bool {
	for i, l := range block {
		if i > 0 && datelineLine.MatchString(l.text) {
			return true
		}
	}
	return false
}

// isOutletLine reports a line "Outlet, date" that ends a page.
func isOutletLine(s string) bool {
	if len(s) > 80 {
		return false
	}
	name, date, ok := strings.Cut(s, ", ")
	if !ok || !outletName.MatchString(name) || len(strings.Fields(name)) > 5 {
		return false
	}
	_, _, err := ParseDate(date)
	return err == nil
}

// emitBlock turns the lines of one article into a record and yields it.
// An article with a line that is not text is reported at that line.
func emitBlock(file string, block []textLine, yield func(Record, error) bool) bool {
	for _, l := range block {
		if l.bad != nil {
			bad := *l.bad
			bad.Reason = fmt.Sprintf("%s (the article of lines %d–%d is skipped)", bad.Reason, block[0].line, block[len(block)-1].line)
			return yield(Record{File: file, Line: block[0].line, Offset: block[0].offset, End: block[len(block)-1].end}, &bad)
		}
	}
	rec, skipped, bad := parseBlock(file, block)
	if skipped != nil && !yield(Record{File: file, Line: skipped.Line, Offset: block[0].offset}, skipped) {
		return false
	}
	if bad != nil {
		return yield(rec, bad)
	}
	return yield(rec, nil)
}

// parseBlock turns the lines of one article into a record. skipped reports
// lines before a headline that belong to no article; err a block with no
// article at all.
func parseBlock(file string, block []textLine) (rec Record, skipped, err *newsindex.InputError) {
	rec = Record{File: file, Line: block[0].line, Offset: block[0].offset, End: block[len(block)-1].end}
	a := &rec.Article
	lines := append([]textLine{}, block...)

	// The end: a web line gives a date; an outlet line a source and a date.
	if last := lines[len(lines)-1].text; webLine.MatchString(last) {
		m := webLine.FindStringSubmatch(last)
		if t, p, err := ParseDate(m[1]); err == nil {
			a.Published, a.Precision = t, p
		}
		lines = lines[:len(lines)-1]
	} else if isOutletLine(last) {
		name, date, _ := strings.Cut(last, ", ")
		a.Source = name
		a.Published, a.Precision, _ = ParseDate(date)
		lines = lines[:len(lines)-1]
		if n := len(lines); n >= 3 && isAuthorLine(lines[n-1].text) {
			a.Author = lines[n-1].text
			lines = lines[:n-1]
		}
	}
	if len(lines) == 0 {
		return rec, nil, lineError(file, block[0].line, "", "an outlet or web line with no article before it")
	}

	var paragraphs []string
	dateline := -1
	for i, l := range lines {
		if i > 0 && datelineLine.MatchString(l.text) {
			dateline = i
			break
		}
	}
	switch {
	case dateline > 0:
		if dateline > 1 {
			skipped = lineError(file, lines[0].line, "", "lines before the headline at line "+strconv.Itoa(lines[dateline-1].line)+" belong to no article; skipped")
			rec.Line, rec.Offset = lines[dateline-1].line, lines[dateline-1].offset
		}
		a.Title = lines[dateline-1].text
		m := datelineLine.FindStringSubmatch(lines[dateline].text)
		a.Dateline = m[1]
		if t, p, err := ParseDate(m[2]); err == nil {
			a.Published, a.Precision = t, p
		}
		if a.Source == "" {
			a.Source = m[3]
		}
		paragraphs = append(paragraphs, m[4])
		for _, l := range lines[dateline+1:] {
			paragraphs = append(paragraphs, l.text)
		}
	default:
		start := 0
		if len(lines) > 2 && isBreadcrumb(lines[1].text) {
			a.Section = append(splitBreadcrumb(lines[1].text), lines[0].text)
			start = 2
		} else if isBreadcrumb(lines[0].text) && len(lines) > 1 {
			a.Section = splitBreadcrumb(lines[0].text)
			start = 1
		}
		a.Title = lines[start].text
		for _, l := range lines[start+1:] {
			paragraphs = append(paragraphs, l.text)
		}
	}
	if n := len(paragraphs); n > 0 {
		paragraphs[n-1] = endMark.ReplaceAllString(paragraphs[n-1], "")
		if paragraphs[n-1] == "" {
			paragraphs = paragraphs[:n-1]
		}
	}
	a.Body = strings.Join(paragraphs, "\n")
	return rec, skipped, nil
}

func isBreadcrumb(s string) bool {
	return strings.Count(s, " > ") >= 1 && !strings.HasSuffix(s, ".")
}

func splitBreadcrumb(s string) []string {
	var out []string
	for _, part := range strings.Split(s, " > ") {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}

// isAuthorLine reports a byline: two to five words, each starting with a
// capital letter, no digits and no sentence punctuation.
func isAuthorLine(s string) bool {
	words := strings.Fields(s)
	if len(words) < 2 || len(words) > 5 || utf8.RuneCountInString(s) > 50 {
		return false
	}
	for _, w := range words {
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) {
			return false
		}
		if strings.ContainsAny(w, "0123456789.!?:;,\"“”„«»()") {
			return false
		}
	}
	return true
}
