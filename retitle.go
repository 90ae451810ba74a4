package newsindex

import (
	"context"
	"strings"
	"time"
)

// Retitled finds the articles that are articles the index holds under an
// edited title. An ID that [Article.StableID] derives counts the title, so
// an outlet that edits a headline makes a new ID; such an article is a new
// version of the one it continues when the index holds no article with
// its ID and holds, of the same outlet, the same day and (when it has one)
// the same address, exactly one current article with a derived ID and the
// same text: the same body of at least 25 words, or a body of at least 50
// words that shares at least RetitleSimilarity of its five-word runs with
// it. (Measured on the KCNA archive of 2011–12: of 408,919 pairs of
// articles of one day, two different ones on a template, "Foreign
// Diplomats Pay Floral Tribute…" and "Members of UNDP Office Pay Floral
// Tribute…", share 0.89; bodies of a few words are often alike.) The
// answer maps the positions of the articles (normalized, as Add stores
// them) that continue one to the ID of the article they continue. [Index.Add]
// applies it; ingest calls it to count such an article as replaced.
//
// Articles with IDs of their own, undated ones and ones without an outlet
// are never linked; nor are two articles of the same call (each stands for
// itself), nor an article that two held ones resemble equally.
func (x *Index) Retitled(ctx context.Context, articles ...Article) (map[int]string, error) {
	if err := x.acquire(false); err != nil {
		return nil, err
	}
	defer x.release()
	search := x.search
	if x.remote != nil {
		search = x.remote.search
	}
	return retitled(ctx, articles, search, x.lookupNoLock)
}

// RetitleSimilarity is the share of five-word runs of its body that an
// article must have in common with a held one, in both directions, to be
// taken for it under an edited title ([Index.Retitled]).
const RetitleSimilarity = 0.92

// lookupNoLock is Lookup for callers that hold the index already.
func (x *Index) lookupNoLock(ctx context.Context, ids ...string) (map[string]Article, error) {
	if x.remote != nil {
		return x.remote.lookup(ctx, ids)
	}
	found, err := x.st.Lookup(ctx, ids...)
	if err != nil {
		return nil, err
	}
	out := make(map[string]Article, len(found))
	for id, a := range found {
		out[id] = articleFrom(a)
	}
	return out, nil
}

// retitleKey is what a retitled article shares with the one it continues.
type retitleKey struct {
	source string
	day    string
}

func retitled(ctx context.Context, articles []Article, search func(context.Context, Query, SearchOptions) (*Result, error), lookup func(context.Context, ...string) (map[string]Article, error)) (map[int]string, error) {
	var candidates []int
	var ids []string
	inCall := map[string]bool{}
	for i, a := range articles {
		inCall[a.ID] = true
		if derivedID(a) && !a.Published.IsZero() && strings.TrimSpace(a.Source) != "" {
			candidates = append(candidates, i)
			ids = append(ids, a.ID)
		}
	}
	if len(candidates) == 0 {
		return nil, nil
	}
	held, err := lookup(ctx, ids...)
	if err != nil {
		return nil, err
	}
	groups := map[retitleKey][]int{}
	var order []retitleKey
	for _, i := range candidates {
		a := articles[i]
		if _, ok := held[a.ID]; ok {
			continue // the ID is held: a version of its own, or the same
		}
		k := retitleKey{a.Source, a.Published.UTC().Format(time.DateOnly)}
		if groups[k] == nil {
			order = append(order, k)
		}
		groups[k] = append(groups[k], i)
	}
	out := map[int]string{}
	taken := map[string]bool{}
	for _, k := range order {
		day, _ := time.Parse(time.DateOnly, k.day)
		q := And(Terms{Field: "source", Values: []string{k.source}, Exact: true}, DateRange{From: day, To: day.Add(24*time.Hour - time.Nanosecond)})
		var same []Article // the held articles of the outlet and day
		for from := 0; ; from += maxSize {
			res, err := search(ctx, q, SearchOptions{Size: maxSize, From: from, Sort: ByOldest})
			if err != nil {
				return nil, err
			}
			for _, h := range res.Hits {
				same = append(same, h.Article)
			}
			if len(res.Hits) < maxSize || from+maxSize >= MaxResultWindow {
				break
			}
		}
		for _, i := range groups[k] {
			a := articles[i]
			match := ""
			for _, b := range same {
				if inCall[b.ID] || !looksDerived(b.ID) || !continues(a, b) {
					continue
				}
				if match != "" {
					match = "" // two alike: not for us to choose
					break
				}
				match = b.ID
			}
			if match != "" && !taken[match] {
				out[i] = match
				taken[match] = true
			}
		}
	}
	return out, nil
}

// derivedID reports whether an article's ID is the one StableID derives
// from its fields: not one of its own.
func derivedID(a Article) bool {
	b := a
	b.ID = ""
	return a.ID != "" && a.ID == b.StableID()
}

// continues reports whether a is b, under its title or another: the same
// address (or none), the same language and the same text.
func continues(a, b Article) bool {
	if strings.TrimSpace(a.URL) != strings.TrimSpace(b.URL) || a.Language != b.Language {
		return false
	}
	ta, tb := normalText(a.Body), normalText(b.Body)
	wa, wb := strings.Count(ta, " ")+1, strings.Count(tb, " ")+1
	switch {
	case wa < 25 || wb < 25:
		return false // a few words say too little
	case ta == tb:
		return true
	case wa < 50 || wb < 50:
		return false
	}
	sa, sb := shingles(ta), shingles(tb)
	common := 0
	for s := range sa {
		if sb[s] {
			common++
		}
	}
	return float64(common) >= RetitleSimilarity*float64(len(sa)) && float64(common) >= RetitleSimilarity*float64(len(sb))
}

// looksDerived reports whether an ID has the shape of one StableID
// derives: a held article linked to an edited title keeps its first ID,
// which its current title no longer gives.
func looksDerived(id string) bool {
	if len(id) != 25 || id[0] != 'a' && id[0] != 'u' {
		return false
	}
	return strings.Trim(id[1:], "0123456789abcdef") == ""
}

// normalText is text in lower case with its white space collapsed.
func normalText(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

// shingles are the runs of five words of a text (the text itself when it
// has fewer).
func shingles(text string) map[string]bool {
	words := strings.Fields(text)
	out := map[string]bool{}
	if len(words) < 5 {
		out[strings.Join(words, " ")] = true
		return out
	}
	for i := 0; i+5 <= len(words); i++ {
		out[strings.Join(words[i:i+5], " ")] = true
	}
	return out
}
