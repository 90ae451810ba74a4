package newsindex_test

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	ni "github.com/newsindex/newsindex"
)

var (
	may  = time.Date(2024, 5, 12, 0, 0, 0, 0, time.UTC)
	june = time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)
)

func TestVersionsAreKept(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "idx")
	idx := openIndex(t, dir)
	first := ni.Article{ID: "a", Title: "Meeting with Jang Song Thaek", Body: "Jang Song Thaek met the delegation.", Language: "en", Source: "KCNA", Published: may, Retrieved: may}
	other := ni.Article{ID: "b", Title: "Rain", Body: "It rained.", Language: "en", Source: "KCNA", Published: may}
	require.NoError(t, idx.Add(ctx, first, other))

	same := first
	same.Retrieved = june
	require.NoError(t, idx.Add(ctx, same))
	h, err := idx.History(ctx, "a")
	require.NoError(t, err)
	require.Len(t, h, 1, "a copy fetched later with the same content is no new version")

	edited := first
	edited.Title, edited.Body, edited.Retrieved = "Meeting with the delegation", "The delegation was met.", june
	require.NoError(t, idx.Add(ctx, edited))

	h, err = idx.History(ctx, "a")
	require.NoError(t, err)
	require.Len(t, h, 2)
	assert.Equal(t, 1, h[0].Number)
	assert.Equal(t, first.Body, h[0].Article.Body)
	assert.True(t, h[0].Seen.Equal(may), "dated by when the copy was fetched")
	assert.Equal(t, 2, h[1].Number)
	assert.Equal(t, edited.Body, h[1].Article.Body)
	assert.True(t, h[1].Seen.Equal(june))
	assert.False(t, h[1].Deleted)

	got, err := idx.Get(ctx, "a")
	require.NoError(t, err)
	assert.Equal(t, edited.Title, got.Title, "Get returns the current version")
	n, err := idx.Count(ctx)
	require.NoError(t, err)
	assert.Equal(t, uint64(2), n, "versions are no articles")

	res, err := idx.Search(ctx, ni.Phrase{Text: "Jang Song Thaek"}, ni.SearchOptions{})
	require.NoError(t, err)
	assert.Empty(t, ids(res), "a default search sees current versions only")

	res, err = idx.Search(ctx, ni.Phrase{Text: "Jang Song Thaek"}, ni.SearchOptions{History: true, Highlight: true})
	require.NoError(t, err)
	require.Len(t, res.Hits, 1)
	hit := res.Hits[0]
	assert.Equal(t, "a", hit.Article.ID)
	assert.Equal(t, &ni.HitVersion{Version: 1, Current: false, Deleted: false}, hit.History)
	assert.Contains(t, hit.Fragments["body"][0], "<mark>Jang Song Thaek</mark>", "the past is highlighted too")

	res, err = idx.Search(ctx, ni.Match{Text: "delegation"}, ni.SearchOptions{History: true, Facets: []ni.Facet{ni.FacetSource, ni.FacetChanged}})
	require.NoError(t, err)
	assert.Equal(t, uint64(2), res.Total, "both versions")
	assert.Equal(t, []ni.Bucket{{Value: "KCNA", Count: 2}}, res.Facets[ni.FacetSource], "facets count versions")
	assert.Equal(t, []ni.Bucket{{Value: "2024-06", Count: 1}}, res.Facets[ni.FacetChanged], "the change, by the month it was seen")

	for _, tc := range []struct {
		query   string
		history bool
		want    []string
	}{
		{"edited:true", false, []string{"a"}},
		{"edited:false", false, []string{"b"}},
		{"edited:true", true, []string{"a", "a"}},
		{"deleted:true", false, []string{}},
	} {
		q, err := ni.Parse(tc.query)
		require.NoError(t, err)
		res, err := idx.Search(ctx, q, ni.SearchOptions{History: tc.history})
		require.NoError(t, err, tc.query)
		assert.Equal(t, tc.want, sortedIDs(res), "%s history=%v", tc.query, tc.history)
	}

	// Reopened, the same.
	require.NoError(t, idx.Close())
	idx = openIndex(t, dir)
	h, err = idx.History(ctx, "a")
	require.NoError(t, err)
	assert.Len(t, h, 2)
}

func TestDeleteKeepsAndPurgeRemoves(t *testing.T) {
	ctx := context.Background()
	idx := openIndex(t, filepath.Join(t.TempDir(), "idx"))
	a := ni.Article{ID: "a", Title: "Jang Song Thaek at the plant", Body: "Jang Song Thaek gave guidance.", Language: "en", Published: may}
	require.NoError(t, idx.Add(ctx, a))
	require.NoError(t, idx.Delete(ctx, "a", "nothing"))

	_, err := idx.Get(ctx, "a")
	assert.ErrorIs(t, err, ni.ErrNotFound)
	n, err := idx.Count(ctx)
	require.NoError(t, err)
	assert.Zero(t, n)
	res, err := idx.Search(ctx, ni.Phrase{Text: "Jang Song Thaek"}, ni.SearchOptions{})
	require.NoError(t, err)
	assert.Empty(t, ids(res))

	h, err := idx.History(ctx, "a")
	require.NoError(t, err)
	require.Len(t, h, 2)
	assert.False(t, h[0].Deleted)
	assert.Equal(t, a.Body, h[0].Article.Body)
	assert.True(t, h[1].Deleted)
	assert.Equal(t, 2, h[1].Number)
	assert.WithinDuration(t, time.Now(), h[1].Seen, time.Minute, "dated by the deletion")

	for _, q := range []ni.Query{ni.Phrase{Text: "Jang Song Thaek"}, ni.Deleted(), ni.All()} {
		res, err = idx.Search(ctx, q, ni.SearchOptions{History: true})
		require.NoError(t, err)
		require.Len(t, res.Hits, 1, "%s", q)
		assert.Equal(t, &ni.HitVersion{Version: 1, Current: false, Deleted: true}, res.Hits[0].History, "%s", q)
	}

	// Added again: it comes back, after its deletion.
	back := a
	back.Body = "Jang Song Thaek gave guidance again."
	require.NoError(t, idx.Add(ctx, back))
	h, err = idx.History(ctx, "a")
	require.NoError(t, err)
	require.Len(t, h, 3)
	assert.Equal(t, []bool{false, true, false}, []bool{h[0].Deleted, h[1].Deleted, h[2].Deleted})
	got, err := idx.Get(ctx, "a")
	require.NoError(t, err)
	assert.Equal(t, back.Body, got.Body)
	res, err = idx.Search(ctx, ni.Phrase{Text: "Jang Song Thaek"}, ni.SearchOptions{History: true})
	require.NoError(t, err)
	assert.Len(t, res.Hits, 3, "the first version, its deletion and the current one")

	require.NoError(t, idx.Purge(ctx, "a", "nothing"))
	_, err = idx.History(ctx, "a")
	assert.ErrorIs(t, err, ni.ErrNotFound)
	res, err = idx.Search(ctx, ni.All(), ni.SearchOptions{History: true})
	require.NoError(t, err)
	assert.Zero(t, res.Total, "nothing is left")
}

// TestReindexKeepsHistory: a rebuild keeps every version and deletion.
func TestReindexKeepsHistory(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "idx")
	idx := openIndex(t, dir)
	require.NoError(t, idx.Add(ctx, ni.Article{ID: "a", Title: "One", Body: "first", Language: "en"}, ni.Article{ID: "b", Title: "Two", Body: "second", Language: "en"}))
	require.NoError(t, idx.Add(ctx, ni.Article{ID: "a", Title: "One", Body: "first, edited", Language: "en"}))
	require.NoError(t, idx.Delete(ctx, "b"))
	before := map[string][]ni.Version{}
	for _, id := range []string{"a", "b"} {
		h, err := idx.History(ctx, id)
		require.NoError(t, err)
		before[id] = h
	}
	require.NoError(t, idx.Close())

	require.NoError(t, ni.Reindex(ctx, dir, ni.Config{}, nil))
	idx = openIndex(t, dir)
	for id, want := range before {
		got, err := idx.History(ctx, id)
		require.NoError(t, err, id)
		assert.Equal(t, want, got, "%s: every entry, as it was", id)
	}
	n, err := idx.Count(ctx)
	require.NoError(t, err)
	assert.Equal(t, uint64(1), n)
	res, err := idx.Search(ctx, ni.Match{Text: "second"}, ni.SearchOptions{History: true})
	require.NoError(t, err)
	assert.Equal(t, []string{"b"}, ids(res), "the deleted article is still there for searches of the past")
}

func TestVersionRefsAndDiff(t *testing.T) {
	ctx := context.Background()
	idx := openIndex(t, "")
	require.NoError(t, idx.Add(ctx, ni.Article{ID: "a", Title: "Talks", Body: "The talks were held on Monday.", Language: "en"}))
	require.NoError(t, idx.Add(ctx, ni.Article{ID: "a", Title: "Talks", Body: "The talks were held on Tuesday.", Language: "en"}))
	require.NoError(t, idx.Add(ctx, ni.Article{ID: "gone", Title: "Gone", Body: "x", Language: "en"}))
	require.NoError(t, idx.Delete(ctx, "gone"))

	for _, tc := range []struct {
		ref      string
		body     string
		wantErr  string
		notFound bool
	}{
		{"a", "The talks were held on Tuesday.", "", false},
		{"a@1", "The talks were held on Monday.", "", false},
		{"a@2", "The talks were held on Tuesday.", "", false},
		{"a@99", "", "a@99: the article has 2 entries (a@1 to a@2)", false},
		{"a@0", "", "versions are numbered from 1", false},
		{"missing", "", "article not found", true},
		{"missing@2", "", "article not found", true},
		{"gone", "", `"gone" is deleted (its versions are gone@1 to gone@1)`, true},
		{"gone@1", "x", "", false},
	} {
		v, err := idx.Version(ctx, tc.ref)
		if tc.wantErr != "" {
			assert.ErrorContains(t, err, tc.wantErr, tc.ref)
			assert.Equal(t, tc.notFound, errors.Is(err, ni.ErrNotFound), tc.ref)
			continue
		}
		require.NoError(t, err, tc.ref)
		assert.Equal(t, tc.body, v.Article.Body, tc.ref)
	}
	_, err := idx.Version(ctx, "a@99")
	assert.ErrorIs(t, err, ni.ErrNoVersion)
	v1, _ := idx.Version(ctx, "a@1")
	v2, _ := idx.Version(ctx, "a@2")
	assert.Equal(t, []ni.Change{
		{Op: "equal", Text: "Talks\n\nThe talks were held on "}, {Op: "delete", Text: "Monday"}, {Op: "insert", Text: "Tuesday"}, {Op: "equal", Text: "."},
	}, ni.Diff(v1.Article, v2.Article))
	assert.Equal(t, []ni.Change{{Op: "equal", Text: "Talks\n\nThe talks were held on Monday."}}, ni.Diff(v1.Article, v1.Article), "an article with itself: no change")
	id, n, err := ni.SplitVersionRef("mail@example.org")
	require.NoError(t, err)
	assert.Equal(t, "mail@example.org", id, "an @ not followed by digits is part of the ID")
	assert.Zero(t, n)
}

// TestDropped: "once named Jang Song Thaek and no longer does" is one
// search.
func TestDropped(t *testing.T) {
	ctx := context.Background()
	idx := openIndex(t, "")
	art := func(id, body string) ni.Article {
		return ni.Article{ID: id, Title: "Report " + id, Body: body, Language: "en", Source: "KCNA", Published: time.Date(2013, 11, 1, 0, 0, 0, 0, time.UTC)}
	}
	require.NoError(t, idx.Add(ctx,
		art("edited-out", "Jang Song Thaek inspected the factory."),
		art("kept", "Jang Song Thaek inspected the farm."),
		art("deleted", "Jang Song Thaek met the delegation."),
		art("never", "The delegation left."),
		art("edited-other", "The harvest was good."),
	))
	require.NoError(t, idx.Add(ctx,
		art("edited-out", "The factory was inspected."),
		art("kept", "Jang Song Thaek inspected the farm again."),
		art("edited-other", "The harvest was very good."),
	))
	require.NoError(t, idx.Delete(ctx, "deleted"))

	type hit struct {
		ID string
		ni.HitVersion
	}
	for _, tc := range []struct {
		query string
		want  []hit
	}{
		{`"Jang Song Thaek"`, []hit{
			{"deleted", ni.HitVersion{Version: 1, Current: false, Deleted: true}},
			{"edited-out", ni.HitVersion{Version: 1}},
		}},
		{`inspected`, nil}, // every version that had it has it still
		{`Jang inspected`, []hit{{"edited-out", ni.HitVersion{Version: 1}}}},
		{`Jang -factory`, []hit{{"deleted", ni.HitVersion{Version: 1, Deleted: true}}}},
		{`harvest`, nil},
		{`nothing`, nil},
	} {
		q, err := ni.Parse(tc.query)
		require.NoError(t, err)
		res, err := idx.Search(ctx, q, ni.SearchOptions{Dropped: true, Sort: ni.ByOldest, Facets: []ni.Facet{ni.FacetSource}})
		require.NoError(t, err, tc.query)
		var got []hit
		for _, h := range res.Hits {
			require.NotNil(t, h.History, tc.query)
			got = append(got, hit{h.Article.ID, *h.History})
		}
		slices.SortFunc(got, func(a, b hit) int { return strings.Compare(a.ID, b.ID) })
		assert.Equal(t, tc.want, got, tc.query)
		assert.Equal(t, uint64(len(tc.want)), res.Total, tc.query)
	}
}

// TestDiffRebuildsBoth: the equal and deleted text of a Diff is the first
// article, the equal and inserted text the second, whatever changed.
func TestDiffRebuildsBoth(t *testing.T) {
	text := func(a ni.Article) string {
		switch {
		case a.Title == "":
			return a.Body
		case a.Body == "":
			return a.Title
		}
		return a.Title + "\n\n" + a.Body
	}
	arts := []ni.Article{
		{},
		{Title: "Talks"},
		{Body: "The talks were held on Monday."},
		{Title: "Talks", Body: "The talks were held on Monday."},
		{Title: "Talks in Moscow", Body: "The talks, long planned, were held on Tuesday.\nBoth sides spoke."},
		{Title: "Переговоры", Body: "Переговоры прошли в понедельник."},
		{Title: "회담", Body: "회담이 월요일에 열렸다."},
	}
	for _, a := range arts {
		for _, b := range arts {
			var first, second strings.Builder
			for _, c := range ni.Diff(a, b) {
				require.NotEmpty(t, c.Text)
				if c.Op != "insert" {
					first.WriteString(c.Text)
				}
				if c.Op != "delete" {
					second.WriteString(c.Text)
				}
			}
			assert.Equal(t, text(a), first.String(), "%q → %q", a, b)
			assert.Equal(t, text(b), second.String(), "%q → %q", a, b)
		}
	}
}

// TestRetitled: an article whose ID comes from its title keeps its
// history when the outlet edits the title.
func TestRetitled(t *testing.T) {
	ctx := context.Background()
	day := time.Date(2013, 12, 9, 0, 0, 0, 0, time.UTC)
	body := "Pyongyang, December 9 (KCNA) -- An enlarged meeting of the Political Bureau of the Central Committee of the Workers' Party of Korea was held in Pyongyang. The meeting discussed the anti-party, counter-revolutionary factional acts committed by Jang Song Thaek and adopted a decision on removing him from all posts and expelling him from the party. The meeting was attended by members and alternate members of the Political Bureau. Speakers at the meeting said that the party would never tolerate any attempt to undermine its unity and cohesion, and that the decision reflected the will of all the party members and the people."
	art := func(title, body string) ni.Article {
		return ni.Article{Title: title, Body: body, Language: "en", Source: "KCNA", Published: day}
	}
	revised := strings.Replace(body, "was held in Pyongyang", "was held in Pyongyang on Sunday", 1)
	for _, tc := range []struct {
		name   string
		first  []ni.Article
		second []ni.Article
		linked bool
	}{
		{"the title edited", []ni.Article{art("Report on Enlarged Meeting", body)}, []ni.Article{art("Report on Enlarged Meeting of Political Bureau", body)}, true},
		{"the title edited, the body slightly revised", []ni.Article{art("Report on Enlarged Meeting", body)}, []ni.Article{art("Report on Meeting", revised)}, true},
		{"another body", []ni.Article{art("Report on Enlarged Meeting", body)}, []ni.Article{art("Other Report", "A different article altogether, on the harvest of the cooperative farms in the province this autumn and its record yields.")}, false},
		{"another day", []ni.Article{art("Report on Enlarged Meeting", body)}, []ni.Article{{Title: "Report on Meeting", Body: body, Language: "en", Source: "KCNA", Published: day.AddDate(0, 0, 1)}}, false},
		{"another outlet", []ni.Article{art("Report on Enlarged Meeting", body)}, []ni.Article{{Title: "Report on Meeting", Body: body, Language: "en", Source: "Rodong Sinmun", Published: day}}, false},
		{"IDs of their own", []ni.Article{{ID: "one", Title: "Report", Body: body, Language: "en", Source: "KCNA", Published: day}}, []ni.Article{{ID: "two", Title: "Report on Meeting", Body: body, Language: "en", Source: "KCNA", Published: day}}, false},
		{"two held alike: not for us to choose", []ni.Article{art("Report A", body), art("Report B", body)}, []ni.Article{art("Report C", body)}, false},
		{"both in one call: two articles", nil, []ni.Article{art("Report A", body), art("Report B", body)}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			idx := openIndex(t, "")
			if tc.first != nil {
				require.NoError(t, idx.Add(ctx, tc.first...))
			}
			before, err := idx.Count(ctx)
			require.NoError(t, err)
			require.NoError(t, idx.Add(ctx, tc.second...))
			after, err := idx.Count(ctx)
			require.NoError(t, err)
			if !tc.linked {
				assert.Equal(t, before+uint64(len(tc.second)), after, "new articles")
				return
			}
			assert.Equal(t, before, after, "a new version, no new article")
			id := tc.first[0].StableID()
			h, err := idx.History(ctx, id)
			require.NoError(t, err)
			require.Len(t, h, 2)
			assert.Equal(t, tc.first[0].Title, h[0].Article.Title)
			assert.Equal(t, tc.second[0].Title, h[1].Article.Title)
			// The edited copy again: the same, no third version.
			require.NoError(t, idx.Add(ctx, tc.second...))
			h, err = idx.History(ctx, id)
			require.NoError(t, err)
			assert.Len(t, h, 2, "idempotent")
			_, err = idx.Get(ctx, tc.second[0].StableID())
			assert.ErrorIs(t, err, ni.ErrNotFound, "the new title's ID is not a second article")
		})
	}
}
