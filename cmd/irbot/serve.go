package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"time"

	"github.com/irbot/irbot/bot"
	"github.com/irbot/irbot/bot/gateway"
	"github.com/irbot/irbot/bot/httpapi"
)

// runServe runs the bot until ctx is cancelled (SIGINT, SIGTERM): over the
// gateway by default, or as an HTTP-interactions endpoint with --http.
func runServe(ctx context.Context, e env) error {
	fs := newFlagSet("serve", e)
	addr := fs.String("http", "", "serve HTTP interactions on `ADDR` (such as :8080) instead of connecting to the gateway")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: irbot serve [--http ADDR]\n\nWithout --http, irbot connects to Discord's gateway (needs DISCORD_TOKEN) and registers its\ncommands on connect. With --http, it answers Discord's signed POSTs (needs DISCORD_PUBLIC_KEY);\nrun 'irbot register' once first.\n\nflags:")
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, e.args); err != nil {
		return err
	}
	cfg, err := loadConfig(e.getenv)
	if err != nil {
		return err
	}
	// Each mode's credential is checked before the knowledge is loaded,
	// so a missing one fails at once.
	if *addr != "" {
		err = cfg.requirePublicKey()
	} else {
		err = cfg.requireToken()
	}
	if err != nil {
		return err
	}
	logger := cfg.newLogger(e.stderr)
	rec, err := openRecord(ctx, cfg, logger)
	if err != nil {
		return err
	}
	defer rec.close(logger)
	b, err := newLiveBot(cfg, rec, logger)
	if err != nil {
		return err
	}
	defer b.close()
	if e.reloads != nil {
		go b.watch(ctx, e.reloads(ctx))
	}
	if *addr != "" {
		return serveHTTP(ctx, cfg, *addr, b, logger)
	}
	return serveGateway(ctx, cfg, b, logger)
}

// parseFlags parses args, refusing positional arguments.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := parseArgs(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: unexpected argument %q", errUsage, fs.Arg(0))
	}
	return nil
}

// serveHTTP answers Discord's signed POSTs on addr with b until ctx ends.
func serveHTTP(ctx context.Context, cfg Config, addr string, b *liveBot, logger *slog.Logger) error {
	srv, err := httpapi.New(b, httpapi.Options{PublicKey: cfg.PublicKey, APIBase: cfg.APIBase, PublicReplies: cfg.DefaultVisibility == "public"}, logger)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("--http %s: %w", addr, err)
	}
	logger.Info("serving HTTP interactions", "addr", ln.Addr().String(), "version", version,
		"paths", "POST / and /interactions, GET /healthz")
	if err := srv.Serve(ctx, ln); err != nil {
		return err
	}
	logger.Info("stopped")
	return nil
}

// serveGateway answers interactions from the gateway with b until ctx ends.
func serveGateway(ctx context.Context, cfg Config, b *liveBot, logger *slog.Logger) error {
	logger.Info("connecting to the gateway", "version", version, "api", cfg.APIBase, "shard", cfg.ShardID, "shard_count", cfg.ShardCount)
	err := gateway.Run(ctx, gateway.Config{
		Token:         cfg.Token.reveal(),
		APIBase:       cfg.APIBase,
		ApplicationID: cfg.ApplicationID,
		GuildID:       cfg.GuildID,
		ShardID:       cfg.ShardID,
		ShardCount:    cfg.ShardCount,
		Register:      true,
		Commands:      b.Commands(),
		PublicReplies: cfg.DefaultVisibility == "public",
	}, b, logger)
	if err != nil {
		return explainREST(err)
	}
	logger.Info("stopped")
	return nil
}

// explainREST names the setting at fault when Discord refuses a request.
func explainREST(err error) error {
	var se *httpapi.StatusError
	if !errors.As(err, &se) {
		return err
	}
	switch se.Status {
	case 401:
		return &configError{"DISCORD_TOKEN", "was rejected by Discord (401 Unauthorized)", "reset the token on the Developer Portal's Bot page and paste the new one"}
	case 403, 404:
		return fmt.Errorf("%w (check that DISCORD_APPLICATION_ID belongs to this bot's token, and that the bot was invited to DISCORD_GUILD_ID with the applications.commands scope)", err)
	}
	return err
}

// newServingBot loads the knowledge, indexes it and builds the bot both
// modes serve, recording into rec; close releases the index.
func newServingBot(cfg Config, rec record, logger *slog.Logger) (b *bot.Bot, close func(), err error) {
	start := time.Now()
	kb, idx, err := openKnowledge(cfg, logger)
	if err != nil {
		return nil, nil, err
	}
	logger.Info("knowledge loaded", "documents", len(kb.Documents), "passages", len(kb.Passages),
		"pathways", len(kb.Pathways), "took", time.Since(start).Round(time.Millisecond))
	opts := bot.Options{
		Public:    cfg.DefaultVisibility == "public",
		Version:   version,
		RateEvery: bot.DefaultRateEvery,
		RateBurst: bot.DefaultRateBurst,
	}
	rec.options(&opts, cfg)
	b = bot.New(kb, idx, opts, logger)
	return b, func() {
		if err := idx.Close(); err != nil {
			logger.Warn("closing the index", "err", err)
		}
	}, nil
}
