package main

import (
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/irbot/irbot/bot/discordtest"
	"github.com/irbot/irbot/bot/limits"
)

// TestBinary builds irbot and runs it as an admin would: from a directory
// of its own, configured by environment and .env, stopped by SIGTERM.
func TestBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := buildIrbot(t)

	t.Run("serve --http", func(t *testing.T) {
		fake := discordtest.New(t, discordtest.Options{})
		signer := discordtest.NewSigner(t)
		cmd, stderr := startBinary(t, bin, t.TempDir(), []string{
			"DISCORD_PUBLIC_KEY=" + signer.PublicHex(), "DISCORD_API_BASE=" + fake.URL, "LOG_FORMAT=json",
		}, "serve", "--http", "127.0.0.1:0")
		addr := logField(t, stderr.waitLine(t, "serving HTTP interactions", 30*time.Second), "addr")
		client := &http.Client{Timeout: 10 * time.Second}

		res, err := client.Get("http://" + addr + "/healthz")
		if err != nil || res.StatusCode != 200 {
			t.Fatalf("GET /healthz: %v %v", res, err)
		}
		res.Body.Close()
		for _, i := range []*discordgo.Interaction{discordtest.Ping(fake.ApplicationID), discordtest.Command(fake.ApplicationID, "about")} {
			body, _ := discordtest.Encode(i)
			status, b, err := postSigned(client, "http://"+addr+"/interactions", signer, body)
			if err != nil || status != 200 {
				t.Fatalf("interaction type %d: %d %v", i.Type, status, err)
			}
			resp, err := discordtest.DecodeResponse(b)
			if err == nil {
				err = limits.Check(resp)
			}
			if err != nil {
				t.Errorf("interaction type %d: %v", i.Type, err)
			}
		}
		stopBinary(t, cmd)
	})

	t.Run("SIGTERM during SHUTDOWN_DRAIN", func(t *testing.T) {
		fake := discordtest.New(t, discordtest.Options{})
		signer := discordtest.NewSigner(t)
		cmd, stderr := startBinary(t, bin, t.TempDir(), []string{
			"DISCORD_PUBLIC_KEY=" + signer.PublicHex(), "DISCORD_API_BASE=" + fake.URL, "LOG_FORMAT=json",
			"SHUTDOWN_DRAIN=2s", "FEEDBACK=off",
		}, "serve", "--http", "127.0.0.1:0")
		base := "http://" + logField(t, stderr.waitLine(t, "serving HTTP interactions", 30*time.Second), "addr")
		waitReady(t, base)
		sigterm := time.Now()
		if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
			t.Fatal(err)
		}
		stderr.waitLine(t, "draining", 5*time.Second)
		raceDrain(t, base, signer, fake.ApplicationID, sigterm)
		if err := cmd.Wait(); err != nil {
			t.Errorf("after SIGTERM: %v, want exit 0", err)
		}
	})

	t.Run("serve over the gateway, configured by .env", func(t *testing.T) {
		fake := discordtest.New(t, discordtest.Options{})
		dir := t.TempDir()
		// .env fills in what the environment lacks; the environment wins.
		dotenv := "DISCORD_TOKEN=" + fake.Token + "\nDISCORD_GUILD_ID=" + discordtest.GuildID +
			"\nDISCORD_API_BASE=http://127.0.0.1:9/wrong\n"
		if err := os.WriteFile(filepath.Join(dir, ".env"), []byte(dotenv), 0o600); err != nil {
			t.Fatal(err)
		}
		cmd, stderr := startBinary(t, bin, dir, []string{"DISCORD_API_BASE=" + fake.URL}) // no args: serve
		if put := fake.WaitCommands(t, 1); put.GuildID != discordtest.GuildID {
			t.Errorf("registered in %q, want the .env guild", put.GuildID)
		}
		i := discordtest.Command(fake.ApplicationID, "about")
		fake.Dispatch(t, i)
		if cb := fake.WaitCallback(t, i.ID); cb.Status != 204 || limits.Check(cb.Response) != nil {
			t.Errorf("callback: status %d after %v, limits: %v", cb.Status, cb.After, limits.Check(cb.Response))
		}
		stopBinary(t, cmd)
		if c := fake.WaitClose(t, 1); c.Code != 1000 {
			t.Errorf("socket closed with %d, want 1000", c.Code)
		}
		noToken(t, fake.Token, stderr.String())
	})

	t.Run("register", func(t *testing.T) {
		fake := discordtest.New(t, discordtest.Options{})
		out, err := binary(bin, t.TempDir(), []string{"DISCORD_TOKEN=" + fake.Token, "DISCORD_API_BASE=" + fake.URL},
			"register", "--guild", discordtest.GuildID).Output()
		if err != nil {
			t.Fatalf("irbot register: %v", err)
		}
		if !strings.Contains(string(out), "added") || !strings.Contains(string(out), "now registered in server "+discordtest.GuildID) {
			t.Errorf("irbot register printed:\n%s", out)
		}
		if len(fake.Commands(discordtest.GuildID)) == 0 {
			t.Errorf("no commands registered")
		}
	})

	t.Run("missing token", func(t *testing.T) {
		cmd := binary(bin, t.TempDir(), nil, "serve")
		out, err := cmd.CombinedOutput()
		if code := cmd.ProcessState.ExitCode(); code != 1 || !strings.Contains(string(out), "DISCORD_TOKEN is not set") {
			t.Errorf("irbot serve without a token: exit %d (%v), output %q", code, err, out)
		}
	})
}

// buildIrbot builds the binary into a temporary directory.
func buildIrbot(t *testing.T) string {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		goTool = filepath.Join(runtime.GOROOT(), "bin", "go")
	}
	bin := filepath.Join(t.TempDir(), "irbot")
	build := exec.Command(goTool, "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// binary returns a command running bin in dir with only vars (and PATH and
// HOME) in its environment.
func binary(bin, dir string, vars []string, args ...string) *exec.Cmd {
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + dir}, vars...)
	return cmd
}

// startBinary starts bin and collects its stderr; the test's end kills it
// if it is still running.
func startBinary(t *testing.T, bin, dir string, vars []string, args ...string) (*exec.Cmd, *output) {
	t.Helper()
	cmd := binary(bin, dir, vars, args...)
	stderr := newOutput()
	cmd.Stderr = stderr
	cmd.Stdout = stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			cmd.Wait()
		}
		if t.Failed() {
			t.Logf("irbot output:\n%s", stderr)
		}
	})
	return cmd, stderr
}

// stopBinary sends SIGTERM and expects exit 0 within 10 s.
func stopBinary(t *testing.T, cmd *exec.Cmd) {
	t.Helper()
	start := time.Now()
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("after SIGTERM: %v, want exit 0", err)
		}
		t.Logf("exited %v after SIGTERM", time.Since(start).Round(time.Millisecond))
	case <-time.After(10 * time.Second):
		cmd.Process.Kill()
		<-done
		t.Fatalf("still running 10s after SIGTERM")
	}
}
