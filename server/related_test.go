package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/newsindex/newsindex"
	"github.com/newsindex/newsindex/server"
)

func TestAPIRelated(t *testing.T) {
	ctx := context.Background()
	idx, err := newsindex.Open("", newsindex.Config{})
	require.NoError(t, err)
	t.Cleanup(func() { idx.Close() })
	day := time.Date(2025, 8, 18, 0, 0, 0, 0, time.UTC)
	body := "The DPRK embassy in Moscow hosted a reception on August 14 on the occasion of the 80th anniversary of Korea's liberation. Present there on invitation were the Minister of Natural Resources and Ecology and the Vice Foreign Minister of Russia, with other personages of the government."
	require.NoError(t, idx.Add(ctx,
		newsindex.Article{ID: "kcna", Title: "DPRK Embassy in Moscow Hosts Reception", Body: body, Language: "en", Source: "KCNA", Published: day},
		newsindex.Article{ID: "rodong", Title: "Reception at DPRK Embassy", Body: body, Language: "en", Source: "Rodong Sinmun", Published: day.AddDate(0, 0, 1)},
		newsindex.Article{ID: "other", Title: "Harvest", Body: "The harvest of the cooperative farms was good this year in every province.", Language: "en", Source: "KCNA", Published: day},
	))
	srv := httptest.NewServer(server.New(idx, server.Options{}))
	t.Cleanup(srv.Close)

	code, body2, _ := get(t, srv, "/api/articles/kcna/related")
	require.Equal(t, 200, code, body2)
	var rel struct {
		ID   string `json:"id"`
		Hits []struct {
			ID    string  `json:"id"`
			Kind  string  `json:"kind"`
			Score float64 `json:"score"`
		} `json:"hits"`
	}
	require.NoError(t, json.Unmarshal([]byte(body2), &rel))
	assert.Equal(t, "kcna", rel.ID)
	require.NotEmpty(t, rel.Hits)
	assert.Equal(t, "rodong", rel.Hits[0].ID)
	assert.Equal(t, "duplicate", rel.Hits[0].Kind)

	for _, tc := range []struct {
		path string
		code int
		want string
	}{
		{"/api/articles/nothing/related", 404, "article not found"},
		{"/api/articles/kcna/related?kind=copy", 400, `kind: unknown kind \"copy\"`},
		{"/api/articles/kcna/related?size=0", 400, "size must be a number from 1 to 100"},
		{"/api/articles/kcna/related?days=x", 400, "days must be"},
		{"/api/articles/kcna/related?lang=English", 400, "is not an ISO 639 code"},
	} {
		code, body, _ := get(t, srv, tc.path)
		assert.Equal(t, tc.code, code, tc.path)
		assert.Contains(t, body, tc.want, tc.path)
	}
}

func TestAPICollapse(t *testing.T) {
	ctx := context.Background()
	idx, err := newsindex.Open("", newsindex.Config{})
	require.NoError(t, err)
	t.Cleanup(func() { idx.Close() })
	day := time.Date(2025, 8, 18, 0, 0, 0, 0, time.UTC)
	body := "The DPRK embassy in Moscow hosted a reception on August 14 on the occasion of the 80th anniversary of Korea's liberation. Present there on invitation were the Minister of Natural Resources and Ecology and the Vice Foreign Minister of Russia, with other personages of the government."
	require.NoError(t, idx.Add(ctx,
		newsindex.Article{ID: "kcna", Title: "DPRK Embassy in Moscow Hosts Reception", Body: body, Language: "en", Source: "KCNA", Published: day},
		newsindex.Article{ID: "rodong", Title: "Reception at DPRK Embassy", Body: body, Language: "en", Source: "Rodong Sinmun", Published: day.AddDate(0, 0, 1)},
		newsindex.Article{ID: "other", Title: "Reception in Beijing", Body: "A reception was held in Beijing by the DPRK embassy for the anniversary of the friendship treaty with China.", Language: "en", Source: "KCNA", Published: day},
	))
	srv := httptest.NewServer(server.New(idx, server.Options{}))
	t.Cleanup(srv.Close)
	code, body2, _ := get(t, srv, "/api/search?q=reception&collapse=1")
	require.Equal(t, 200, code, body2)
	var res struct {
		Total   int `json:"total"`
		Stories int `json:"stories"`
		Hits    []struct {
			ID     string `json:"id"`
			Others []struct {
				ID, Kind string
			} `json:"others"`
		} `json:"hits"`
	}
	require.NoError(t, json.Unmarshal([]byte(body2), &res))
	assert.Equal(t, 3, res.Total)
	assert.Equal(t, 2, res.Stories)
	require.Len(t, res.Hits, 2)
	var others []string
	for _, h := range res.Hits {
		for _, o := range h.Others {
			others = append(others, o.ID+" "+o.Kind)
		}
	}
	assert.Len(t, others, 1)
	code, body2, _ = get(t, srv, "/api/search?q=reception&collapse=maybe")
	assert.Equal(t, 400, code)
	assert.Contains(t, body2, "collapse must be 1 or 0")
}

// reprintServer serves two copies of one item under two outlets, and two
// other articles.
func reprintServer(t *testing.T) *httptest.Server {
	t.Helper()
	ctx := context.Background()
	idx, err := newsindex.Open("", newsindex.Config{})
	require.NoError(t, err)
	t.Cleanup(func() { idx.Close() })
	day := time.Date(2025, 8, 18, 0, 0, 0, 0, time.UTC)
	body := "The DPRK embassy in Moscow hosted a reception on August 14 on the occasion of the 80th anniversary of Korea's liberation. Present there on invitation were the Minister of Natural Resources and Ecology and the Vice Foreign Minister of Russia, with other personages of the government."
	require.NoError(t, idx.Add(ctx,
		newsindex.Article{ID: "kcna", Title: "DPRK Embassy in Moscow Hosts Reception", Body: body, Language: "en", Source: "KCNA", Published: day},
		newsindex.Article{ID: "rodong", Title: "Reception at DPRK Embassy", Body: "MOSCOW -- " + body + " Speeches were made.", Language: "en", Source: "Rodong Sinmun", Published: day.AddDate(0, 0, 1)},
		newsindex.Article{ID: "beijing", Title: "Reception in Beijing", Body: "A reception was held in Beijing by the DPRK embassy for the anniversary of the friendship treaty with China, with officials of the Chinese government present.", Language: "en", Source: "KCNA", Published: day},
		newsindex.Article{ID: "havana", Title: "Reception in Havana", Body: "A reception was held in Havana by the DPRK embassy for the anniversary of liberation, with Cuban officials present.", Language: "en", Source: "KCNA", Published: day},
	))
	srv := httptest.NewServer(server.New(idx, server.Options{}))
	t.Cleanup(srv.Close)
	return srv
}

func TestPageCollapsesReprints(t *testing.T) {
	srv := reprintServer(t)
	code, body, _ := get(t, srv, "/?q=reception&size=2")
	require.Equal(t, 200, code, body)
	assert.Contains(t, body, "4 articles match · 3 stories (reprints and translations grouped)")
	assert.Contains(t, body, "start=2", "the next page of stories")
	assert.Equal(t, 2, strings.Count(body, `<li>
        <article`), "two stories a page")

	code, body, _ = get(t, srv, "/?q=reception&size=2&start=2")
	require.Equal(t, 200, code, body)
	assert.Equal(t, 1, strings.Count(body, `<li>
        <article`), "the last story")
	assert.NotContains(t, body, `rel="next"`)

	code, body, _ = get(t, srv, "/?q=reception")
	require.Equal(t, 200, code, body)
	assert.Contains(t, body, `<p class="others" lang="en">Also as <a href="articles/`)
	assert.Contains(t, body, `diff?a=`)

	code, body, _ = get(t, srv, "/?q=reception&copies=1")
	require.Equal(t, 200, code, body)
	assert.NotContains(t, body, "stories")
	assert.NotContains(t, body, `class="others"`)
	assert.Contains(t, body, `id="copies" name="copies" type="checkbox" value="1" checked`)

	code, body, _ = get(t, srv, "/?q=reception&start=-1")
	assert.Equal(t, 400, code)
	assert.Contains(t, body, "start must be a number")
}

func TestPageCollapsesTranslations(t *testing.T) {
	ctx := context.Background()
	idx, err := newsindex.Open("", newsindex.Config{})
	require.NoError(t, err)
	t.Cleanup(func() { idx.Close() })
	day := time.Date(2024, 6, 19, 0, 0, 0, 0, time.UTC)
	require.NoError(t, idx.Add(ctx,
		newsindex.Article{ID: "kcna-en", Language: "en", Source: "KCNA", Published: day, Title: "Vladimir Putin Arrives in Pyongyang",
			Body: "Vladimir Putin, President of the Russian Federation, arrived in Pyongyang on June 19 for a state visit. He was met at Sunan International Airport by Kim Jong Un. The two leaders signed the Treaty on Comprehensive Strategic Partnership, with 23 articles, and talked for 2 hours."},
		newsindex.Article{ID: "kcna-ru", Language: "ru", Source: "KCNA", Published: day.AddDate(0, 0, 1), Title: "Владимир Путин прибыл в Пхеньян",
			Body: "Президент Российской Федерации Владимир Путин 19 июня прибыл в Пхеньян с государственным визитом. В аэропорту Сунан его встретил Ким Чен Ын. Лидеры подписали Договор о всеобъемлющем стратегическом партнёрстве из 23 статей и беседовали 2 часа."},
	))
	srv := httptest.NewServer(server.New(idx, server.Options{}))
	t.Cleanup(srv.Close)
	code, body, _ := get(t, srv, "/?q=Putin")
	require.Equal(t, 200, code, body)
	assert.Contains(t, body, "2 articles match · 1 story (reprints and translations grouped)")
	assert.Contains(t, body, "(translation, ")
	assert.NotContains(t, body, `diff?a=`, "no word diff between two languages")
}

func TestArticlePageRelatedAndDiff(t *testing.T) {
	srv := reprintServer(t)
	code, body, _ := get(t, srv, "/articles/kcna")
	require.Equal(t, 200, code, body)
	assert.Contains(t, body, "<h3>Reprints and near-duplicates</h3>")
	assert.Contains(t, body, `<a href="../articles/rodong" lang="en">Reception at DPRK Embassy</a>`)
	assert.Contains(t, body, "100% of the text")
	assert.Contains(t, body, `<a href="../diff?a=kcna&amp;b=rodong">compare</a>`)

	code, body, _ = get(t, srv, "/diff?a=kcna&b=rodong")
	require.Equal(t, 200, code, body)
	assert.Contains(t, body, "Two articles compared")
	assert.Contains(t, body, "<ins>MOSCOW -- </ins>")
	assert.Contains(t, body, "<ins> Speeches were made.</ins>")
	assert.Contains(t, body, "Reception at DPRK Embassy")

	code, body, _ = get(t, srv, "/diff?a=kcna&b=kcna")
	require.Equal(t, 200, code, body)
	assert.Contains(t, body, "The two texts are the same.")

	for _, tc := range []struct {
		path string
		code int
		want string
	}{
		{"/diff?a=kcna", 400, "Name the two articles to compare"},
		{"/diff?a=kcna@0&b=rodong", 400, "versions are numbered from 1"},
		{"/diff?a=kcna@5&b=rodong", 404, "the article has 1 entries"},
		{"/diff?a=nothing&b=rodong", 404, "article not found"},
	} {
		code, body, _ := get(t, srv, tc.path)
		assert.Equal(t, tc.code, code, tc.path)
		assert.Contains(t, body, tc.want, tc.path)
	}
}

// TestPageSaysAtLeastWhenStoriesArePartlyCounted: with more matches than a
// collapsed page reads, the count of stories is of the matches read, and
// the page says "at least".
func TestPageSaysAtLeastWhenStoriesArePartlyCounted(t *testing.T) {
	ctx := context.Background()
	idx, err := newsindex.Open("", newsindex.Config{})
	require.NoError(t, err)
	t.Cleanup(func() { idx.Close() })
	day := time.Date(2025, 8, 18, 0, 0, 0, 0, time.UTC)
	var articles []newsindex.Article
	for i := range 120 {
		body := fmt.Sprintf("The embassy in city number %d hosted a reception on the occasion of anniversary %d of the treaty. Present there on invitation were the minister %d and the deputy %d of the host country, with other personages of its government.", i, i, i, i)
		for _, source := range []string{"KCNA", "Rodong Sinmun"} {
			articles = append(articles, newsindex.Article{ID: fmt.Sprintf("%s-%03d", source[:1], i), Title: fmt.Sprintf("Reception %d", i), Body: body, Language: "en", Source: source, Published: day})
		}
	}
	require.NoError(t, idx.Add(ctx, articles...))
	srv := httptest.NewServer(server.New(idx, server.Options{}))
	t.Cleanup(srv.Close)
	code, body, _ := get(t, srv, "/?q=reception&size=5")
	require.Equal(t, 200, code, body)
	assert.Regexp(t, `240 articles match · at least \d+ stories \(reprints and translations grouped\)`, body)
	assert.Contains(t, body, "stories counted among the first")
	code, body, _ = get(t, srv, "/api/search?q=reception&size=5&collapse=1")
	require.Equal(t, 200, code, body)
	assert.Contains(t, body, `"stories_at_least":true`)
}
