package feedback

import (
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestNewID(t *testing.T) {
	shape := regexp.MustCompile(`^[a-z2-7]{26}$`)
	seen := map[string]bool{}
	for range 1000 {
		id, err := NewID()
		if err != nil {
			t.Fatal(err)
		}
		if !shape.MatchString(id) || !ValidID(id) {
			t.Fatalf("NewID() = %q, want 26 characters of lowercase base32", id)
		}
		if seen[id] {
			t.Fatalf("NewID() repeated %q", id)
		}
		seen[id] = true
	}
}

func TestValidID(t *testing.T) {
	tests := []struct {
		id   string
		want bool
	}{
		{"a1", true},
		{strings.Repeat("a", IDLen), true},
		{strings.Repeat("a", IDLen+1), false},
		{"", false},
		{"ABC", false},
		{"a-b", false},
		{"a:b", false},
	}
	for _, tt := range tests {
		if got := ValidID(tt.id); got != tt.want {
			t.Errorf("ValidID(%q) = %v, want %v", tt.id, got, tt.want)
		}
	}
}

func TestAnswerValidate(t *testing.T) {
	ok := Answer{ID: "a1", Time: time.Now(), Command: CommandAsk, Question: "q", Key: "q", Confidence: ConfidenceHigh, Passages: []string{"p1"}}
	tests := []struct {
		name   string
		change func(*Answer)
		valid  bool
	}{
		{"ok", func(*Answer) {}, true},
		{"find without text", func(a *Answer) { a.Command, a.Question, a.Key = CommandFind, "", "" }, true},
		{"no passages", func(a *Answer) { a.Passages = nil }, true},
		{"bad id", func(a *Answer) { a.ID = "A/1" }, false},
		{"no time", func(a *Answer) { a.Time = time.Time{} }, false},
		{"unknown command", func(a *Answer) { a.Command = "search" }, false},
		{"find with text", func(a *Answer) { a.Command = CommandFind }, false},
		{"find with key only", func(a *Answer) { a.Command, a.Question = CommandFind, "" }, false},
		{"unknown confidence", func(a *Answer) { a.Confidence = "medium" }, false},
		{"11 passages", func(a *Answer) { a.Passages = slices.Repeat([]string{"p"}, 11) }, false},
		{"empty passage", func(a *Answer) { a.Passages = []string{""} }, false},
		{"long passage", func(a *Answer) { a.Passages = []string{strings.Repeat("p", MaxPassageIDLen+1)} }, false},
	}
	for _, tt := range tests {
		a := ok
		a.Passages = slices.Clone(ok.Passages)
		tt.change(&a)
		if err := a.Validate(); (err == nil) != tt.valid {
			t.Errorf("Validate(%s) = %v, want valid %v", tt.name, err, tt.valid)
		}
	}
}

func TestAnswerNormalize(t *testing.T) {
	now := time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)
	est := time.FixedZone("EST", -5*3600)
	a := Answer{ID: "a1", Command: CommandFind, Question: "their message", Key: "their message",
		Confidence: ConfidenceLow, Passages: slices.Repeat([]string{"p"}, 12)}
	got := a.normalize(now)
	if !got.Time.Equal(now) || got.Question != "" || got.Key != "" || len(got.Passages) != MaxPassages {
		t.Errorf("normalize(find) = %+v, want now, no text, %d passages", got, MaxPassages)
	}
	if err := got.Validate(); err != nil {
		t.Errorf("normalize(find).Validate() = %v", err)
	}
	b := Answer{Time: now.In(est)}.normalize(now.Add(time.Hour))
	if b.Time.Location() != time.UTC || !b.Time.Equal(now) {
		t.Errorf("normalize kept time %v, want %v in UTC", b.Time, now)
	}
}

func TestVoterHash(t *testing.T) {
	k1 := []byte(strings.Repeat("k", VoterKeyLen))
	k2 := []byte(strings.Repeat("j", VoterKeyLen))
	h := VoterHash(k1, "112233445566778899", "a1")
	if len(h) != 64 || strings.Contains(h, "112233445566778899") {
		t.Errorf("VoterHash = %q, want 64 hex characters without the user id", h)
	}
	tests := []struct {
		name      string
		key       []byte
		user, ans string
		same      bool
	}{
		{"same user, answer and key", k1, "112233445566778899", "a1", true},
		{"other answer", k1, "112233445566778899", "a2", false},
		{"other user", k1, "112233445566778898", "a1", false},
		{"other day's key", k2, "112233445566778899", "a1", false},
	}
	for _, tt := range tests {
		if got := VoterHash(tt.key, tt.user, tt.ans) == h; got != tt.same {
			t.Errorf("VoterHash(%s) equal = %v, want %v", tt.name, got, tt.same)
		}
	}
}

func TestDay(t *testing.T) {
	est := time.FixedZone("EST", -5*3600)
	tests := []struct {
		in   time.Time
		want string
	}{
		{time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC), "2026-03-10T00:00:00Z"},
		{time.Date(2026, 3, 10, 23, 59, 59, 999, time.UTC), "2026-03-10T00:00:00Z"},
		{time.Date(2026, 3, 10, 20, 0, 0, 0, est), "2026-03-11T00:00:00Z"},
	}
	for _, tt := range tests {
		if got := Day(tt.in).Format(time.RFC3339); got != tt.want {
			t.Errorf("Day(%v) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

// TestReportJSON pins the snake_case names `irbot gaps --json` prints.
func TestReportJSON(t *testing.T) {
	r := Report{
		Unanswered:  []QuestionGroup{{Key: "k", Count: 1, Examples: []string{"q"}, None: 1}},
		NotQuite:    []SectionVotes{{PassageID: "p", NotQuite: 1, Questions: []string{"q"}}},
		Suggestions: []Suggestion{{PassageID: "p", Key: "k", AskedAs: "q", Count: 1}},
	}
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{`"query"`, `"all_guilds"`, `"unanswered"`, `"last_asked"`, `"not_quite"`, `"passage_id"`,
		`"questions"`, `"suggestions"`, `"asked_as"`, `"last_opened"`, `"totals"`, `"helpful"`, `"examples"`} {
		if !strings.Contains(string(b), name) {
			t.Errorf("report JSON lacks %s: %s", name, b)
		}
	}
	if regexp.MustCompile(`"[a-z]*[A-Z]`).Match(b) {
		t.Errorf("report JSON has a name that is not snake_case: %s", b)
	}
}
