package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"
)

// envOf returns a getenv over m.
func envOf(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

const (
	testToken     = "MTAwMDAwMDAwMDAwMDAwMDAx.R2l0aHVi.recognisable-fake-token-value"
	testPublicKey = "8f6bd8c1cd3c2f4bc5b0b6c1e6a8d2b0f0bb2d8c3f44c3e1c4fa0d6b9d3d2c1a"
)

func TestLoadConfigRejects(t *testing.T) {
	tests := []struct {
		name, value string
		also        map[string]string
		variable    string // named in the error
	}{
		{"DISCORD_APPLICATION_ID", "my-app", nil, "DISCORD_APPLICATION_ID"},
		{"DISCORD_APPLICATION_ID", "123", nil, "DISCORD_APPLICATION_ID"},
		{"DISCORD_GUILD_ID", "IR Residents", nil, "DISCORD_GUILD_ID"},
		{"DISCORD_PUBLIC_KEY", "not-hex", nil, "DISCORD_PUBLIC_KEY"},
		{"DISCORD_PUBLIC_KEY", testPublicKey[:62], nil, "DISCORD_PUBLIC_KEY"},
		{"DISCORD_API_BASE", "discord.com/api/v9", nil, "DISCORD_API_BASE"},
		{"DISCORD_API_BASE", "ftp://127.0.0.1/api", nil, "DISCORD_API_BASE"},
		{"DISCORD_API_BASE", "http://127.0.0.1:8080/api/v9?x=1", nil, "DISCORD_API_BASE"},
		{"DISCORD_API_BASE", "http://user:pass@127.0.0.1:8080/api/v9", nil, "DISCORD_API_BASE"},
		{"SHARD_COUNT", "two", nil, "SHARD_COUNT"},
		{"SHARD_COUNT", "0", nil, "SHARD_COUNT"},
		{"SHARD_ID", "-1", nil, "SHARD_ID"},
		{"SHARD_ID", "1", nil, "SHARD_ID"}, // with the default count of 1
		{"SHARD_ID", "2", map[string]string{"SHARD_COUNT": "2"}, "SHARD_ID"},
		{"LOG_LEVEL", "verbose", nil, "LOG_LEVEL"},
		{"LOG_FORMAT", "xml", nil, "LOG_FORMAT"},
		{"METRICS_ADDR", "9090", nil, "METRICS_ADDR"},
		{"SHUTDOWN_DRAIN", "5", nil, "SHUTDOWN_DRAIN"},
		{"SHUTDOWN_DRAIN", "-1s", nil, "SHUTDOWN_DRAIN"},
		{"SHUTDOWN_DRAIN", "1h", nil, "SHUTDOWN_DRAIN"},
		{"HTTP_IDLE_TIMEOUT", "0s", nil, "HTTP_IDLE_TIMEOUT"},
		{"HTTP_IDLE_TIMEOUT", "soon", nil, "HTTP_IDLE_TIMEOUT"},
		{"DEFAULT_VISIBILITY", "secret", nil, "DEFAULT_VISIBILITY"},
		{"KNOWLEDGE_REPLACE", "maybe", nil, "KNOWLEDGE_REPLACE"},
		{"KNOWLEDGE_REPLACE", "1", nil, "KNOWLEDGE_REPLACE"}, // without KNOWLEDGE_DIR
		{"FEEDBACK", "sometimes", nil, "FEEDBACK"},
		{"DATA_RETENTION", "3 months", nil, "DATA_RETENTION"},
		{"DATA_RETENTION", "0d", nil, "DATA_RETENTION"},
		{"DATA_RETENTION", "10m", nil, "DATA_RETENTION"}, // under an hour
		{"DATA_RETENTION", "-5d", nil, "DATA_RETENTION"},
	}
	for _, tt := range tests {
		m := map[string]string{tt.name: tt.value}
		for k, v := range tt.also {
			m[k] = v
		}
		_, err := loadConfig(envOf(m))
		var ce *configError
		if !errors.As(err, &ce) || ce.Var != tt.variable {
			t.Errorf("loadConfig(%s=%q) = %v, want an error naming %s", tt.name, tt.value, err, tt.variable)
			continue
		}
		if msg := err.Error(); !strings.HasPrefix(msg, tt.variable+" ") || ce.Fix == "" {
			t.Errorf("loadConfig(%s=%q) error %q should start with the variable and say how to fix it", tt.name, tt.value, msg)
		}
	}
}

func TestLoadConfigDefaults(t *testing.T) {
	cfg, err := loadConfig(envOf(nil))
	if err != nil {
		t.Fatalf("loadConfig(empty) = %v", err)
	}
	want := Config{APIBase: DefaultAPIBase, ShardCount: 1, LogLevel: slog.LevelInfo, LogFormat: "text", DefaultVisibility: "private",
		Feedback: true, DataDir: DefaultDataDir, Retention: DefaultRetention, HTTPIdleTimeout: DefaultHTTPIdleTimeout}
	if fmt.Sprint(cfg) != fmt.Sprint(want) {
		t.Errorf("loadConfig(empty) = %+v, want %+v", cfg, want)
	}
}

func TestLoadConfigAccepts(t *testing.T) {
	tests := []struct {
		env   map[string]string
		check func(Config) bool
	}{
		{map[string]string{"DISCORD_TOKEN": "Bot " + testToken}, func(c Config) bool { return c.Token.reveal() == testToken }},
		{map[string]string{"DISCORD_TOKEN": "  " + testToken + "\n"}, func(c Config) bool { return c.Token.reveal() == testToken }},
		{map[string]string{"DISCORD_API_BASE": "http://127.0.0.1:8080/api/v9/"}, func(c Config) bool { return c.APIBase == "http://127.0.0.1:8080/api/v9" }},
		{map[string]string{"DISCORD_PUBLIC_KEY": strings.ToUpper(testPublicKey)}, func(c Config) bool { return len(c.PublicKey) == 32 }},
		{map[string]string{"SHARD_ID": "3", "SHARD_COUNT": "4"}, func(c Config) bool { return c.ShardID == 3 && c.ShardCount == 4 }},
		{map[string]string{"METRICS_ADDR": "127.0.0.1:9090", "SHUTDOWN_DRAIN": "5s", "HTTP_IDLE_TIMEOUT": "120s"}, func(c Config) bool {
			return c.MetricsAddr == "127.0.0.1:9090" && c.ShutdownDrain == 5*time.Second && c.HTTPIdleTimeout == 2*time.Minute
		}},
		{map[string]string{"LOG_LEVEL": "DEBUG", "LOG_FORMAT": "JSON"}, func(c Config) bool { return c.LogLevel == slog.LevelDebug && c.LogFormat == "json" }},
		{map[string]string{"LOG_LEVEL": "warning"}, func(c Config) bool { return c.LogLevel == slog.LevelWarn }},
		{map[string]string{"DEFAULT_VISIBILITY": "Public"}, func(c Config) bool { return c.DefaultVisibility == "public" }},
		{map[string]string{"KNOWLEDGE_DIR": "/srv/faq", "KNOWLEDGE_REPLACE": "yes"}, func(c Config) bool { return c.KnowledgeReplace }},
		{map[string]string{"FEEDBACK": "Off"}, func(c Config) bool { return !c.Feedback }},
		{map[string]string{"DATA_DIR": "/var/lib/irbot", "DATA_RETENTION": "30d"}, func(c Config) bool {
			return c.DataDir == "/var/lib/irbot" && c.Retention == 30*24*time.Hour
		}},
		{map[string]string{"DATA_RETENTION": "36h"}, func(c Config) bool { return c.Retention == 36*time.Hour }},
		{map[string]string{"DATA_RETENTION": "forever"}, func(c Config) bool { return c.Retention < 0 }},
		{map[string]string{"DATABASE_URL": "postgres://irbot:s3cret@127.0.0.1/irbot"}, func(c Config) bool {
			return c.DatabaseURL.reveal() == "postgres://irbot:s3cret@127.0.0.1/irbot" && !strings.Contains(fmt.Sprint(c), "s3cret")
		}},
		{map[string]string{"DISCORD_APPLICATION_ID": "1000000000000000001", "DISCORD_GUILD_ID": "300000000000000001"}, func(c Config) bool {
			return c.ApplicationID == "1000000000000000001" && c.GuildID == "300000000000000001"
		}},
	}
	for _, tt := range tests {
		cfg, err := loadConfig(envOf(tt.env))
		if err != nil || !tt.check(cfg) {
			t.Errorf("loadConfig(%v) = %+v, %v", tt.env, cfg, err)
		}
	}
}

func TestRequire(t *testing.T) {
	tests := []struct {
		name     string
		env      map[string]string
		require  func(Config) error
		variable string // "" when satisfied
	}{
		{"no token", nil, Config.requireToken, "DISCORD_TOKEN"},
		{"token with a space", map[string]string{"DISCORD_TOKEN": "abc def.g.h"}, Config.requireToken, "DISCORD_TOKEN"},
		{"client secret instead of token", map[string]string{"DISCORD_TOKEN": "Zx9aQ_client-secret"}, Config.requireToken, "DISCORD_TOKEN"},
		{"token", map[string]string{"DISCORD_TOKEN": testToken}, Config.requireToken, ""},
		{"no public key", nil, Config.requirePublicKey, "DISCORD_PUBLIC_KEY"},
		{"public key", map[string]string{"DISCORD_PUBLIC_KEY": testPublicKey}, Config.requirePublicKey, ""},
	}
	for _, tt := range tests {
		cfg, err := loadConfig(envOf(tt.env))
		if err != nil {
			t.Fatalf("%s: loadConfig: %v", tt.name, err)
		}
		err = tt.require(cfg)
		var ce *configError
		switch {
		case tt.variable == "" && err != nil:
			t.Errorf("%s: %v, want nil", tt.name, err)
		case tt.variable != "" && (!errors.As(err, &ce) || ce.Var != tt.variable):
			t.Errorf("%s: %v, want an error naming %s", tt.name, err, tt.variable)
		}
		if err != nil && strings.Contains(err.Error(), "def.g.h") {
			t.Errorf("%s: the token is in the error: %v", tt.name, err)
		}
	}
}

// TestSecretNeverPrints: every way a Config can be printed or logged hides
// the token.
func TestSecretNeverPrints(t *testing.T) {
	cfg, err := loadConfig(envOf(map[string]string{"DISCORD_TOKEN": testToken}))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x"} {
		out = append(out, fmt.Sprintf(verb, cfg), fmt.Sprintf(verb, cfg.Token))
	}
	j, _ := json.Marshal(cfg)
	out = append(out, string(j))
	for _, format := range []string{"text", "json"} {
		var buf bytes.Buffer
		c := cfg
		c.LogFormat = format
		c.newLogger(&buf).Info("config", "config", cfg, "token", cfg.Token)
		out = append(out, buf.String())
	}
	for _, s := range out {
		if strings.Contains(s, testToken) || strings.Contains(s, "recognisable") {
			t.Errorf("the token shows: %s", s)
		}
	}
}

// TestParseAge covers the spans of time DATA_RETENTION and --since take.
func TestParseAge(t *testing.T) {
	day := 24 * time.Hour
	tests := []struct {
		in     string
		want   time.Duration
		wantOK bool
	}{
		{"30d", 30 * day, true},
		{"30D", 30 * day, true},
		{"12h", 12 * time.Hour, true},
		{"12H", 12 * time.Hour, true},
		{"1h30m", 90 * time.Minute, true},
		{"36500d", 36500 * day, true},
		{"36501d", 0, false},
		{"0d", 0, false},
		{"-5d", 0, false},
		{"0s", 0, false},
		{"-1h", 0, false},
		{"d", 0, false},
		{"soon", 0, false},
		{"", 0, false},
		{"3 months", 0, false},
	}
	for _, tt := range tests {
		got, ok := parseAge(tt.in)
		if ok != tt.wantOK || (ok && got != tt.want) {
			t.Errorf("parseAge(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.wantOK)
		}
	}
	if d, err := parseSince(""); err != nil || d != 0 {
		t.Errorf("parseSince(\"\") = %v, %v; want all time", d, err)
	}
	if _, err := parseSince("soon"); err == nil || !strings.Contains(err.Error(), "30d") {
		t.Errorf("parseSince(\"soon\") error %v, want one that shows the form", err)
	}
}
