package newsindex_test

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	ni "github.com/newsindex/newsindex"
	"github.com/newsindex/newsindex/internal/neardup"
)

// reprints are the synthetic near-duplicates of an article the related
// tests look for: the kinds of edits a reprint makes, each keeping at
// least 80% of the text; other is an unrelated article, whose text a
// reprint may take a paragraph from.
func reprints(a, other ni.Article) map[string]ni.Article {
	paras := strings.Split(a.Body, "\n\n")
	out := map[string]ni.Article{}
	add := func(kind string, edit func(*ni.Article)) {
		b := a
		b.ID = a.ID + "~" + kind
		edit(&b)
		if b.Body != a.Body || b.Source != a.Source {
			out[b.ID] = b
		}
	}
	add("outlet", func(b *ni.Article) { b.Source = "Rodong Sinmun" })
	add("header", func(b *ni.Article) { b.Body = "Pyongyang, December 2 (KCNA) -- " + b.Body })
	add("number", func(b *ni.Article) {
		b.Body = firstNumber.ReplaceAllStringFunc(b.Body, func(string) string { return "77" })
	})
	if len(paras) >= 5 {
		add("dropped", func(b *ni.Article) {
			b.Body = strings.Join(append(append([]string{}, paras[:len(paras)/2]...), paras[len(paras)/2+1:]...), "\n\n")
		})
		add("moved", func(b *ni.Article) {
			moved := append(append([]string{}, paras[1:]...), paras[0])
			b.Body = strings.Join(moved, "\n\n")
		})
	}
	if len(paras) >= 10 {
		// Everything at once, a tenth dropped and a tenth replaced by
		// another article's text: 80% shared.
		add("mixed", func(b *ni.Article) {
			foreign := strings.Split(other.Body, "\n\n")[0]
			ps := append([]string{}, paras...)
			n := len(ps) / 10
			ps = append(ps[:1], ps[1+n:]...)
			ps[len(ps)-1] = foreign
			b.Body = "PYONGYANG, December 2 -- " + strings.Join(ps, "\n\n")
			b.Source = "Naenara"
		})
	}
	return out
}

var firstNumber = regexp.MustCompile(`\b\d+\b`)

// TestRelatedDuplicates measures near-duplicate detection on the real
// KCNA sample with synthetic reprints of every article of 60 words or
// more: each reprint must be found, and nothing else called a duplicate
// but the article's own reprints and true copies in the sample.
func TestRelatedDuplicates(t *testing.T) {
	ctx := context.Background()
	idx := openIndex(t, "")
	sample := kcnaSample(t)
	require.NoError(t, idx.Add(ctx, sample...))
	variants := map[string]map[string]ni.Article{}
	var all []ni.Article
	for i, a := range sample {
		if len(strings.Fields(a.Body)) < 60 {
			continue
		}
		variants[a.ID] = reprints(a, sample[(i+100)%len(sample)])
		for _, v := range variants[a.ID] {
			all = append(all, v)
		}
	}
	require.NoError(t, idx.Add(ctx, all...))
	var found, wanted, hits, right, banded int
	byID := map[string]ni.Article{}
	for _, a := range sample {
		byID[a.ID] = a
	}
	for id, vs := range variants {
		// What the band terms alone find (Collapse has nothing else).
		mine := neardup.BandTerms(byID[id].Body)
		for _, v := range vs {
			theirs := neardup.BandTerms(v.Body)
			for i := range mine {
				if i < len(theirs) && mine[i] == theirs[i] {
					banded++
					break
				}
			}
		}
		rel, err := idx.Related(ctx, id, ni.RelatedOptions{Kinds: []ni.RelatedKind{ni.Duplicate}, Size: 20})
		require.NoError(t, err)
		for _, h := range rel.Hits {
			require.Equal(t, ni.Duplicate, h.Kind)
			hits++
			base, _, _ := strings.Cut(h.Article.ID, "~")
			if _, ok := vs[h.Article.ID]; ok || base == id {
				right++
			} else if sameText(t, idx, id, h.Article.ID) {
				right++ // a true copy in the sample
			} else {
				t.Logf("%s: %s called a duplicate (%.2f)", id, h.Article.ID, h.Score)
			}
		}
		for vid := range vs {
			wanted++
			for _, h := range rel.Hits {
				if h.Article.ID == vid {
					found++
					break
				}
			}
		}
	}
	recall, precision := float64(found)/float64(wanted), float64(right)/float64(hits)
	t.Logf("%d articles, %d reprints: recall %.3f, precision %.3f; a band shared with the original: %.3f", len(variants), wanted, recall, precision, float64(banded)/float64(wanted))
	assert.GreaterOrEqual(t, recall, 0.98)
	assert.GreaterOrEqual(t, float64(banded)/float64(wanted), 0.95, "the band terms alone")
	assert.GreaterOrEqual(t, precision, 0.98)
}

// sameText reports whether two articles of the index share most of their
// text: the sample has copies of its own.
func sameText(t *testing.T, idx *ni.Index, a, b string) bool {
	x, err := idx.Get(context.Background(), a)
	require.NoError(t, err)
	y, err := idx.Get(context.Background(), b)
	require.NoError(t, err)
	return ni.Diff(ni.Article{Body: x.Body}, ni.Article{Body: y.Body}) != nil && shareOfEqual(x.Body, y.Body) >= 0.5
}

func shareOfEqual(a, b string) float64 {
	equal := 0
	for _, c := range ni.Diff(ni.Article{Body: a}, ni.Article{Body: b}) {
		if c.Op == "equal" {
			equal += len(c.Text)
		}
	}
	return float64(equal) / float64(max(len(a), len(b)))
}

func TestRelatedSimilarAndOptions(t *testing.T) {
	ctx := context.Background()
	idx := openIndex(t, "")
	require.NoError(t, idx.Add(ctx, kcnaSample(t)...))
	day := time.Date(2011, 12, 1, 0, 0, 0, 0, time.UTC)
	require.NoError(t, idx.Add(ctx,
		ni.Article{ID: "empty", Title: "A headline only", Language: "en", Source: "KCNA", Published: day},
		ni.Article{ID: "long", Title: "Long", Body: strings.Repeat("The Lao People's Revolutionary Party and the government of Laos. ", 3000), Language: "en", Source: "KCNA", Published: day},
	))

	// More like this: a congratulation to Laos finds other messages of
	// greeting, never itself.
	rel, err := idx.Related(ctx, "kcna-2011-12-01-00000", ni.RelatedOptions{Kinds: []ni.RelatedKind{ni.Similar}, Size: 5})
	require.NoError(t, err)
	require.NotEmpty(t, rel.Hits)
	assert.LessOrEqual(t, len(rel.Hits), 5)
	for i, h := range rel.Hits {
		assert.Equal(t, ni.Similar, h.Kind)
		assert.NotEqual(t, "kcna-2011-12-01-00000", h.Article.ID)
		if i > 0 {
			assert.LessOrEqual(t, h.Score, rel.Hits[i-1].Score, "by score")
		}
	}
	again, err := idx.Related(ctx, "kcna-2011-12-01-00000", ni.RelatedOptions{Kinds: []ni.RelatedKind{ni.Similar}, Size: 5})
	require.NoError(t, err)
	assert.Equal(t, rel, again, "deterministic")

	for _, id := range []string{"empty", "long"} {
		_, err := idx.Related(ctx, id, ni.RelatedOptions{})
		assert.NoError(t, err, id)
	}

	_, err = idx.Related(ctx, "nothing", ni.RelatedOptions{})
	assert.ErrorIs(t, err, ni.ErrNotFound)
	for _, tc := range []struct {
		opts ni.RelatedOptions
		want string
	}{
		{ni.RelatedOptions{Kinds: []ni.RelatedKind{"copies"}}, `kind: unknown kind "copies"`},
		{ni.RelatedOptions{Size: 1000}, "size: 1000 is out of range (1 to 100)"},
		{ni.RelatedOptions{Languages: []string{"English"}}, `lang: "English" is not an ISO 639 code`},
	} {
		_, err := idx.Related(ctx, "kcna-2011-12-01-00000", tc.opts)
		var oe *ni.OptionError
		assert.True(t, errors.As(err, &oe), "%v", err)
		assert.ErrorContains(t, err, tc.want)
	}
}

// TestRelatedExactGroupsKCNA: every group of articles of the KCNA archive
// with the same body (of neardup.MinWords words or more) is found whole,
// from each of its articles.
func TestRelatedExactGroupsKCNA(t *testing.T) {
	ctx := context.Background()
	idx := kcnaIndex(t)
	groups := map[string][]string{}
	for a, err := range idx.Scan(ctx, ni.All()) {
		require.NoError(t, err)
		if len(neardup.Words(a.Body)) < neardup.MinWords {
			continue // too short for a signature, by design
		}
		key := a.Language + "\x00" + strings.Join(strings.Fields(strings.ToLower(a.Body)), " ")
		groups[key] = append(groups[key], a.ID)
	}
	n, missed := 0, 0
	for _, ids := range groups {
		if len(ids) < 2 {
			continue
		}
		n++
		for _, id := range ids {
			rel, err := idx.Related(ctx, id, ni.RelatedOptions{Kinds: []ni.RelatedKind{ni.Duplicate}, Window: -1, Size: 100})
			require.NoError(t, err)
			got := map[string]bool{}
			for _, h := range rel.Hits {
				got[h.Article.ID] = true
			}
			for _, other := range ids {
				if other != id && !got[other] {
					missed++
					t.Logf("%s: its copy %s not found", id, other)
				}
			}
		}
	}
	t.Logf("%d groups of identical bodies", n)
	assert.Positive(t, n)
	assert.Zero(t, missed)
}

// TestRelatedTranslationsSmall: on a small index of four articles, the
// Russian item is the translation of the English one (the same names,
// numbers and date in another script), not of the other English article
// of the same days, and each finds the other; the German article on
// another subject is no one's translation; asking only for the article's
// own language finds none.
func TestRelatedTranslationsSmall(t *testing.T) {
	ctx := context.Background()
	idx, err := ni.Open("", ni.Config{})
	require.NoError(t, err)
	defer idx.Close()
	day := time.Date(2024, 6, 19, 0, 0, 0, 0, time.UTC)
	require.NoError(t, idx.Add(ctx,
		ni.Article{ID: "en", Language: "en", Published: day, Title: "Vladimir Putin Arrives in Pyongyang",
			Body: "Vladimir Putin, President of the Russian Federation, arrived in Pyongyang on June 19 for a state visit. He was met at Sunan International Airport by Kim Jong Un. The two leaders signed the Treaty on Comprehensive Strategic Partnership, with 23 articles, and talked for 2 hours."},
		ni.Article{ID: "ru", Language: "ru", Published: day.AddDate(0, 0, 1), Title: "Владимир Путин прибыл в Пхеньян",
			Body: "Президент Российской Федерации Владимир Путин 19 июня прибыл в Пхеньян с государственным визитом. В аэропорту Сунан его встретил Ким Чен Ын. Лидеры подписали Договор о всеобъемлющем стратегическом партнёрстве из 23 статей и беседовали 2 часа."},
		ni.Article{ID: "en-other", Language: "en", Published: day, Title: "Rice Transplanting Finished in South Hwanghae",
			Body: "Farmers of South Hwanghae Province finished rice transplanting ten days earlier than last year, the provincial rural economy committee said. Cooperative farms in Jaeryong and Sinchon counties mobilised 1,200 machines."},
		ni.Article{ID: "de", Language: "de", Published: day, Title: "Hochwasser in Bayern",
			Body: "Nach tagelangem Regen sind in Bayern mehrere Flüsse über die Ufer getreten. In Passau stieg die Donau auf 8,5 Meter; die Feuerwehr rückte zu 340 Einsätzen aus."},
	))
	kinds := []ni.RelatedKind{ni.Translation}
	for _, c := range []struct{ id, want string }{{"en", "ru"}, {"ru", "en"}} {
		r, err := idx.Related(ctx, c.id, ni.RelatedOptions{Kinds: kinds})
		require.NoError(t, err)
		require.Len(t, r.Hits, 1, c.id)
		assert.Equal(t, c.want, r.Hits[0].Article.ID)
		assert.Equal(t, ni.Translation, r.Hits[0].Kind)
		assert.Greater(t, r.Hits[0].Score, 0.10)
	}
	for _, id := range []string{"de", "en-other"} {
		r, err := idx.Related(ctx, id, ni.RelatedOptions{Kinds: kinds})
		require.NoError(t, err)
		assert.Empty(t, r.Hits, "%s is no one's translation", id)
	}
	r, err := idx.Related(ctx, "en", ni.RelatedOptions{Kinds: kinds, Languages: []string{"en"}})
	require.NoError(t, err)
	assert.Empty(t, r.Hits, "no translation in the article's own language")
	r, err = idx.Related(ctx, "en", ni.RelatedOptions{Kinds: kinds, Window: ni.RelatedDays(-1)})
	require.NoError(t, err)
	assert.Equal(t, "ru", r.Hits[0].Article.ID, "any date")
}

// TestRelatedBadInput: an unknown ID is ErrNotFound; an article with no
// body, and one of 200 KB, answer without error.
func TestRelatedBadInput(t *testing.T) {
	ctx := context.Background()
	idx, err := ni.Open("", ni.Config{})
	require.NoError(t, err)
	defer idx.Close()
	big := strings.Repeat("Delegation of the Korean People's Army visits Moscow on 12 May. ", 3200) // 200 KB
	require.NoError(t, idx.Add(ctx,
		ni.Article{ID: "title-only", Language: "en", Title: "Kim Jong Un Visits Vladivostok"},
		ni.Article{ID: "big", Language: "en", Title: "A long one", Body: big},
		ni.Article{ID: "other", Language: "en", Title: "Delegation visits Moscow", Body: "A delegation of the Korean People's Army visits Moscow on 12 May."},
	))
	_, err = idx.Related(ctx, "nothing", ni.RelatedOptions{})
	assert.ErrorIs(t, err, ni.ErrNotFound)
	for _, id := range []string{"title-only", "big"} {
		r, err := idx.Related(ctx, id, ni.RelatedOptions{})
		require.NoError(t, err, id)
		assert.NotNil(t, r.Hits, id)
	}
}
