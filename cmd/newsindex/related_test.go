package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRelated indexes the seed dump and a reprint of its reception item
// under another outlet and headline, then asks for the related articles.
func TestRelated(t *testing.T) {
	dir := seedIndex(t)
	seed, err := os.ReadFile("../../testdata/seed.txt")
	require.NoError(t, err)
	text := string(seed)
	i := strings.Index(text, "Pyongyang, August 18, 2025 (KCNA) -- The DPRK embassy")
	require.Positive(t, i)
	j := strings.Index(text[i:], " -0-")
	require.Positive(t, j)
	body := strings.TrimPrefix(text[i:i+j], "Pyongyang, August 18, 2025 (KCNA) -- ")
	line, err := json.Marshal(map[string]string{"title": "Reception at DPRK Embassy", "body": body, "source": "Rodong Sinmun", "published": "2025-08-19", "language": "en"})
	require.NoError(t, err)
	file := filepath.Join(t.TempDir(), "reprint.jsonl")
	require.NoError(t, os.WriteFile(file, append(line, '\n'), 0o644))
	code, out, errOut := cli(t, "", "index", "-index", dir, file)
	require.Equal(t, 0, code, errOut)
	require.Contains(t, out, "indexed 1,")

	code, out, _ = cli(t, "", "search", "-index", dir, "-json", `"Embassy in Moscow Hosts Reception"`)
	require.Equal(t, 0, code)
	var res struct {
		Hits []struct {
			ID string `json:"id"`
		} `json:"hits"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &res))
	require.Len(t, res.Hits, 1)
	original := res.Hits[0].ID

	code, out, errOut = cli(t, "", "related", "-index", dir, "-json", original)
	require.Equal(t, 0, code, errOut)
	var rel struct {
		ID   string `json:"id"`
		Hits []struct {
			ID    string  `json:"id"`
			Title string  `json:"title"`
			Kind  string  `json:"kind"`
			Score float64 `json:"score"`
		} `json:"hits"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &rel))
	assert.Equal(t, original, rel.ID)
	require.NotEmpty(t, rel.Hits)
	assert.Equal(t, "Reception at DPRK Embassy", rel.Hits[0].Title)
	assert.Equal(t, "duplicate", rel.Hits[0].Kind)
	assert.InDelta(t, 1.0, rel.Hits[0].Score, 1e-9, "the whole text")

	code, out, _ = cli(t, "", "related", "-index", dir, original)
	require.Equal(t, 0, code)
	assert.Contains(t, out, "Reprints and near-duplicates\n  Reception at DPRK Embassy\n")
	assert.Contains(t, out, "100% of the text")

	code, out, _ = cli(t, "", "related", "-index", dir, "-json", "-kind", "similar", "-lang", "de", original)
	require.Equal(t, 0, code)
	require.NoError(t, json.Unmarshal([]byte(out), &rel))
	for _, h := range rel.Hits {
		assert.Equal(t, "similar", h.Kind)
	}

	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"related", "-index", dir, "nothing"}, 1, "article not found"},
		{[]string{"related", "-index", dir, "-kind", "copy", original}, 2, `unknown kind "copy"`},
		{[]string{"related", "-index", dir, "-n", "0", original}, 2, "-n must be from 1 to 100"},
		{[]string{"related", "-index", dir, "-days", "0", original}, 2, "-days must be"},
		{[]string{"related", "-index", dir}, 2, "want one article ID"},
	} {
		code, _, errOut := cli(t, "", tc.args...)
		assert.Equal(t, tc.code, code, "%v", tc.args)
		assert.Contains(t, errOut, tc.want, "%v", tc.args)
	}
}

func TestSearchCollapse(t *testing.T) {
	dir := seedIndex(t)
	line := `{"title":"Reception at DPRK Embassy","body":"The DPRK embassy in Moscow hosted a reception on August 14 on the occasion of the 80th anniversary of Korea's liberation. Present there on invitation were Minister of Natural Resources and Ecology Alexandr Kozlov, Vice Foreign Minister Sergei Lyavkov, Vice-Minister of Defense Alexandr Fomin and other personages of the government, political parties, organizations and institutions of Russia, including the Foreign Ministry, the Ministry of Defense, the Ministry of Interior, the Ministry of Transport, the Ministry of Science and High Education, the Ministry of Health, the Ministry of Agriculture, the Ministry of Culture, the Party for Peace and Unity and the Russian Association for Friendship and Cultural Cooperation with the DPRK and the Railway Co. Ltd.","source":"Rodong Sinmun","published":"2025-08-19","language":"en"}`
	file := filepath.Join(t.TempDir(), "reprint.jsonl")
	require.NoError(t, os.WriteFile(file, []byte(line+"\n"), 0o644))
	code, _, errOut := cli(t, "", "index", "-index", dir, file)
	require.Equal(t, 0, code, errOut)
	code, out, _ := cli(t, "", "search", "-index", dir, "-collapse", "-facets", "", "embassy reception")
	require.Equal(t, 0, code)
	assert.Contains(t, out, "2 articles match embassy reception (1 story)")
	assert.Contains(t, out, "also: ")
	assert.Contains(t, out, "(Rodong Sinmun, en, duplicate)")
}

// TestSearchCollapseAtLeast: with more matches than a collapsed page
// reads, the count of stories says "at least".
func TestSearchCollapseAtLeast(t *testing.T) {
	var lines strings.Builder
	for i := range 120 {
		body := fmt.Sprintf("The embassy in city number %d hosted a reception on the occasion of anniversary %d of the treaty. Present there on invitation were the minister %d and the deputy %d of the host country, with other personages of its government.", i, i, i, i)
		for _, source := range []string{"KCNA", "Rodong Sinmun"} {
			fmt.Fprintf(&lines, `{"id":"%s-%03d","title":"Reception %d","body":%q,"source":%q,"published":"2025-08-19","language":"en"}`+"\n", source[:1], i, i, body, source)
		}
	}
	file := filepath.Join(t.TempDir(), "receptions.jsonl")
	require.NoError(t, os.WriteFile(file, []byte(lines.String()), 0o644))
	dir := filepath.Join(t.TempDir(), "idx")
	code, _, errOut := cli(t, "", "index", "-index", dir, file)
	require.Equal(t, 0, code, errOut)
	code, out, errOut := cli(t, "", "search", "-index", dir, "-collapse", "-n", "5", "-facets", "", "reception")
	require.Equal(t, 0, code, errOut)
	assert.Regexp(t, `240 articles match reception \(at least \d+ stories\)`, out)
}
