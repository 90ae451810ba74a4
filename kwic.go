package newsindex

import (
	"context"
	"fmt"
	"iter"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"

	"github.com/newsindex/newsindex/internal/highlight"
	"github.com/newsindex/newsindex/internal/schema"
)

// Defaults and limits of [Index.KWIC].
const (
	// DefaultKWICWidth is the context on each side of a match, in
	// characters, when KWICOptions.Width is zero.
	DefaultKWICWidth = 60
	// MaxKWICWidth is the widest context KWIC cuts.
	MaxKWICWidth = 1000
)

// kwicFirstPage and kwicPageSize are how many articles KWIC reads at a
// time: few at first, so that the first line comes at once, more after.
const (
	kwicFirstPage = 20
	kwicPageSize  = 200
)

// KWICOptions say how [Index.KWIC] lists the occurrences.
type KWICOptions struct {
	// Width is the context on each side of a match, in characters
	// (Unicode code points). Zero means [DefaultKWICWidth]; at most
	// [MaxKWICWidth].
	Width int `json:"width,omitempty"`
	// Newest lists the articles newest first; by default the oldest come
	// first. Undated articles come last either way.
	Newest bool `json:"newest,omitempty"`
}

// KWICLine is one occurrence of a query's words or phrase in a matching
// article, with its context. In JSON it is {"id","published","source",
// "language","field","left","match","right"}.
type KWICLine struct {
	ID string `json:"id"`
	// Published is the article's date as precisely as it is known (2011,
	// 2011-08, 2011-08-20; RFC 3339 with a time of day), "" when undated.
	Published string `json:"published"`
	Source    string `json:"source"`
	Language  string `json:"language"`
	// Field is where the occurrence is: "title" or "body".
	Field string `json:"field"`
	// Left and Right are the text before and after the match, each at most
	// KWICOptions.Width characters and within the field, every run of white
	// space as one space; Match is the occurrence as written.
	Left  string `json:"left"`
	Match string `json:"match"`
	Right string `json:"right"`
}

// check fills in the defaults of the options, or says what is wrong.
func (o KWICOptions) check() (KWICOptions, error) {
	if o.Width < 0 || o.Width > MaxKWICWidth {
		return o, optionErr("KWICOptions.Width", fmt.Sprintf("%d is out of range (1 to %d; 0 for %d)", o.Width, MaxKWICWidth, DefaultKWICWidth))
	}
	if o.Width == 0 {
		o.Width = DefaultKWICWidth
	}
	return o, nil
}

// KWIC yields every occurrence of the words and phrases of q in the
// articles it matches, keyword in context: articles by date (oldest first,
// or newest with KWICOptions.Newest), occurrences in the order of the
// text, the title's first. The occurrences are those a search highlights,
// found by the same analysis: a stemmed word is found in its inflected
// forms (visit: visited, visits), a name in every spelling the gazetteer
// knows (Kim Jong Il: Kim Jong-il, 김정일). Words of the query that stand
// next to each other in the text, or with only white space, hyphens and
// stop words between them, are one match ("Workers' Party of Korea").
//
// It pages through the matches with a date-sorted cursor, so the first
// lines come at once and any number of matches can be walked; break out of
// the loop to stop. It stops at the first error, which it yields: an
// [*OptionError] for bad options, a [*QueryError] for a query that cannot
// be compiled or has no words to show (a filter alone, such as
// source:KCNA).
func (x *Index) KWIC(ctx context.Context, q Query, opts KWICOptions) iter.Seq2[KWICLine, error] {
	return func(yield func(KWICLine, error) bool) {
		opts, err := opts.check()
		if err != nil {
			yield(KWICLine{}, err)
			return
		}
		after, size := "", kwicFirstPage
		for {
			lines, next, err := x.kwicPage(ctx, q, opts, after, size)
			if err != nil {
				yield(KWICLine{}, err)
				return
			}
			for _, l := range lines {
				if !yield(l, nil) {
					return
				}
			}
			if next == "" {
				return
			}
			after, size = next, kwicPageSize
		}
	}
}

// kwicPage returns the lines of one page of size matching articles after
// the cursor after (of the page before), and the cursor of the next page,
// "" after the last.
func (x *Index) kwicPage(ctx context.Context, q Query, opts KWICOptions, after string, size int) ([]KWICLine, string, error) {
	opts, err := opts.check()
	if err != nil {
		return nil, "", err
	}
	if size < 1 || size > maxSize {
		return nil, "", fmt.Errorf("newsindex: kwic: page size %d is out of range (1 to %d)", size, maxSize)
	}
	if err := x.acquire(false); err != nil {
		return nil, "", err
	}
	defer x.release()
	if x.remote != nil {
		return x.remote.kwicPage(ctx, q, opts, after, size)
	}
	c, q, compiled, err := x.compileResearch(q)
	if err != nil {
		return nil, "", err
	}
	if !hasText(q) {
		return nil, "", queryErr("%s has no words or phrase to show in context: add some", Format(q))
	}
	order := ByOldest
	if opts.Newest {
		order = ByNewest
	}
	sortBy, _ := sortOrder(order)
	req := bleve.NewSearchRequestOptions(compiled, size, 0, false)
	req.Fields = []string{schema.Stored}
	req.SortByCustom(sortBy)
	req.Score = "none"
	req.IncludeLocations = true
	if after != "" {
		cur, err := decodeCursor(after, order, len(sortBy))
		if err != nil {
			return nil, "", err
		}
		req.SearchAfter = cur.values()
	}
	res, err := x.st.Search(ctx, req, c.stats)
	if err != nil {
		if strings.Contains(err.Error(), "dfa contains more than") {
			return nil, "", queryErr("a word of the query is too long to match with edits")
		}
		return nil, "", fmt.Errorf("newsindex: kwic %s: %w", q, err)
	}
	var lines []KWICLine
	for _, h := range res.Hits {
		s, err := x.st.Article(h.ID, h.Fields)
		if err != nil {
			return nil, "", fmt.Errorf("newsindex: %w", err)
		}
		hl, err := c.kwicLines(h, articleFrom(s), opts.Width)
		if err != nil {
			return nil, "", fmt.Errorf("newsindex: %w", err)
		}
		lines = append(lines, hl...)
	}
	next := ""
	if n := len(res.Hits); n == size && uint64(n) < res.Total {
		next = encodeCursor(order, res.Hits[n-1], n)
	}
	return lines, next, nil
}

// hasText reports whether q has a word, phrase or prefix to find (but under
// a Not).
func hasText(q Query) bool {
	found := false
	walk(q, func(q Query) bool {
		switch q.(type) {
		case NotQuery:
			return false
		case Match, Phrase, Prefix, nameQuery:
			found = true
		}
		return !found
	})
	return found
}

// kwicLines cuts the lines of one hit: its title's, then its body's.
func (c *compiler) kwicLines(h *search.DocumentMatch, a Article, width int) ([]KWICLine, error) {
	code := c.layout.FieldLanguage(a.Language)
	title, body := schema.TitleField(code), schema.BodyField(code)
	texts := map[string]string{title: a.Title, body: a.Body}
	if err := highlight.Offsets(h, texts, code); err != nil {
		return nil, err
	}
	c.markNames(h, texts)
	published := a.FormatPublished(time.DateOnly, "2006-01", "2006")
	if t := a.Published; t.Hour() != 0 || t.Minute() != 0 || t.Second() != 0 || t.Nanosecond() != 0 {
		published = a.FormatPublished(time.RFC3339Nano, "2006-01", "2006")
	}
	var out []KWICLine
	for _, f := range []struct{ field, name string }{{title, "title"}, {body, "body"}} {
		text := texts[f.field]
		for _, s := range matchSpans(code, text, h.Locations[f.field]) {
			out = append(out, KWICLine{
				ID: a.ID, Published: published, Source: a.Source, Language: a.Language, Field: f.name,
				Left:  leftContext(text[:s.start], width),
				Match: spaces(text[s.start:s.end]),
				Right: rightContext(text[s.end:], width),
			})
		}
	}
	return out, nil
}

type span struct{ start, end int }

// matchSpans returns the matches in text, in order: the term locations of
// a field, overlapping ones as one, and neighbours joined when only white
// space, hyphens and stop words of the language stand between them.
func matchSpans(code, text string, locs search.TermLocationMap) []span {
	var spans []span
	for _, ls := range locs {
		for _, l := range ls {
			if s, e := int(l.Start), int(l.End); s < e && e <= len(text) {
				spans = append(spans, span{s, e})
			}
		}
	}
	sort.Slice(spans, func(i, j int) bool {
		if spans[i].start != spans[j].start {
			return spans[i].start < spans[j].start
		}
		return spans[i].end > spans[j].end
	})
	var out []span
	for _, s := range spans {
		if n := len(out); n > 0 {
			last := &out[n-1]
			if s.start <= last.end || joins(code, text[last.end:s.start]) {
				last.end = max(last.end, s.end)
				continue
			}
		}
		out = append(out, s)
	}
	return out
}

// maxJoinBytes is the longest text between two matches that joins them.
const maxJoinBytes = 24

// joins reports whether the text between two matches makes them one: white
// space (not a line break), hyphens and stop words of the language only.
func joins(code, gap string) bool {
	if len(gap) > maxJoinBytes || strings.ContainsAny(gap, "\n\r") {
		return false
	}
	for _, w := range strings.Fields(strings.ReplaceAll(gap, "-", " ")) {
		for _, r := range w {
			if !unicode.IsLetter(r) && r != '\'' && r != '’' {
				return false // punctuation, a number
			}
		}
		if len(termsOf(code, w)) > 0 {
			return false // a word the search did not ask for
		}
	}
	return true
}

// spaces writes every run of white space as one space.
func spaces(s string) string {
	if strings.IndexFunc(s, unicode.IsSpace) < 0 {
		return s
	}
	var b strings.Builder
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			space = true
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	if space {
		b.WriteByte(' ')
	}
	return b.String()
}

// leftContext is the last width characters before a match, white space
// made single.
func leftContext(before string, width int) string {
	if limit := 4*width + 8; len(before) > limit { // runes of 4 bytes at most, and spaces
		cut := len(before) - limit
		for cut < len(before) && !utf8.RuneStart(before[cut]) {
			cut++
		}
		before = before[cut:]
	}
	s := []rune(spaces(before))
	if len(s) > width {
		s = s[len(s)-width:]
	}
	return string(s)
}

// rightContext is the first width characters after a match, white space
// made single.
func rightContext(after string, width int) string {
	if limit := 4*width + 8; len(after) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(after[cut]) {
			cut--
		}
		after = after[:cut]
	}
	s := []rune(spaces(after))
	if len(s) > width {
		s = s[:width]
	}
	return string(s)
}

// kwicPage asks the process that shares the index for one page.
func (r *remote) kwicPage(ctx context.Context, q Query, opts KWICOptions, after string, size int) ([]KWICLine, string, error) {
	data, err := marshalQuery(q)
	if err != nil {
		return nil, "", err
	}
	var reply kwicReply
	if err := r.call(ctx, "kwic", kwicCall{Query: data, Options: opts, After: after, Size: size}, &reply); err != nil {
		return nil, "", err
	}
	return reply.Lines, reply.Next, nil
}
