// Command irbot is a Discord bot that answers questions about interventional
// radiology residency from a trusted guide.
//
// Usage:
//
//	irbot [serve] [--http ADDR]      run the bot (gateway mode by default)
//	irbot register [--guild ID] [--delete]
//	irbot search [--json] [--limit N] [QUERY...]
//	irbot eval FILE.jsonl
//	irbot try [--json] ['/command option:value ...']
//	irbot gaps [--since 30d] [--guild ID] [--json] [--purge]
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
	"syscall"

	"github.com/joho/godotenv"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

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
}

// command is one subcommand of irbot.
type command struct {
	summary string
	run     func(ctx context.Context, e env) error
}

func commands() map[string]command {
	return map[string]command{
		"serve":    {"run the bot: gateway mode, or --http ADDR for HTTP interactions", runServe},
		"register": {"push the slash command definitions to Discord", runRegister},
		"search":   {"answer questions from the command line", runSearch},
		"loadtest": {"measure serve --http against a floor server, on loopback", runLoadtest},
		"eval":     {"score retrieval on a question set (JSONL)", runEval},
		"try":      {"render a command's reply without Discord", runTry},
		"gaps":     {"report what students asked that the guide did not answer", runGaps},
		"version":  {"print the version", runVersion},
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
	code := run(ctx, env{args: os.Args[1:], stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv, reloads: hangups})
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
	err := cmd.run(ctx, e)
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

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: irbot <command> [flags]\n\ncommands:")
	for _, name := range []string{"serve", "register", "search", "eval", "try", "loadtest", "version"} {
		fmt.Fprintf(w, "  %-9s %s\n", name, commands()[name].summary)
	}
	fmt.Fprintln(w, "\nWith no command, irbot serves in gateway mode. Run 'irbot <command> -h' for its flags.")
}

func runVersion(_ context.Context, e env) error {
	fmt.Fprintf(e.stdout, "irbot %s\n", version)
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
