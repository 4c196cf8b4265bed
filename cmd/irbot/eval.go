package main

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/irbot/irbot/index"
	"github.com/irbot/irbot/knowledge"
)

// runEval scores retrieval on a question set in the shared eval format
// (JSONL: {"q": ..., "accept": [headings]}) the way the eval script does.
func runEval(ctx context.Context, cfg Config, e env) error {
	fs := newFlagSet("eval", e)
	limit := fs.Int("limit", index.DefaultLimit, "results per question")
	verbose := fs.Bool("verbose", false, "print every miss")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: irbot eval FILE.jsonl [--limit N] [--verbose]")
		fs.PrintDefaults()
	}
	// Flags may come before or after the file.
	var files []string
	args := e.args
	for {
		if err := parseArgs(fs, args); err != nil {
			return err
		}
		if fs.NArg() == 0 {
			break
		}
		files = append(files, fs.Arg(0))
		args = fs.Args()[1:]
	}
	if len(files) != 1 {
		fs.Usage()
		return fmt.Errorf("%w: want one question file, got %d", errUsage, len(files))
	}
	if *limit < 1 {
		return fmt.Errorf("%w: --limit must be at least 1", errUsage)
	}

	f, err := os.Open(files[0])
	if err != nil {
		return err
	}
	defer f.Close()
	qs, err := index.ReadQuestions(f, files[0])
	if err != nil {
		return err
	}
	kb, x, err := openKnowledge(cfg, cfg.newLogger(e.stderr))
	if err != nil {
		return err
	}
	defer x.Close()

	scores, misses, err := index.Evaluate(ctx, x.Search, qs, *limit)
	if err != nil {
		return err
	}
	if *verbose {
		for _, m := range misses {
			if len(m.Question.Accept) == 0 {
				fmt.Fprintf(e.stdout, "answered out-of-scope %q: %s\n", m.Question.Q, m.Got[0])
				continue
			}
			got := m.Got
			if len(got) > 3 {
				got = got[:3]
			}
			fmt.Fprintf(e.stdout, "miss@1 (%s) %q: got [%s], want one of [%s]\n", m.Confidence, m.Question.Q, quoteList(got), quoteList(m.Question.Accept))
		}
	}
	if unasked := unaskedSections(kb); len(unasked) > 0 {
		fmt.Fprintf(e.stdout, "%d sections have no \"asked as\" lines (see the README's \"Adding your own content\"):\n", len(unasked))
		for _, p := range unasked {
			fmt.Fprintf(e.stdout, "  %s (%s)\n", p.Title, p.Document)
		}
	}
	fmt.Fprintln(e.stdout, scores)
	return nil
}

// unaskedSections are the sections with text but no "asked as" lines:
// students' own words find them only through the guide's.
func unaskedSections(kb *knowledge.Base) []knowledge.Passage {
	var out []knowledge.Passage
	for _, p := range kb.Passages {
		if strings.TrimSpace(p.Body) != "" && len(p.Asked) == 0 {
			out = append(out, p)
		}
	}
	return out
}

func quoteList(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, ", ")
}
