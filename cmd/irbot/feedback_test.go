package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/irbot/irbot/bot/discordtest"
	"github.com/irbot/irbot/bot/limits"
	"github.com/irbot/irbot/feedback"
	"github.com/irbot/irbot/feedback/sqlstore"
	"github.com/irbot/irbot/feedback/sqlstore/pgtest"

	_ "github.com/jackc/pgx/v5/stdlib" // reads the PostgreSQL tables back
)

func TestMain(m *testing.M) {
	code := m.Run()
	pgtest.Stop()
	os.Exit(code)
}

// The asker of the end-to-end test: a user whose id and name must appear
// nowhere in the record.
const (
	probeUserID   = "112233445566778899"
	probeUsername = "zq-privacy-probe"
	probeNick     = "Zq Probe Nick"
)

// asProbe makes an interaction come from the probe user.
func asProbe(i *discordgo.Interaction) *discordgo.Interaction {
	i.Member = &discordgo.Member{User: &discordgo.User{ID: probeUserID, Username: probeUsername, GlobalName: probeNick, Discriminator: "0"}, Nick: probeNick}
	return i
}

// interactFunc sends an interaction to a running bot and returns its reply.
type interactFunc func(t *testing.T, i *discordgo.Interaction) *discordgo.InteractionResponse

// TestFeedbackEndToEnd runs `irbot serve` in both modes, and with both
// stores: a student asks, votes and opens a related section; then `irbot
// gaps --json` lists the question, the vote and the suggested "asked as"
// line, and the store holds no user id or username.
func TestFeedbackEndToEnd(t *testing.T) {
	for _, tc := range []struct {
		name     string
		postgres bool
		start    func(t *testing.T, vars map[string]string) (interactFunc, *proc)
	}{
		{"http, sqlite", false, startHTTP},
		{"gateway, sqlite", false, startGateway},
		{"http, postgres", true, startHTTP},
		{"gateway, postgres", true, startGateway},
	} {
		t.Run(tc.name, func(t *testing.T) {
			vars := map[string]string{"LOG_FORMAT": "json", "LOG_LEVEL": "debug"}
			dir := t.TempDir()
			if tc.postgres {
				vars["DATABASE_URL"] = pgtest.URL(t)
			} else {
				vars["DATA_DIR"] = dir
			}
			interact, p := tc.start(t, vars)
			appID := discordtest.DefaultApplicationID

			ask := func(q string) *discordgo.InteractionResponse {
				return interact(t, asProbe(discordtest.Command(appID, "ask", discordtest.Option("question", discordgo.ApplicationCommandOptionString, q))))
			}
			// clickOn clicks, as who, the first button or menu of a reply whose
			// custom_id starts with prefix, and returns its custom_id and
			// label and the reply to the click.
			clickOn := func(resp *discordgo.InteractionResponse, prefix string, who func(*discordgo.Interaction) *discordgo.Interaction) (string, string, *discordgo.InteractionResponse) {
				labels := map[string]string{}
				for _, row := range resp.Data.Components {
					if r, ok := row.(*discordgo.ActionsRow); ok {
						for _, c := range r.Components {
							if b, ok := c.(*discordgo.Button); ok {
								labels[b.CustomID] = b.Label
							}
							// A menu's click chooses its first option.
							if m, ok := c.(*discordgo.SelectMenu); ok && len(m.Options) > 0 {
								labels[m.CustomID] = m.Options[0].Label
							}
						}
					}
				}
				for _, c := range discordtest.Clicks(appID, resp) {
					if id := c.MessageComponentData().CustomID; strings.HasPrefix(id, prefix) {
						return id, labels[id], interact(t, who(c))
					}
				}
				t.Fatalf("no button %s… in the reply", prefix)
				return "", "", nil
			}
			other := func(i *discordgo.Interaction) *discordgo.Interaction { return i } // discordtest's own user

			// A confident answer: the student opens a related section
			// (not the first) and says Not quite, then changes their mind,
			// which does not count; another student finds it Helpful.
			answered := ask("how long is IR residency?")
			if len(answered.Data.Embeds) == 0 || answered.Data.Embeds[0].Title != "How long is an interventional radiology residency?" {
				t.Fatalf("answer: %+v", answered.Data)
			}
			opened, openedTitle, open := clickOn(answered, "irbot:from:", asProbe)
			if len(open.Data.Embeds) == 0 || open.Data.Embeds[0].Title != openedTitle {
				t.Fatalf("opening %s (%s): %+v", opened, openedTitle, open.Data)
			}
			answerID := strings.Split(opened, ":")[2]
			_, _, nq := clickOn(answered, "irbot:vote:"+answerID+":n", asProbe)
			if !strings.Contains(nq.Data.Content, "noted the question for the guide's editors") {
				t.Errorf("Not quite reply: %q", nq.Data.Content)
			}
			clickOn(answered, "irbot:vote:"+answerID+":h", asProbe)
			_, _, thanks := clickOn(answered, "irbot:vote:"+answerID+":h", other)
			if !strings.Contains(thanks.Data.Content, "Thanks") {
				t.Errorf("Helpful reply: %q", thanks.Data.Content)
			}
			// A question the guide does not answer directly.
			low := ask("how many IR spots are there this cycle")
			if len(low.Data.Embeds) == 0 || low.Data.Embeds[0].Title != "The guide doesn't give that figure" {
				t.Fatalf("low answer: %+v", low.Data)
			}

			// Stopping writes what is queued.
			if code, _ := p.stop(t); code != 0 {
				t.Fatalf("serve exited %d", code)
			}
			code, g := runIrbot(t, vars, "gaps", "--json", "--since", "1d")
			if code != 0 {
				t.Fatalf("irbot gaps: exit %d\n%s", code, g.stderr)
			}
			var rep gapsReport
			if err := json.Unmarshal([]byte(g.stdout.String()), &rep); err != nil {
				t.Fatalf("gaps --json: %v\n%s", err, g.stdout)
			}
			if rep.Totals.Answers != 2 || rep.Totals.High != 1 || rep.Totals.Low != 1 || rep.Totals.NotQuite != 1 || rep.Totals.Helpful != 1 {
				t.Errorf("totals %+v, want 2 answers (1 high, 1 low), 1 Helpful, 1 Not quite", rep.Totals)
			}
			if len(rep.Unanswered) != 1 || rep.Unanswered[0].Examples[0] != "how many IR spots are there this cycle" {
				t.Errorf("unanswered %+v", rep.Unanswered)
			}
			if len(rep.NotQuite) != 1 || rep.NotQuite[0].Title != "How long is an interventional radiology residency?" ||
				len(rep.NotQuite[0].Questions) != 1 || rep.NotQuite[0].Questions[0] != "how long is IR residency?" {
				t.Errorf("not quite %+v", rep.NotQuite)
			}
			if len(rep.Suggestions) != 1 || rep.Suggestions[0].Line != "- how long is IR residency?" ||
				rep.Suggestions[0].File != "guides/ir-residency-guide.md" || rep.Suggestions[0].Title != openedTitle {
				t.Errorf("suggestions %+v, want the section opened (%s) asked as the question", rep.Suggestions, openedTitle)
			}

			// Nothing in the store says who asked, voted or clicked.
			var stored []byte
			if tc.postgres {
				stored = dumpPostgres(t, vars["DATABASE_URL"])
			} else {
				stored = readFiles(t, dir)
			}
			if !bytes.Contains(stored, []byte("how many IR spots")) {
				t.Fatal("the dump of the store does not hold the questions: it proves nothing")
			}
			for _, s := range []string{probeUserID, probeUsername, probeNick, discordtest.UserID} {
				if bytes.Contains(stored, []byte(s)) {
					t.Errorf("the store holds %q", s)
				}
			}
		})
	}
}

// startHTTP runs serve --http and returns a way to send it interactions.
func startHTTP(t *testing.T, vars map[string]string) (interactFunc, *proc) {
	fake := discordtest.New(t, discordtest.Options{})
	signer := discordtest.NewSigner(t)
	vars["DISCORD_PUBLIC_KEY"] = signer.PublicHex()
	vars["DISCORD_API_BASE"] = fake.URL
	p := startRun(t, vars, "serve", "--http", "127.0.0.1:0")
	addr := logField(t, p.stderr.waitLine(t, "serving HTTP interactions", 20*time.Second), "addr")
	client := &http.Client{Timeout: 10 * time.Second}
	return func(t *testing.T, i *discordgo.Interaction) *discordgo.InteractionResponse {
		t.Helper()
		body, _ := discordtest.Encode(i)
		status, b, err := postSigned(client, "http://"+addr+"/interactions", signer, body)
		if err != nil || status != 200 {
			t.Fatalf("interaction: %d %v", status, err)
		}
		resp, err := discordtest.DecodeResponse(b)
		if err != nil {
			t.Fatalf("reply: %v\n%s", err, b)
		}
		if err := limits.Check(resp); err != nil {
			t.Errorf("reply breaks limits: %v", err)
		}
		return resp
	}, p
}

// startGateway runs serve against the fake gateway and returns a way to
// dispatch interactions to it.
func startGateway(t *testing.T, vars map[string]string) (interactFunc, *proc) {
	fake := discordtest.New(t, discordtest.Options{})
	vars["DISCORD_TOKEN"] = fake.Token
	vars["DISCORD_API_BASE"] = fake.URL
	vars["DISCORD_GUILD_ID"] = discordtest.GuildID
	p := startRun(t, vars, "serve")
	fake.WaitCommands(t, 1)
	return func(t *testing.T, i *discordgo.Interaction) *discordgo.InteractionResponse {
		t.Helper()
		fake.Dispatch(t, i)
		cb := fake.WaitCallback(t, i.ID)
		if cb.Status != 204 {
			t.Fatalf("callback status %d", cb.Status)
		}
		if err := limits.Check(cb.Response); err != nil {
			t.Errorf("reply breaks limits: %v", err)
		}
		return cb.Response
	}, p
}

// readFiles returns every file under dir, concatenated: the SQLite
// database with its -wal and -shm.
func readFiles(t *testing.T, dir string) []byte {
	t.Helper()
	var all []byte
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		all = append(all, b...)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return all
}

// dumpPostgres returns every row of every table of the schema url names,
// as JSON text.
func dumpPostgres(t *testing.T, url string) []byte {
	t.Helper()
	db, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	rows, err := db.QueryContext(ctx, `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()`)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, n)
	}
	rows.Close()
	if len(tables) < 3 {
		t.Fatalf("the schema has tables %q", tables)
	}
	var all []byte
	for _, tbl := range tables {
		rows, err := db.QueryContext(ctx, `SELECT row_to_json(t)::text FROM "`+tbl+`" t`)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				t.Fatal(err)
			}
			all = append(all, s...)
		}
		rows.Close()
	}
	return all
}

// TestAnswersWhileTheRecordIsBroken makes the record unwritable while
// serve runs (the SQLite files immutable; the PostgreSQL server stopped):
// every question is still answered in time, and the records that could not
// be written are counted.
func TestAnswersWhileTheRecordIsBroken(t *testing.T) {
	for _, tc := range []struct {
		name string
		// setup sets the store's variables and returns how to break it.
		setup func(t *testing.T, vars map[string]string) func()
	}{
		{"sqlite", func(t *testing.T, vars map[string]string) func() {
			dir := t.TempDir()
			vars["DATA_DIR"] = dir
			return func() { immutable(t, dir) }
		}},
		{"postgres", func(t *testing.T, vars map[string]string) func() {
			srv := pgtest.Own(t)
			vars["DATABASE_URL"] = srv.URL()
			return func() { srv.StopNow(t) }
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			vars := map[string]string{"LOG_FORMAT": "json"}
			breakStore := tc.setup(t, vars)
			interact, p := startHTTP(t, vars)
			appID := discordtest.DefaultApplicationID
			ask := func(q string) *discordgo.InteractionResponse {
				return interact(t, asNewUser(discordtest.Command(appID, "ask", discordtest.Option("question", discordgo.ApplicationCommandOptionString, q))))
			}
			ask("what is ESIR")
			time.Sleep(300 * time.Millisecond) // written by now
			breakStore()

			const n = 30
			var slowest time.Duration
			for i := range n {
				start := time.Now()
				resp := ask(fmt.Sprintf("how long is IR residency, question %d", i))
				slowest = max(slowest, time.Since(start))
				if len(resp.Data.Embeds) == 0 || !strings.Contains(flattenButtons(resp), "Helpful") {
					t.Fatalf("question %d: %+v", i, resp.Data)
				}
			}
			if slowest > time.Second {
				t.Errorf("the slowest answer with the record broken took %v", slowest)
			}
			if code, _ := p.stop(t); code != 0 {
				t.Fatalf("serve exited %d", code)
			}
			closed := p.stderr.waitLine(t, "feedback record closed", 5*time.Second)
			failed, _ := strconv.Atoi(logField(t, closed, "failed"))
			written, _ := strconv.Atoi(logField(t, closed, "written"))
			if failed < n || written != 1 {
				t.Errorf("feedback record closed: %s; want 1 written and at least %d failed", closed, n)
			}
			if !strings.Contains(p.stderr.String(), "feedback write failed, record dropped") {
				t.Error("no warning that records were dropped")
			}
		})
	}
}

// immutable makes a directory and its files unwritable even by root
// (chattr +i), until the test ends; the test skips where it cannot.
func immutable(t *testing.T, dir string) {
	t.Helper()
	paths := []string{dir}
	for _, suffix := range []string{"", "-wal"} {
		if p := filepath.Join(dir, sqlstore.FileName+suffix); fileExists(p) {
			paths = append(paths, p)
		}
	}
	chattr, err := exec.LookPath("chattr")
	if err != nil {
		t.Skipf("no chattr to make the database unwritable: %v", err)
	}
	if out, err := exec.Command(chattr, append([]string{"+i"}, paths...)...).CombinedOutput(); err != nil {
		t.Skipf("chattr +i is not allowed here (%v: %s)", err, bytes.TrimSpace(out))
	}
	t.Cleanup(func() {
		if out, err := exec.Command(chattr, append([]string{"-i"}, paths...)...).CombinedOutput(); err != nil {
			t.Errorf("chattr -i: %v: %s", err, out)
		}
	})
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// flattenButtons is the labels of a reply's buttons.
func flattenButtons(resp *discordgo.InteractionResponse) string {
	var labels []string
	for _, row := range resp.Data.Components {
		if r, ok := row.(*discordgo.ActionsRow); ok {
			for _, c := range r.Components {
				if b, ok := c.(*discordgo.Button); ok {
					labels = append(labels, b.Label)
				}
			}
		}
	}
	return strings.Join(labels, " ")
}

// TestRecordMustOpen: a record that cannot be opened stops serve at start
// with an error naming the variable at fault, unless FEEDBACK=off.
func TestRecordMustOpen(t *testing.T) {
	file := filepath.Join(t.TempDir(), "a-file")
	if err := os.WriteFile(file, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	signer := discordtest.NewSigner(t)
	for _, tc := range []struct {
		vars map[string]string
		want string // in the error; "" when serve starts
	}{
		{map[string]string{"DATABASE_URL": "mysql://irbot:hunter2@127.0.0.1/irbot"}, "DATABASE_URL"},
		{map[string]string{"DATABASE_URL": "postgres://irbot:hunter2@127.0.0.1:1/irbot?connect_timeout=2"}, "DATABASE_URL"},
		{map[string]string{"DATA_DIR": filepath.Join(file, "data")}, "DATA_DIR"},
		{map[string]string{"DATA_DIR": filepath.Join(file, "data"), "FEEDBACK": "off"}, ""},
	} {
		vars := tc.vars
		vars["DISCORD_PUBLIC_KEY"] = signer.PublicHex()
		p := startRun(t, vars, "serve", "--http", "127.0.0.1:0")
		if tc.want == "" {
			p.stderr.waitLine(t, "serving HTTP interactions", 20*time.Second)
			if code, _ := p.stop(t); code != 0 {
				t.Errorf("%v: exit %d", tc.vars, code)
			}
			continue
		}
		code := p.wait(t, 20*time.Second)
		out := p.stderr.String()
		if code != 1 || !strings.Contains(out, tc.want) || !strings.Contains(out, "FEEDBACK=off") {
			t.Errorf("%v: exit %d, output %q; want 1 and an error naming %s", tc.vars, code, out, tc.want)
		}
		if strings.Contains(out, "hunter2") {
			t.Errorf("%v: the password shows: %q", tc.vars, out)
		}
	}
}

// TestGapsCommand writes a record and reads it back with `irbot gaps`: as
// text, as JSON for one server, and purged.
func TestGapsCommand(t *testing.T) {
	dir := t.TempDir()
	vars := map[string]string{"DATA_DIR": dir}
	ctx := context.Background()
	s, err := sqlstore.Open(ctx, sqlstore.Config{DataDir: dir}, nil)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now().UTC()
	for i, a := range []feedback.Answer{
		{Guild: "300000000000000001", Command: "ask", Question: "IR salary?", Key: "ir salari", Confidence: "low", Passages: []string{"introduction"}},
		{Guild: "300000000000000001", Command: "ask", Question: "ir salary", Key: "ir salari", Confidence: "none"},
		{Guild: "300000000000000009", Command: "ask", Question: "what is ESIR", Key: "esir", Confidence: "high", Passages: []string{"early-specialization-in-ir-esir-option", "introduction"}},
	} {
		a.ID, _ = feedback.NewID()
		a.Time = now.Add(time.Duration(i) * time.Second)
		if err := s.SaveAnswers(ctx, []feedback.Answer{a}); err != nil {
			t.Fatal(err)
		}
		if a.Confidence == "high" {
			if err := s.SaveOpen(ctx, a.ID, "introduction", a.Time); err != nil {
				t.Fatal(err)
			}
		}
	}
	s.Close()

	code, p := runIrbot(t, vars, "gaps")
	out := p.stdout.String()
	for _, want := range []string{
		"Gaps report: all servers and DMs, since",
		"3 questions: 1 answered, 1 offered the closest sections, 1 not answered.",
		`  2× "ir salary"  (closest sections 1, nothing 1)`,
		`also "IR salary?"`,
		"Introduction (guides/ir-residency-guide.md), 1×:\n    - what is ESIR",
	} {
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("irbot gaps: exit %d, output lacks %q:\n%s%s", code, want, out, p.stderr)
		}
	}
	if p.stderr.String() != "" {
		t.Errorf("irbot gaps logged %q", p.stderr)
	}

	code, p = runIrbot(t, vars, "gaps", "--guild", "300000000000000009", "--json")
	var rep gapsReport
	if err := json.Unmarshal([]byte(p.stdout.String()), &rep); code != 0 || err != nil {
		t.Fatalf("gaps --json: exit %d, %v\n%s", code, err, p.stdout)
	}
	if rep.Guild != "300000000000000009" || rep.Totals.Answers != 1 || len(rep.Unanswered) != 0 || len(rep.Suggestions) != 1 || rep.Suggestions[0].Title != "Introduction" {
		t.Errorf("one server's report: %+v", rep)
	}

	code, p = runIrbot(t, vars, "gaps", "--purge", "--guild", "300000000000000001")
	if code != 0 || !strings.Contains(p.stdout.String(), "Deleted 2 answers of server 300000000000000001") {
		t.Errorf("gaps --purge --guild: exit %d: %s%s", code, p.stdout, p.stderr)
	}
	code, p = runIrbot(t, vars, "gaps", "--json", "--since", "")
	var all gapsReport
	if err := json.Unmarshal([]byte(p.stdout.String()), &all); code != 0 || err != nil || all.Totals.Answers != 1 || all.Since != nil || all.Guild != "" {
		t.Errorf("after the purge: exit %d, %v, %+v", code, err, all)
	}

	for _, args := range [][]string{{"gaps", "--since", "soon"}, {"gaps", "--guild", "the-server"}, {"gaps", "extra"}} {
		if code, p := runIrbot(t, vars, args...); code != 2 {
			t.Errorf("irbot %q: exit %d, want 2: %s", args, code, p.stderr)
		}
	}
}
