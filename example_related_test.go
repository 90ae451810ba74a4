package newsindex_test

import (
	"context"
	"fmt"
	"log"
	"strings"
	"time"

	"github.com/newsindex/newsindex"
)

// ExampleIndex_Related finds the reprint of an article and its
// translation: the reprint shares its text, the Russian item its names,
// numbers and date in another script.
func ExampleIndex_Related() {
	ctx := context.Background()
	idx, err := newsindex.Open("", newsindex.Config{})
	if err != nil {
		log.Fatal(err)
	}
	defer idx.Close()
	day := time.Date(2024, 6, 19, 0, 0, 0, 0, time.UTC)
	body := "Vladimir Putin, President of the Russian Federation, arrived in Pyongyang on June 19 for a state visit. " +
		"He was met at Sunan International Airport by Kim Jong Un. The two leaders signed the Treaty on Comprehensive " +
		"Strategic Partnership, with 23 articles, and talked for 2 hours."
	if err := idx.Add(ctx,
		newsindex.Article{ID: "kcna-en", Language: "en", Source: "KCNA", Published: day,
			Title: "Vladimir Putin Arrives in Pyongyang", Body: body},
		newsindex.Article{ID: "rodong-en", Language: "en", Source: "Rodong Sinmun", Published: day.AddDate(0, 0, 1),
			Title: "Putin in Pyongyang", Body: "Pyongyang, June 20 (Rodong Sinmun) -- " + strings.Replace(body, "2 hours", "two hours", 1)},
		newsindex.Article{ID: "kcna-ru", Language: "ru", Source: "KCNA", Published: day.AddDate(0, 0, 1),
			Title: "Владимир Путин прибыл в Пхеньян",
			Body: "Президент Российской Федерации Владимир Путин 19 июня прибыл в Пхеньян с государственным визитом. " +
				"В аэропорту Сунан его встретил Ким Чен Ын. Лидеры подписали Договор о всеобъемлющем стратегическом " +
				"партнёрстве из 23 статей и беседовали 2 часа."},
	); err != nil {
		log.Fatal(err)
	}
	r, err := idx.Related(ctx, "kcna-en", newsindex.RelatedOptions{
		Kinds: []newsindex.RelatedKind{newsindex.Duplicate, newsindex.Translation},
	})
	if err != nil {
		log.Fatal(err)
	}
	for _, h := range r.Hits {
		fmt.Printf("%-11s %s (%s, %s)\n", h.Kind, h.Article.ID, h.Article.Source, h.Article.Language)
	}
	// Output:
	// duplicate   rodong-en (Rodong Sinmun, en)
	// translation kcna-ru (KCNA, ru)
}

// ExampleIndex_History keeps the versions of an article the source edited,
// and its deletion; Diff shows what the edit changed.
func ExampleIndex_History() {
	ctx := context.Background()
	idx, err := newsindex.Open("", newsindex.Config{})
	if err != nil {
		log.Fatal(err)
	}
	defer idx.Close()
	a := newsindex.Article{ID: "kcna-1", Language: "en", Source: "KCNA",
		Published: time.Date(2013, 12, 3, 0, 0, 0, 0, time.UTC),
		Retrieved: time.Date(2013, 12, 3, 9, 0, 0, 0, time.UTC),
		Title:     "Jang Song Thaek Meets Delegation", Body: "Jang Song Thaek met the delegation in Pyongyang."}
	edited := a
	edited.Retrieved = time.Date(2013, 12, 9, 9, 0, 0, 0, time.UTC)
	edited.Title, edited.Body = "Delegation Met", "The delegation was met in Pyongyang."
	for _, v := range []newsindex.Article{a, edited} {
		if err := idx.Add(ctx, v); err != nil {
			log.Fatal(err)
		}
	}
	if err := idx.Delete(ctx, "kcna-1"); err != nil {
		log.Fatal(err)
	}
	versions, err := idx.History(ctx, "kcna-1")
	if err != nil {
		log.Fatal(err)
	}
	for _, v := range versions {
		fmt.Printf("%d deleted=%v %s\n", v.Number, v.Deleted, v.Article.Title)
	}
	for _, c := range newsindex.Diff(versions[0].Article, versions[1].Article) {
		if c.Op != "equal" {
			fmt.Printf("%s %q\n", c.Op, c.Text)
		}
	}
	// Output:
	// 1 deleted=false Jang Song Thaek Meets Delegation
	// 2 deleted=false Delegation Met
	// 3 deleted=true Delegation Met
	// delete "Jang Song Thaek Meets "
	// insert " Met"
	// delete "Jang Song Thaek met the delegation"
	// insert "The delegation was met"
}
