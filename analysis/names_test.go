package analysis_test

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/newsindex/newsindex/analysis"
)

func TestGazetteerFind(t *testing.T) {
	g := analysis.BuiltinNames()
	tests := []struct {
		text string
		want []string
	}{
		{"Der Oberste Staatsführer Kim Jong Un stattete der Russischen Föderation Besuch ab", []string{"kim-jong-un", "russia"}},
		{"A biography of Kim Chŏng-ŭn was published in Pyŏngyang.", []string{"kim-jong-un", "pyongyang"}},
		{"Ким Чен Ын встретился с Путиным в Москве", []string{"kim-jong-un", "moscow", "putin"}},
		{"김정은 위원장이 러시아를 방문했다", []string{"kim-jong-un", "russia"}},
		{"Sergei Viktorovich Lavrov, foreign minister of the Russian Federation", []string{"lavrov", "russia"}},
		{"Kim Jong Il and Kim Il Sung", []string{"kim-il-sung", "kim-jong-il"}},
		{"Kim visited Jong Un Street", nil},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			got := g.Find(tt.text)
			if tt.want == nil {
				assert.Empty(t, got)
				return
			}
			assert.Equal(t, tt.want, got)
		})
	}
	assert.Equal(t, []string{"kim-jong-un"}, g.Names("Ким Чен Ын"))
	assert.Equal(t, []string{"lavrov"}, g.Names("LAWROW"))
	assert.Empty(t, g.Names("Kim Jong Un visits"), "Names wants the whole text")
	e, ok := g.Entity("dprk")
	require.True(t, ok)
	assert.Equal(t, "place", e.Kind)
}

func TestReadGazetteer(t *testing.T) {
	g := analysis.BuiltinNames()
	require.NoError(t, g.ReadGazetteer(strings.NewReader("# mine\nlee-jae-myung\tperson\tLee Jae-myung | 이재명\n\nputin\tperson\tPoutine\n"), "mine.txt"))
	assert.Equal(t, []string{"lee-jae-myung"}, g.Find("President Lee Jae-myung said"))
	assert.Equal(t, []string{"putin"}, g.Names("Poutine"), "more variants for a built-in entity")
	assert.Empty(t, analysis.BuiltinNames().Names("Poutine"), "BuiltinNames returns a fresh copy")

	err := g.ReadGazetteer(strings.NewReader("ok\tperson\tA\nbroken line\n"), "bad.txt")
	assert.EqualError(t, err, `bad.txt:2: want "id<TAB>kind<TAB>variant | variant"`)
	err = g.ReadGazetteer(strings.NewReader("putin\tplace\tX\n"), "bad.txt")
	assert.EqualError(t, err, `bad.txt:1: analysis: entity "putin" is a person, not a place`)
}

// The IDs of the first built-in entities, which indexes store: they must
// not change.
var firstBuiltinIDs = []string{"kim-il-sung", "kim-jong-il", "kim-jong-un", "kim-yo-jong", "choe-son-hui", "putin",
	"lavrov", "shoigu", "belousov", "dprk", "russia", "soviet-union", "pyongyang", "moscow", "kursk", "vladivostok",
	"seoul", "kcna", "wpk", "kpa"}

func TestBuiltinNamesWellFormed(t *testing.T) {
	g := analysis.BuiltinNames()
	for _, id := range firstBuiltinIDs {
		_, ok := g.Entity(id)
		assert.True(t, ok, "%s: built-in IDs are stored in indexes and never change", id)
	}
	id := regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	kinds := map[string]bool{"person": true, "place": true, "org": true}
	entities := g.Entities()
	assert.GreaterOrEqual(t, len(entities), 150)
	for _, e := range entities {
		assert.Regexp(t, id, e.ID, "IDs are lower case and hyphenated")
		assert.True(t, kinds[e.Kind], "%s: kind %q", e.ID, e.Kind)
		for _, v := range e.Variants {
			assert.Equal(t, []string{e.ID}, g.Names(v), "%s: the variant %q names it and no other entity", e.ID, v)
		}
	}
}

// TestGazetteerFindArchive tags sentences quoted from the archive (KCNA
// English and Spanish, Rodong Sinmun, 10kGNAD) and some in Cyrillic and
// Hangul, which the archive lacks.
func TestGazetteerFindArchive(t *testing.T) {
	g := analysis.BuiltinNames()
	tests := []struct {
		name, text string
		want       []string
		reason     string
	}{
		{"KCNA banquet in Ulan-Ude",
			"Dmitri Anatoliyevich Medvedev, president of the Russian Federation, hosted a grand banquet at the Presidential Guest House of the Russian Federation in Ulan-Ude City",
			[]string{"medvedev", "russia", "ulan-ude"}, "a full name with patronymic contains the surname"},
		{"KCNA Spanish Medvedev", "Kim Jong Il invito a Medvedev a visitar a Corea en el tiempo que le convenga",
			[]string{"kim-jong-il", "medvedev"}, "Spanish KCNA writes names as the English does; Corea alone is no country"},
		{"10kGNAD Medwedew", "Der russische Regierungschef Dmitri Medwedew bezeichnete indes die Flüchtlingspolitik der EU als kolossalen Fehler",
			[]string{"medvedev"}, "the German spelling; EU is left out, Portuguese eu is a word"},
		{"KCNA ambassador", "Sukhinin, doyen of the corps, conveyed the basket and letter to DPRK Foreign Minister Pak Ui Chun.",
			[]string{"dprk", "pak-ui-chun", "sukhinin"}, "a Russian surname alone, unique in the archive"},
		{"KCNA railway", "Rajin-Khasan Trial Train Service Made in DPRK",
			[]string{"dprk", "khasan", "rajin"}, "hyphenated place names are two words"},
		{"KCNA Spanish officials", "En la ocasion estuvieron presentes Choe Ryong Hae, Jang Song Thaek, Kim Ki Nam, Ri Myong Su y Ri Pyong Sam.",
			[]string{"choe-ryong-hae", "jang-song-thaek", "kim-ki-nam", "ri-myong-su"}, "a list of officials, one not in the gazetteer"},
		{"KCNA Spanish Kaesong", "cayeron lluvias torrenciales en las provincias de Hwanghae del Sur y del Norte, la ciudad de Kaesong y otras zonas.",
			[]string{"kaesong"}, "del Sur is not the Spanish Sur de Corea"},
		{"KCNA Tuman River", "the DPRK and China expect to build Rajin-Hunchun highway and a bridge across the Tuman River bordering the two countries.",
			[]string{"china", "dprk", "rajin", "tumen-river"}, "KCNA's Tuman is the Tumen"},
		{"KCNA Spanish Security Council", "la resolucion de sancion anti-RPDC inventada instigando al Consejo de Seguridad de la ONU",
			[]string{"dprk", "un", "un-security-council"}, "RPDC and ONU, the Spanish acronyms"},
		{"KCNA Spanish SPA", "Kim Yong Nam, presidente del Presidium de la Asamblea Popular Suprema de la Republica Popular Democratica de Corea",
			[]string{"dprk", "kim-yong-nam", "supreme-peoples-assembly"}, "Spanish KCNA without accents"},
		{"KCNA Saenuri", `the deceptive trick of the "Saenuri Party"`, []string{"saenuri-party"}, "quotes do not matter"},
		{"KCNA Lukashenko", "Present there was Belorussian President Aleksandr Lukashenko.",
			[]string{"lukashenko"}, "an adjective is not the country"},
		{"KCNA Spanish Khabarovsk", "Firmado acuerdo sobre relaciones de amistad Chongjin-Jabarovsk",
			[]string{"chongjin", "khabarovsk"}, "the Spanish Jabarovsk"},
		{"Rodong officials", "Also attending the banquet were leading officials of the Party, the government and the military including Kim Tok Hun, Jo Yong Won, Choe Ryong Hae, Pak Jong Chon and Ri Pyong Chol.",
			[]string{"choe-ryong-hae", "jo-yong-won", "kim-tok-hun", "pak-jong-chon", "ri-pyong-chol"}, "Rodong Sinmun 2022"},
		{"Rodong institutions", "floral baskets in the names of the WPK Central Committee, the State Affairs Commission of the DPRK, the Standing Committee of the Supreme People's Assembly of the DPRK",
			[]string{"dprk", "state-affairs-commission", "supreme-peoples-assembly", "wpk"}, "institutions"},
		{"10kGNAD Austrian politics", "Sollten jetzt auch noch die Vorzeichen auf einen Verbleib von Faymann an der SPÖ-Spitze stehen, könne wohl auch Mitterlehner wieder ruhiger schlafen: In diesem Fall wird er erst recht ÖVP-Chef bleiben.",
			[]string{"faymann", "mitterlehner", "ovp", "spo"}, "party acronyms with Ö, in compounds"},
		{"10kGNAD Merkel", "Die Politik läuft nach Angela Merkels einzigem Kompass", []string{"merkel"}, "a German genitive"},
		{"KCNA Chinese visitors", "At the meeting Wang Jiarui conveyed greetings from the collective leadership of the CPC including General Secretary Hu Jintao.",
			[]string{"cpc", "hu-jintao", "wang-jiarui"}, "Chinese officials"},
		{"KCNA Tok Islets", "They should bear in mind that Tok Islets always remain part of the inviolable territory of Korea.",
			[]string{"dokdo"}, "Tok Islet with an English plural"},
		{"KCNA south Korea", "The Lee Myung Bak group of traitors of south Korea is mulling concluding a contract with the U.S.",
			[]string{"lee-myung-bak", "south-korea", "united-states"}, "KCNA writes south Korea and U.S."},
		{"Russian", "Ким Ен Нам и Чхве Рён Хэ встретились с Медведевым в Улан-Удэ",
			[]string{"choe-ryong-hae", "kim-yong-nam", "medvedev", "ulan-ude"}, "Cyrillic, inflected"},
		{"DPRK Hangul", "메드베제브 대통령이 울란우데에서 김정일 동지와 회담하였다",
			[]string{"kim-jong-il", "medvedev", "ulan-ude"}, "the DPRK's Hangul for Medvedev"},
		{"ROK Hangul", "메드베데프 러시아 대통령", []string{"medvedev", "russia"}, "the ROK's Hangul for Medvedev"},
		{"Hangul institution", "최고인민회의 상임위원회 위원장 김영남", []string{"kim-yong-nam", "supreme-peoples-assembly"}, "Hangul"},
		{"Chinese", "中国国家主席习近平", []string{"china", "xi-jinping"}, "Han characters"},

		{"German kurz", "Dieser war nach dem Umsturz 1970 kurz Premierminister.", nil, "Kurz alone is a German word"},
		{"KCNA Ri Dynasty", "fight against Japanese invaders in the late period of the Ri Dynasty.", nil,
			"Ri alone is no one, and an adjective no country"},
		{"KCNA Spanish usa", "Ese dia, el recorrio la salina que usa la compania para el autoabastecimiento.", nil,
			"USA is left out: Spanish usa"},
		{"KCNA Spanish un", "Hasta el fin del ano 2009, el mundo registro un total de 2054 pruebas nucleares", nil,
			"UN is left out: Spanish un"},
		{"KCNA National Security Council", `also adopted the "National Security Council Resolution 170" to make south Korea its "military ally"`,
			[]string{"south-korea"}, "Security Council alone is not the UN's"},
		{"KCNA Mao Anying", "The participants observed a moment's silence in memory of Mao Anying and fallen fighters of the CPV", nil,
			"Mao alone is not Mao Zedong"},
		{"KCNA Kim Yong Rok", "Kim Yong Rok, general of the KPA, told KCNA:", []string{"kcna", "kpa"},
			"ROK is left out: Rok is a Korean given name"},
		{"KCNA DPRK", "the Democratic People's Republic of Korea", []string{"dprk"},
			"Republic of Korea is left out: it ends the DPRK's name"},
		{"Russian stems", "В Ираке вручили Кубок Кубани", nil, "Иран and Куба are left out: their stems begin Ирак, Кубок"},
		{"Hangul words", "국제주의 정신으로 우리나라선수들이 해주었다", nil, "제주, 라선 and 해주 are parts of words"},
	}
	for _, tt := range tests {
		if tt.reason == "" {
			panic(tt.name + ": a case needs a reason")
		}
		t.Run(tt.name, func(t *testing.T) {
			got := g.Find(tt.text)
			if tt.want == nil {
				assert.Empty(t, got, tt.reason)
				return
			}
			assert.Equal(t, tt.want, got, tt.reason)
		})
	}

	for _, name := range []string{"Medvedev", "Medwedew", "Медведев", "메드베제브", "메드베데프", "Dmitri Medwedew"} {
		assert.Equal(t, []string{"medvedev"}, g.Names(name), "%s is a name of Medvedev", name)
	}
	assert.Equal(t, []string{"choe-ryong-hae"}, g.Names("Choe Ryong-hae"))
	assert.Equal(t, []string{"ri-yong-ho"}, g.Names("리용호"), "the diplomat shares the KCNA spelling's entry")
	assert.Equal(t, []string{"sebastian-kurz"}, g.Names("Sebastian Kurz"))
	assert.Empty(t, g.Names("Kurz"))
}

// archive returns the path of a file of the shared news archive, which lies
// beside the checkout (/work/shared beside /work/main) or beside the
// directory of worktrees (/work/wt/NAME), and skips the test without it.
func archive(tb testing.TB, parts ...string) string {
	tb.Helper()
	for _, up := range [][]string{{"..", ".."}, {"..", "..", ".."}} {
		p := filepath.Join(append(append(up, "shared", "data"), parts...)...)
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	tb.Skipf("no shared/data/%s beside the checkout: the archive tests need /work/shared", filepath.Join(parts...))
	return ""
}

// readArchiveJSONL returns title and body of each article of a JSON Lines
// file of the archive.
func readArchiveJSONL(tb testing.TB, path string) []string {
	tb.Helper()
	f, err := os.Open(path)
	require.NoError(tb, err)
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		var a struct{ Title, Body string }
		require.NoError(tb, json.Unmarshal(sc.Bytes(), &a))
		out = append(out, a.Title+"\n"+a.Body)
	}
	require.NoError(tb, sc.Err())
	return out
}

// read10kGNAD returns the texts of 10kGNAD's test.csv: one article a line,
// "label;'text'" with ' quoting the text where it needs quotes.
func read10kGNAD(tb testing.TB, path string) []string {
	tb.Helper()
	data, err := os.ReadFile(path)
	require.NoError(tb, err)
	var out []string
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		_, text, ok := strings.Cut(line, ";")
		require.True(tb, ok, "a 10kGNAD line is label;text")
		if len(text) >= 2 && text[0] == '\'' && text[len(text)-1] == '\'' {
			text = strings.ReplaceAll(text[1:len(text)-1], "''", "'")
		}
		out = append(out, text)
	}
	return out
}

// TestBuiltinNamesArchive tags the whole archive: what grep finds is
// tagged, what is tagged names the entity, and -v logs how many articles
// each entity tags.
func TestBuiltinNamesArchive(t *testing.T) {
	if testing.Short() {
		t.Skip("tags 26,000 articles")
	}
	sources := map[string][]string{
		"kcna":    readArchiveJSONL(t, archive(t, "kcna-2011-2012", "kcna_articles_2011_2012.jsonl")),
		"10kgnad": read10kGNAD(t, archive(t, "10kgnad-test", "test.csv")),
	}
	rodong, err := filepath.Glob(filepath.Join(archive(t, "rodong-sinmun-en"), "*.jsonl"))
	require.NoError(t, err)
	for _, file := range rodong {
		sources["rodong"] = append(sources["rodong"], readArchiveJSONL(t, file)...)
	}
	require.Len(t, sources["kcna"], 24776)
	require.Len(t, sources["10kgnad"], 1028)

	g := analysis.BuiltinNames()
	tags := map[string]map[string][]int{} // source → entity → articles
	for src, texts := range sources {
		tags[src] = map[string][]int{}
		for i, text := range texts {
			for _, id := range g.Find(text) {
				tags[src][id] = append(tags[src][id], i)
			}
		}
	}
	lower := map[string][]string{}
	for src, texts := range sources {
		for _, text := range texts {
			lower[src] = append(lower[src], strings.ToLower(text))
		}
	}
	// grep counts the articles of a source that contain a lower-case word,
	// as a whole word if whole.
	grep := func(src, word string, whole bool) int {
		re := regexp.MustCompile(`\b` + regexp.QuoteMeta(word) + `\b`)
		n := 0
		for _, text := range lower[src] {
			if strings.Contains(text, word) && (!whole || re.MatchString(text)) {
				n++
			}
		}
		return n
	}

	assert.Equal(t, g.Names("Medvedev"), g.Names("Medwedew"), "the English and the German spelling name one entity")
	assert.GreaterOrEqual(t, len(tags["kcna"]["medvedev"]), grep("kcna", "medvedev", false), "every KCNA article grep -i Medvedev finds is tagged")
	assert.GreaterOrEqual(t, len(tags["10kgnad"]["medvedev"]), grep("10kgnad", "medwedew", false), "and the German news that spell him Medwedew")

	for _, tt := range []struct{ id, word string }{
		{"choe-ryong-hae", "Choe Ryong Hae"}, {"jang-song-thaek", "Jang Song Thaek"}, {"kim-yong-nam", "Kim Yong Nam"},
		{"pak-pong-ju", "Pak Pong Ju"}, {"pak-ui-chun", "Pak Ui Chun"}, {"sukhinin", "Sukhinin"}, {"kaesong", "Kaesong"},
		{"khabarovsk", "Khabarovsk"}, {"ulan-ude", "Ulan-Ude"}, {"rason", "Rason"}, {"khasan", "Khasan"},
		{"supreme-peoples-assembly", "Supreme People's Assembly"}, {"un-security-council", "UN Security Council"},
	} {
		assert.GreaterOrEqual(t, len(tags["kcna"][tt.id]), grep("kcna", strings.ToLower(tt.word), true), "%s: every KCNA article that names %s is tagged", tt.id, tt.word)
	}

	// Entities with short or word-like variants tag only articles that
	// name them.
	for _, tt := range []struct{ id, names string }{
		{"united-states", `\bU\. ?S\b|(?i)united\s+states|estados\s+unidos|EE\. ?UU|vereinigten?\s+staaten`},
		{"national-defence-commission", `\b(NDC|CDN)\b|(?i)national\s+defen[cs]e\s+commission|defensa\s+nacional`},
		{"south-korea", `(?i)south\s+korea|sur\W+de\W+corea|corea\s+del\s+sur|südkorea`},
		{"yoshihiko-noda", `\bNoda\b`},
		{"rajin", `\bRajin\b`},
		{"sebastian-kurz", `Sebastian Kurz`},
		{"vienna", `\b(Wien|Vienna|Viena)`},
	} {
		names := regexp.MustCompile(tt.names)
		for src, texts := range sources {
			for _, i := range tags[src][tt.id] {
				if !names.MatchString(texts[i]) {
					t.Errorf("%s: %s article %d is tagged but does not name it: %.200q", tt.id, src, i, texts[i])
				}
			}
		}
	}

	for _, e := range g.Entities() {
		t.Logf("%-28s kcna=%-5d rodong=%-4d 10kgnad=%d", e.ID, len(tags["kcna"][e.ID]), len(tags["rodong"][e.ID]), len(tags["10kgnad"][e.ID]))
	}
}

// BenchmarkGazetteerFind tags KCNA articles (title and body) as ingest
// does, one sub-benchmark per file in testdata/names: a typical message and
// a banquet report that names some forty people.
func BenchmarkGazetteerFind(b *testing.B) {
	files, err := filepath.Glob(filepath.Join("testdata", "names", "kcna-*.txt"))
	require.NoError(b, err)
	require.NotEmpty(b, files)
	g := analysis.BuiltinNames()
	for _, file := range files {
		data, err := os.ReadFile(file)
		require.NoError(b, err)
		text := string(data)
		b.Run(strings.TrimSuffix(filepath.Base(file), ".txt"), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(text)))
			for b.Loop() {
				g.Find(text)
			}
		})
	}
}

func TestGazetteerSpans(t *testing.T) {
	g := analysis.BuiltinNames()
	for _, tc := range []struct {
		text   string
		want   []string // the spans' text, then their IDs
		reason string
	}{
		{"Kim Jong Il funeral", []string{"Kim Jong Il", "kim-jong-il"}, "the name and a word"},
		{"Putin meets Lavrov in Moscow", []string{"Putin", "putin", "Lavrov", "lavrov", "Moscow", "moscow"}, "several names"},
		{"김정일 장례식", []string{"김정일", "kim-jong-il"}, "Hangul bigrams: the span is the whole name"},
		{"funeral ceremony", nil, "no name"},
		{"Kim visited", nil, "a surname alone is not a name"},
	} {
		var got []string
		for _, s := range g.Spans(tc.text) {
			got = append(got, tc.text[s.Start:s.End])
			got = append(got, s.IDs...)
		}
		assert.Equal(t, tc.want, got, tc.reason)
	}
}
