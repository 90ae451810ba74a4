package newsindex_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	ni "github.com/newsindex/newsindex"
	"github.com/newsindex/newsindex/analysis"
)

// visitIndex holds six articles about a visit to Buryatia among twenty
// about other things, and three Spanish ones about the visit.
func visitIndex(t *testing.T) *ni.Index {
	t.Helper()
	idx := openIndex(t, "")
	var articles []ni.Article
	visit := []string{
		"Kim Jong Il visited Ulan-Ude, the capital of Buryatia, where Medvedev met him. Soldiers who die young were remembered.",
		"Medvedev greeted Kim Jong Il in Ulan-Ude. The governor of Buryatia visited the hydropower station with them.",
		"In Buryatia Kim Jong Il visited a hydropower station on the Angara. Medvedev hosted a banquet.",
		"Kim Jong Il's train crossed Siberia to Buryatia. Medvedev and he talked of a gas pipeline. Heroes never die.",
		"The talks of Kim Jong Il and Medvedev in Ulan-Ude were about the gas pipeline and the railway.",
		"Kim Jong Il visited Siberia: Ulan-Ude welcomed him, and the visit ended with a banquet.",
	}
	for i, body := range visit {
		articles = append(articles, ni.Article{ID: fmt.Sprintf("visit-%d", i), Title: "Kim Jong Il in Russia", Body: body, Language: "en", Published: day("2011-08-20").AddDate(0, 0, i)})
	}
	other := []string{
		"The rice harvest was good this year in the fields of the province.",
		"A factory produced more tractors for the farms of the country.",
		"Kim Jong Il inspected a factory and gave guidance to the workers.",
		"The workers of the steel complex fulfilled their plan ahead of time.",
		"Kim Jong Il sent a message of greeting to the president of Laos.",
		"Students of the university visited the museum of the revolution.",
		"The railway between the two cities was repaired by the youth.",
		"A delegation of the party left for China to visit the factories there.",
		"The weather was fine and the harvest of maize began in the north.",
		"Kim Jong Il watched a performance of the army song and dance ensemble.",
	}
	for i := range 20 {
		articles = append(articles, ni.Article{ID: fmt.Sprintf("other-%d", i), Title: "News", Body: other[i%len(other)], Language: "en", Published: day("2011-07-01").AddDate(0, 0, i)})
	}
	for i, body := range []string{
		"Kim Jong Il visito Ulan-Ude, capital de Buriatia, donde Medvedev lo recibio.",
		"Medvedev y Kim Jong Il hablaron del gasoducto en Ulan-Ude.",
		"Kim Jong Il visito una central hidroelectrica en Buriatia.",
	} {
		articles = append(articles, ni.Article{ID: fmt.Sprintf("es-%d", i), Title: "Kim Jong Il en Rusia", Body: body, Language: "es", Published: day("2011-08-25")})
	}
	for i, body := range []string{
		"La cosecha de arroz fue buena este ano en la provincia.",
		"Una fabrica produjo mas tractores para las granjas del pais.",
		"Los estudiantes visitaron el museo de la revolucion.",
	} {
		articles = append(articles, ni.Article{ID: fmt.Sprintf("es-other-%d", i), Title: "Noticias", Body: body, Language: "es", Published: day("2011-07-25")})
	}
	require.NoError(t, idx.Add(context.Background(), articles...))
	return idx
}

func termList(ts []ni.SignificantTerm) []string {
	var out []string
	for _, t := range ts {
		out = append(out, t.Term)
	}
	return out
}

func TestTerms(t *testing.T) {
	ctx := context.Background()
	idx := visitIndex(t)
	res, err := idx.Terms(ctx, ni.Entity("ulan-ude"), ni.TermsOptions{})
	require.NoError(t, err)
	assert.Equal(t, uint64(6), res.Matches, "four English articles and two Spanish ones name Ulan-Ude")
	assert.Equal(t, "en", res.Language, "the words are of the language most matches are in")
	assert.Equal(t, 4, res.Sampled, "the English matches")
	words := termList(res.Terms)
	assert.Equal(t, []string{"Russia", "Medvedev"}, words[:2], "in every match's title, and in three of the four matches: the most significant")
	for _, w := range []string{"Ulan", "Ude", "the", "die", "Kim"} {
		assert.NotContains(t, words, w, "the words of the entity the query asks for, and stop words of any language (die is German, Kim Turkish)")
	}
	for _, term := range res.Terms {
		assert.GreaterOrEqual(t, term.Background, term.Count, "%s: the archive holds the matches", term.Term)
		assert.Positive(t, term.Score)
	}
	assert.Equal(t, []string{"russia", "medvedev", "kim-jong-il"}, termList(res.Entities), "the entities, but the one the query asks for")

	five, err := idx.Terms(ctx, ni.Entity("ulan-ude"), ni.TermsOptions{Size: 5})
	require.NoError(t, err)
	assert.Equal(t, res.Terms[:5], five.Terms, "Size takes the first")

	all, err := idx.Terms(ctx, ni.Match{Text: "Kim Jong Il"}, ni.TermsOptions{})
	require.NoError(t, err)
	words = termList(all.Terms)
	assert.Contains(t, words, "Buryatia")
	assert.Contains(t, words, "visited", "the stem visit is shown as the matches write it most often: visited 4 times, visit once")
	assert.NotContains(t, words, "Jong", "the query's words are left out")
	assert.NotContains(t, words, "die", "a German stop word in English text, in two matches")
	assert.NotContains(t, termList(all.Entities), "kim-jong-il", "the entity the query names")

	es, err := idx.Terms(ctx, ni.Match{Text: "Kim Jong Il"}, ni.TermsOptions{Language: "es"})
	require.NoError(t, err)
	assert.Equal(t, "es", es.Language)
	assert.Equal(t, uint64(3), es.Matches, "the matches in Spanish")
	assert.Equal(t, []string{"Rusia", "Buriatia", "Medvedev"}, termList(es.Terms)[:3])

	none, err := idx.Terms(ctx, ni.Match{Text: "nothingness"}, ni.TermsOptions{})
	require.NoError(t, err)
	data, err := json.Marshal(none)
	require.NoError(t, err)
	assert.JSONEq(t, `{"terms":[],"entities":[],"language":"","matches":0,"sampled":0}`, string(data))

	data, err = json.Marshal(res.Terms[0])
	require.NoError(t, err)
	var fields map[string]any
	require.NoError(t, json.Unmarshal(data, &fields))
	assert.ElementsMatch(t, []string{"term", "count", "background", "score"}, keys(fields))
}

func keys(m map[string]any) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestTermsBadOptions(t *testing.T) {
	ctx := context.Background()
	idx := visitIndex(t)
	for _, tc := range []struct {
		name   string
		q      ni.Query
		opts   ni.TermsOptions
		option string // "" for a *QueryError
		want   string
	}{
		{"a negative size", ni.All(), ni.TermsOptions{Size: -1}, "TermsOptions.Size", "-1 is out of range"},
		{"too many words", ni.All(), ni.TermsOptions{Size: 5000}, "TermsOptions.Size", "5000 is out of range (1 to 1000"},
		{"too big a sample", ni.All(), ni.TermsOptions{Sample: 20000}, "TermsOptions.Sample", "20000 is out of range (1 to 10000"},
		{"not a language", ni.All(), ni.TermsOptions{Language: "english"}, "TermsOptions.Language", `"english" is not an ISO 639 code`},
		{"a nil query", nil, ni.TermsOptions{}, "", "nil query"},
		{"a bad query", ni.Match{Text: "x", Fuzziness: 7}, ni.TermsOptions{}, "", "fuzziness 7"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := idx.Terms(ctx, tc.q, tc.opts)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
			if tc.option == "" {
				var qe *ni.QueryError
				assert.True(t, errors.As(err, &qe), "%v: a *QueryError", err)
				return
			}
			var oe *ni.OptionError
			require.True(t, errors.As(err, &oe), "%v: an *OptionError", err)
			assert.Equal(t, tc.option, oe.Option)
		})
	}
	limited := wordyIndex(t, ni.Config{MaxExpansions: 100})
	_, err := limited.Terms(ctx, ni.Prefix{Text: "k"}, ni.TermsOptions{})
	var qe *ni.QueryError
	assert.True(t, errors.As(err, &qe), "the index's limits apply: %v", err)
}

// TestTermsKCNA: the top words and entities of queries on the KCNA archive
// are what a reader of the news of those days expects, and none is a stop
// word of any language of the index.
func TestTermsKCNA(t *testing.T) {
	idx := kcnaIndex(t)
	ctx := context.Background()
	for _, tc := range []struct {
		query  string
		want   []string // words or entity IDs, lowercase, each among the top 30 of either list
		reason string
	}{
		{"Kim Jong Il published:2011-08", []string{"medvedev", "ulan-ude", "buryatia", "siberia"}, "his visit to Russia in August 2011: the summit with Medvedev in Ulan-Ude"},
		{"earthquake Japan", []string{"tsunami", "magnitude", "fukushima"}, "the Tohoku earthquake of March 2011"},
		{"satellite", []string{"kwangmyongsong", "launch", "orbit"}, "the launches of Kwangmyongsong-3"},
		{"Yonphyong", []string{"shelling", "island", "south-korea"}, "the shelling of Yonphyong Island in November 2010"},
		{"Kim Jong Il published:2011-12", []string{"demise", "condolences", "mourning", "kim-jong-un"}, "his death in December 2011, and his successor"},
		{"Medvedev", []string{"ulan-ude", "buryatia", "ishayev"}, "the Russian president, where he met Kim Jong Il and the presidential envoy who came with him (his own names are the query's: Dmitri is not shown)"},
	} {
		t.Run(tc.query, func(t *testing.T) {
			res, err := idx.Terms(ctx, mustParse(t, tc.query), ni.TermsOptions{})
			require.NoError(t, err)
			assert.Equal(t, "en", res.Language)
			var top []string
			for _, w := range res.Terms {
				top = append(top, strings.ToLower(w.Term))
				for _, code := range idx.Languages() {
					terms, err := analysis.Terms(code, w.Term)
					require.NoError(t, err)
					assert.NotEmpty(t, terms, "%q is a stop word in %s", w.Term, code)
				}
			}
			for _, e := range res.Entities {
				top = append(top, e.Term)
			}
			for _, w := range tc.want {
				assert.Contains(t, top, w, "%s (%s)", tc.reason, strings.Join(top, " "))
			}
		})
	}
}
