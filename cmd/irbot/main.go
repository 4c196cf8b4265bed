// Command irbot is a Discord bot that answers questions about interventional
// radiology residency from a trusted guide.
//
// Usage:
//
//	irbot [serve] [--http ADDR]      run the bot (gateway mode by default)
//	irbot register [--guild ID] [--delete]
//	irbot search [--json] [--limit N] [QUERY...]
//	irbot eval [--limit N] [--verbose] FILE.jsonl
//	irbot try [--json] ['/command option:value ...']
//	irbot gaps [--since 30d] [--guild ID] [--json] [--purge]
//	irbot loadtest [--duration 3s] [--rounds 3] [--concurrency 1,16,64] [--irbot BINARY]
//	irbot version
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/irbot/irbot/bot"
	"github.com/joho/godotenv"
)

// version is set at build time with -ldflags "-X main.version=..."; left
// as "dev", the version Go recorded in the binary is shown (bot.Version).
var version = "dev"

// buildVersion is the version to show and log: version, or what Go
// recorded in the binary when version was not set.
func buildVersion() string { return bot.Version(version) }

// env is the process environment as the commands see it: tests pass their
// own.
type env struct {
	args   []string
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	getenv func(string) string
	// reloads, when set, starts listening for requests to reload the
	// knowledge (SIGHUP); only a server asks for them, so that SIGHUP
	// still ends the other commands as usual.
	reloads func(ctx context.Context) <-chan struct{}
	// terminal reports whether stdin is a terminal (a person at a
	// prompt, not systemd, Docker or CI); nil means it is not.
	terminal func() bool
}

// command is one subcommand of irbot. run gets the settings, loaded once
// by main's run (see loadConfig), and the environment for its flags and
// output.
type command struct {
	summary string
	run     func(ctx context.Context, cfg Config, e env) error
	// noConfig marks a command that reads no setting, so that a malformed
	// one does not stop it (version).
	noConfig bool
}

func commands() map[string]command {
	return map[string]command{
		"serve":    {summary: "run the bot: gateway mode, or --http ADDR for HTTP interactions", run: runServe},
		"register": {summary: "push the slash command definitions to Discord", run: runRegister},
		"search":   {summary: "answer questions from the command line", run: runSearch},
		"loadtest": {summary: "measure serve --http against a floor server, on loopback", run: runLoadtest, noConfig: true},
		"eval":     {summary: "score retrieval on a question set (JSONL)", run: runEval},
		"try":      {summary: "render a command's reply without Discord", run: runTry},
		"gaps":     {summary: "report what students asked that the guide did not answer", run: runGaps},
		"version":  {summary: "print the version", run: runVersion, noConfig: true},
	}
}

// errUsage marks an error caused by how the command was called; main exits 2.
var errUsage = errors.New("usage")

func main() {
	// A .env file in the working directory fills in what the environment
	// does not set; the environment wins.
	if err := godotenv.Load(); err != nil && !errors.Is(err, os.ErrNotExist) {
		fmt.Fprintf(os.Stderr, "irbot: reading .env: %v\n", err)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, env{args: os.Args[1:], stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv, reloads: hangups,
		terminal: func() bool { return isTerminal(os.Stdin) }})
	stop()
	os.Exit(code)
}

// hangups turns SIGHUP into reload requests; several signals while a
// reload runs make one more reload, not a queue.
func hangups(ctx context.Context) <-chan struct{} {
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGHUP)
	out := make(chan struct{}, 1)
	go func() {
		defer signal.Stop(sig)
		for {
			select {
			case <-ctx.Done():
				return
			case <-sig:
				select {
				case out <- struct{}{}:
				default:
				}
			}
		}
	}()
	return out
}

// run dispatches to a subcommand and turns its error into an exit code.
func run(ctx context.Context, e env) int {
	name := "serve"
	if len(e.args) > 0 && e.args[0] != "" && e.args[0][0] != '-' {
		name, e.args = e.args[0], e.args[1:]
	} else if firstRun(e) {
		// A person trying irbot before it has a token: show the bot
		// instead of an error. Without a terminal (systemd, Docker, CI)
		// serve fails at once naming DISCORD_TOKEN, as it should.
		fmt.Fprintln(e.stderr, firstRunNote)
		name = "try"
	}
	if name == "help" {
		usage(e.stdout)
		return 0
	}
	cmd, ok := commands()[name]
	if !ok {
		fmt.Fprintf(e.stderr, "irbot: unknown command %q\n\n", name)
		usage(e.stderr)
		return 2
	}
	var cfg Config
	if !cmd.noConfig {
		var err error
		if cfg, err = loadConfig(e.getenv); err != nil && !asksHelp(e.args) {
			fmt.Fprintf(e.stderr, "irbot %s: %v\n", name, err)
			return 1
		}
	}
	err := cmd.run(ctx, cfg, e)
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errUsage):
		fmt.Fprintf(e.stderr, "irbot %s: %v\n", name, err)
		return 2
	default:
		fmt.Fprintf(e.stderr, "irbot %s: %v\n", name, err)
		return 1
	}
}

// firstRunNote is the one line before the local console opens in place of
// a server that has no token.
const firstRunNote = "irbot: DISCORD_TOKEN is not set, so this is the local console (irbot try); to connect irbot to Discord, put the bot token in .env as DISCORD_TOKEN (see .env.example and README's \"Running on Discord\")."

// firstRun reports whether irbot was started bare (no command, no flags)
// in a terminal without a bot token.
func firstRun(e env) bool {
	return len(e.args) == 0 && e.terminal != nil && e.terminal() && strings.TrimSpace(e.getenv("DISCORD_TOKEN")) == ""
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: irbot <command> [flags]\n\ncommands:")
	for _, name := range []string{"serve", "register", "search", "eval", "try", "gaps", "loadtest", "version"} {
		fmt.Fprintf(w, "  %-9s %s\n", name, commands()[name].summary)
	}
	fmt.Fprintln(w, "\nWith no command, irbot serves in gateway mode. Run 'irbot <command> -h' for its flags.")
}

// asksHelp reports whether args ask for a command's help, which needs no
// settings.
func asksHelp(args []string) bool {
	for _, a := range args {
		switch a {
		case "-h", "-help", "--help":
			return true
		case "--":
			return false
		}
	}
	return false
}

func runVersion(_ context.Context, _ Config, e env) error {
	fmt.Fprintf(e.stdout, "irbot %s\n", buildVersion())
	return nil
}

// parseArgs parses a subcommand's flags; a bad flag is a usage error, and
// -h stays flag.ErrHelp.
func parseArgs(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	return nil
}

// newFlagSet returns a flag set that reports errors instead of exiting.
func newFlagSet(name string, e env) *flag.FlagSet {
	fs := flag.NewFlagSet("irbot "+name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	return fs
}
