package newsindex_test

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/newsindex/newsindex"
	"github.com/newsindex/newsindex/ingest"
)

// translationPair is a row of testdata/translations/kcna-es-en.tsv: a
// Spanish KCNA item and the English original it translates (empty when
// there is none in the archive).
type translationPair struct{ es, en, confidence string }

func loadTranslationPairs(t *testing.T) []translationPair {
	t.Helper()
	var out []translationPair
	for i, f := range readTSV(t, filepath.Join("testdata", "translations", "kcna-es-en.tsv")) {
		if i == 0 {
			continue // header
		}
		require.GreaterOrEqual(t, len(f), 3, "kcna-es-en.tsv line %d", i+1)
		out = append(out, translationPair{es: f[0], en: f[1], confidence: f[2]})
	}
	return out
}

// TestRelatedTranslations measures Related with kind Translation on the
// judged KCNA pairs of testdata/translations (218 Spanish items with their
// English original, two with none), through the index and with the
// default window of seven days: how often the English original is the
// English translation found (precision at 1, counting a miss when none is
// found), how often a translation is found at all, and the other way, how
// often the Spanish item is found for the English original.
//
// Figures on the KCNA archive (24,776 articles):
//
//	es → en: original found 212 of 218 (.972), another article 3, none 3
//	en → es: original found 212 of 218 (.972), another article 0, none 6
//	Spanish items with no English original: none found for 2 of 2
//
// The best-scoring candidate within the seven days is the original for
// .975 of the 436 searches; what is lost after that is the price of
// TestRelatedTranslationsWhenThereIsNone. Taking the best candidate at
// Dice .15 (crosslang.MinDice), without asking that each be the other's
// best, finds .906 here; the mutual test at Dice .15, .890; at .13, .936.
// minTranslationDice (.10) was chosen looking at all the pairs.
func TestRelatedTranslations(t *testing.T) {
	idx := kcnaIndex(t) // skips without the shared data, or in -short mode
	ctx := context.Background()
	find := func(id, lang string) (string, bool) {
		r, err := idx.Related(ctx, id, newsindex.RelatedOptions{Kinds: []newsindex.RelatedKind{newsindex.Translation}, Languages: []string{lang}})
		require.NoError(t, err, id)
		for _, h := range r.Hits {
			require.Equal(t, newsindex.Translation, h.Kind, id)
			require.Equal(t, lang, h.Article.Language, id)
			require.GreaterOrEqual(t, h.Score, 0.10, "%s: a translation is taken at Dice .10 at least", id)
			return h.Article.ID, true
		}
		return "", false
	}
	var pairs, esEN, enES, esNone, enNone, noOriginal, noneFound int
	for _, p := range loadTranslationPairs(t) {
		if p.en == "" {
			noOriginal++
			if _, ok := find(p.es, "en"); !ok {
				noneFound++
			}
			continue
		}
		pairs++
		switch got, ok := find(p.es, "en"); {
		case !ok:
			esNone++
		case got == p.en:
			esEN++
		default:
			t.Logf("es → en: %s gives %s, not %s", p.es, got, p.en)
		}
		switch got, ok := find(p.en, "es"); {
		case !ok:
			enNone++
		case got == p.es:
			enES++
		default:
			t.Logf("en → es: %s gives %s, not %s", p.en, got, p.es)
		}
	}
	t.Logf("es → en: original found %d of %d (%.3f), none found %d", esEN, pairs, float64(esEN)/float64(pairs), esNone)
	t.Logf("en → es: original found %d of %d (%.3f), none found %d", enES, pairs, float64(enES)/float64(pairs), enNone)
	t.Logf("no English original: none found for %d of %d", noneFound, noOriginal)
	require.Equal(t, 218, pairs)
	assert.GreaterOrEqual(t, float64(esEN)/float64(pairs), 0.95, "Spanish to English precision at 1 fell")
	assert.GreaterOrEqual(t, float64(enES)/float64(pairs), 0.95, "English to Spanish precision at 1 fell")
}

// TestRelatedTranslationsWhenThereIsNone measures what Related finds for
// an article whose translation the archive does not hold, the common case
// (22,729 English KCNA articles, 2,047 Spanish): the KCNA archive is
// indexed without the English original of the even pairs of
// testdata/translations and without the Spanish item of the odd ones,
// and each item left without its counterpart is asked for a translation.
// Anything found is wrong (the same greeting from another sender, another
// day's report of the same event).
//
// Figures: an English article without its Spanish version, the common
// case, gets a wrong one for 3 of 109 (.028): the Spanish siblings have
// English originals of their own, and the two must be each other's best.
// A Spanish item without its English original, rare (KCNA's Spanish
// items are translations), gets one for 38 of 109 (.349): the English
// sibling of the same event has no Spanish version to prefer. Taking the
// best candidate at Dice .15 without the mutual test passed for 24% of
// either (TestNoTranslation in internal/crosslang); the mutual test at
// Dice .15 gives 2 and 18 of 109, at the price of 16 originals.
func TestRelatedTranslationsWhenThereIsNone(t *testing.T) {
	if testing.Short() {
		t.Skip("skipping the KCNA archive in -short mode")
	}
	src := kcnaFile(t)
	pairs := loadTranslationPairs(t)
	drop := map[string]bool{}
	var queries [][2]string // id, language of the missing counterpart
	n := 0
	for _, p := range pairs {
		if p.en == "" {
			continue
		}
		if n%2 == 0 {
			drop[p.en] = true
			queries = append(queries, [2]string{p.es, "en"})
		} else {
			drop[p.es] = true
			queries = append(queries, [2]string{p.en, "es"})
		}
		n++
	}
	path := filepath.Join(t.TempDir(), "kcna-without.jsonl")
	in, err := os.Open(src)
	require.NoError(t, err)
	defer in.Close()
	out, err := os.Create(path)
	require.NoError(t, err)
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	kept := 0
	for sc.Scan() {
		var rec struct{ ID string }
		require.NoError(t, json.Unmarshal(sc.Bytes(), &rec))
		if !drop[rec.ID] {
			_, err := out.Write(append(sc.Bytes(), '\n'))
			require.NoError(t, err)
			kept++
		}
	}
	require.NoError(t, sc.Err())
	require.NoError(t, out.Close())
	require.Equal(t, 24776-len(drop), kept, "every dropped article is in the archive")

	ctx := context.Background()
	idx, err := newsindex.Open("", newsindex.Config{})
	require.NoError(t, err)
	defer idx.Close()
	_, err = ingest.Load(ctx, idx, []string{path}, ingest.LoadOptions{})
	require.NoError(t, err)
	found := map[string]int{}
	for _, q := range queries {
		r, err := idx.Related(ctx, q[0], newsindex.RelatedOptions{Kinds: []newsindex.RelatedKind{newsindex.Translation}, Languages: []string{q[1]}})
		require.NoError(t, err, q[0])
		if len(r.Hits) > 0 {
			found[q[1]]++
			t.Logf("%s: %s passes for its translation (Dice %.3f)", q[0], r.Hits[0].Article.ID, r.Hits[0].Score)
		}
	}
	t.Logf("a wrong translation found for English articles without their Spanish version: %d of %d; Spanish items without their English original: %d of %d",
		found["es"], len(queries)/2, found["en"], len(queries)/2)
	assert.LessOrEqual(t, found["es"], 6, "more English articles without a Spanish version get one")
	assert.LessOrEqual(t, found["en"], 45, "more Spanish items without their original get one")
}
