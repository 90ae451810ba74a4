package schema

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
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
	packed, err := Pack(a, nil)
	require.NoError(t, err)
	back, err := Unpack(string(packed), nil)
	require.NoError(t, err)
	a.ID = ""
	assert.Equal(t, a, back, "every field but the ID, which Bleve keeps")
	_, err = Unpack("not deflate", nil)
	assert.Error(t, err)
	_, err = FromFields("x", map[string]interface{}{}, nil)
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

// articlesOf makes n articles of news-like text, each its own.
func articlesOf(n int) []Article {
	out := make([]Article, n)
	for i := range out {
		out[i] = Article{
			Title:    fmt.Sprintf("Delegation of the Ministry of Foreign Affairs leaves for Moscow (%d)", i),
			Body:     fmt.Sprintf("Pyongyang, August %d (KCNA) -- A delegation of the Ministry of Foreign Affairs of the DPRK left here today for Russia to hold talks number %d with the Russian side.", i%28+1, i),
			Language: "en", Source: "KCNA", Published: time.Date(2011, 8, i%28+1, 0, 0, 0, 0, time.UTC), Precision: "day",
		}
	}
	return out
}

func TestDictPacksSmallerAndRoundTrips(t *testing.T) {
	articles := articlesOf(500)
	content, err := DictContent(articles)
	require.NoError(t, err)
	assert.LessOrEqual(t, len(content), DictBytes)
	assert.Greater(t, len(content), DictBytes/2, "articles enough to fill most of it")
	d, err := NewDict(content)
	require.NoError(t, err)
	defer d.Close()
	again, err := NewDict(content)
	require.NoError(t, err)
	defer again.Close()
	assert.Equal(t, d.ID(), again.ID(), "the ID is the content's")

	var withDict, deflate int
	for _, a := range articlesOf(600)[500:] {
		packed, err := Pack(a, d)
		require.NoError(t, err)
		plain, err := Pack(a, nil)
		require.NoError(t, err)
		withDict, deflate = withDict+len(packed), deflate+len(plain)
		back, err := Unpack(string(packed), d)
		require.NoError(t, err)
		assert.Equal(t, a, back)
		back, err = Unpack(string(plain), d)
		require.NoError(t, err)
		assert.Equal(t, a, back, "an index with a dictionary reads what it stored before it had one")
	}
	assert.Less(t, float64(withDict), 0.8*float64(deflate), "the dictionary is worth having")

	packed, err := Pack(articles[0], d)
	require.NoError(t, err)
	_, err = Unpack(string(packed), nil)
	assert.ErrorContains(t, err, "and the index has no stored.dict")
	other, err := NewDict([]byte("another archive's words"))
	require.NoError(t, err)
	defer other.Close()
	_, err = Unpack(string(packed), other)
	assert.ErrorContains(t, err, fmt.Sprintf("compressed with dictionary %08x, and the index's stored.dict is %08x", d.ID(), other.ID()))
	_, err = Unpack(string(packed[:len(packed)/2]), d)
	assert.Error(t, err, "a cut frame")

	none, err := DictContent(articles[:DictMinArticles-1])
	require.NoError(t, err)
	assert.Nil(t, none, "too few articles make no dictionary")
	_, err = NewDict(nil)
	assert.Error(t, err)
}

func TestDictFile(t *testing.T) {
	dir := t.TempDir()
	l := Current()
	d, err := ReadDict(dir, l)
	require.NoError(t, err)
	assert.Nil(t, d, "the layout names no dictionary: none")
	content, err := DictContent(articlesOf(300))
	require.NoError(t, err)
	d, err = NewDict(content)
	require.NoError(t, err)
	defer d.Close()
	assert.GreaterOrEqual(t, d.ID(), uint32(32768), "not one of zstd's reserved IDs")
	assert.Less(t, d.ID(), uint32(1<<31))
	written, err := WriteDict(dir, l, d)
	require.NoError(t, err)
	assert.Equal(t, d.Name(), written.Dict)
	onDisk, err := Read(dir)
	require.NoError(t, err)
	assert.Equal(t, written, onDisk, "the layout on disk names the dictionary")
	back, err := ReadDict(dir, onDisk)
	require.NoError(t, err)
	defer back.Close()
	assert.Equal(t, d.ID(), back.ID())

	nothing, err := ReadDict(dir, l)
	require.NoError(t, err)
	assert.Nil(t, nothing, "a file the layout does not name was never used")

	other, err := DictContent(articlesOf(400))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, DictFile), other, 0o644))
	_, err = ReadDict(dir, onDisk)
	assert.ErrorContains(t, err, "stored.dict is damaged or replaced: it is dictionary")
	require.NoError(t, os.WriteFile(filepath.Join(dir, DictFile), nil, 0o644))
	_, err = ReadDict(dir, onDisk)
	assert.ErrorContains(t, err, "stored.dict: empty dictionary")
	require.NoError(t, os.Remove(filepath.Join(dir, DictFile)))
	_, err = ReadDict(dir, onDisk)
	assert.ErrorContains(t, err, "stored.dict is missing: newsindex.json says the articles are stored with dictionary "+d.Name())
}

// TestDictContentIsSpread: the dictionary holds articles from the whole
// write, not from its end only.
func TestDictContentIsSpread(t *testing.T) {
	articles := articlesOf(2000)
	content, err := DictContent(articles)
	require.NoError(t, err)
	var early, late int
	for i, a := range articles {
		if strings.Contains(string(content), a.Title) {
			if i < len(articles)/2 {
				early++
			} else {
				late++
			}
		}
	}
	assert.Positive(t, early, "articles of the first half")
	assert.Positive(t, late, "and of the second")
}
