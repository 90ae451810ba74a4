package analysis

import (
	"fmt"
	"sync"

	"github.com/blevesearch/bleve/v2/registry"
)

// Token is one term an analyzer produced, with its byte offsets in the input
// and its position in the token stream (from 1).
type Token struct {
	Term     string `json:"term"`
	Start    int    `json:"start"`
	End      int    `json:"end"`
	Position int    `json:"position"`
}

var (
	cacheOnce sync.Once
	cache     *registry.Cache
)

// Analyze runs the analyzer of a registered language (or of [Neutral], code
// [UndeterminedCode]) over text and returns its tokens. It is how tests,
// golden files and query compilation see what the index stores.
func Analyze(code, text string) ([]Token, error) {
	l, err := languageOf(code)
	if err != nil {
		return nil, err
	}
	cacheOnce.Do(func() { cache = registry.NewCache() })
	a, err := cache.AnalyzerNamed(l.Analyzer)
	if err != nil {
		return nil, fmt.Errorf("analysis: language %q: %w", code, err)
	}
	stream := a.Analyze([]byte(text))
	out := make([]Token, len(stream))
	for i, t := range stream {
		out[i] = Token{Term: string(t.Term), Start: t.Start, End: t.End, Position: t.Position}
	}
	return out, nil
}

// languageOf is the registered language of a code, or [Neutral] for
// [UndeterminedCode].
func languageOf(code string) (Language, error) {
	l, ok := Lookup(code)
	if !ok {
		if code != UndeterminedCode {
			return Language{}, fmt.Errorf("analysis: language %q is not registered (registered: %v)", code, Codes())
		}
		l = Neutral
	}
	return l, nil
}

// Terms runs [Analyze] and returns the terms alone.
func Terms(code, text string) ([]string, error) {
	toks, err := Analyze(code, text)
	if err != nil {
		return nil, err
	}
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = t.Term
	}
	return out, nil
}
