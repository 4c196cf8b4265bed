package main

import (
	"crypto/ed25519"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/irbot/irbot/bot/httpapi"
	"github.com/irbot/irbot/bot/limits"
	"github.com/irbot/irbot/feedback"
)

// DefaultAPIBase is Discord's REST API, used unless DISCORD_API_BASE says
// otherwise.
const DefaultAPIBase = "https://discord.com/api/v9"

// secret holds a credential. It formats and logs as a placeholder so it can
// never reach a log line, an error or a reply by accident.
type secret string

func (s secret) String() string               { return "[redacted]" }
func (s secret) GoString() string             { return `"[redacted]"` }
func (s secret) LogValue() slog.Value         { return slog.StringValue("[redacted]") }
func (s secret) MarshalText() ([]byte, error) { return []byte("[redacted]"), nil }

// reveal returns the credential itself, for the one place that sends it.
func (s secret) reveal() string { return string(s) }

// Config is every setting irbot reads from the environment (or .env).
type Config struct {
	Token             secret            // DISCORD_TOKEN
	ApplicationID     string            // DISCORD_APPLICATION_ID
	PublicKey         ed25519.PublicKey // DISCORD_PUBLIC_KEY
	GuildID           string            // DISCORD_GUILD_ID
	APIBase           string            // DISCORD_API_BASE
	ShardID           int               // SHARD_ID
	ShardCount        int               // SHARD_COUNT
	LogLevel          slog.Level        // LOG_LEVEL
	LogFormat         string            // LOG_FORMAT: text or json
	KnowledgeDir      string            // KNOWLEDGE_DIR
	KnowledgeReplace  bool              // KNOWLEDGE_REPLACE
	IndexDir          string            // INDEX_DIR: empty keeps the index in memory
	DefaultVisibility string            // DEFAULT_VISIBILITY: private or public
	Feedback          bool              // FEEDBACK: on (default) or off
	DatabaseURL       secret            // DATABASE_URL: empty for SQLite under DATA_DIR
	DataDir           string            // DATA_DIR
	Retention         time.Duration     // DATA_RETENTION; negative keeps records forever
	MetricsAddr       string            // METRICS_ADDR: /metrics, /healthz, /readyz; empty: off (gateway) or on the --http listener
	ShutdownDrain     time.Duration     // SHUTDOWN_DRAIN: how long /readyz fails before the listener closes
	HTTPIdleTimeout   time.Duration     // HTTP_IDLE_TIMEOUT: idle keep-alive connections close after this
}

// Defaults of the feedback record's settings.
const (
	DefaultDataDir   = "./data"
	DefaultRetention = feedback.DefaultRetention
)

// configError names the variable at fault and how to fix it.
type configError struct {
	Var, Problem, Fix string
}

func (e *configError) Error() string {
	return fmt.Sprintf("%s %s: %s", e.Var, e.Problem, e.Fix)
}

// loadConfig reads and checks every setting. It does not require the
// credentials: each mode checks for the ones it needs (see requireToken,
// requirePublicKey), so `irbot search` works with none.
func loadConfig(getenv func(string) string) (Config, error) {
	get := func(k string) string { return strings.TrimSpace(getenv(k)) }
	cfg := Config{
		Token:             secret(get("DISCORD_TOKEN")),
		ApplicationID:     get("DISCORD_APPLICATION_ID"),
		GuildID:           get("DISCORD_GUILD_ID"),
		APIBase:           get("DISCORD_API_BASE"),
		LogFormat:         strings.ToLower(get("LOG_FORMAT")),
		KnowledgeDir:      get("KNOWLEDGE_DIR"),
		IndexDir:          get("INDEX_DIR"),
		DefaultVisibility: strings.ToLower(get("DEFAULT_VISIBILITY")),
		ShardCount:        1,
	}
	// A token pasted with its "Bot " prefix still works: discordgo adds it.
	cfg.Token = secret(strings.TrimPrefix(string(cfg.Token), "Bot "))

	if cfg.ApplicationID != "" && !limits.IsSnowflake(cfg.ApplicationID) {
		return cfg, &configError{"DISCORD_APPLICATION_ID", "is not a Discord ID", "copy the Application ID (digits only) from the Developer Portal's General Information page"}
	}
	if cfg.GuildID != "" && !limits.IsSnowflake(cfg.GuildID) {
		return cfg, &configError{"DISCORD_GUILD_ID", "is not a Discord ID", "right-click the server with Developer Mode on and Copy Server ID (digits only), or leave it empty to register commands globally"}
	}
	if pk := get("DISCORD_PUBLIC_KEY"); pk != "" {
		b, err := hex.DecodeString(pk)
		if err != nil || len(b) != ed25519.PublicKeySize {
			return cfg, &configError{"DISCORD_PUBLIC_KEY", "is not an Ed25519 public key", "copy the 64-character hex Public Key from the Developer Portal's General Information page"}
		}
		cfg.PublicKey = ed25519.PublicKey(b)
	}
	if cfg.APIBase == "" {
		cfg.APIBase = DefaultAPIBase
	}
	u, err := url.Parse(cfg.APIBase)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return cfg, &configError{"DISCORD_API_BASE", "is not an http(s) base URL (without query, fragment or user:password)", "leave it empty for " + DefaultAPIBase + ", or give a proxy's base URL such as http://127.0.0.1:8080/api/v9"}
	}
	cfg.APIBase = strings.TrimRight(cfg.APIBase, "/")
	if v := get("SHARD_COUNT"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return cfg, &configError{"SHARD_COUNT", "must be a whole number of at least 1", "leave it empty for 1 (enough below 2,500 servers)"}
		}
		cfg.ShardCount = n
	}
	if v := get("SHARD_ID"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n >= cfg.ShardCount {
			return cfg, &configError{"SHARD_ID", fmt.Sprintf("must be a whole number from 0 to SHARD_COUNT-1 (%d)", cfg.ShardCount-1), "leave it empty for 0"}
		}
		cfg.ShardID = n
	}
	switch lvl := strings.ToLower(get("LOG_LEVEL")); lvl {
	case "", "info":
		cfg.LogLevel = slog.LevelInfo
	case "debug":
		cfg.LogLevel = slog.LevelDebug
	case "warn", "warning":
		cfg.LogLevel = slog.LevelWarn
	case "error":
		cfg.LogLevel = slog.LevelError
	default:
		return cfg, &configError{"LOG_LEVEL", fmt.Sprintf("is %q", lvl), "use debug, info, warn or error"}
	}
	switch cfg.LogFormat {
	case "":
		cfg.LogFormat = "text"
	case "text", "json":
	default:
		return cfg, &configError{"LOG_FORMAT", fmt.Sprintf("is %q", cfg.LogFormat), "use text or json"}
	}
	switch cfg.DefaultVisibility {
	case "":
		cfg.DefaultVisibility = "private"
	case "private", "public":
	default:
		return cfg, &configError{"DEFAULT_VISIBILITY", fmt.Sprintf("is %q", cfg.DefaultVisibility), "use private (replies only the asker sees) or public"}
	}
	switch v := strings.ToLower(get("KNOWLEDGE_REPLACE")); v {
	case "", "0", "false", "no":
	case "1", "true", "yes":
		cfg.KnowledgeReplace = true
	default:
		return cfg, &configError{"KNOWLEDGE_REPLACE", fmt.Sprintf("is %q", v), "use 1 to serve only KNOWLEDGE_DIR, or 0 to add it to the built-in guide"}
	}
	if cfg.KnowledgeReplace && cfg.KnowledgeDir == "" {
		return cfg, &configError{"KNOWLEDGE_REPLACE", "is set without KNOWLEDGE_DIR", "set KNOWLEDGE_DIR to the directory of Markdown guides to serve, or unset KNOWLEDGE_REPLACE"}
	}
	if err := loadOpsConfig(get, &cfg); err != nil {
		return cfg, err
	}
	return cfg, loadFeedbackConfig(get, &cfg)
}

// DefaultHTTPIdleTimeout is HTTP_IDLE_TIMEOUT's default: see
// httpapi.DefaultIdleTimeout for why 65 s.
const DefaultHTTPIdleTimeout = httpapi.DefaultIdleTimeout

// loadOpsConfig reads what an operator sets for metrics, health checks and
// shutdown.
func loadOpsConfig(get func(string) string, cfg *Config) error {
	cfg.MetricsAddr = get("METRICS_ADDR")
	if cfg.MetricsAddr != "" {
		if _, _, err := net.SplitHostPort(cfg.MetricsAddr); err != nil {
			return &configError{"METRICS_ADDR", fmt.Sprintf("is %q, not host:port", cfg.MetricsAddr), "use an address such as 127.0.0.1:9090 (or :9090 for every interface), or leave it empty for no metrics listener"}
		}
	}
	d, err := parseDuration(get("SHUTDOWN_DRAIN"), 0, 0, 5*time.Minute)
	if err != nil {
		return &configError{"SHUTDOWN_DRAIN", err.Error(), "use a duration such as 5s (what a load balancer probing /readyz needs to notice), or 0 to close at once"}
	}
	cfg.ShutdownDrain = d
	d, err = parseDuration(get("HTTP_IDLE_TIMEOUT"), DefaultHTTPIdleTimeout, time.Second, time.Hour)
	if err != nil {
		return &configError{"HTTP_IDLE_TIMEOUT", err.Error(), "use a duration such as 65s, longer than the idle timeout of the proxy in front"}
	}
	cfg.HTTPIdleTimeout = d
	return nil
}

// parseDuration reads a Go duration between lo and hi; empty is def.
func parseDuration(v string, def, lo, hi time.Duration) (time.Duration, error) {
	if v == "" {
		return def, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d < lo || d > hi {
		return 0, fmt.Errorf("is %q, want a duration from %v to %v", v, lo, hi)
	}
	return d, nil
}

// loadFeedbackConfig reads the feedback record's settings.
func loadFeedbackConfig(get func(string) string, cfg *Config) error {
	switch v := strings.ToLower(get("FEEDBACK")); v {
	case "", "on", "1", "true", "yes":
		cfg.Feedback = true
	case "off", "0", "false", "no":
	default:
		return &configError{"FEEDBACK", fmt.Sprintf("is %q", v), "use on (record questions and show Helpful / Not quite) or off (record nothing, no buttons)"}
	}
	cfg.DatabaseURL = secret(get("DATABASE_URL"))
	cfg.DataDir = get("DATA_DIR")
	if cfg.DataDir == "" {
		cfg.DataDir = DefaultDataDir
	}
	r, err := parseRetention(get("DATA_RETENTION"))
	if err != nil {
		return &configError{"DATA_RETENTION", err.Error(), "use a number of days such as 90d, a duration such as 720h, or forever; empty means 90d"}
	}
	cfg.Retention = r
	return nil
}

// parseRetention reads DATA_RETENTION: "90d", "36h", "forever" (-1), or
// empty for DefaultRetention.
func parseRetention(v string) (time.Duration, error) {
	switch strings.ToLower(v) {
	case "":
		return DefaultRetention, nil
	case "forever", "never":
		return -1, nil
	}
	if d, ok := parseAge(v); ok && d >= time.Hour {
		return d, nil
	}
	return 0, fmt.Errorf("is %q", v)
}

// parseSince reads a --since flag: "30d", "12h", or empty for all time.
func parseSince(v string) (time.Duration, error) {
	if v == "" {
		return 0, nil
	}
	if d, ok := parseAge(v); ok {
		return d, nil
	}
	return 0, fmt.Errorf("--since %q: use a number of days such as 30d, or a duration such as 12h", v)
}

// parseAge reads a span of time as an admin writes it: a number of days
// ("30d", up to a century) or a Go duration ("12h"), more than zero.
func parseAge(v string) (time.Duration, bool) {
	v = strings.ToLower(v)
	if days, ok := strings.CutSuffix(v, "d"); ok {
		n, err := strconv.Atoi(days)
		if err != nil || n < 1 || n > 36500 {
			return 0, false
		}
		return time.Duration(n) * 24 * time.Hour, true
	}
	d, err := time.ParseDuration(v)
	return d, err == nil && d > 0
}

// requireToken checks the bot token that gateway mode and register need.
func (c Config) requireToken() error {
	t := c.Token.reveal()
	switch {
	case t == "":
		return &configError{"DISCORD_TOKEN", "is not set", "copy the bot token from the Developer Portal's Bot page (Reset Token) into .env or the environment"}
	case strings.ContainsAny(t, " \t\r\n") || strings.Count(t, ".") != 2:
		return &configError{"DISCORD_TOKEN", "does not look like a bot token", "paste the token from the Developer Portal's Bot page as it is (three parts separated by dots)"}
	}
	return nil
}

// requirePublicKey checks the key HTTP-interactions mode verifies with.
func (c Config) requirePublicKey() error {
	if c.PublicKey == nil {
		return &configError{"DISCORD_PUBLIC_KEY", "is not set", "copy the Public Key from the Developer Portal's General Information page; HTTP mode verifies every request with it"}
	}
	return nil
}

// newLogger builds the process logger from the settings.
func (c Config) newLogger(w interface{ Write([]byte) (int, error) }) *slog.Logger {
	opts := &slog.HandlerOptions{Level: c.LogLevel}
	if c.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}
