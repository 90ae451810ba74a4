// Package newsindex is full-text search over archives of multilingual news
// articles, on an embedded Bleve v2 index.
//
// # Basics
//
// An [Index] holds [Article] values. [Open] creates or opens one in a
// directory (or in memory for an empty path); [Index.Add] validates and
// indexes articles, [Index.Search] runs a [Query] and returns a [Result]
// with hits, facets and highlighted fragments:
//
//	idx, err := newsindex.Open("archive.idx", newsindex.Config{})
//	...
//	defer idx.Close()
//	err = idx.Add(ctx, articles...)
//	res, err := idx.Search(ctx, newsindex.And(
//		newsindex.Match{Text: "Freundschaft Russland"},
//		newsindex.Source("KCNA", "Naenara"),
//		newsindex.DateRange{From: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)},
//	), newsindex.SearchOptions{Sort: newsindex.ByNewest, Highlight: true})
//
// Queries are plain values combined with [And], [Or] and [Not]; [Parse]
// reads them from a Lucene-style query string and [Format] writes them back.
// A query that cannot be read or compiled is a [*QueryError]; an article that
// cannot be indexed is an [*InputError] naming the article and field.
//
// What Add acknowledged is on disk: it survives a crash of the process. One
// process at a time may open an index for writing; another gets [ErrLocked]
// within Config.LockTimeout. Any number may open it with Config.ReadOnly.
// An *Index is safe for concurrent use.
//
// # Shards
//
// Config.Shards makes a new index of several Bleve indexes (shards), fixed
// when it is created and kept by the index. An article and all its versions
// live in the shard a hash of its ID names; Add writes to every shard at
// once, Get, Delete and History ask the article's shard alone, and searches
// and the research calls ask every shard at once, with the term statistics
// of all: they find, count and score what one shard holding everything
// would. The default is one shard, the layout of every index before shards;
// [Reindex] with Config.Shards set changes the count.
//
// # Versions and deletions
//
// Nothing indexed is lost unless it is purged. An article added again with
// other content becomes a new version and the earlier one is kept; Delete
// keeps the deleted article as a tombstone; [Index.Purge] removes
// everything. [Index.History] lists an article's versions, [Index.Version]
// reads "ID@N", [Diff] compares two texts word by word, and
// SearchOptions.History and SearchOptions.Dropped search the past: every
// version, or only what the source took out. [Index.Retitled] says how an
// edited headline, which changes a derived ID, stays one article.
//
// # Research
//
// [Index.Trend] counts matches over time, [Index.Terms] finds the words and
// entities over-represented in them, [Index.KWIC] streams every occurrence
// in context.
//
// # Languages
//
// Each article's title and body are analysed by its own language's analyzer
// (stemming, stop words, diacritic folding; German compounds split; Hangul,
// Han and Kana bigrams for Korean, Chinese and Japanese) into per-language
// fields. A query without a language is analysed once per language the
// index holds and searches each language's fields with its own analysis, so
// "Lavrów", "Lavrov" and "LAVROV" find the same articles. An article without
// a language is detected (package analysis, Detect); text in a language
// without an analyzer gets the language-neutral analysis (NFKC, case and
// diacritic folding, ß→ss, ё→е, no stemming). The languages
// live in package [github.com/newsindex/newsindex/analysis], where other
// projects add their own with Register.
//
// # Caveats
//
//   - The languages an index has fields for are fixed when it is created; a
//     language registered later is indexed with neutral analysis in that
//     index until it is rebuilt. Analyzer names are stored in the index: a
//     process must register every language the index was created with before
//     it opens it, or Open says which are missing.
//   - German compounds are split only into the parts of the project's word
//     list (analysis/german_words.txt). Names in other scripts are linked
//     through the gazetteer (analysis/names.txt, Config.Names); a short
//     Cyrillic or Hangul query that is in none is also searched in Latin
//     letters (analysis.Transliterate), approximately.
//   - Ranked any-word searches (Match.MinWords 1, AnyWords) score textbook
//     BM25 (BM25F with coordination for Chinese, Japanese and Korean); every
//     other query is scored by Bleve's BM25, given the true average length
//     of every field (the index counts tokens; Bleve alone would take the
//     vocabulary size) but with its square-root term frequency and
//     coordination factor. Scores of the two kinds are not comparable.
//   - Language detection of short headlines is unreliable: below a
//     confidence floor an article is "und" and gets the neutral analysis.
//   - Source, author, dateline and section filters match by words, case and
//     diacritics aside ("KCNA" finds "KCNA (kcna.co.jp mirror)"); the
//     facets show the values exactly as the articles give them.
package newsindex
