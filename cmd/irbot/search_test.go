package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
)

// runCmd runs irbot with args and stdin and returns its exit code, stdout
// and stderr.
func runCmd(tb testing.TB, stdin string, vars map[string]string, args ...string) (int, string, string) {
	tb.Helper()
	var out, errOut bytes.Buffer
	code := run(context.Background(), env{
		args:   args,
		stdin:  strings.NewReader(stdin),
		stdout: &out,
		stderr: &errOut,
		getenv: envOf(vars),
	})
	return code, out.String(), errOut.String()
}

func TestSearchJSONFromStdin(t *testing.T) {
	in := "how long is IR residency\n\nbest sushi in boston\nwhat is ESIR\n"
	code, out, stderr := runCmd(t, in, nil, "search", "--json", "--limit", "3")
	if code != 0 {
		t.Fatalf("exit %d, stderr %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 4 {
		t.Fatalf("got %d lines, want 4 (one per input line):\n%s", len(lines), out)
	}
	for i, tc := range []struct {
		query     string
		wantEmpty bool
		first     string
	}{
		{"how long is IR residency", false, "How long is an interventional radiology residency?"},
		{"", true, ""},
		{"best sushi in boston", true, ""},
		{"what is ESIR", false, ""},
	} {
		if tc.wantEmpty && !strings.Contains(lines[i], `"results":[]`) {
			t.Errorf("line %d = %s, want \"results\":[]", i+1, lines[i])
		}
		var got searchLine
		if err := json.Unmarshal([]byte(lines[i]), &got); err != nil {
			t.Fatalf("line %d: %v", i+1, err)
		}
		if got.Query != tc.query {
			t.Errorf("line %d query = %q, want %q", i+1, got.Query, tc.query)
		}
		if len(got.Results) > 3 {
			t.Errorf("line %d: %d results, want at most 3", i+1, len(got.Results))
		}
		if tc.first != "" && (len(got.Results) == 0 || got.Results[0].Title != tc.first) {
			t.Errorf("line %d = %s, want first title %q", i+1, lines[i], tc.first)
		}
		for _, r := range got.Results {
			if r.ID == "" || r.Title == "" || (r.Kind != "guide" && r.Kind != "faq") || r.Path == nil || r.Snippet == "" {
				t.Errorf("line %d: incomplete result %+v", i+1, r)
			}
		}
	}
}

func TestSearchArgsText(t *testing.T) {
	code, out, stderr := runCmd(t, "", nil, "search", "what", "is", "ESIR")
	if code != 0 {
		t.Fatalf("exit %d, stderr %s", code, stderr)
	}
	for _, want := range []string{"Q: what is ESIR", " 1. ", "ESIR", "in Early Specialization in IR (ESIR) Option"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	code, out, _ = runCmd(t, "", nil, "search", "how", "to", "cook", "pasta")
	if code != 0 || !strings.Contains(out, "No answer in the guide") {
		t.Errorf("exit %d, output %q, want a no-answer line", code, out)
	}
}

func TestSearchKnowledgeDir(t *testing.T) {
	vars := map[string]string{"KNOWLEDGE_DIR": "testdata/knowledge", "KNOWLEDGE_REPLACE": "1"}
	code, out, stderr := runCmd(t, "", vars, "search", "--json", "sushi near campus")
	if code != 0 {
		t.Fatalf("exit %d, stderr %s", code, stderr)
	}
	if !strings.Contains(out, `"title":"Best Sushi Near Campus"`) {
		t.Errorf("output %s, want the admin's passage", out)
	}
	vars = map[string]string{"KNOWLEDGE_DIR": "testdata/nope"}
	if code, _, stderr := runCmd(t, "", vars, "search", "esir"); code != 1 || !strings.Contains(stderr, "KNOWLEDGE_DIR") {
		t.Errorf("missing KNOWLEDGE_DIR: exit %d, stderr %q", code, stderr)
	}
}

func TestSearchUsage(t *testing.T) {
	for _, args := range [][]string{
		{"search", "--limit", "0", "x"},
		{"search", "--nope"},
	} {
		if code, _, _ := runCmd(t, "", nil, args...); code != 2 {
			t.Errorf("irbot %v: exit %d, want 2", args, code)
		}
	}
}
