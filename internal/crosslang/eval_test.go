package crosslang

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strconv"
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
	feats  [][]string
	df     map[string]int
	n      int
	avgLen float64
}

func newCollection(feats [][]string) *collection {
	c := &collection{feats: feats, df: map[string]int{}, n: len(feats)}
	total := 0
	for _, f := range feats {
		total += len(f)
		for _, t := range f {
			c.df[t]++
		}
	}
	if c.n > 0 {
		c.avgLen = float64(total) / float64(c.n)
	}
	return c
}

func (c *collection) stats() Stats {
	return Stats{Docs: c.n, AvgLen: c.avgLen, DocFreq: func(t string) int { return c.df[t] }}
}

// rank returns the candidates ordered by Score, best first, with their
// scores.
func rank(q []string, cands []int, c *collection) ([]int, []float64) {
	st := c.stats()
	scores := make([]float64, len(cands))
	for i, d := range cands {
		scores[i] = Score(q, c.feats[d], st)
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

func featuresOf(cfg *config, docs []doc, g *analysis.Gazetteer) [][]string {
	entities := make([][]string, len(docs))
	if cfg.entities && g != nil {
		copy(entities, entitiesOf(docs, g))
	}
	out := make([][]string, len(docs))
	var wg sync.WaitGroup
	const workers = 2
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(docs); i += workers {
				on, _ := time.Parse(time.DateOnly, docs[i].Date)
				out[i] = cfg.features(docs[i].Title, docs[i].Body, docs[i].Lang, on, entities[i])
				sort.Strings(out[i]) // for the merges of the scores
			}
		}()
	}
	wg.Wait()
	return out
}

// entityCache keeps the entities of the documents of a run, which every
// configuration shares: the gazetteer takes longer than the features.
var entityCache sync.Map // *doc slice's first ID+len -> [][]string

func entitiesOf(docs []doc, g *analysis.Gazetteer) [][]string {
	if len(docs) == 0 {
		return nil
	}
	key := docs[0].ID + "/" + docs[0].Lang + "/" + strconv.Itoa(len(docs))
	if v, ok := entityCache.Load(key); ok {
		return v.([][]string)
	}
	out := make([][]string, len(docs))
	var wg sync.WaitGroup
	const workers = 2
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(docs); i += workers {
				out[i] = g.Find(docs[i].Title + "\n" + docs[i].Body)
			}
		}()
	}
	wg.Wait()
	entityCache.Store(key, out)
	return out
}

// xquadP1 returns the precision at 1 of finding the English paragraph of
// each paragraph of another language among the 240 English ones, with
// document frequencies over both languages' paragraphs (as an index that
// holds both would have them).
func xquadP1(en, other []doc, cfg *config, g *analysis.Gazetteer) float64 {
	fEn := featuresOf(cfg, en, g)
	fOther := featuresOf(cfg, other, g)
	c := newCollection(append(append([][]string{}, fEn...), fOther...))
	cands := make([]int, len(en))
	for i := range cands {
		cands[i] = i
	}
	hits := 0
	for i, q := range fOther {
		top, _ := rank(q, cands, c)
		if en[top[0]].ID == other[i].ID {
			hits++
		}
	}
	return float64(hits) / float64(len(other))
}

// baseline is the earlier measure of the task without features: a plain
// any-word BM25 search of the first 60 words of each paragraph, analysed as
// English, over the English paragraphs.
type baseline struct {
	en   []doc
	docs []map[string]int
	lens []int
	df   map[string]int
	avg  float64
}

func analyseEnglish(tb testing.TB, text string) []string {
	toks, err := analysis.Analyze("en", text)
	require.NoError(tb, err)
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = t.Term
	}
	return out
}

func newBaseline(tb testing.TB, en []doc) *baseline {
	b := &baseline{en: en, docs: make([]map[string]int, len(en)), lens: make([]int, len(en)), df: map[string]int{}}
	total := 0
	for i, d := range en {
		b.docs[i] = map[string]int{}
		toks := analyseEnglish(tb, d.Body)
		b.lens[i] = len(toks)
		total += len(toks)
		for _, t := range toks {
			if b.docs[i][t] == 0 {
				b.df[t]++
			}
			b.docs[i][t]++
		}
	}
	b.avg = float64(total) / float64(len(en))
	return b
}

func (b *baseline) p1(tb testing.TB, other []doc) float64 {
	hits := 0
	for _, q := range other {
		words := strings.Fields(q.Body)
		words = words[:min(60, len(words))]
		terms := map[string]bool{}
		for _, t := range analyseEnglish(tb, strings.Join(words, " ")) {
			terms[t] = true
		}
		best, bestScore := -1, -1.0
		for i := range b.en {
			s := 0.0
			for t := range terms {
				if tf := float64(b.docs[i][t]); tf > 0 {
					s += IDF(len(b.en), b.df[t]) * tf * (K1 + 1) / (tf + K1*(1-B+B*float64(b.lens[i])/b.avg))
				}
			}
			if s > bestScore {
				best, bestScore = i, s
			}
		}
		if b.en[best].ID == q.ID {
			hits++
		}
	}
	return float64(hits) / float64(len(other))
}

// kcnaEval is the KCNA Spanish→English evaluation.
type kcnaEval struct {
	docs  []doc
	byID  map[string]int
	dates []time.Time
	en    []int // the English articles, by date
	es    []int // the Spanish ones
	c     *collection
}

func newKCNAEval(docs []doc, cfg *config, g *analysis.Gazetteer) *kcnaEval {
	k := &kcnaEval{docs: docs, byID: map[string]int{}, dates: make([]time.Time, len(docs))}
	for i, d := range docs {
		k.byID[d.ID] = i
		k.dates[i], _ = time.Parse(time.DateOnly, d.Date)
		switch d.Lang {
		case "en":
			k.en = append(k.en, i)
		case "es":
			k.es = append(k.es, i)
		}
	}
	for _, l := range [][]int{k.en, k.es} {
		sort.SliceStable(l, func(a, b int) bool { return k.dates[l[a]].Before(k.dates[l[b]]) })
	}
	// Document frequencies are over the whole archive, both languages, as
	// the index has them.
	k.c = newCollection(featuresOf(cfg, docs, g))
	return k
}

// window returns the English articles within days of date, but skip.
func (k *kcnaEval) window(date time.Time, days int, skip int) []int {
	return k.windowOf(k.en, date, days, skip)
}

// windowOf returns the articles of list (sorted by date) within days of
// date, but skip.
func (k *kcnaEval) windowOf(list []int, date time.Time, days int, skip int) []int {
	from, to := date.AddDate(0, 0, -days), date.AddDate(0, 0, days)
	lo := sort.Search(len(list), func(i int) bool { return !k.dates[list[i]].Before(from) })
	var out []int
	for _, i := range list[lo:] {
		if k.dates[i].After(to) {
			break
		}
		if i != skip {
			out = append(out, i)
		}
	}
	return out
}

// best is the best candidate of a search: its Dice similarity to the
// query, and the second score over the first.
type best struct {
	hit          bool
	dice, margin float64
}

// search finds the best of the candidates for article q.
func (k *kcnaEval) search(q int, cands []int, want int) best {
	top, scores := rank(k.c.feats[q], cands, k.c)
	if len(top) == 0 {
		return best{}
	}
	b := best{hit: top[0] == want, dice: Dice(k.c.feats[q], k.c.feats[top[0]], k.c.stats())}
	if len(top) > 1 && scores[0] > 0 {
		b.margin = scores[1] / scores[0]
	}
	return b
}

// kcnaResult is the outcome of one judged pair.
type kcnaResult struct {
	row   int  // of the pair in the TSV, from 0
	found best // among the English articles within ±3 days
	// without is the search without the original (the siblings of the
	// same event stay), month the search 30 days off.
	without, month best
}

func (k *kcnaEval) run(pairs []pair) []kcnaResult {
	var out []kcnaResult
	for row, p := range pairs {
		if p.en == "" {
			continue
		}
		q, want := k.byID[p.es], k.byID[p.en]
		out = append(out, kcnaResult{
			row:     row,
			found:   k.search(q, k.window(k.dates[q], 3, -1), want),
			without: k.search(q, k.window(k.dates[q], 3, want), -1),
			month:   k.search(q, k.window(k.dates[q].AddDate(0, 0, 30), 3, want), -1),
		})
	}
	return out
}

func p1(rs []kcnaResult) float64 {
	hits := 0
	for _, r := range rs {
		if r.found.hit {
			hits++
		}
	}
	return float64(hits) / float64(len(rs))
}

// halves splits the results: the even rows of the TSV (sorted by Spanish
// id) for tuning, the odd rows held out.
func halves(rs []kcnaResult) (tune, held []kcnaResult) {
	for _, r := range rs {
		if r.row%2 == 0 {
			tune = append(tune, r)
		} else {
			held = append(held, r)
		}
	}
	return tune, held
}
