package analysis_test

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	bleveanalysis "github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/da"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/registry"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/newsindex/newsindex/analysis"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// golden compares got, as indented JSON, with testdata/name, or rewrites
// the file with -update.
func golden(t *testing.T, name string, got any) {
	t.Helper()
	data, err := json.MarshalIndent(got, "", "  ")
	require.NoError(t, err)
	goldenText(t, name, string(data)+"\n")
}

// goldenText compares got with testdata/name, or rewrites the file with
// -update.
func goldenText(t *testing.T, name string, got string) {
	t.Helper()
	data := []byte(got)
	path := filepath.Join("testdata", name)
	if *update {
		require.NoError(t, os.WriteFile(path, data, 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test ./analysis -update to create it")
	assert.Equal(t, string(want), string(data), "%s differs; if the change is intended, run go test ./analysis -update and review the diff", path)
}

// builtinCodes are the languages registered before any test runs: the
// built-in ones (tests register others, in any order under -shuffle).
var builtinCodes = analysis.Codes()

// TestGoldenTokens pins what every built-in analyzer makes of a sentence
// in its language: a change in Bleve or in our filters shows here first.
func TestGoldenTokens(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "tokens", "input.json"))
	require.NoError(t, err)
	var inputs map[string]string
	require.NoError(t, json.Unmarshal(data, &inputs))
	codes := append([]string{analysis.UndeterminedCode}, builtinCodes...)
	for _, code := range codes {
		t.Run(code, func(t *testing.T) {
			text, ok := inputs[code]
			require.True(t, ok, "testdata/tokens/input.json has no sentence for %q", code)
			toks, err := analysis.Analyze(code, text)
			require.NoError(t, err)
			require.NotEmpty(t, toks)
			for _, tok := range toks {
				require.True(t, tok.Start >= 0 && tok.End <= len(text) && tok.Start < tok.End, "offsets of %q inside the input", tok.Term)
			}
			var b strings.Builder
			b.WriteString(text + "\n\nposition start end term\n")
			for _, tok := range toks {
				fmt.Fprintf(&b, "%d %d %d %s\n", tok.Position, tok.Start, tok.End, tok.Term)
			}
			goldenText(t, filepath.Join("tokens", code+".golden"), b.String())
		})
	}
}

// TestAnalyzerNames pins the on-disk names: changing one makes every
// existing index unreadable.
func TestAnalyzerNames(t *testing.T) {
	names := map[string]string{analysis.Neutral.Code: analysis.Neutral.Analyzer}
	for _, l := range analysis.Languages() {
		if slices.Contains(builtinCodes, l.Code) {
			names[l.Code] = l.Analyzer
		}
	}
	golden(t, "analyzers.golden", names)
}

func TestBuiltinLanguages(t *testing.T) {
	for _, code := range []string{"ar", "de", "en", "es", "fr", "it", "ja", "ko", "nl", "pt", "ru", "sv", "tr", "zh"} {
		l, ok := analysis.Lookup(code)
		require.True(t, ok, code)
		assert.Equal(t, "newsindex_"+code, l.Analyzer)
		assert.NotEmpty(t, l.Name)
	}
	codes := analysis.Codes()
	assert.True(t, sort.StringsAreSorted(codes))
	_, ok := analysis.Lookup("und")
	assert.False(t, ok, "the neutral analysis is not a language")
}

func TestAnalyzers(t *testing.T) {
	tests := []struct {
		code, text string
		want       []string
		reason     string
	}{
		{"ko", "러시아와", []string{"러시", "시아"}, "the particle goes, Hangul is bigrammed: 러시아 (러시 시아) finds it"},
		{"ko", "북한이 탄도미사일을", []string{"북한", "탄도", "도미", "미사", "사일"}, "the example in BLEVE-NOTES.md, particles stripped"},
		{"ko", "조선에서는 친선을", []string{"조선", "친선"}, "a word keeps two syllables at least"},
		{"ko", "김 위원장", []string{"김", "위원", "원장"}, "a one-syllable word stays a unigram"},
		{"ko", "2025년 Putin", []string{"2025년", "putin"}, "mixed tokens are left whole"},
		{"ru", "ёлки Ёлки елки", []string{"елк", "елк", "елк"}, "ё folds to е before stemming"},
		{"ru", "ракета ракеты", []string{"ракет", "ракет"}, "Snowball stemming"},
		{"und", "Straße STRASSE", []string{"strasse", "strasse"}, "ß→ss and case folding"},
		{"und", "Chŏng-ŭn Lawrów", []string{"chong", "un", "lawrow"}, "diacritics fold"},
		{"und", "Ｐｕｔｉｎ ﬁnance", []string{"putin", "finance"}, "compatibility forms fold"},
		{"und", "der die das the", []string{"der", "die", "das", "the"}, "the neutral analysis keeps stop words of every language"},
		{"de", "Denkmälern Denkmal", []string{"denkmal", "denkmal"}, "German light stemming with umlaut folding; an inflected word is not a compound"},
		{"de", "Freundschaftsbeziehungen", []string{"freundschaftsbeziehung", "freundschaft", "beziehung"}, "a compound and its parts, across the linking s"},
		{"de", "Russlandsbesuch Nordkoreas Außenministerium", []string{"russlandsbesuch", "russland", "besuch", "nordkoreas", "korea", "aussenministerium", "minist", "ministerium"}, "parts of several compounds, umlauts and ß folded as the analyzer folds"},
		{"zh", "俄罗斯", []string{"俄罗", "罗斯"}, "Han bigrams"},
	}
	for _, tt := range tests {
		t.Run(tt.code+" "+tt.text, func(t *testing.T) {
			got, err := analysis.Terms(tt.code, tt.text)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got, tt.reason)
		})
	}
	_, err := analysis.Terms("xx", "text")
	assert.ErrorContains(t, err, `language "xx" is not registered`)
}

func TestGermanQueriesSplitLikeTheIndex(t *testing.T) {
	// Measured on XQuAD-R de: splitting queries too, .944 -> .946 nDCG@10.
	l, ok := analysis.Lookup("de")
	require.True(t, ok)
	assert.Equal(t, analysis.AnalyzerGerman, l.SearchAnalyzer())
	en, _ := analysis.Lookup("en")
	assert.Equal(t, analysis.AnalyzerEnglish, en.SearchAnalyzer(), "without a query analyzer, the analyzer")
}

func TestKoreanPositionsAllowPhrases(t *testing.T) {
	toks, err := analysis.Analyze("ko", "전통적인 친선관계")
	require.NoError(t, err)
	for i := 1; i < len(toks); i++ {
		assert.Equal(t, toks[i-1].Position+1, toks[i].Position, "bigrams take consecutive positions")
	}
}

func TestDetect(t *testing.T) {
	tests := []struct {
		text, want, reason string
	}{
		{"Die Freundschaftsbeziehungen zwischen der DVR Korea und der Russischen Föderation entwickeln sich noch weiter.", "de", "German prose"},
		{"Reply Message to Russian Foreign Minister", "en", "an English headline"},
		{"Mensaje de felicitación al presidente de Laos con motivo del aniversario", "es", "Spanish, as in the KCNA Spanish service"},
		{"La Corée du Nord et la Russie ont signé un traité", "fr", "French"},
		{"Северная Корея запустила ракеты", "ru", "Cyrillic"},
		{"북한이 탄도미사일을 발사했다", "ko", "Hangul is Korean"},
		{"朝鲜发射导弹", "zh", "Han without Kana is Chinese"},
		{"北朝鮮がミサイルを発射した", "ja", "Kana makes Japanese, Han beside it notwithstanding"},
		{"조선로동당 中央委員會", "ko", "Korean with Hanja stays Korean"},
		{"Kim Jong Un inspects", "und", "too short to tell: no function word, and trigram confidence is below the floor"},
		{"Greetings to Cuban Foreign Minister", "en", "one English function word decides a headline"},
		{"Kim Yong Nam Greets Lao President", "und", "Kim (Turkish \"who\") in a name is no function word; nothing else tells"},
		{"Anniversary of Kim Jong Il's Work Observed", "en", "of is English; the s of Il's is not French s'"},
		{"S. Korean workers' struggle supported", "und", "the initial S. is no French s'"},
		{"Kim Jong Il recibe regalo de Ahmad Vahidi", "es", "de is Spanish, French, Dutch or Portuguese; the commoner wins a tie"},
		{"Rusia dona alimentos a la RPDC", "es", "a and la: only Spanish has both"},
		{"Kim Yong Nam felicita a Hu Jintao", "und", "a alone is English, Spanish, Italian or Portuguese: no tie-break on one letter"},
		{"KIM JONG UN VISITS THE FACTORY OF THE ARMY", "en", "in capitals, every word counts"},
		{"Wie viele Punkte gab die Verteidigung der Panthers ab?", "de", "a German XQuAD question: die and der are German and Dutch, viele only German"},
		{"Kim Jong Un visite une usine d'engrais", "fr", "une and d' are French"},
		{"Có bao nhiêu điểm phòng ngự Panthers bị mất?", "und", "Vietnamese letters (đ, ự, ị) rule out every registered language"},
		{"Ο Κιμ Γιονγκ Ουν επισκέφθηκε το εργοστάσιο", "und", "Greek is not registered"},
		{"12 3", "und", "no letters"},
		{"", "und", "nothing"},
	}
	for _, tt := range tests {
		t.Run(tt.reason, func(t *testing.T) {
			assert.Equal(t, tt.want, analysis.Detect(tt.text), tt.text)
		})
	}
}

func TestDetectAmong(t *testing.T) {
	const german = "Die Freundschaftsbeziehungen zwischen der DVR Korea und der Russischen Föderation entwickeln sich noch weiter."
	tests := []struct {
		text   string
		codes  []string
		want   string
		reason string
	}{
		{german, []string{"de", "en"}, "de", "German is among them"},
		{german, []string{"en", "es"}, "und", "no function word of English or Spanish, and ö rules out both"},
		{"Kim Jong Il recibe regalo de Ahmad Vahidi", []string{"en", "pt"}, "pt", "among English and Portuguese, de is Portuguese"},
		{"북한이 탄도미사일을 발사했다", []string{"ko"}, "ko", "the script still decides"},
		{"북한이 탄도미사일을 발사했다", []string{"en", "de"}, "und", "Korean is not among them"},
		{"Северная Корея запустила ракеты", []string{"en"}, "und", "Russian is not among them: no fallback to it"},
		{german, []string{"xx", "und"}, "und", "codes that are not registered are ignored"},
		{german, nil, "und", "no languages, no answer"},
	}
	for _, tt := range tests {
		t.Run(tt.reason, func(t *testing.T) {
			assert.Equal(t, tt.want, analysis.DetectAmong(tt.text, tt.codes), tt.text)
		})
	}
}

func TestRegisterRefuses(t *testing.T) {
	valid := analysis.Language{Code: "qq", Name: "Test", Analyzer: "test_qq", New: func(c *registry.Cache) (bleveanalysis.Analyzer, error) {
		return c.AnalyzerNamed(en.AnalyzerName)
	}}
	tests := []struct {
		name string
		edit func(l *analysis.Language)
		want string
	}{
		{"bad code", func(l *analysis.Language) { l.Code = "Danish" }, `analysis: Register: language code "Danish" is not an ISO 639 code`},
		{"und", func(l *analysis.Language) { l.Code = "und" }, `language code "und" is not an ISO 639 code`},
		{"no analyzer name", func(l *analysis.Language) { l.Analyzer = "" }, `analysis: Register: language "qq" has no analyzer name`},
		{"no constructor", func(l *analysis.Language) { l.New = nil }, `analysis: Register: language "qq" has no analyzer constructor`},
		{"duplicate code", func(l *analysis.Language) { l.Code = "de" }, `analysis: Register called twice for language "de"`},
		{"duplicate analyzer", func(l *analysis.Language) { l.Analyzer = analysis.AnalyzerGerman }, `analyzer name "newsindex_de" is already used by language "de"`},
		{"name Bleve already has", func(l *analysis.Language) { l.Analyzer = en.AnalyzerName }, `language "qq": attempted to register duplicate analyzer named 'en'`},
		{"half a query analyzer", func(l *analysis.Language) { l.QueryAnalyzer = "test_qq_query" }, `language "qq" needs both QueryAnalyzer and NewQuery, or neither`},
		{"query analyzer name taken", func(l *analysis.Language) { l.QueryAnalyzer, l.NewQuery = analysis.AnalyzerGerman, l.New }, `analyzer name "newsindex_de" is already used by language "de"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := valid
			tt.edit(&l)
			assert.Contains(t, panicMessage(func() { analysis.Register(l) }), tt.want)
			_, registered := analysis.Lookup(l.Code)
			assert.Equal(t, l.Code == "de", registered, "a refused language is not half-registered")
		})
	}
}

func panicMessage(f func()) (msg string) {
	defer func() {
		if r := recover(); r != nil {
			msg, _ = r.(string)
		}
	}()
	f()
	return "did not panic"
}

func TestRegisterAddsALanguage(t *testing.T) {
	analysis.Register(analysis.Language{Code: "da", Name: "Danish", Analyzer: "test_da", New: func(c *registry.Cache) (bleveanalysis.Analyzer, error) {
		return c.AnalyzerNamed(da.AnalyzerName)
	}})
	l, ok := analysis.Lookup("da")
	require.True(t, ok)
	assert.Equal(t, "Danish", l.Name)
	assert.Contains(t, analysis.Codes(), "da")
	assert.True(t, analysis.HasAnalyzer("test_da"))
	terms, err := analysis.Terms("da", "Nordkorea og Rusland underskrev aftalen")
	require.NoError(t, err)
	assert.Equal(t, []string{"nordkorea", "rusland", "underskrev", "aftal"}, terms, "Bleve's Danish analyzer")
	assert.Equal(t, "da", analysis.Detect("Nordkorea og Rusland har underskrevet en omfattende aftale om strategisk partnerskab mellem de to lande"),
		"Detect considers registered languages")
}

// TestRegisterConcurrently registers each of a few new codes from many
// goroutines at once, each with an analyzer name of its own: exactly one
// must succeed. Before check and insert were one critical section, two
// could.
func TestRegisterConcurrently(t *testing.T) {
	const rounds, n = 20, 16
	for range rounds {
		code := unusedCode(t)
		start := make(chan struct{})
		var wg sync.WaitGroup
		var succeeded atomic.Int32
		panics := make(chan string, n)
		for i := range n {
			wg.Go(func() {
				<-start
				msg := panicMessage(func() {
					analysis.Register(analysis.Language{Code: code, Name: "Test", Analyzer: fmt.Sprintf("test_%s_%d", code, i), New: func(c *registry.Cache) (bleveanalysis.Analyzer, error) {
						return c.AnalyzerNamed(en.AnalyzerName)
					}})
				})
				if msg == "did not panic" {
					succeeded.Add(1)
				} else {
					panics <- msg
				}
			})
		}
		close(start)
		wg.Wait()
		close(panics)
		require.Equal(t, int32(1), succeeded.Load(), "exactly one registration of %q succeeds", code)
		for msg := range panics {
			require.Equal(t, fmt.Sprintf("analysis: Register called twice for language %q", code), msg)
		}
		_, ok := analysis.Lookup(code)
		require.True(t, ok)
	}
}

// unusedCode returns a language code nobody has registered, so that the
// test can run again in the same process (-count).
func unusedCode(t *testing.T) string {
	for _, a := range "qwxz" {
		for _, b := range "abcdefghijklmnopqrstuvwxyz" {
			code := "q" + string(a) + string(b)
			if _, ok := analysis.Lookup(code); !ok {
				return code
			}
		}
	}
	t.Fatal("no unused test code left")
	return ""
}
