package analysis_test

import (
	"os"
	"path/filepath"
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
