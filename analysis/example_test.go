package analysis_test

import (
	"fmt"

	"github.com/newsindex/newsindex/analysis"
)

func ExampleTerms() {
	for _, lang := range []string{"de", "ru", "ko"} {
		terms, err := analysis.Terms(lang, map[string]string{
			"de": "Freundschaftsbeziehungen",
			"ru": "ракеты",
			"ko": "러시아와",
		}[lang])
		if err != nil {
			panic(err)
		}
		fmt.Println(lang, terms)
	}
	// Output:
	// de [freundschaftsbeziehung freundschaft beziehung]
	// ru [ракет]
	// ko [러시 시아]
}

func ExampleTransliterate() {
	fmt.Println(analysis.Transliterate("Шойгу"))
	fmt.Println(analysis.Transliterate("평양"))
	// Output:
	// [Shoigu Schoigu]
	// [pyeongyang pyeong yang]
}
