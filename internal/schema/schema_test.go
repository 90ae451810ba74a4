package schema

import (
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestOrderKeysSortAsTimes(t *testing.T) {
	day := time.Date(2025, 8, 20, 0, 0, 0, 0, time.UTC)
	times := []time.Time{
		day.Add(24 * time.Hour),
		day.Add(time.Second),
		day,
		day.Add(time.Nanosecond),
		day.Add(-time.Nanosecond),
	}
	var keys []string
	for _, tm := range times {
		keys = append(keys, OrderKey(tm, "id"))
	}
	sort.Strings(keys)
	assert.Equal(t, []string{
		"20250819235959.999999999 id",
		"20250820 id",
		"20250820000000.000000001 id",
		"20250820000001 id",
		"20250821 id",
	}, keys, "keys of one day sort by time, midnight first")
	assert.Less(t, UndatedLow+"z", keys[0], "undated articles sort below every date")
	assert.Greater(t, UndatedHigh+"a", keys[len(keys)-1], "and above")
}

func TestPackRoundTrip(t *testing.T) {
	a := Article{ID: "not stored", Title: "Grüße", Body: "Тело статьи", Language: "de", Published: time.Date(2020, 4, 25, 0, 0, 0, 0, time.UTC), Precision: "day", Section: []string{"a", "b"}}
	packed, err := Pack(a)
	require.NoError(t, err)
	back, err := Unpack(string(packed))
	require.NoError(t, err)
	a.ID = ""
	assert.Equal(t, a, back, "every field but the ID, which Bleve keeps")
	_, err = Unpack("not deflate")
	assert.Error(t, err)
	_, err = FromFields("x", map[string]interface{}{})
	assert.ErrorContains(t, err, `document "x" has no stored article`)
}

func TestLayoutFile(t *testing.T) {
	dir := t.TempDir()
	_, err := Read(dir)
	assert.ErrorIs(t, err, os.ErrNotExist)
	l := Current()
	require.NoError(t, l.Write(dir))
	back, err := Read(dir)
	require.NoError(t, err)
	assert.Equal(t, l, back)
	assert.NoError(t, back.Check(dir))
	assert.Equal(t, "und", back.Codes()[0], "the neutral fields first")
	assert.Equal(t, "und", back.FieldLanguage("xx"), "a language without fields uses the neutral ones")
	assert.Equal(t, "de", back.FieldLanguage("de"))

	require.NoError(t, os.WriteFile(filepath.Join(dir, LayoutFile), []byte("{"), 0o644))
	_, err = Read(dir)
	assert.ErrorContains(t, err, "newsindex.json is damaged")
	_, err = os.Stat(filepath.Join(dir, LayoutFile+".tmp"))
	assert.ErrorIs(t, err, os.ErrNotExist, "no temporary file is left")
}

func TestKeywordList(t *testing.T) {
	seen := map[string]bool{}
	for _, k := range Keywords {
		assert.False(t, seen[k.Name], "%s listed twice", k.Name)
		seen[k.Name] = true
		if k.Facet && k.Name != Section {
			assert.True(t, k.DocValues, "%s: a facet reads doc values", k.Name)
		}
	}
	k, ok := KeywordField(Source)
	require.True(t, ok)
	assert.True(t, k.Filter && k.Facet)
	_, ok = KeywordField("colour")
	assert.False(t, ok)
	assert.Equal(t, []string{Source, Language, Author, Dateline, Section, Entity}, KeywordNames(func(k Keyword) bool { return k.Filter }))
}
