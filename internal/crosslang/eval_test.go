package crosslang

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/newsindex/newsindex/analysis"
)

// sharedFile returns the path of a file of the shared data, beside the
// checkout (../shared from the root of /work/main) or beside the directory
// of worktrees (../../shared from /work/wt/NAME), or skips the test.
func sharedFile(tb testing.TB, parts ...string) string {
	tb.Helper()
	root := filepath.Join("..", "..") // the repository root, from internal/crosslang
	for _, up := range []string{"..", filepath.Join("..", "..")} {
		p := filepath.Join(append([]string{root, up, "shared"}, parts...)...)
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	tb.Skipf("skipping: no shared/%s beside the checkout (../shared or ../../shared): the evaluation needs /work/shared", filepath.Join(parts...))
	return ""
}

// doc is one article or paragraph of an evaluation.
type doc struct {
	ID, Date, Title, Body, Lang string
}

func readJSONL(tb testing.TB, path string, f func(line []byte)) {
	tb.Helper()
	file, err := os.Open(path)
	require.NoError(tb, err)
	defer file.Close()
	sc := bufio.NewScanner(file)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		f(sc.Bytes())
	}
	require.NoError(tb, sc.Err())
}

// xquadLangs are the languages of the XQuAD-R evaluation, English the
// target.
var xquadLangs = []string{"de", "es", "ru", "zh", "ar", "tr"}

func loadXQuAD(tb testing.TB, lang string) []doc {
	path := sharedFile(tb, "eval", "xquad-r", "derived", lang+".paragraphs.jsonl")
	var out []doc
	readJSONL(tb, path, func(line []byte) {
		var p struct {
			ID   string `json:"_id"`
			Text string `json:"text"`
		}
		require.NoError(tb, json.Unmarshal(line, &p))
		// The title is the English Wikipedia article's in every language:
		// leave it out, it would give the answer away.
		out = append(out, doc{ID: p.ID, Body: p.Text, Lang: lang})
	})
	return out
}

var kcnaData = sync.OnceValues(func() ([]doc, error) {
	return nil, nil
})

func loadKCNA(tb testing.TB) []doc {
	path := sharedFile(tb, "data", "kcna-2011-2012", "kcna_articles_2011_2012.jsonl")
	var out []doc
	readJSONL(tb, path, func(line []byte) {
		var a struct {
			ID, Date, Title, Language string
			Body                      *string
		}
		require.NoError(tb, json.Unmarshal(line, &a))
		body := ""
		if a.Body != nil {
			body = *a.Body
		}
		out = append(out, doc{ID: a.ID, Date: a.Date, Title: a.Title, Body: body, Lang: a.Language})
	})
	return out
}

// pair is a judged pair of translations/kcna-es-en.tsv.
type pair struct{ es, en, confidence string }

func loadPairs(tb testing.TB) []pair {
	data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "translations", "kcna-es-en.tsv"))
	require.NoError(tb, err)
	var out []pair
	for i, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		if i == 0 {
			continue
		}
		f := strings.Split(line, "\t")
		out = append(out, pair{es: f[0], en: f[1], confidence: f[2]})
	}
	return out
}

// collection is the features of a set of documents and their document
// frequencies.
type collection struct {
	feats    [][]string
	df       map[string]int
	n        int
	avgLen   float64
	kindLens map[string]float64 // average features of each kind
}

func newCollection(feats [][]string) *collection {
	c := &collection{feats: feats, df: map[string]int{}, n: len(feats), kindLens: map[string]float64{}}
	total := 0
	for _, f := range feats {
		total += len(f)
		for _, t := range f {
			c.df[t]++
			c.kindLens[t[:2]]++
		}
	}
	if c.n > 0 {
		c.avgLen = float64(total) / float64(c.n)
		for k := range c.kindLens {
			c.kindLens[k] /= float64(c.n)
		}
	}
	return c
}

func (c *collection) stats() Stats {
	return Stats{Docs: c.n, AvgLen: c.avgLen, DocFreq: func(t string) int { return c.df[t] }, kindLens: c.kindLens}
}

// rank returns the candidates ordered by score, best first, with their
// scores.
func rank(q []string, cands []int, c *collection, sc scorer) ([]int, []float64) {
	st := c.stats()
	scores := make([]float64, len(cands))
	for i, d := range cands {
		scores[i] = sc.score(q, c.feats[d], st)
	}
	order := make([]int, len(cands))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return scores[order[a]] > scores[order[b]] })
	out := make([]int, len(cands))
	outScores := make([]float64, len(cands))
	for i, o := range order {
		out[i], outScores[i] = cands[o], scores[o]
	}
	return out, outScores
}

// scorer scores a query's features against a document's.
type scorer struct {
	weights Weights
	b       float64
	// groups, when set, normalises by the features of each group of kinds
	// (a field of its own): the kind's group.
	groups map[string]int
	kind   string // "dice", "cosine" or BM25
}

func (s scorer) score(q, d []string, st Stats) float64 {
	switch s.kind {
	case "dice":
		return s.weights.dice(q, d, st, 1)
	case "cosine":
		return s.weights.dice(q, d, st, 2)
	}
	if s.groups == nil {
		return s.weights.score(q, d, st, s.b)
	}
	return s.weights.groupScore(q, d, st, s.b, s.groups)
}

func featuresOf(cfg *config, docs []doc, g *analysis.Gazetteer) [][]string {
	out := make([][]string, len(docs))
	var wg sync.WaitGroup
	const workers = 2
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(docs); i += workers {
				out[i] = cfg.features(docs[i].Title, docs[i].Body, docs[i].Lang, g)
			}
		}()
	}
	wg.Wait()
	return out
}

// xquadP1 returns the precision at 1 of finding the English paragraph of
// each paragraph of lang among the 240 English ones, with document
// frequencies over both languages' paragraphs.
func xquadP1(en, other []doc, cfg *config, sc scorer, g *analysis.Gazetteer) float64 {
	fEn := featuresOf(cfg, en, g)
	fOther := featuresOf(cfg, other, g)
	c := newCollection(append(append([][]string{}, fEn...), fOther...))
	cands := make([]int, len(en))
	for i := range cands {
		cands[i] = i
	}
	hits := 0
	for i, q := range fOther {
		top, _ := rank(q, cands, c, sc)
		if en[top[0]].ID == other[i].ID {
			hits++
		}
	}
	return float64(hits) / float64(len(other))
}

// kcnaEval is the KCNA Spanish→English evaluation of one configuration.
type kcnaEval struct {
	docs  []doc
	byID  map[string]int
	dates []time.Time
	en    []int // the English articles, by date
	c     *collection
}

func newKCNAEval(docs []doc, cfg *config, g *analysis.Gazetteer) *kcnaEval {
	k := &kcnaEval{docs: docs, byID: map[string]int{}, dates: make([]time.Time, len(docs))}
	for i, d := range docs {
		k.byID[d.ID] = i
		k.dates[i], _ = time.Parse(time.DateOnly, d.Date)
		if d.Lang == "en" {
			k.en = append(k.en, i)
		}
	}
	sort.SliceStable(k.en, func(a, b int) bool { return k.dates[k.en[a]].Before(k.dates[k.en[b]]) })
	k.c = newCollection(featuresOf(cfg, docs, g))
	return k
}

// window returns the English articles within days of date, but skip.
func (k *kcnaEval) window(date time.Time, days int, skip int) []int {
	from, to := date.AddDate(0, 0, -days), date.AddDate(0, 0, days)
	lo := sort.Search(len(k.en), func(i int) bool { return !k.dates[k.en[i]].Before(from) })
	var out []int
	for _, i := range k.en[lo:] {
		if k.dates[i].After(to) {
			break
		}
		if i != skip {
			out = append(out, i)
		}
	}
	return out
}

// kcnaResult is the outcome of one judged pair.
type kcnaResult struct {
	hit      bool
	top      float64 // the normalised score of the top candidate
	negative float64 // the normalised score of the top candidate without the original
}

func (k *kcnaEval) run(pairs []pair, sc scorer) []kcnaResult {
	var out []kcnaResult
	st := k.c.stats()
	for _, p := range pairs {
		q := k.byID[p.es]
		qf := k.c.feats[q]
		if p.en == "" {
			continue
		}
		want := k.byID[p.en]
		top, _ := rank(qf, k.window(k.dates[q], 3, -1), k.c, sc)
		r := kcnaResult{hit: len(top) > 0 && top[0] == want}
		if len(top) > 0 {
			r.top = sc.weights.Normalised(qf, k.c.feats[top[0]], st)
		}
		neg, _ := rank(qf, k.window(k.dates[q], 3, want), k.c, sc)
		if len(neg) > 0 {
			r.negative = sc.weights.Normalised(qf, k.c.feats[neg[0]], st)
		}
		out = append(out, r)
	}
	return out
}

func p1(rs []kcnaResult) float64 {
	hits := 0
	for _, r := range rs {
		if r.hit {
			hits++
		}
	}
	return float64(hits) / float64(len(rs))
}
