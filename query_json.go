package newsindex

import (
	"encoding/json"
	"fmt"
)

// queryJSON is the JSON form of a query value, for calls between processes:
// one key naming the kind of node. It is internal: the query language
// (Parse, Format) is the public text form.
type queryJSON struct {
	Match  *Match        `json:"match,omitempty"`
	Phrase *Phrase       `json:"phrase,omitempty"`
	Prefix *Prefix       `json:"prefix,omitempty"`
	Date   *DateRange    `json:"published,omitempty"`
	Terms  *Terms        `json:"terms,omitempty"`
	IDs    *IDsQuery     `json:"ids,omitempty"`
	State  *StateQuery   `json:"state,omitempty"`
	And    *[]*queryJSON `json:"and,omitempty"`
	Or     *[]*queryJSON `json:"or,omitempty"`
	Not    *queryJSON    `json:"not,omitempty"`
	All    bool          `json:"all,omitempty"`
}

func toJSON(q Query) (*queryJSON, error) {
	list := func(qs []Query) (*[]*queryJSON, error) {
		out := make([]*queryJSON, len(qs))
		for i, c := range qs {
			j, err := toJSON(c)
			if err != nil {
				return nil, err
			}
			out[i] = j
		}
		return &out, nil
	}
	var err error
	j := &queryJSON{}
	switch q := q.(type) {
	case Match:
		j.Match = &q
	case Phrase:
		j.Phrase = &q
	case Prefix:
		j.Prefix = &q
	case DateRange:
		j.Date = &q
	case Terms:
		j.Terms = &q
	case IDsQuery:
		j.IDs = &q
	case StateQuery:
		j.State = &q
	case AndQuery:
		j.And, err = list(q.Queries)
	case OrQuery:
		j.Or, err = list(q.Queries)
	case NotQuery:
		j.Not, err = toJSON(q.Query)
	case AllQuery:
		j.All = true
	default:
		return nil, queryErr("unknown query type %T", q)
	}
	return j, err
}

func (j *queryJSON) query() (Query, error) {
	list := func(js []*queryJSON) ([]Query, error) {
		out := make([]Query, len(js))
		for i, c := range js {
			q, err := c.query()
			if err != nil {
				return nil, err
			}
			out[i] = q
		}
		return out, nil
	}
	switch {
	case j == nil:
		return nil, fmt.Errorf("newsindex: no query")
	case j.Match != nil:
		return *j.Match, nil
	case j.Phrase != nil:
		return *j.Phrase, nil
	case j.Prefix != nil:
		return *j.Prefix, nil
	case j.Date != nil:
		return *j.Date, nil
	case j.Terms != nil:
		return *j.Terms, nil
	case j.IDs != nil:
		return *j.IDs, nil
	case j.State != nil:
		return *j.State, nil
	case j.And != nil:
		qs, err := list(*j.And)
		return AndQuery{Queries: qs}, err
	case j.Or != nil:
		qs, err := list(*j.Or)
		return OrQuery{Queries: qs}, err
	case j.Not != nil:
		q, err := j.Not.query()
		return NotQuery{Query: q}, err
	case j.All:
		return AllQuery{}, nil
	}
	return nil, fmt.Errorf("newsindex: a query node of no known kind")
}

// marshalQuery and unmarshalQuery turn a query into JSON and back.
func marshalQuery(q Query) (json.RawMessage, error) {
	j, err := toJSON(q)
	if err != nil {
		return nil, err
	}
	return json.Marshal(j)
}

func unmarshalQuery(data []byte) (Query, error) {
	var j queryJSON
	if err := json.Unmarshal(data, &j); err != nil {
		return nil, err
	}
	return j.query()
}
