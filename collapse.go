package newsindex

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/newsindex/newsindex/internal/neardup"
)

// CollapseWindow is how many matches a search with SearchOptions.Collapse
// groups into stories at most.
const CollapseWindow = 1000

// collapsePage is the most matches a collapsed search reads at a time. It
// reads collapseSlack more than the stories it needs first (most stories
// are one article), then twice as many each time, up to this.
const collapsePage = 100

// collapseSlack is how many matches more than the stories it needs a
// collapsed search reads first. The cost of collapsing is reading the
// stored articles of the matches it reads (their bodies give the bands):
// with twice the stories (22 for a page of 10) it read 12 articles more
// than the plain search, with 5 more 6 (the KCNA archive has 90 groups of
// copies in 24,776 articles: a page rarely loses 5 matches to them).
const collapseSlack = 5

// StoryMember is another match of a hit's story (SearchOptions.Collapse).
type StoryMember struct {
	ID        string      `json:"id"`
	Language  string      `json:"language,omitempty"`
	Source    string      `json:"source,omitempty"`
	Published time.Time   `json:"published,omitzero"`
	Kind      RelatedKind `json:"kind"`
}

// story is a group of matches that are one story, in rank order.
type story struct {
	hits     []Hit
	shingles map[uint64]struct{} // of the first member (the others are its duplicates), once asked for
	features []string            // the cross-language terms of the first member, sorted, once asked for
	mass     float64             // the sum of their idf
	// into is the story this one joined as a translation (nil: none); its
	// matches are that story's now.
	into *story
}

// root is the story s is part of: itself, or the one it joined.
func (s *story) root() *story {
	for s.into != nil {
		s = s.into
	}
	return s
}

// leadShingles returns the shingles of the story's first member.
func (s *story) leadShingles() map[uint64]struct{} {
	if s.shingles == nil {
		s.shingles, _ = neardup.TextShingles(s.hits[0].Article.Body)
	}
	return s.shingles
}

// collapsed runs a search with SearchOptions.Collapse: it reads matches a
// page at a time, in rank order, and puts each in the story of a
// better-ranked match it is a duplicate of (a MinHash band in common, and
// DuplicateContainment of their shingles), or in a story of its own; then
// it joins the stories that are each other's translations (translator),
// until it has the stories of the page asked for and one more, or has
// read CollapseWindow matches.
func (x *Index) collapsed(ctx context.Context, q Query, opts SearchOptions) (*Result, error) {
	switch {
	case opts.After != "":
		return nil, errors.New("newsindex: search: Collapse pages by From, not by cursor")
	case opts.History || opts.Dropped:
		return nil, errors.New("newsindex: search: Collapse cannot be combined with History")
	case opts.IDsOnly:
		return nil, errors.New("newsindex: search: Collapse needs the articles' text: it cannot be combined with IDsOnly")
	}
	size := opts.Size
	if size == 0 {
		size = defaultSize
	}
	if size < 0 || size > maxSize || opts.From < 0 || opts.From+size > CollapseWindow {
		return nil, fmt.Errorf("newsindex: search: a collapsed page must end within the first %d stories (from %d, size %d)", CollapseWindow, opts.From, size)
	}
	want := opts.From + size + 1 // one more says whether there is a next page
	inner := opts
	inner.Collapse, inner.From, inner.Size = false, 0, min(collapsePage, want+collapseSlack)
	var out *Result
	var stories []*story
	byBand := map[string][]int{}
	read := 0
	tr := x.storyTranslations()
	defer tr.close()
	// A search of a few matches reads them all, so that its count of
	// stories is whole; they cost little.
	for read < CollapseWindow && (tr.stories < want || out != nil && out.Total <= collapsePage && uint64(read) < out.Total) {
		res, err := x.relaxed(ctx, q, inner)
		if err != nil {
			return nil, err
		}
		if out == nil {
			out = res
			inner.Facets = nil // counted once, over all matches
		}
		for _, h := range res.Hits {
			joined := -1
			// Shingles are made only for a match that shares a band with
			// a story (most share none).
			var mine map[uint64]struct{}
			if bands := neardup.BandTerms(h.Article.Body); bands != nil {
				var candidates []int
				for _, b := range bands {
					candidates = append(candidates, byBand[b]...)
				}
				slices.Sort(candidates)
				for _, i := range slices.Compact(candidates) {
					s := stories[i]
					if s.hits[0].Article.Language != h.Article.Language {
						continue
					}
					if mine == nil {
						mine, _ = neardup.TextShingles(h.Article.Body)
					}
					if c, _ := neardup.Resemblance(mine, s.leadShingles()); c >= DuplicateContainment {
						joined = i
						break
					}
				}
				if joined < 0 {
					for _, b := range bands {
						byBand[b] = append(byBand[b], len(stories))
					}
				}
			}
			if joined >= 0 {
				r := stories[joined].root() // a translation's copy goes to its story
				r.hits = append(r.hits, h)
			} else {
				stories = append(stories, &story{hits: []Hit{h}, shingles: mine})
				tr.stories++
			}
		}
		read += len(res.Hits)
		if err := tr.join(ctx, stories); err != nil {
			return nil, err
		}
		if res.Cursor == "" || len(res.Hits) < inner.Size {
			break
		}
		inner.After = res.Cursor
		inner.Size = min(collapsePage, 2*inner.Size, CollapseWindow-read)
		if tr.stories >= want {
			inner.Size = collapsePage // the rest of a few matches
		}
	}
	var roots []*story
	for _, s := range stories {
		if s.into == nil {
			roots = append(roots, s)
		}
	}
	out.Stories = len(roots)
	if uint64(read) < out.Total {
		out.StoriesAtLeast = true
		out.Notes = append(out.Notes, fmt.Sprintf("stories counted among the first %d of the %d matches", read, out.Total))
	}
	out.Cursor = "" // a collapsed search pages by From
	out.Hits = []Hit{}
	for _, s := range roots[min(opts.From, len(roots)):min(opts.From+size, len(roots))] {
		out.Hits = append(out.Hits, s.hit(opts.Prefer))
	}
	return out, nil
}

// hit is the hit that stands for a story: its best-ranked member, or the
// best-ranked one in a preferred language, with the others listed.
func (s *story) hit(prefer []string) Hit {
	lead := 0
	for i, h := range s.hits {
		if slices.Contains(prefer, h.Article.Language) {
			lead = i
			break
		}
	}
	h := s.hits[lead]
	for i, o := range s.hits {
		if i == lead {
			continue
		}
		kind := Duplicate
		if o.Article.Language != h.Article.Language {
			kind = Translation
		}
		h.Others = append(h.Others, StoryMember{ID: o.Article.ID, Language: o.Article.Language, Source: o.Article.Source, Published: o.Article.Published, Kind: kind})
	}
	return h
}
