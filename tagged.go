package newsindex

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"maps"
	"sort"
	"strings"

	"github.com/newsindex/newsindex/analysis"
)

// An index knows which entities every article it holds was tagged with, by
// the spellings the gazetteer had for them (a fingerprint). For those, the
// entity field alone finds every article that names them, and a name query
// needs no phrase of its spellings in every field (Kim Jong Il: 60 ms with
// the phrases on KCNA, 6 with the entity alone). An entity given new
// spellings, or added after articles were, drops out until a reindex.

// fingerprint identifies the spellings of an entity.
func fingerprint(e analysis.Entity) string {
	v := append([]string(nil), e.Variants...)
	sort.Strings(v)
	sum := sha256.Sum256([]byte(strings.Join(v, "\x00")))
	return hex.EncodeToString(sum[:8])
}

// loadTagged reads what the index keeps of its tagged entities.
func (x *Index) loadTagged() error {
	tagged, ok, err := x.st.Tagged()
	if err != nil {
		return fmt.Errorf("newsindex: open %s: %w", x.Path(), err)
	}
	x.tagged, x.taggedKnown = tagged, ok
	return nil
}

// noteTagging updates the record before an Add tags articles with g: the
// entities of g, when the index is empty and keeps no record yet; else the
// record less the entities g spells otherwise.
func (x *Index) noteTagging(ctx context.Context, g *analysis.Gazetteer) error {
	x.taggedMu.Lock()
	defer x.taggedMu.Unlock()
	now := map[string]string{}
	for _, e := range g.Entities() {
		now[e.ID] = fingerprint(e)
	}
	var next map[string]string
	switch {
	case !x.taggedKnown:
		n, err := x.st.Count(ctx)
		if err != nil {
			return err
		}
		if n > 0 {
			return nil // articles from before the record: it stays unknown
		}
		next = now
	default:
		next = map[string]string{}
		for id, fp := range x.tagged {
			if now[id] == fp {
				next[id] = fp
			}
		}
		if maps.Equal(next, x.tagged) {
			return nil
		}
	}
	if err := x.st.KeepTagged(next); err != nil {
		return fmt.Errorf("newsindex: %w", err)
	}
	x.tagged, x.taggedKnown = next, true
	return nil
}

// completeNames reports whether every article was tagged with each of the
// entities as the gazetteer g spells them now.
func (x *Index) completeNames(g *analysis.Gazetteer, ids []string) bool {
	x.taggedMu.Lock()
	defer x.taggedMu.Unlock()
	if !x.taggedKnown {
		return false
	}
	for _, id := range ids {
		e, ok := g.Entity(id)
		if !ok || x.tagged[id] != fingerprint(e) {
			return false
		}
	}
	return true
}
