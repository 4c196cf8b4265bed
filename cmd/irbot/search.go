package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/irbot/irbot/index"
)

// searchResult is one hit as `irbot search --json` prints it.
type searchResult struct {
	ID      string   `json:"id"`
	Title   string   `json:"title"`
	Kind    string   `json:"kind"`
	Path    []string `json:"path"`
	Score   float64  `json:"score"`
	Snippet string   `json:"snippet"`
}

// searchLine is the answer to one query: one line of `--json` output.
// Confidence is "high" (the first result is the answer) or "low" (the
// results are the closest sections); a line without results has none.
type searchLine struct {
	Query      string         `json:"query"`
	Confidence string         `json:"confidence"`
	Results    []searchResult `json:"results"`
}

// runSearch answers questions from the command line: the arguments joined
// as one query, or, with none, every line of standard input in order.
func runSearch(ctx context.Context, cfg Config, e env) error {
	fs := newFlagSet("search", e)
	asJSON := fs.Bool("json", false, "print one JSON object a line per query")
	explain := fs.Bool("explain", false, "say what each stage of the search made of each query")
	limit := fs.Int("limit", index.DefaultLimit, "most results per query")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: irbot search [--json] [--explain] [--limit N] [QUERY...]\n\nWith no QUERY, reads queries from standard input, one a line.")
		fs.PrintDefaults()
	}
	if err := parseArgs(fs, e.args); err != nil {
		return err
	}
	if *limit < 1 {
		return fmt.Errorf("%w: --limit must be at least 1", errUsage)
	}
	_, x, err := openKnowledge(cfg, cfg.newLogger(e.stderr))
	if err != nil {
		return err
	}
	defer x.Close()

	w := bufio.NewWriter(e.stdout)
	defer w.Flush()
	answer := func(q string) error {
		if *explain {
			t, res, err := x.Explain(ctx, q, *limit)
			if err != nil {
				return err
			}
			if *asJSON {
				return writeExplainJSON(w, q, t)
			}
			writeSearchText(w, q, res)
			writeExplainText(w, t)
			return nil
		}
		res, err := x.Search(ctx, q, *limit)
		if err != nil {
			return err
		}
		if *asJSON {
			return writeSearchJSON(w, q, res)
		}
		writeSearchText(w, q, res)
		return nil
	}

	if fs.NArg() > 0 {
		return answer(strings.Join(fs.Args(), " "))
	}
	sc := bufio.NewScanner(e.stdin)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for sc.Scan() {
		if err := answer(strings.TrimSpace(sc.Text())); err != nil {
			return err
		}
		if !*asJSON {
			// A person reading along wants each answer as it comes.
			if err := w.Flush(); err != nil {
				return err
			}
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("read queries: %w", err)
	}
	return nil
}

// writeSearchJSON writes one line: the query and its results, [] when the
// knowledge does not answer it.
func writeSearchJSON(w io.Writer, q string, res index.Result) error {
	line := searchLine{Query: q, Confidence: string(res.Confidence), Results: make([]searchResult, 0, len(res.Hits))}
	for _, h := range res.Hits {
		path := h.Passage.Path
		if path == nil {
			path = []string{}
		}
		line.Results = append(line.Results, searchResult{
			ID:      h.Passage.ID,
			Title:   h.Passage.Title,
			Kind:    string(h.Passage.Kind),
			Path:    path,
			Score:   roundScore(h.Score),
			Snippet: h.Snippet,
		})
	}
	b, err := json.Marshal(line)
	if err != nil {
		return err
	}
	b = append(b, '\n')
	_, err = w.Write(b)
	return err
}

// writeSearchText writes the results for a person to read.
func writeSearchText(w io.Writer, q string, res index.Result) {
	fmt.Fprintf(w, "Q: %s\n", q)
	switch res.Confidence {
	case index.None:
		fmt.Fprintf(w, "   No answer in the guide (%s).\n\n", res.Reason)
		return
	case index.Low:
		fmt.Fprintln(w, "   Low confidence: the closest sections.")
	}
	for i, h := range res.Hits {
		fmt.Fprintf(w, "%2d. %s  (%s, %.2f)\n", i+1, h.Passage.Title, h.Passage.Kind, h.Score)
		if len(h.Passage.Path) > 0 {
			fmt.Fprintf(w, "    in %s\n", strings.Join(h.Passage.Path, " > "))
		}
		fmt.Fprintf(w, "    %s\n", h.Snippet)
	}
	fmt.Fprintln(w)
}

// roundScore keeps three decimals: scores only order hits.
func roundScore(s float64) float64 {
	return float64(int64(s*1000+0.5)) / 1000
}

// writeExplainJSON writes one line: the query and what each stage made of
// it.
func writeExplainJSON(w io.Writer, q string, t index.Trace) error {
	b, err := json.Marshal(struct {
		Query string `json:"query"`
		index.Trace
	}{q, t})
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// writeExplainText writes what each stage made of a query, for a person.
func writeExplainText(w io.Writer, t index.Trace) {
	fmt.Fprintf(w, "   normalize:  %s\n", t.Normalized)
	if len(t.Dropped) > 0 {
		fmt.Fprintf(w, "               dropped %s\n", strings.Join(t.Dropped, ", "))
	}
	for _, c := range t.Changes {
		fmt.Fprintf(w, "               read %s\n", c)
	}
	fmt.Fprintln(w, "   understand:")
	for _, c := range t.Concepts {
		alts := ""
		if len(c.Alternatives) > 0 {
			alts = " = " + strings.Join(c.Alternatives, " | ")
		}
		fmt.Fprintf(w, "     %-24s %-7s %.2f part %d%s\n", c.Words, c.Class, c.Weight, c.Part, alts)
	}
	if t.OffTopic != "" {
		fmt.Fprintf(w, "     names an off-topic subject: %s\n", t.OffTopic)
	}
	fmt.Fprintf(w, "   retrieve:   %d candidates\n", t.Retrieved)
	fmt.Fprintln(w, "   rank:")
	for _, r := range t.Ranked {
		fmt.Fprintf(w, "     %.3f fit %.3f held %v  %s\n", r.Score, r.Fit, r.Held, r.Title)
	}
	fmt.Fprintf(w, "   decide:     %s (%s)\n\n", t.Confidence, t.Reason)
}
