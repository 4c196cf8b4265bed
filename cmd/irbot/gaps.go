package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/irbot/irbot/bot/limits"
	"github.com/irbot/irbot/feedback"
	"github.com/irbot/irbot/feedback/sqlstore"
	"github.com/irbot/irbot/knowledge"
)

// gapsLimit is how many rows of each list `irbot gaps` prints.
const gapsLimit = 50

// runGaps prints the gaps report from the feedback record: the questions
// the guide did not answer, the sections marked Not quite, and "asked as"
// lines to paste; or, with --purge, deletes records.
func runGaps(ctx context.Context, cfg Config, e env) error {
	fs := newFlagSet("gaps", e)
	since := fs.String("since", "30d", "report on the answers of the last `AGE` (30d, 12h); empty for all")
	guild := fs.String("guild", "", "report on one server (its `ID`) instead of all servers and DMs")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	purge := fs.Bool("purge", false, "delete the records (of --guild, or all) instead of reporting")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: irbot gaps [--since 30d] [--guild ID] [--json]\n       irbot gaps --purge [--guild ID]\n\nReads the feedback record (DATABASE_URL, or SQLite under DATA_DIR).\n\nflags:")
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, e.args); err != nil {
		return err
	}
	if *guild != "" && !limits.IsSnowflake(*guild) {
		return fmt.Errorf("%w: --guild %q is not a Discord server ID (digits only)", errUsage, *guild)
	}
	age, err := parseSince(*since)
	if err != nil {
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	// A command's output is the report: say only what went wrong.
	cfg.LogLevel = max(cfg.LogLevel, slog.LevelWarn)
	logger := cfg.newLogger(e.stderr)
	store, err := sqlstore.Open(ctx, sqlstore.Config{URL: cfg.DatabaseURL.reveal(), DataDir: cfg.DataDir}, logger)
	if err != nil {
		return fmt.Errorf("feedback record: %w", err)
	}
	defer store.Close()

	if *purge {
		n, err := store.Purge(ctx, *guild, *guild == "")
		if err != nil {
			return fmt.Errorf("purge: %w", err)
		}
		who := "every server and DM"
		if *guild != "" {
			who = "server " + *guild
		}
		fmt.Fprintf(e.stdout, "Deleted %d answers of %s, with their votes and opened sections.\n", n, who)
		return nil
	}

	kb, err := knowledge.LoadLayered(knowledge.Content(), knowledgeOverlay(cfg), cfg.KnowledgeReplace)
	if err != nil {
		return fmt.Errorf("load the knowledge: %w", err)
	}
	q := feedback.ReportQuery{Guild: *guild, AllGuilds: *guild == "", Limit: gapsLimit}
	if age > 0 {
		q.Since = time.Now().Add(-age)
	}
	rep, err := store.Report(ctx, q)
	if err != nil {
		return fmt.Errorf("gaps report: %w", err)
	}
	g := newGapsReport(rep, kb)
	w := bufio.NewWriter(e.stdout)
	defer w.Flush()
	if *asJSON {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(g)
	}
	g.writeText(w)
	return nil
}

// gapsReport is the report as `irbot gaps` prints it: the record's report
// with the sections' titles and files, and each suggestion as the line to
// paste into the section's "asked as" comment.
type gapsReport struct {
	Since       *time.Time               `json:"since,omitempty"`
	Guild       string                   `json:"guild,omitempty"`
	Totals      feedback.Totals          `json:"totals"`
	Unanswered  []feedback.QuestionGroup `json:"unanswered"`
	NotQuite    []gapsSection            `json:"not_quite"`
	Suggestions []gapsSuggestion         `json:"suggestions"`
}

// gapsSection is a section's Not quite votes.
type gapsSection struct {
	feedback.SectionVotes
	Title string `json:"title"`
}

// gapsSuggestion is an "asked as" line for a section.
type gapsSuggestion struct {
	feedback.Suggestion
	Title string `json:"title"`
	File  string `json:"file,omitempty"`
	// Line is what to paste into the section's "asked as" comment.
	Line string `json:"line"`
}

func newGapsReport(rep feedback.Report, kb *knowledge.Base) gapsReport {
	g := gapsReport{Totals: rep.Totals, Unanswered: rep.Unanswered, NotQuite: []gapsSection{}, Suggestions: []gapsSuggestion{}}
	if !rep.Query.Since.IsZero() {
		s := rep.Query.Since.UTC()
		g.Since = &s
	}
	if !rep.Query.AllGuilds {
		g.Guild = rep.Query.Guild
	}
	if g.Unanswered == nil {
		g.Unanswered = []feedback.QuestionGroup{}
	}
	title := func(id string) (string, string) {
		p, ok := kb.Passage(id)
		if !ok {
			return id + " (no longer in the guide)", ""
		}
		file := ""
		if d, ok := kb.Document(p.Document); ok {
			file = d.File
		}
		return p.Title, file
	}
	for _, s := range rep.NotQuite {
		t, _ := title(s.PassageID)
		g.NotQuite = append(g.NotQuite, gapsSection{s, t})
	}
	for _, s := range rep.Suggestions {
		t, f := title(s.PassageID)
		line, ok := knowledge.AskedLine(s.AskedAs)
		if !ok {
			continue
		}
		g.Suggestions = append(g.Suggestions, gapsSuggestion{Suggestion: s, Title: t, File: f, Line: line})
	}
	return g
}

// writeText prints the report for a person.
func (g gapsReport) writeText(w io.Writer) {
	scope := "all servers and DMs"
	if g.Guild != "" {
		scope = "server " + g.Guild
	}
	when := "all time"
	if g.Since != nil {
		when = "since " + g.Since.Format("2006-01-02 15:04 UTC")
	}
	t := g.Totals
	fmt.Fprintf(w, "Gaps report: %s, %s\n", scope, when)
	fmt.Fprintf(w, "%d questions: %d answered, %d offered the closest sections, %d not answered. Votes: %d Helpful, %d Not quite.\n",
		t.Answers, t.High, t.Low, t.None, t.Helpful, t.NotQuite)

	fmt.Fprintln(w, "\nAsked, not answered (the closest sections, or nothing):")
	if len(g.Unanswered) == 0 {
		fmt.Fprintln(w, "  none")
	}
	for _, q := range g.Unanswered {
		ex := q.Key
		if len(q.Examples) > 0 {
			ex = q.Examples[0]
		}
		fmt.Fprintf(w, "  %3d× %q  (closest sections %d, nothing %d)\n", q.Count, ex, q.Low, q.None)
		for _, other := range q.Examples[min(1, len(q.Examples)):] {
			fmt.Fprintf(w, "        also %q\n", other)
		}
	}

	fmt.Fprintln(w, "\nAnswers marked Not quite (by the section answered with):")
	if len(g.NotQuite) == 0 {
		fmt.Fprintln(w, "  none")
	}
	for _, s := range g.NotQuite {
		fmt.Fprintf(w, "  %3d  %s  (%d Helpful)\n", s.NotQuite, s.Title, s.Helpful)
		for _, q := range s.Questions {
			fmt.Fprintf(w, "        %q\n", q)
		}
	}

	fmt.Fprintln(w, "\nSuggested \"asked as\" lines (students opened this section, not the one answered with):")
	if len(g.Suggestions) == 0 {
		fmt.Fprintln(w, "  none")
	}
	for _, s := range g.Suggestions {
		where := s.Title
		if s.File != "" {
			where += " (" + s.File + ")"
		}
		fmt.Fprintf(w, "  %s, %d×:\n    %s\n", where, s.Count, s.Line)
	}
	if len(g.Suggestions) > 0 {
		fmt.Fprintln(w, "  Paste a line into the section's \"<!-- asked as:\" comment (see the README's \"Adding your own content\").")
	}
}
