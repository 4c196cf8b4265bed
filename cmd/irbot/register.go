package main

import (
	"context"
	"fmt"
	"io"

	"github.com/bwmarrin/discordgo"
	"github.com/irbot/irbot/bot/gateway"
	"github.com/irbot/irbot/bot/limits"
)

// runRegister overwrites the application's commands (in one guild, or
// globally) with the bot's definitions, or with none for --delete, and
// prints what changed.
func runRegister(ctx context.Context, cfg Config, e env) error {
	fs := newFlagSet("register", e)
	guild := fs.String("guild", "", "register in the server with this `ID` (default DISCORD_GUILD_ID; empty: globally)")
	del := fs.Bool("delete", false, "remove every command instead (in the guild, or globally)")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: irbot register [--guild ID] [--delete]\n\nPushes the slash command definitions to Discord in one bulk overwrite and prints what\nchanged. Needs DISCORD_TOKEN; DISCORD_APPLICATION_ID is looked up when unset.\n\nflags:")
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, e.args); err != nil {
		return err
	}
	if *guild != "" && !limits.IsSnowflake(*guild) {
		return fmt.Errorf("%w: --guild %q is not a Discord server ID (digits only)", errUsage, *guild)
	}
	if err := cfg.requireToken(); err != nil {
		return err
	}
	guildID := cfg.GuildID
	if *guild != "" {
		guildID = *guild
	}
	logger := cfg.newLogger(e.stderr)

	defs := []*discordgo.ApplicationCommand{}
	if !*del {
		b, closeIndex, err := newServingBot(cfg, record{}, nil, logger)
		if err != nil {
			return err
		}
		defs = b.Commands()
		closeIndex()
		if err := limits.CheckCommands(defs); err != nil {
			return fmt.Errorf("the command definitions break Discord's limits: %w", err)
		}
	}

	rest, err := gateway.NewREST(cfg.Token.reveal(), cfg.APIBase, logger)
	if err != nil {
		return err
	}
	appID := cfg.ApplicationID
	if appID == "" {
		if appID, err = rest.ApplicationID(ctx); err != nil {
			return explainREST(err)
		}
	}
	before, err := rest.Commands(ctx, appID, guildID)
	if err != nil {
		return explainREST(err)
	}
	changes := gateway.Diff(before, defs)
	after, err := rest.Overwrite(ctx, appID, guildID, defs)
	if err != nil {
		return explainREST(err)
	}
	printChanges(e.stdout, changes, len(after), appID, guildID)
	return nil
}

func printChanges(w io.Writer, c gateway.Changes, n int, appID, guildID string) {
	where := "globally"
	if guildID != "" {
		where = "in server " + guildID
	}
	fmt.Fprintf(w, "%d command(s) now registered %s for application %s.\n", n, where, appID)
	for _, l := range []struct {
		label string
		names []string
	}{{"added", c.Added}, {"updated", c.Updated}, {"removed", c.Removed}, {"unchanged", c.Unchanged}} {
		for _, name := range l.names {
			fmt.Fprintf(w, "  %-9s  %s\n", l.label, name)
		}
	}
	fmt.Fprintf(w, "%d added, %d updated, %d removed, %d unchanged.\n", len(c.Added), len(c.Updated), len(c.Removed), len(c.Unchanged))
	if guildID == "" && len(c.Added)+len(c.Updated) > 0 {
		fmt.Fprintln(w, "Global commands can take a few minutes to show in every server; use --guild for instant tests.")
	}
}
