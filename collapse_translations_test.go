package newsindex_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	ni "github.com/newsindex/newsindex"
)

// members are the IDs of a collapsed hit's story by kind, the hit's own
// under "".
func members(h ni.Hit) map[ni.RelatedKind][]string {
	out := map[ni.RelatedKind][]string{"": {h.Article.ID}}
	for _, o := range h.Others {
		out[o.Kind] = append(out[o.Kind], o.ID)
	}
	return out
}

func TestCollapseGroupsTranslations(t *testing.T) {
	ctx := context.Background()
	idx := openIndex(t, "")
	day := time.Date(2024, 6, 19, 0, 0, 0, 0, time.UTC)
	body := "Vladimir Putin, President of the Russian Federation, arrived in Pyongyang on June 19 for a state visit. " +
		"He was met at Sunan International Airport by Kim Jong Un. The two leaders signed the Treaty on Comprehensive " +
		"Strategic Partnership, with 23 articles, and talked for 2 hours."
	require.NoError(t, idx.Add(ctx,
		ni.Article{ID: "kcna-en", Language: "en", Source: "KCNA", Published: day, Title: "Vladimir Putin Arrives in Pyongyang", Body: body},
		ni.Article{ID: "kcna-ru", Language: "ru", Source: "KCNA", Published: day.AddDate(0, 0, 1),
			Title: "Владимир Путин прибыл в Пхеньян",
			Body: "Президент Российской Федерации Владимир Путин 19 июня прибыл в Пхеньян с государственным визитом. " +
				"В аэропорту Сунан его встретил Ким Чен Ын. Лидеры подписали Договор о всеобъемлющем стратегическом " +
				"партнёрстве из 23 статей и беседовали 2 часа."},
		ni.Article{ID: "other-en", Language: "en", Source: "KCNA", Published: day, Title: "Putin Sends Greetings",
			Body: "Vladimir Putin sent a message of greetings to the Korean people on the national holiday, wishing them success in 2024."},
		ni.Article{ID: "later-ru", Language: "ru", Source: "TASS", Published: day.AddDate(0, 0, 30),
			Title: "Путин о визите в Пхеньян",
			Body:  "Владимир Путин 19 июня прибыл в Пхеньян и встретился с Ким Чен Ыном; договор из 23 статей подписан, беседа шла 2 часа."},
	))
	res, err := idx.Search(ctx, mustParse(t, "Putin"), ni.SearchOptions{Collapse: true})
	require.NoError(t, err)
	byID := map[string]map[ni.RelatedKind][]string{}
	for _, h := range res.Hits {
		byID[h.Article.ID] = members(h)
	}
	assert.EqualValues(t, 4, res.Total)
	assert.Equal(t, 3, res.Stories, "%v", byID)
	var joined map[ni.RelatedKind][]string
	for _, m := range byID {
		if len(m[ni.Translation]) > 0 {
			joined = m
		}
	}
	require.NotNil(t, joined, "the Russian item joins its English original: %v", byID)
	assert.ElementsMatch(t, []string{"kcna-en", "kcna-ru"}, append(joined[""], joined[ni.Translation]...))
	assert.Contains(t, byID, "later-ru", "a month later: another story")
	assert.Contains(t, byID, "other-en", "another item of the day: another story")
}

// TestCollapseTranslations measures how Collapse groups the judged KCNA
// pairs of testdata/translations: for each, a collapsed search of the days
// of the pair (every article of them, 100 at most), and where the Spanish
// item's story puts it.
//
//	with its English original 206 of 219, with another article 3, alone 10;
//	the two Spanish items with no original: alone
//
// (on the index the tests build in memory, of other segments and so other
// orders of equal scores: 206 of 218, another 2, alone 10).
func TestCollapseTranslations(t *testing.T) {
	idx := kcnaIndex(t) // skips without the shared data
	ctx := context.Background()
	pairs := loadTranslationPairs(t)
	var original, other, alone, noneJoined int
	for _, p := range pairs {
		es, err := idx.Get(ctx, p.es)
		require.NoError(t, err)
		from, to := es.Published, es.Published
		if p.en != "" {
			en, err := idx.Get(ctx, p.en)
			require.NoError(t, err)
			if en.Published.Before(from) {
				from = en.Published
			}
			if en.Published.After(to) {
				to = en.Published
			}
		}
		res, err := idx.Search(ctx, ni.DateRange{From: from, To: to}, ni.SearchOptions{Collapse: true, Size: 100})
		require.NoError(t, err)
		for _, h := range res.Hits {
			m := members(h)
			story := append(m[""], m[ni.Translation]...)
			if !slices.Contains(story, p.es) {
				continue
			}
			switch {
			case p.en == "" && len(story) > 1:
				noneJoined++
			case p.en != "" && slices.Contains(story, p.en):
				original++
			case len(story) > 1:
				other++
			default:
				alone++
			}
		}
	}
	t.Logf("with its English original %d of %d, with another article %d, alone %d; Spanish items with no original joined: %d", original, original+other+alone, other, alone, noneJoined)
	assert.GreaterOrEqual(t, float64(original)/float64(original+other+alone), 0.92, "Spanish items in one story with their original")
	assert.LessOrEqual(t, other, 5, "Spanish items in one story with another article")
	assert.Zero(t, noneJoined)
}
