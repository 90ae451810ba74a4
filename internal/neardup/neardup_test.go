package neardup

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const story = "Pyongyang, August 20 (KCNA) -- Choe Son Hui, foreign minister of the DPRK, on August 16 sent a reply message to Sergei Lavrov, foreign minister of Russia. " +
	"The reply message said that the friendly relations between the two countries forged in the grim days of the anti-Japanese war have steadily developed. " +
	"The delegation of the State Duma visited the DPRK to congratulate the people on the 80th anniversary of liberation, the message said. " +
	"The message expressed belief that the strategic communication between the foreign policy agencies will further develop in the future."

func TestWords(t *testing.T) {
	for _, tc := range []struct{ text, want string }{
		{"Kim Jong Un's visit, 2024-06-19.", "kim jong un s visit 2024 06 19"},
		{"Ким Чен Ын посетил", "ким чен ын посетил"},
		{"金正恩访问俄罗斯", "金 正 恩 访 问 俄 罗 斯"},
		{"김정은 동지께서", "김정은 동지께서"},
		{"", ""},
	} {
		assert.Equal(t, tc.want, strings.Join(Words(tc.text), " "), tc.text)
	}
}

func TestBandTerms(t *testing.T) {
	bands := BandTerms(story)
	require.Len(t, bands, Bands)
	for i, b := range bands {
		assert.Len(t, b, 11, "one digit of band, ten of hash")
		assert.Equal(t, "01234567"[i], b[0])
		assert.Equal(t, strings.Trim(b[1:], "0123456789abcdef"), "", "hexadecimal")
	}
	assert.Equal(t, bands, BandTerms(story), "deterministic")
	assert.Equal(t, bands, BandTerms(strings.ToUpper(story)), "case aside")
	assert.Nil(t, BandTerms("A caption of a few words only."), "too short")

	shared := func(a, b []string) int {
		n := 0
		for i := range a {
			if a[i] == b[i] {
				n++
			}
		}
		return n
	}
	sentences := strings.SplitAfter(story, ". ")
	header := "BREAKING NEWS FROM PYONGYANG: " + story
	other := "Kim Jong Un inspected a munitions factory in the northern region and gave instructions on increasing the production of artillery shells, the Korean Central News Agency said on Thursday, adding that workers pledged to carry out the plan."
	assert.Equal(t, Bands, shared(bands, BandTerms(story+" ")), "white space aside")
	assert.Positive(t, shared(bands, BandTerms(header)), "a header added")
	// A quarter of the text dropped leaves about 70% of the shingles in
	// common: a band is shared with a probability of 0.89 for each.
	found := 0
	for i := range sentences {
		dropped := strings.Join(append(append([]string{}, sentences[:i]...), sentences[i+1:]...), "")
		if shared(bands, BandTerms(dropped)) > 0 {
			found++
		}
	}
	assert.GreaterOrEqual(t, found, 3, "a sentence dropped, each of the four in turn")
	assert.Zero(t, shared(bands, BandTerms(other)), "another story")
}

func TestResemblance(t *testing.T) {
	a := Shingles(Words(story))
	c, j := Resemblance(a, a)
	assert.Equal(t, 1.0, c)
	assert.Equal(t, 1.0, j)
	c, j = Resemblance(a, Shingles(Words("PYONGYANG REPORTS: "+story)))
	assert.Equal(t, 1.0, c, "the shorter is all in the longer")
	assert.Less(t, j, 1.0)
	c, _ = Resemblance(a, Shingles(Words("An unrelated text about the harvest of rice in the western provinces this autumn.")))
	assert.Zero(t, c)
	c, j = Resemblance(a, nil)
	assert.Zero(t, c+j)
}

// BenchmarkBandTerms measures the signature of a news article of about
// 2 KB: it runs at Add for every article.
func BenchmarkBandTerms(b *testing.B) {
	text := strings.Repeat(story+" ", 3)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		BandTerms(text)
	}
}

// TestOnePassIsTheWords: TextShingles and BandTerms read the text in one
// pass; they must give what the words give.
func TestOnePassIsTheWords(t *testing.T) {
	for _, text := range []string{
		story,
		"Kim Jong Un's visit, 2024-06-19.",
		"Ким Чен Ын посетил Владивосток и встретился с Путиным в четверг",
		"金正恩访问俄罗斯 and met Putin in Vladivostok",
		"Café ÉLYSÉE naïve façade",
		"one two",
		"",
		"  ,, -- ",
	} {
		words := Words(text)
		set, n := TextShingles(text)
		assert.Equal(t, len(words), n, text)
		assert.Equal(t, Shingles(words), set, text)
	}
	long := strings.Repeat(story+" ", 2)
	bands := BandTerms(long)
	require.Len(t, bands, Bands)
	assert.Equal(t, bandsOf(Signature(Shingles(Words(long)))), bands, "the signature of the set of shingles")
}
