package index

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/irbot/irbot/knowledge"
)

// Question is one line of a question set (JSONL): a question in a
// student's words and the headings that answer it. No headings means the
// knowledge does not answer it, and the right result is none.
type Question struct {
	Q      string   `json:"q"`
	Accept []string `json:"accept"`
}

// ReadQuestions reads a question set, one JSON object a line; blank lines
// are skipped. Errors name the file (name) and line.
func ReadQuestions(r io.Reader, name string) ([]Question, error) {
	var qs []Question
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		if text == "" {
			continue
		}
		var q Question
		dec := json.NewDecoder(strings.NewReader(text))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&q); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", name, line, err)
		}
		if dec.More() {
			return nil, fmt.Errorf("%s:%d: more than one JSON value on the line", name, line)
		}
		if strings.TrimSpace(q.Q) == "" {
			return nil, fmt.Errorf("%s:%d: empty \"q\"", name, line)
		}
		qs = append(qs, q)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s:%d: %w", name, line+1, err)
	}
	return qs, nil
}

// Scores are retrieval metrics over a question set, as the shared eval
// script computes them.
type Scores struct {
	// InScope counts questions with accepted headings; Hit1 and Hit3 are
	// the shares of them answered by an accepted heading first or in the
	// first three, MRR the mean reciprocal rank of the first accepted one
	// in the first five, whatever the confidence.
	InScope         int
	Hit1, Hit3, MRR float64
	// Precision is the share of the in-scope questions answered with High
	// confidence whose first passage is accepted; Coverage the share of
	// in-scope questions answered with High confidence.
	Precision, Coverage float64
	// OutOfScope counts questions without accepted headings; Abstained
	// those given no High answer, and AbstainRate their share.
	OutOfScope                    int
	Abstained                     int
	AbstainRate                   float64
	hit1, hit3, confident, rightC int
	reciprocalRanks               float64
}

// String formats the scores like the eval script's summary line.
func (s Scores) String() string {
	return fmt.Sprintf("in-scope=%d hit@1=%.3f hit@3=%.3f mrr@5=%.3f precision=%.3f coverage=%.3f out-of-scope=%d abstained=%d (%.3f)",
		s.InScope, s.Hit1, s.Hit3, s.MRR, s.Precision, s.Coverage, s.OutOfScope, s.Abstained, s.AbstainRate)
}

// Miss is a question not answered with High confidence by an accepted
// heading first, or an out-of-scope one answered with High confidence.
type Miss struct {
	Question Question
	// Got are the titles returned, best first.
	Got []string
	// Confidence is the search's.
	Confidence Confidence
	// Rank is the 0-based rank of the first accepted title, -1 if none.
	Rank int
}

// SearchFunc is a search to evaluate (Index.Search fits).
type SearchFunc func(ctx context.Context, query string, limit int) (Result, error)

// Evaluate runs every question through search with the given limit and
// scores the answers. Titles compare without regard to case or spacing.
func Evaluate(ctx context.Context, search SearchFunc, qs []Question, limit int) (Scores, []Miss, error) {
	var s Scores
	var misses []Miss
	for _, q := range qs {
		res, err := search(ctx, q.Q, limit)
		if err != nil {
			return s, misses, fmt.Errorf("search %q: %w", q.Q, err)
		}
		got := make([]string, len(res.Hits))
		for i, h := range res.Hits {
			got[i] = h.Passage.Title
		}
		high := res.Confidence == High && len(res.Hits) > 0
		if len(q.Accept) == 0 {
			s.OutOfScope++
			if !high {
				s.Abstained++
			} else {
				misses = append(misses, Miss{Question: q, Got: got, Confidence: res.Confidence, Rank: -1})
			}
			continue
		}
		s.InScope++
		accept := make(map[string]bool, len(q.Accept))
		for _, a := range q.Accept {
			accept[knowledge.Fold(a)] = true
		}
		rank := -1
		for i, t := range got {
			if i >= 5 {
				break
			}
			if accept[knowledge.Fold(t)] {
				rank = i
				break
			}
		}
		if rank >= 0 {
			if rank == 0 {
				s.hit1++
			}
			if rank < 3 {
				s.hit3++
			}
			s.reciprocalRanks += 1 / float64(rank+1)
		}
		if high {
			s.confident++
			if rank == 0 {
				s.rightC++
			}
		}
		if rank != 0 || !high {
			misses = append(misses, Miss{Question: q, Got: got, Confidence: res.Confidence, Rank: rank})
		}
	}
	if s.InScope > 0 {
		n := float64(s.InScope)
		s.Hit1, s.Hit3, s.MRR = float64(s.hit1)/n, float64(s.hit3)/n, s.reciprocalRanks/n
		s.Coverage = float64(s.confident) / n
	}
	if s.confident > 0 {
		s.Precision = float64(s.rightC) / float64(s.confident)
	}
	if s.OutOfScope > 0 {
		s.AbstainRate = float64(s.Abstained) / float64(s.OutOfScope)
	}
	return s, misses, nil
}
