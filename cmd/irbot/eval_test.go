package main

import (
	"strings"
	"testing"
)

func TestEval(t *testing.T) {
	code, out, stderr := runCmd(t, "", nil, "eval", "testdata/eval-small.jsonl", "--verbose")
	if code != 0 {
		t.Fatalf("exit %d, stderr %s", code, stderr)
	}
	want := "in-scope=2 hit@1=1.000 hit@3=1.000 mrr@5=1.000 precision=1.000 coverage=1.000 out-of-scope=1 abstained=1 (1.000)\n"
	if out != want {
		t.Errorf("output %q, want %q", out, want)
	}
}

// TestEvalUnasked: eval lists the sections students' words cannot find by
// their "asked as" lines, because they have none.
func TestEvalUnasked(t *testing.T) {
	code, out, stderr := runCmd(t, "", map[string]string{"KNOWLEDGE_DIR": "testdata/knowledge"}, "eval", "testdata/eval-small.jsonl")
	if code != 0 {
		t.Fatalf("exit %d, stderr %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if !strings.Contains(out, "sections have no \"asked as\" lines") || !strings.Contains(out, "(Sushi") ||
		strings.Contains(out, "(Interventional Radiology Residency Guide)") || !strings.HasPrefix(lines[len(lines)-1], "in-scope=") {
		t.Errorf("eval with a guide without \"asked as\" lines:\n%s", out)
	}
}

func TestEvalVerboseMisses(t *testing.T) {
	code, out, _ := runCmd(t, "", nil, "eval", "--limit", "5", "--verbose", "../../index/testdata/questions.jsonl")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	if !strings.Contains(out, "in-scope=") {
		t.Errorf("output lacks the summary:\n%s", out)
	}
}

func TestEvalErrors(t *testing.T) {
	for _, tc := range []struct {
		args     []string
		code     int
		inStderr string
	}{
		{[]string{"eval", "testdata/eval-bad.jsonl"}, 1, "testdata/eval-bad.jsonl:2"},
		{[]string{"eval", "testdata/missing.jsonl"}, 1, "missing.jsonl"},
		{[]string{"eval"}, 2, "one question file"},
		{[]string{"eval", "a.jsonl", "b.jsonl"}, 2, "one question file"},
		{[]string{"eval", "--limit", "0", "testdata/eval-small.jsonl"}, 2, "--limit"},
	} {
		code, _, stderr := runCmd(t, "", nil, tc.args...)
		if code != tc.code || !strings.Contains(stderr, tc.inStderr) {
			t.Errorf("irbot %v: exit %d, stderr %q; want exit %d and %q", tc.args, code, stderr, tc.code, tc.inStderr)
		}
	}
}
