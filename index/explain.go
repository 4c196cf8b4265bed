package index

import (
	"context"
	"fmt"
	"strings"
)

// Trace is what each stage made of a question: how `irbot search
// --explain` answers "why did this question get that answer".
type Trace struct {
	// Normalize: the plain words searched, the chat words dropped and
	// what was read otherwise ("pgy-2 → second-year resident").
	Normalized string   `json:"normalized"`
	Dropped    []string `json:"dropped,omitempty"`
	Changes    []string `json:"changes,omitempty"`
	// Understand: the concepts, and the off-topic subject named.
	Concepts []TraceConcept `json:"concepts"`
	OffTopic string         `json:"off_topic,omitempty"`
	// Retrieve: how many candidates Bleve returned.
	Retrieved int `json:"retrieved"`
	// Rank: the ranked candidates, best first (at most ten).
	Ranked []TraceRank `json:"ranked,omitempty"`
	// Decide: the tier and why.
	Confidence Confidence `json:"confidence"`
	Reason     Reason     `json:"reason"`
}

// TraceConcept is one concept of a question.
type TraceConcept struct {
	Words        string   `json:"words"`
	Class        string   `json:"class"`
	Weight       float64  `json:"weight"`
	Part         int      `json:"part"`
	Alternatives []string `json:"alternatives,omitempty"`
}

// TraceRank is one ranked candidate.
type TraceRank struct {
	Title string  `json:"title"`
	Score float64 `json:"score"`
	BM25  float64 `json:"bm25"`
	Fit   float64 `json:"fit"`
	// Held is the share of each part of the question's weight the
	// passage holds (see decide).
	Held []float64 `json:"held"`
}

// Explain searches like Search and says what each stage did.
func (x *Index) Explain(ctx context.Context, text string, limit int) (Trace, Result, error) {
	var t Trace
	res, err := x.search(ctx, text, limit, &t)
	return t, res, err
}

// retrieved records the retrieve stage.
func (t *Trace) retrieved(n int) {
	if t != nil {
		t.Retrieved = n
	}
}

// record records the other stages.
func (t *Trace) record(x *Index, n normalized, q query, rs []ranked, res Result) {
	if t == nil {
		return
	}
	t.Normalized = n.text()
	t.Dropped = n.chat
	for i := 0; i < len(n.words); i++ {
		w := n.words[i]
		if w.how == kept || strings.EqualFold(w.from, w.text) {
			continue
		}
		to := []string{w.text}
		for w.how == expanded && i+1 < len(n.words) && n.words[i+1].how == expanded && n.words[i+1].from == w.from && !n.words[i+1].brk {
			i++
			to = append(to, n.words[i].text)
		}
		t.Changes = append(t.Changes, fmt.Sprintf("%s → %s", w.from, strings.Join(to, " ")))
	}
	for _, c := range q.concepts {
		tc := TraceConcept{Words: c.alts[0].text, Class: c.class.String(), Weight: round3(c.weight), Part: c.part}
		for _, a := range c.alts[1:] {
			tc.Alternatives = append(tc.Alternatives, a.text)
		}
		t.Concepts = append(t.Concepts, tc)
	}
	t.OffTopic = q.offTopic
	mass := q.mass()
	for _, r := range rs[:min(10, len(rs))] {
		tr := TraceRank{Title: x.passages[r.i].Title, Score: round3(r.score), BM25: round3(r.bm25), Fit: round3(r.fit)}
		for p := range mass {
			if mass[p] > 0 {
				tr.Held = append(tr.Held, round3(r.held[p]/mass[p]))
			}
		}
		t.Ranked = append(t.Ranked, tr)
	}
	t.Confidence, t.Reason = res.Confidence, res.Reason
}

func round3(f float64) float64 { return float64(int64(f*1000+0.5)) / 1000 }
