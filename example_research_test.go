package newsindex_test

import (
	"context"
	"fmt"
	"log"
	"time"

	"github.com/newsindex/newsindex"
)

// dated is an article of the research examples.
func dated(id, date, title, body string) newsindex.Article {
	t, err := time.Parse(time.DateOnly, date)
	if err != nil {
		log.Fatal(err)
	}
	return newsindex.Article{ID: id, Title: title, Body: body, Language: "en", Source: "KCNA", Published: t}
}

// Attention over time: two queries month by month, with their share of
// each month's articles. June has no article: a point of zeros.
func ExampleIndex_Trend() {
	ctx := context.Background()
	idx, err := newsindex.Open("", newsindex.Config{})
	if err != nil {
		log.Fatal(err)
	}
	defer idx.Close()
	err = idx.Add(ctx,
		dated("1", "2011-05-03", "Talks with Russia", "Delegations of the DPRK and Russia held talks."),
		dated("2", "2011-05-20", "Rice planting", "Farmers planted rice."),
		dated("3", "2011-07-02", "Railway to Russia", "A railway links Rajin and Khasan in Russia."),
		dated("4", "2011-07-15", "Factory opened", "A new factory was opened."),
		dated("5", "2011-07-30", "Medvedev", "Medvedev sent greetings to the DPRK."),
	)
	if err != nil {
		log.Fatal(err)
	}
	res, err := idx.Trend(ctx, newsindex.TrendOptions{
		Queries:  []newsindex.Query{newsindex.Entity("russia"), newsindex.Match{Text: "Medvedev"}},
		Interval: newsindex.Month,
	})
	if err != nil {
		log.Fatal(err)
	}
	for _, s := range res.Series {
		fmt.Println(s.Query)
		for i, p := range s.Points {
			fmt.Printf("  %s %d of %d (%.0f%%)\n", p.Start.Format("2006-01"), p.Count, res.Totals[i], 100*p.Share)
		}
	}
	// Output:
	// entity:"russia"
	//   2011-05 1 of 2 (50%)
	//   2011-06 0 of 0 (0%)
	//   2011-07 1 of 3 (33%)
	// Medvedev
	//   2011-05 0 of 2 (0%)
	//   2011-06 0 of 0 (0%)
	//   2011-07 1 of 3 (33%)
}

// Top words: what the articles about a visit say more often than the rest
// of the archive. Stems are shown as the matches write them (visited); the
// query's own words, and stop words of every language, are left out.
func ExampleIndex_Terms() {
	ctx := context.Background()
	idx, err := newsindex.Open("", newsindex.Config{})
	if err != nil {
		log.Fatal(err)
	}
	defer idx.Close()
	var articles []newsindex.Article
	for i, body := range []string{
		"Kim Jong Il visited Ulan-Ude in Buryatia, where Medvedev met him.",
		"Kim Jong Il and Medvedev met in Ulan-Ude and talked of a gas pipeline.",
		"Kim Jong Il visited a hydropower station in Buryatia.",
		"Kim Jong Il visited the region of Buryatia by train.",
	} {
		articles = append(articles, dated(fmt.Sprint("visit", i), "2011-08-2"+fmt.Sprint(i), "Visit to Russia", body))
	}
	for i, body := range []string{
		"Kim Jong Il inspected a factory.", "The rice harvest was good.", "Workers built a new dam.",
		"Kim Jong Il watched a performance.", "A delegation left for China.", "The railway was repaired.",
	} {
		articles = append(articles, dated(fmt.Sprint("other", i), "2011-07-1"+fmt.Sprint(i), "News", body))
	}
	if err := idx.Add(ctx, articles...); err != nil {
		log.Fatal(err)
	}
	res, err := idx.Terms(ctx, newsindex.Match{Text: "visit"}, newsindex.TermsOptions{Size: 3})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%d matches, words in %s:\n", res.Matches, res.Language)
	for _, t := range res.Terms {
		fmt.Printf("  %s: %d of the matches, %d articles in all\n", t.Term, t.Count, t.Background)
	}
	fmt.Println("entities:")
	for _, e := range res.Entities {
		fmt.Printf("  %s: %d of the matches, %d articles in all\n", e.Term, e.Count, e.Background)
	}
	// Output:
	// 4 matches, words in en:
	//   Russia: 4 of the matches, 4 articles in all
	//   Buryatia: 3 of the matches, 3 articles in all
	//   Medvedev: 2 of the matches, 2 articles in all
	// entities:
	//   russia: 4 of the matches, 4 articles in all
	//   medvedev: 2 of the matches, 2 articles in all
	//   ulan-ude: 2 of the matches, 2 articles in all
}

// Keyword in context: every occurrence of a query's words in the matching
// articles, oldest first, in the forms the articles write them.
func ExampleIndex_KWIC() {
	ctx := context.Background()
	idx, err := newsindex.Open("", newsindex.Config{})
	if err != nil {
		log.Fatal(err)
	}
	defer idx.Close()
	err = idx.Add(ctx,
		dated("b", "2011-08-24", "Talks in Ulan-Ude", "Kim Jong Il and Medvedev held talks. The talks were friendly."),
		dated("a", "2011-08-20", "Arrival", "Kim Jong Il arrived in Russia for talking with Medvedev."),
	)
	if err != nil {
		log.Fatal(err)
	}
	for l, err := range idx.KWIC(ctx, newsindex.Match{Text: "talk"}, newsindex.KWICOptions{Width: 20}) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%s %-5s %20s[%s]%s\n", l.Published, l.Field, l.Left, l.Match, l.Right)
	}
	// Output:
	// 2011-08-20 body  rived in Russia for [talking] with Medvedev.
	// 2011-08-24 title                     [Talks] in Ulan-Ude
	// 2011-08-24 body  l and Medvedev held [talks]. The talks were fri
	// 2011-08-24 body  dev held talks. The [talks] were friendly.
}
