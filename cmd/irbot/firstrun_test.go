package main

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestFirstRun: `irbot` with no command and no token opens the local
// console after one line saying how to connect to Discord when a person is
// at a terminal, and fails at once naming DISCORD_TOKEN when not (systemd,
// Docker, CI); with a token, or a command, it never opens the console.
func TestFirstRun(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		terminal func() bool
		token    string
		code     int
		stdout   string // in the output
		stderr   string // in the error output
		noStderr string // not in the error output
	}{
		{"terminal, no token", nil, func() bool { return true }, "", 0, "Early Specialization in IR", firstRunNote, "DISCORD_TOKEN is not set:"},
		{"no terminal, no token", nil, func() bool { return false }, "", 1, "", "irbot serve: DISCORD_TOKEN is not set", "local console"},
		{"terminal unknown, no token", nil, nil, "", 1, "", "irbot serve: DISCORD_TOKEN is not set", "local console"},
		{"terminal, explicit serve", []string{"serve"}, func() bool { return true }, "", 1, "", "irbot serve: DISCORD_TOKEN is not set", "local console"},
		{"terminal, --http", []string{"--http", "127.0.0.1:0"}, func() bool { return true }, "", 1, "", "DISCORD_PUBLIC_KEY is not set", "local console"},
		{"terminal, malformed token", nil, func() bool { return true }, "not-a-token", 1, "", "DISCORD_TOKEN does not look like a bot token", "local console"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errOut := newOutput(), newOutput()
			vars := map[string]string{"DISCORD_TOKEN": tt.token, "DATA_DIR": t.TempDir(), "FEEDBACK": "off"}
			e := env{args: tt.args, stdin: strings.NewReader("/pathway esir\nquit\n"), stdout: out, stderr: errOut,
				getenv: envOf(vars), terminal: tt.terminal}
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			if code := run(ctx, e); code != tt.code {
				t.Errorf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tt.code, out, errOut)
			}
			if !strings.Contains(out.String(), tt.stdout) {
				t.Errorf("stdout lacks %q:\n%s", tt.stdout, out)
			}
			if !strings.Contains(errOut.String(), tt.stderr) {
				t.Errorf("stderr lacks %q:\n%s", tt.stderr, errOut)
			}
			if strings.Contains(errOut.String(), tt.noStderr) {
				t.Errorf("stderr has %q:\n%s", tt.noStderr, errOut)
			}
		})
	}
	if strings.Count(firstRunNote, "\n") != 0 || !strings.Contains(firstRunNote, "DISCORD_TOKEN") {
		t.Errorf("the first-run note should be one line naming DISCORD_TOKEN: %q", firstRunNote)
	}
}

// TestSettingsLoadedOnce: main's run reads the settings once for every
// command; a malformed one stops each command that reads settings, naming
// the variable, but not `version` or a command's -h.
func TestSettingsLoadedOnce(t *testing.T) {
	vars := map[string]string{"LOG_LEVEL": "verbose"}
	tests := []struct {
		args   []string
		code   int
		stderr string
	}{
		{[]string{"search", "esir"}, 1, "irbot search: LOG_LEVEL is \"verbose\""},
		{[]string{"try", "/about"}, 1, "irbot try: LOG_LEVEL"},
		{[]string{"serve"}, 1, "irbot serve: LOG_LEVEL"},
		{[]string{"register"}, 1, "irbot register: LOG_LEVEL"},
		{[]string{"gaps"}, 1, "irbot gaps: LOG_LEVEL"},
		{[]string{"version"}, 0, ""},
		{[]string{"search", "-h"}, 0, "usage: irbot search"},
	}
	for _, tt := range tests {
		out, errOut := newOutput(), newOutput()
		code := run(t.Context(), env{args: tt.args, stdin: strings.NewReader(""), stdout: out, stderr: errOut, getenv: envOf(vars)})
		if code != tt.code || !strings.Contains(errOut.String(), tt.stderr) {
			t.Errorf("irbot %v = exit %d, stderr %q; want %d and %q", tt.args, code, errOut, tt.code, tt.stderr)
		}
	}
}

// TestIsTerminal: what systemd, Docker and CI give a service as stdin is
// not a terminal, /dev/null included (a character device, like a
// terminal), so a bare irbot there fails naming DISCORD_TOKEN instead of
// opening the console and exiting 0 at its end.
func TestIsTerminal(t *testing.T) {
	null, err := os.Open(os.DevNull)
	if err != nil {
		t.Fatal(err)
	}
	defer null.Close()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	file, err := os.Create(filepath.Join(t.TempDir(), "stdin"))
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	for name, in := range map[string]io.Reader{"/dev/null": null, "a pipe": r, "a file": file, "a buffer": strings.NewReader("")} {
		if isTerminal(in) {
			t.Errorf("isTerminal(%s) = true", name)
		}
	}
}
