package bot

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/irbot/irbot/feedback"
	"github.com/irbot/irbot/index"
)

// fakeRecorder keeps what the bot records.
type fakeRecorder struct {
	mu      sync.Mutex
	answers []feedback.Answer
	votes   []fakeVote
	opened  [][2]string // answer, passage
}

type fakeVote struct {
	answer, user string
	vote         feedback.Vote
}

func (f *fakeRecorder) Answer(a feedback.Answer) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.answers = append(f.answers, a)
}

func (f *fakeRecorder) Vote(answerID, userID string, v feedback.Vote) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.votes = append(f.votes, fakeVote{answerID, userID, v})
}

func (f *fakeRecorder) Opened(answerID, passageID string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.opened = append(f.opened, [2]string{answerID, passageID})
}

// feedbackBot is a bot over the embedded guide whose searches all come
// out at conf, recording into rec.
func feedbackBot(tb testing.TB, conf index.Confidence, rec *fakeRecorder) *Bot {
	tb.Helper()
	kb := guide(tb)
	opts := Options{}
	if rec != nil {
		opts.Feedback = rec
	}
	return New(kb, &fakeSearcher{passages: kb.Passages, confidence: conf}, opts, nil)
}

// TestAnswerTiers renders /ask at each confidence: the answer, the closest
// sections, or a kind word; with feedback on, each carries Helpful and Not
// quite, and the answer is recorded.
func TestAnswerTiers(t *testing.T) {
	for _, tc := range []struct {
		conf      index.Confidence
		q         string
		want      []string // in the reply
		ephemeral bool
		shown     int // passages recorded
	}{
		{index.High, "how long is an integrated IR residency", []string{"# ", "[Share]"}, true, 4},
		{index.Low, "residency length", []string{"The guide may not answer this directly", "These are its closest sections"}, true, maxClosest},
		{"", "sushi restaurants downtown", []string{"I couldn't find anything about “sushi restaurants downtown” in the guide", "/faq"}, true, 0},
	} {
		t.Run(string(tc.conf), func(t *testing.T) {
			rec := &fakeRecorder{}
			b := feedbackBot(t, tc.conf, rec)
			resp := mustHandle(t, b, slash("ask", "question", tc.q))
			got := flatten(resp)
			for _, w := range tc.want {
				if w == "# " {
					if len(resp.Data.Embeds) == 0 {
						t.Errorf("%s: no embed", tc.conf)
					}
					continue
				}
				if !strings.Contains(got, w) {
					t.Errorf("%s: reply lacks %q:\n%s", tc.conf, w, got)
				}
			}
			if ephemeral(resp) != tc.ephemeral {
				t.Errorf("%s: ephemeral = %v", tc.conf, ephemeral(resp))
			}
			if len(rec.answers) != 1 {
				t.Fatalf("%s: recorded %d answers, want 1", tc.conf, len(rec.answers))
			}
			a := rec.answers[0]
			wantConf := string(tc.conf)
			if tc.conf == "" {
				wantConf = feedback.ConfidenceNone
			}
			if a.Command != feedback.CommandAsk || a.Question != tc.q || a.Confidence != wantConf || len(a.Passages) != tc.shown || a.Guild != "1300000000000000050" {
				t.Errorf("%s: recorded %+v", tc.conf, a)
			}
			if err := a.Validate(); err != nil && !strings.Contains(err.Error(), "no time") {
				t.Errorf("recorded answer is not storable: %v", err)
			}
			ids := customIDs(resp)
			helpful, notQuite := prefix+"vote:"+a.ID+":h", prefix+"vote:"+a.ID+":n"
			if tc.conf == index.High {
				notQuite += ":" + passageRef(a.Passages[0])
			}
			if !slices.Contains(ids, helpful) || !slices.Contains(ids, notQuite) || !strings.Contains(got, "[Helpful]") || !strings.Contains(got, "[Not quite]") {
				t.Errorf("%s: no Helpful and Not quite buttons for answer %s in %q", tc.conf, a.ID, ids)
			}
			for _, id := range ids {
				if strings.HasPrefix(id, prefix+actOpen+":") {
					t.Errorf("%s: %s opens a section without recording it", tc.conf, id)
				}
			}
		})
	}
}

// TestFeedbackOff: with no recorder, no answer carries votes or answer
// ids, and sections open plainly.
func TestFeedbackOff(t *testing.T) {
	for _, conf := range []index.Confidence{index.High, index.Low, ""} {
		b := feedbackBot(t, conf, nil)
		resp := mustHandle(t, b, slash("ask", "question", "how long is IR residency"))
		for _, id := range customIDs(resp) {
			if strings.HasPrefix(id, prefix+actVote) || strings.HasPrefix(id, prefix+actFrom) {
				t.Errorf("%s with feedback off: custom_id %s", conf, id)
			}
		}
	}
}

// TestFindAnswerRecordsNoText: "Find answer" runs on another person's
// message: the record keeps that it was used and the passages, not the
// text.
func TestFindAnswerRecordsNoText(t *testing.T) {
	rec := &fakeRecorder{}
	b := feedbackBot(t, index.High, rec)
	resp := mustHandle(t, b, loadInteraction(t, "message_find_answer.json"))
	if len(rec.answers) != 1 {
		t.Fatalf("recorded %d answers, want 1", len(rec.answers))
	}
	a := rec.answers[0]
	if a.Command != feedback.CommandFind || a.Question != "" || a.Key != "" || len(a.Passages) == 0 {
		t.Errorf("recorded %+v, want a find answer without text", a)
	}
	if !strings.Contains(flatten(resp), "[Helpful]") {
		t.Error("Find answer reply has no Helpful button")
	}
}

// answerClicks asks a question and returns the answer's id and the reply.
func answerClicks(t *testing.T, b *Bot, rec *fakeRecorder, q string) (string, *discordgo.InteractionResponse) {
	t.Helper()
	resp := mustHandle(t, b, slash("ask", "question", q))
	if len(rec.answers) == 0 {
		t.Fatal("no answer recorded")
	}
	return rec.answers[len(rec.answers)-1].ID, resp
}

// clickOn is a click on a button of a reply: the interaction carries the
// reply as its message, as Discord sends it.
func clickOn(resp *discordgo.InteractionResponse, customID string) *discordgo.Interaction {
	i := click(customID)
	i.Message = &discordgo.Message{ID: "1300000000000000999", Components: resp.Data.Components, Embeds: resp.Data.Embeds, Flags: resp.Data.Flags}
	return i
}

// chooseOn is a choice in a menu of a reply.
func chooseOn(resp *discordgo.InteractionResponse, customID, value string) *discordgo.Interaction {
	i := clickOn(resp, customID)
	i.Data = discordgo.MessageComponentInteractionData{CustomID: customID, ComponentType: discordgo.SelectMenuComponent, Values: []string{value}}
	return i
}

func TestVotes(t *testing.T) {
	rec := &fakeRecorder{}
	b := feedbackBot(t, index.Low, rec)
	id, resp := answerClicks(t, b, rec, "how long is an integrated IR residency")

	thanks := mustHandle(t, b, clickOn(resp, prefix+"vote:"+id+":h"))
	if !ephemeral(thanks) || !strings.Contains(flatten(thanks), "Thanks") {
		t.Errorf("Helpful reply = %q, want a private thanks", flatten(thanks))
	}
	nq := mustHandle(t, b, clickOn(resp, prefix+"vote:"+id+":n"))
	got := flatten(nq)
	if !ephemeral(nq) || !strings.Contains(got, "noted the question for the guide's editors") || !strings.Contains(got, "The next best sections") {
		t.Errorf("Not quite reply = %q", got)
	}
	// The next best sections are the answer's after its first, opening
	// from the answer.
	offered := b.offered(newRequest(clickOn(resp, "x")), id)
	if len(offered) < 2 {
		t.Fatalf("the answer offered %d sections", len(offered))
	}
	if !strings.Contains(got, prefix+"from:"+id+" ") {
		t.Errorf("Not quite reply has no menu opening from the answer:\n%s", got)
	}
	for _, p := range offered[1:] {
		if !strings.Contains(got, p.Title+" = "+passageRef(p.ID)) {
			t.Errorf("Not quite reply lacks %q in its menu:\n%s", p.Title, got)
		}
	}
	want := []fakeVote{{id, "80351110224678912", feedback.VoteHelpful}, {id, "80351110224678912", feedback.VoteNotQuite}}
	if !slices.Equal(rec.votes, want) {
		t.Errorf("recorded votes %v, want %v", rec.votes, want)
	}
}

// TestNotQuiteAfterAnswer: Not quite on a confident answer offers the
// other sections the answer offered, the best of them first, and never
// again the section it gave.
func TestNotQuiteAfterAnswer(t *testing.T) {
	rec := &fakeRecorder{}
	b := feedbackBot(t, index.High, rec)
	id, resp := answerClicks(t, b, rec, "how long is an integrated IR residency")
	a := rec.answers[0]
	if len(a.Passages) < 2 {
		t.Fatalf("the answer recorded %d sections, want some besides the answer", len(a.Passages))
	}
	nq := mustHandle(t, b, clickOn(resp, prefix+"vote:"+id+":n:"+passageRef(a.Passages[0])))
	got := flatten(nq)
	if !strings.Contains(got, "The next best sections") {
		t.Fatalf("Not quite reply offers no sections:\n%s", got)
	}
	if strings.Contains(got, passageRef(a.Passages[0])) {
		t.Errorf("Not quite offers again the section the answer gave (%s):\n%s", a.Passages[0], got)
	}
	last := -1
	for _, pid := range a.Passages[1:] {
		k := strings.Index(got, " = "+passageRef(pid))
		if k < 0 {
			t.Errorf("Not quite reply lacks %s, which the answer offered:\n%s", pid, got)
			continue
		}
		if k < last {
			t.Errorf("Not quite reply changes the answer's order at %s:\n%s", pid, got)
		}
		last = k
	}
}

func TestOpenFromAnswer(t *testing.T) {
	rec := &fakeRecorder{}
	b := feedbackBot(t, index.High, rec)
	id, resp := answerClicks(t, b, rec, "how long is an integrated IR residency")
	var menu discordgo.SelectMenu
	for _, s := range selects(resp) {
		if s.CustomID == prefix+actFrom+":"+id {
			menu = s
		}
	}
	if len(menu.Options) == 0 {
		t.Fatalf("no menu of sections opens from the answer: %q", customIDs(resp))
	}
	ref := menu.Options[0].Value
	open := mustHandle(t, b, chooseOn(resp, menu.CustomID, ref))
	if len(open.Data.Embeds) == 0 || open.Type != discordgo.InteractionResponseUpdateMessage {
		t.Fatalf("opening %s from %s showed (type %d) %q", ref, menu.CustomID, open.Type, flatten(open))
	}
	if len(rec.opened) != 1 || rec.opened[0][0] != id || passageRef(rec.opened[0][1]) != ref {
		t.Errorf("recorded opens %v for %s", rec.opened, ref)
	}
}

// TestFeedbackClicksBad: stale, forged and malformed feedback clicks get
// the friendly stale-button notice, and nothing is recorded.
func TestFeedbackClicksBad(t *testing.T) {
	rec := &fakeRecorder{}
	b := feedbackBot(t, index.High, rec)
	validID, err := feedback.NewID()
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{
		"irbot:vote", "irbot:vote:", "irbot:vote:abc", "irbot:vote:abc:x", "irbot:vote:ABC:h", "irbot:vote:" + strings.Repeat("a", 27) + ":h",
		"irbot:from:abc", "irbot:from:abc:zzzzzzzz", "irbot:from::" + passageRef("introduction"),
		"irbot:vote:" + validID + ":n:zzzzzzzz", "irbot:vote:" + validID + ":h:" + passageRef("introduction"), "irbot:vote:" + validID + ":n:",
	} {
		resp := mustHandle(t, b, click(id))
		if !strings.Contains(flatten(resp), "out of date") {
			t.Errorf("click %q = %q, want the stale notice", id, flatten(resp))
		}
	}
	if len(rec.votes)+len(rec.opened) != 0 {
		t.Errorf("bad clicks recorded %v %v", rec.votes, rec.opened)
	}
}

// fakeReporter returns a fixed report, or an error.
type fakeReporter struct {
	rep feedback.Report
	err error
	got feedback.ReportQuery
}

func (f *fakeReporter) Report(_ context.Context, q feedback.ReportQuery) (feedback.Report, error) {
	f.got = q
	return f.rep, f.err
}

func TestAdminGaps(t *testing.T) {
	kb := guide(t)
	rep := &fakeReporter{rep: feedback.Report{
		Unanswered:  []feedback.QuestionGroup{{Key: "salari", Count: 3, Examples: []string{"how much do IR docs make"}, Low: 3}},
		NotQuite:    []feedback.SectionVotes{{PassageID: kb.Passages[0].ID, NotQuite: 2, Helpful: 1, Questions: []string{"what is this guide"}}},
		Suggestions: []feedback.Suggestion{{PassageID: kb.Passages[1].ID, AskedAs: "tldr pls", Count: 2}},
		Totals:      feedback.Totals{Answers: 9, High: 5, Low: 3, None: 1, Helpful: 1, NotQuite: 2},
	}}
	b := New(kb, &fakeSearcher{passages: kb.Passages}, Options{Feedback: &fakeRecorder{}, Gaps: rep}, nil)
	admin := func(perms int64, guild string) *discordgo.Interaction {
		i := slash("irbot-admin")
		d := i.Data.(discordgo.ApplicationCommandInteractionData)
		d.Options = []*discordgo.ApplicationCommandInteractionDataOption{{Name: "gaps", Type: discordgo.ApplicationCommandOptionSubCommand}}
		i.Data = d
		i.GuildID = guild
		if guild == "" {
			i.User, i.Member = i.Member.User, nil
		} else {
			i.Member.Permissions = perms
		}
		return i
	}
	for _, tc := range []struct {
		name  string
		perms int64
		guild string
		want  string
	}{
		{"member", discordgo.PermissionSendMessages, "1300000000000000050", "for members who can manage this server"},
		{"DM", 0, "", "works in a server"},
		{"manager", discordgo.PermissionManageGuild, "1300000000000000050", "how much do IR docs make"},
		{"administrator", discordgo.PermissionAdministrator, "1300000000000000050", "tldr pls"},
	} {
		resp := mustHandle(t, b, admin(tc.perms, tc.guild))
		if got := flatten(resp); !strings.Contains(got, tc.want) || !ephemeral(resp) {
			t.Errorf("%s: /irbot-admin gaps = %q (ephemeral %v), want %q", tc.name, got, ephemeral(resp), tc.want)
		}
	}
	if rep.got.Guild != "1300000000000000050" || rep.got.AllGuilds || time.Since(rep.got.Since) < 29*24*time.Hour {
		t.Errorf("report asked for %+v, want this guild's last 30 days", rep.got)
	}
	rep.err = errors.New("database down")
	if got := flatten(mustHandle(t, b, admin(discordgo.PermissionManageGuild, "1300000000000000050"))); !strings.Contains(got, "something went wrong") {
		t.Errorf("with the store down: %q", got)
	}
}

// TestAboutSaysWhatIsRecorded: /about says what the record keeps, for how
// long, and how to turn it off; or that nothing is kept.
func TestAboutSaysWhatIsRecorded(t *testing.T) {
	kb := guide(t)
	for _, tc := range []struct {
		opts Options
		want []string
	}{
		{Options{}, []string{"Nothing: questions are answered and forgotten"}},
		{Options{Feedback: &fakeRecorder{}, Retention: 30 * 24 * time.Hour}, []string{"for 30 days", "no user ID, name or message ID", "Helpful", "Not quite"}},
		{Options{Feedback: &fakeRecorder{}, Retention: -1}, []string{"until the bot's admin deletes them"}},
	} {
		got := flatten(mustHandle(t, New(kb, &fakeSearcher{passages: kb.Passages}, tc.opts, nil), slash("about")))
		for _, w := range tc.want {
			if !strings.Contains(got, w) {
				t.Errorf("/about with %+v lacks %q", tc.opts, w)
			}
		}
	}
}

// TestClosestSaysWhy: a question asking for a figure the guide does not
// give says so.
func TestClosestSaysWhy(t *testing.T) {
	hits := []index.Hit{{Passage: guide(t).Passages[0], Snippet: "text"}}
	for why, title := range map[index.Reason]string{
		index.Partial:   "The guide may not answer this directly",
		index.Contested: "The guide may not answer this directly",
		index.Unstated:  "The guide doesn't give that figure",
	} {
		if got := closestReply(hits, why, "", "").embeds[0].Title; got != title {
			t.Errorf("closestReply(%s) title = %q, want %q", why, got, title)
		}
	}
}

// TestLogsNameNoUserAboveDebug: above debug, the log never names who sent
// an interaction, even when it fails (see PRIVACY.md).
func TestLogsNameNoUserAboveDebug(t *testing.T) {
	kb := guide(t)
	for _, level := range []slog.Level{slog.LevelInfo, slog.LevelDebug} {
		var buf bytes.Buffer
		logger := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: level}))
		b := New(kb, &fakeSearcher{passages: kb.Passages, err: errBoom}, Options{}, logger)
		i := slash("ask", "question", "how long is IR residency")
		mustHandle(t, b, i)
		user := i.Member.User.ID
		if !strings.Contains(buf.String(), "interaction failed") {
			t.Fatalf("at %s, no log of the failure: %s", level, buf.String())
		}
		if got := strings.Contains(buf.String(), user); got != (level == slog.LevelDebug) {
			t.Errorf("at %s the log names the user: %v\n%s", level, got, buf.String())
		}
	}
}
