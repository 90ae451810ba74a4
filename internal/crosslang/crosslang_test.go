package crosslang

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/newsindex/newsindex/analysis"
)

// has reports whether the features hold every one of want.
func has(t *testing.T, feats []string, want ...string) {
	t.Helper()
	for _, w := range want {
		assert.Contains(t, feats, w)
	}
}

func TestFeatures(t *testing.T) {
	g := analysis.BuiltinNames()
	on := time.Date(2012, 3, 20, 0, 0, 0, 0, time.UTC) // a Tuesday
	for _, tc := range []struct {
		name, lang, text string
		want             []string
		reason           string
	}{
		{"thousands", "en", "1,953 people and 450 000 tons", []string{"n:1953", "n:450000"}, "a comma or a space before three digits groups thousands"},
		{"thousands de", "de", "1.953 Menschen", []string{"n:1953"}, "so does a full stop"},
		{"decimals", "de", "3,5 Millionen", []string{"n:3.5", "n:3500000"}, "a comma before other digits is a decimal point; a scale multiplies"},
		{"decimals en", "en", "3.5 million", []string{"n:3.5", "n:3500000"}, "the same figure in English"},
		{"chinese scale", "zh", "13亿人", []string{"n:13", "n:1300000000"}, "亿 is 10^8: 1.3 billion"},
		{"spanish mil", "es", "8 mil 600 personas", []string{"n:8600"}, "KCNA's Spanish writes 8,600 as 8 mil 600"},
		{"ordinal", "en", "the 80th anniversary", []string{"n:80"}, "ordinals are their number"},
		{"number words", "es", "cuatro grupos", []string{"n:4"}, "number words of the article's language"},
		{"chinese numerals", "zh", "第四十九届", []string{"n:49"}, "Chinese numerals"},
		{"date en", "en", "On March 19, 2012", []string{"d:03-19", "n:2012"}, "a month with a day"},
		{"date es", "es", "el 19 de marzo", []string{"d:03-19"}, "day, de, month"},
		{"date de", "de", "am 19. März", []string{"d:03-19"}, "day, full stop, month"},
		{"date ru", "ru", "19 марта", []string{"d:03-19"}, "the genitive of the month"},
		{"date zh", "zh", "3月19日", []string{"d:03-19"}, "month 月 day 日"},
		{"weekday", "en", "arrived here on Monday", []string{"d:03-19"}, "the last Monday on or before the article's date"},
		{"weekday of another language", "es", "la segunda reunion", []string{"c:reuni"}, "segunda is Monday only in Portuguese"},
		{"el dia", "es", "llego el dia 19", []string{"d:03-19"}, "a day of the month without its month is of the article's month"},
		{"el dia before", "es", "el dia 25", []string{"d:02-25"}, "or of the month before, when it is later than the article's day"},
		{"entity", "ru", "Ким Чен Ын", []string{"e:kim-jong-un"}, "gazetteer entities across scripts"},
		{"skeleton latin", "en", "visited Kursk", []string{"k:KSK"}, "the coda r is dropped"},
		{"skeleton cyrillic", "ru", "посетил Курск", []string{"k:KSK"}, "Cyrillic is transliterated first"},
		{"skeleton german", "de", "Kursker Gebiet", []string{"k:KSK"}, "a German ending in -er is a coda"},
		{"skeleton chinese", "zh", "库尔斯克", []string{"k:KSK"}, "the characters of foreign names, 尔 dropped"},
		{"skeleton arabic", "ar", "كورسك", []string{"k:KSK"}, "Arabic letters, the long vowels dropped"},
		{"saxon", "zh", "萨克森花园", []string{"k:SKSN"}, "Saxon: x is ks"},
		{"cognate", "es", "cooperación", []string{"c:coope"}, "5-letter prefixes of long words, diacritics folded"},
		{"cognate k", "de", "Kooperation", []string{"c:coope"}, "k is written c"},
		{"cognate cyrillic", "ru", "кооперация", []string{"c:coope"}, "Cyrillic is transliterated first"},
		{"acronym", "zh", "IPCC 进程", []string{"a:ipcc"}, "words in capitals as they are"},
		{"arabic common", "ar", "كانت", nil, "frequent Arabic words are not names"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			require.NotEmpty(t, tc.reason)
			feats := Features("", tc.text, tc.lang, on, g)
			if tc.want == nil {
				assert.Empty(t, feats)
			}
			has(t, feats, tc.want...)
			if tc.name == "weekday of another language" {
				assert.Equal(t, []string{"c:segun", "c:reuni"}, feats)
			}
		})
	}
}

func TestFeaturesAreDistinctBoundedAndStable(t *testing.T) {
	g := analysis.BuiltinNames()
	var b strings.Builder
	for i := range 3000 {
		fmt.Fprintf(&b, "Delegation %d of Kim Jong Un visited Pyongyang on March %d. ", i, i%28+1)
	}
	text := b.String()
	first := Features("Title", text, "en", time.Time{}, g)
	assert.Len(t, first, MaxFeatures, "bounded")
	assert.Len(t, slices.Compact(slices.Sorted(slices.Values(first))), len(first), "distinct")
	assert.Equal(t, first, Features("Title", text, "en", time.Time{}, g), "deterministic")
	assert.Equal(t, "e:kim-jong-un", first[0], "entities first")
	assert.Equal(t, first, FeaturesOf("Title", text, "en", time.Time{}, g.Find("Title\n"+text)), "FeaturesOf with the gazetteer's entities")
	assert.Empty(t, Features("", "", "en", time.Time{}, nil))
	for _, f := range first {
		assert.NotContains(t, f, " ", "one word: a keyword field, or a text field split at spaces, takes it whole")
	}
}

func TestScore(t *testing.T) {
	df := map[string]int{"n:1953": 1, "k:KSK": 10, "c:coope": 100}
	st := Stats{Docs: 1000, AvgLen: 3, DocFreq: func(t string) int { return df[t] }}
	q := []string{"k:KSK", "n:1953", "c:coope"}
	d := []string{"n:1953", "k:KSK", "x"}
	want := (IDF(1000, 1) + IDF(1000, 10)) * (K1 + 1) / (1 + K1)
	assert.InDelta(t, want, Score(q, d, st), 1e-12, "BM25 with tf 1 at the average length, order free")
	long := append(slices.Clone(d), "y", "z", "w")
	assert.Less(t, Score(q, long, st), Score(q, d, st), "a longer candidate scores less")
	assert.InDelta(t, 1, Dice(q, q, st), 1e-12)
	assert.InDelta(t, 2*(IDF(1000, 1)+IDF(1000, 10))/(2*IDF(1000, 1)+2*IDF(1000, 10)+IDF(1000, 100)+IDF(1000, 0)), Dice(q, d, st), 1e-12)
	assert.Equal(t, []string{"k:KSK", "n:1953", "c:coope"}, q, "inputs are not changed")
}

// TestXQuADR finds the English paragraph of each paragraph of XQuAD-R in
// German, Spanish, Russian, Chinese, Arabic and Turkish among the 240
// English ones, by its features alone, beside the baseline of a plain
// any-word search of the first 60 words.
func TestXQuADR(t *testing.T) {
	g := analysis.BuiltinNames()
	en := loadXQuAD(t, "en")
	// Floors a little under the figures measured (doc.go).
	floors := map[string]float64{"de": .98, "es": .98, "ru": .96, "zh": .80, "ar": .75, "tr": .96}
	t.Logf("%-5s %6s %9s", "lang", "P@1", "baseline")
	mean, baseMean := 0.0, 0.0
	bl := newBaseline(t, en)
	for _, lang := range xquadLangs {
		other := loadXQuAD(t, lang)
		p := xquadP1(en, other, &defaults, g)
		base := bl.p1(t, other)
		mean += p / float64(len(xquadLangs))
		baseMean += base / float64(len(xquadLangs))
		t.Logf("%-5s %6.3f %9.3f", lang, p, base)
		assert.GreaterOrEqual(t, p, floors[lang], lang)
	}
	t.Logf("%-5s %6.3f %9.3f", "mean", mean, baseMean)
	assert.GreaterOrEqual(t, mean, .91)
}

var kcnaOnce struct {
	sync.Once
	k     *kcnaEval
	pairs []pair
	rs    []kcnaResult
}

// kcna is the KCNA evaluation, run once for the tests that read it.
func kcna(t *testing.T) (*kcnaEval, []pair, []kcnaResult) {
	sharedFile(t, "data", "kcna-2011-2012", "kcna_articles_2011_2012.jsonl") // skips without the shared data
	kcnaOnce.Do(func() {
		kcnaOnce.k = newKCNAEval(loadKCNA(t), &defaults, analysis.BuiltinNames())
		kcnaOnce.pairs = loadPairs(t)
		kcnaOnce.rs = kcnaOnce.k.run(kcnaOnce.pairs)
	})
	require.NotNil(t, kcnaOnce.k)
	return kcnaOnce.k, kcnaOnce.pairs, kcnaOnce.rs
}

// TestKCNASpanishToEnglish finds the English original of each Spanish KCNA
// item of testdata/translations/kcna-es-en.tsv among all English articles
// within three days of it.
func TestKCNASpanishToEnglish(t *testing.T) {
	k, pairs, all := kcna(t)
	rt, rh := halves(all)
	t.Logf("KCNA es→en P@1: all %.3f (%d pairs), tuning half %.3f (%d), held-out half %.3f (%d)",
		p1(all), len(all), p1(rt), len(rt), p1(rh), len(rh))
	for _, r := range all {
		if !r.found.hit {
			t.Logf("  missed: %s", pairs[r.row].es)
		}
	}
	// The other way: each English original among the Spanish articles
	// within three days.
	back := 0
	for _, p := range withEnglish(pairs) {
		q := k.byID[p.en]
		if k.search(q, k.windowOf(k.es, k.dates[q], 3, -1), k.byID[p.es]).hit {
			back++
		}
	}
	t.Logf("KCNA en→es P@1: %.3f", float64(back)/float64(len(all)))
	assert.GreaterOrEqual(t, float64(back)/float64(len(all)), .95, "en→es")
	assert.GreaterOrEqual(t, p1(all), .97)
	assert.GreaterOrEqual(t, p1(rh), .96)
}

func withEnglish(pairs []pair) []pair {
	var out []pair
	for _, p := range pairs {
		if p.en != "" {
			out = append(out, p)
		}
	}
	return out
}

// TestNoTranslation weighs MinDice: the share of the originals found first
// that pass it, and of the best candidates that pass it when there is no
// translation to find, because the original is left out (its siblings of
// the same event stay: the hard case) or because the window is a month off.
func TestNoTranslation(t *testing.T) {
	k, pairs, rs := kcna(t)
	share := func(rs []kcnaResult, pick func(kcnaResult) (best, bool)) (float64, int) {
		n, above := 0, 0
		for _, r := range rs {
			b, ok := pick(r)
			if !ok {
				continue
			}
			n++
			if b.dice >= MinDice {
				above++
			}
		}
		return float64(above) / float64(max(n, 1)), n
	}
	found := func(r kcnaResult) (best, bool) { return r.found, r.found.hit }
	without := func(r kcnaResult) (best, bool) { return r.without, true }
	month := func(r kcnaResult) (best, bool) { return r.month, true }
	t.Logf("Dice ≥ %.2f: originals found %s, best without the original %s, best a month off %s", MinDice,
		fmtShare(share(rs, found)), fmtShare(share(rs, without)), fmtShare(share(rs, month)))
	tune, held := halves(rs)
	for _, h := range []struct {
		name string
		rs   []kcnaResult
	}{{"tuning", tune}, {"held-out", held}} {
		rs := h.rs
		t.Logf("  %s half: originals %s, without %s, a month off %s", h.name, fmtShare(share(rs, found)), fmtShare(share(rs, without)), fmtShare(share(rs, month)))
	}
	// The trade-off around MinDice, on the tuning half; Youden's J is the
	// share of originals passing less the share of hard non-pairs passing.
	rt := tune
	t.Logf("  %-6s %10s %10s %10s %6s", "Dice≥", "originals", "without", "month off", "J")
	for th := 0.10; th < 0.205; th += 0.01 {
		count := func(pick func(kcnaResult) (best, bool)) float64 {
			n, above := 0, 0
			for _, r := range rt {
				if b, ok := pick(r); ok {
					n++
					if b.dice >= th {
						above++
					}
				}
			}
			return float64(above) / float64(max(n, 1))
		}
		f, w, m := count(found), count(without), count(month)
		t.Logf("  %-6.2f %10.3f %10.3f %10.3f %6.3f", th, f, w, m, f-w)
	}
	// The items judged to have no English original.
	var none []string
	for _, p := range pairs {
		if p.en == "" {
			q := k.byID[p.es]
			b := k.search(q, k.window(k.dates[q], 3, -1), -1)
			none = append(none, fmt.Sprintf("%s %.3f", p.es, b.dice))
		}
	}
	sort.Strings(none)
	t.Logf("  judged without an original (Dice of the best): %v", none)
	// Precision and recall of "this is its translation" (the best
	// candidate, when Dice ≥ MinDice), over the searches with an original
	// and as many without it.
	pass, nFound := share(rs, found)
	hard, nHard := share(rs, without)
	easy, nEasy := share(rs, month)
	right := pass * float64(nFound)
	for _, neg := range []struct {
		name  string
		wrong float64
	}{{"hard", hard * float64(nHard)}, {"a month off", easy * float64(nEasy)}} {
		t.Logf("  against the %s non-pairs: precision %.3f, recall %.3f (of all %d pairs)", neg.name, right/(right+neg.wrong), right/float64(len(rs)), len(rs))
	}
	assert.GreaterOrEqual(t, pass, .90, "originals found that pass")
	assert.LessOrEqual(t, hard, .30, "hard non-pairs that pass")
	assert.LessOrEqual(t, easy, .06, "non-pairs a month off that pass")
}

func fmtShare(s float64, n int) string { return fmt.Sprintf("%.3f of %d", s, n) }

// FuzzFeatures: any text, valid UTF-8 or not, gives distinct terms
// without spaces, at most MaxFeatures, and never panics.
func FuzzFeatures(f *testing.F) {
	for _, seed := range []string{
		"On March 19, 2012 Kim Jong Un visited Kursk: 1,953 people, 3.5 million.",
		"19 марта Ким Чен Ын посетил Курск; 1 953 человека",
		"萨克森花园 3月19日 第四十九届 13亿 IPCC", "في أوغرود ساسكي 19 مارس 1870",
		"8 mil 600 el dia 19", "1,2,3 1.2.3 ,,, ... 0000 ٣٤٥ ١٬٢٣٤", "\xff\xfe a\u0301 ΑΘΗΝΑ",
	} {
		f.Add(seed, "en")
	}
	g := analysis.BuiltinNames()
	on := time.Date(2012, 3, 20, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, text, lang string) {
		feats := Features(text, text, lang, on, g)
		require.LessOrEqual(t, len(feats), MaxFeatures)
		seen := map[string]bool{}
		for _, x := range feats {
			require.False(t, seen[x], "distinct: %q", x)
			seen[x] = true
			require.False(t, strings.ContainsAny(x, " \t\n"), "one word: %q", x)
			require.Greater(t, len(x), 2, "a kind and a value: %q", x)
		}
	})
}
