package analysis_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/newsindex/newsindex/analysis"
)

func TestTransliterate(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Лавров", []string{"Lavrov", "Lawrow"}},
		{"Шойгу", []string{"Shoigu", "Schoigu"}},
		{"Сергей Козлов", []string{"Sergei Kozlov", "Sergej Koslow"}},
		{"Николай", []string{"Nikolai"}},
		{"Владимир Топеха", []string{"Vladimir Topekha", "Wladimir Topecha"}},
		{"Хрущёв", []string{"Khrushchyov", "Chruschtschjow"}},
		{"Йошкар-Ола", []string{"Yoshkar-Ola", "Joschkar-Ola"}},
		{"평양", []string{"pyeongyang", "pyeong yang"}},
		{"신홍철", []string{"sinhongcheol", "sin hong cheol"}},
		{"김정은", []string{"gimjeongeun", "gim jeong eun"}},
		{"Kim Jong Un", nil},
		{"", nil},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			assert.Equal(t, tt.want, analysis.Transliterate(tt.in))
		})
	}
}
