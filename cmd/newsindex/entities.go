package main

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/newsindex/newsindex"
	"github.com/newsindex/newsindex/analysis"
)

// entityJSON is one entity as `entities -json` writes it.
type entityJSON struct {
	ID        string   `json:"id"`
	Kind      string   `json:"kind"`
	Spellings []string `json:"spellings"`
	Articles  int      `json:"articles"` // articles the index tagged with it
}

func cmdEntities(ctx context.Context, args []string, e env) error {
	fs := newFlags("entities", "-index DIR [-json] [TEXT]", e)
	dir := fs.String("index", "", "index directory")
	asJSON := fs.Bool("json", false, `print {"entities":[{"id","kind","spellings","articles"}]}`)
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := requireIndex(*dir); err != nil {
		return err
	}
	text := strings.Join(fs.Args(), " ")
	idx, err := openExisting(*dir, true)
	if err != nil {
		return err
	}
	defer idx.Close()
	names := idx.Names()
	// One facet search counts the articles of every entity at once.
	res, err := idx.Search(ctx, newsindex.All(), newsindex.SearchOptions{
		Size: 1, IDsOnly: true, Facets: []newsindex.Facet{newsindex.FacetEntity}, FacetSize: max(len(names), 1),
	})
	if err != nil {
		return err
	}
	counts := map[string]int{}
	for _, b := range res.Facets[newsindex.FacetEntity] {
		counts[b.Value] = b.Count
	}
	list := []entityJSON{}
	for _, ent := range names {
		if entityContains(ent, text) {
			list = append(list, entityJSON{ID: ent.ID, Kind: ent.Kind, Spellings: ent.Variants, Articles: counts[ent.ID]})
		}
	}
	if *asJSON {
		return writeJSON(e.stdout, struct {
			Entities []entityJSON `json:"entities"`
		}{list})
	}
	if len(list) == 0 {
		fmt.Fprintf(e.stdout, "no entity has %q in its ID or spellings\n", text)
		return nil
	}
	w := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "id\tkind\tarticles\tspellings")
	for _, ent := range list {
		fmt.Fprintf(w, "%s\t%s\t%d\t%s\n", ent.ID, ent.Kind, ent.Articles, strings.Join(ent.Spellings, " | "))
	}
	return w.Flush()
}

// entityContains reports whether text is in the entity's ID or one of its
// spellings, ignoring case; empty text is in every entity.
func entityContains(ent analysis.Entity, text string) bool {
	text = strings.ToLower(text)
	if strings.Contains(strings.ToLower(ent.ID), text) {
		return true
	}
	for _, v := range ent.Variants {
		if strings.Contains(strings.ToLower(v), text) {
			return true
		}
	}
	return false
}
