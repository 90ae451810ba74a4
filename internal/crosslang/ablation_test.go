package crosslang

import (
	"fmt"
	"os"
	"testing"

	"github.com/newsindex/newsindex/analysis"
)

// TestAblation measures what each kind of feature and each setting brings,
// for doc.go: XQuAD-R P@1 by language and KCNA es→en P@1 with one thing
// changed at a time. It takes a few minutes, so it runs only with
// CROSSLANG_ABLATION=1.
func TestAblation(t *testing.T) {
	if os.Getenv("CROSSLANG_ABLATION") == "" {
		t.Skip("skipping: set CROSSLANG_ABLATION=1 to measure the features one by one")
	}
	g := analysis.BuiltinNames()
	en := loadXQuAD(t, "en")
	others := map[string][]doc{}
	for _, l := range xquadLangs {
		others[l] = loadXQuAD(t, l)
	}
	docs := loadKCNA(t)
	pairs := loadPairs(t)
	for _, v := range []struct {
		name string
		set  func(*config)
	}{
		{"all (the defaults)", func(*config) {}},
		{"no acronyms", func(c *config) { c.acronyms = false }},
		{"no Arabic common words", func(c *config) { c.arabicCommon = false }},
		{"no numbers", func(c *config) { c.numbers = false }},
		{"no number words", func(c *config) { c.numberWords = false }},
		{"no dates", func(c *config) { c.dates = false }},
		{"no weekdays, el día N", func(c *config) { c.weekdays = false }},
		{"no entities", func(c *config) { c.entities = false }},
		{"no name skeletons", func(c *config) { c.names = false }},
		{"no Arabic skeletons", func(c *config) { c.arabic = false }},
		{"no Chinese skeletons", func(c *config) { c.han = false }},
		{"no cognates", func(c *config) { c.cognates = false }},
		{"skeletons of 2 classes", func(c *config) { c.minName = 2 }},
		{"skeletons of 4 classes", func(c *config) { c.minName = 4 }},
		{"cognates of 4 letters", func(c *config) { c.cognateLen = 4 }},
		{"cognates of 6 letters", func(c *config) { c.cognateLen = 6 }},
		{"cognates of words of 7+", func(c *config) { c.cognateMin = 7 }},
	} {
		cfg := defaults
		v.set(&cfg)
		line := ""
		mean := 0.0
		for _, l := range xquadLangs {
			p := xquadP1(en, others[l], &cfg, g)
			mean += p / float64(len(xquadLangs))
			line += " " + l + " " + fmt3(p)
		}
		k := newKCNAEval(docs, &cfg, g)
		t.Logf("%-26s%s mean %s kcna %s", v.name, line, fmt3(mean), fmt3(p1(k.run(pairs))))
	}
}

func fmt3(f float64) string { return fmt.Sprintf("%.3f", f) }
