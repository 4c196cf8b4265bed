package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bwmarrin/discordgo"
)

// loadQuestions are what the load test asks, in turn: /ask as students
// write it.
var loadQuestions = []string{
	"how long is IR residency",
	"what is ESIR",
	"difference between integrated and independent IR",
	"letters of recomendation for IR",
	"when does interview season happen",
	"how do I study for step 1",
	"what is on the ABR written exam",
	"is derm hard to match lol",
}

// runLoadtest measures `irbot serve --http` against a floor: a server that
// does only what any Discord HTTP bot must (check the Ed25519 signature,
// decode the JSON, send a fixed reply). Both run as child processes of this
// binary on 127.0.0.1 with a key made for the run; every request is signed
// before the clock starts. At each concurrency the two are measured in
// turn, A/B, rounds times, for a bounded time each.
func runLoadtest(ctx context.Context, _ Config, e env) error {
	fs := newFlagSet("loadtest", e)
	floorAddr := fs.String("serve-floor", "", "run only the floor server on this address (used by the load test itself)")
	per := fs.Duration("duration", 3*time.Second, "how long each measurement runs")
	rounds := fs.Int("rounds", 3, "A/B alternations at each concurrency")
	levels := fs.String("concurrency", "1,16,64", "concurrency levels, comma-separated")
	bin := fs.String("irbot", "", "the irbot binary to serve (default: this one), to measure another build")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: irbot loadtest [--duration 3s] [--rounds 3] [--concurrency 1,16,64] [--irbot BINARY]\n\nLoopback only: starts irbot serve --http and a floor server, and compares them.")
		fs.PrintDefaults()
	}
	if err := parseArgs(fs, e.args); err != nil {
		return err
	}
	if *floorAddr != "" {
		return serveFloor(ctx, *floorAddr, e.getenv("DISCORD_PUBLIC_KEY"), e.stdout)
	}
	var conc []int
	for _, s := range strings.Split(*levels, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 || n > 1024 {
			return fmt.Errorf("%w: --concurrency wants numbers from 1 to 1024, got %q", errUsage, s)
		}
		conc = append(conc, n)
	}
	if *per <= 0 || *per > time.Minute || *rounds < 1 || *rounds > 10 {
		return fmt.Errorf("%w: --duration must be in (0, 1m] and --rounds in [1, 10]", errUsage)
	}
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return err
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	childEnv := []string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.TempDir(), "DISCORD_PUBLIC_KEY=" + hex.EncodeToString(pub),
		"DISCORD_API_BASE=http://127.0.0.1:9/api/v9", "FEEDBACK=off", "LOG_LEVEL=info", "LOG_FORMAT=json"}
	for _, k := range []string{"KNOWLEDGE_DIR", "KNOWLEDGE_REPLACE", "INDEX_DIR"} {
		if v := e.getenv(k); v != "" {
			childEnv = append(childEnv, k+"="+v)
		}
	}
	server := self
	if *bin != "" {
		server = *bin
	}
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 1024, MaxConnsPerHost: 1024}}
	ping, err := signedPing(priv)
	if err != nil {
		return err
	}
	// Start to first PING is timed before the floor server starts, so it
	// is irbot's start alone.
	started := time.Now()
	irbotURL, irbotPID, stopIrbot, err := startChild(ctx, server, childEnv, "serve", "--http", "127.0.0.1:0")
	if err != nil {
		return fmt.Errorf("start irbot serve --http: %w", err)
	}
	defer stopIrbot()
	if err := post(client, irbotURL, ping); err != nil {
		return fmt.Errorf("PING: %w", err)
	}
	fmt.Fprintf(e.stdout, "irbot: start to first answered PING %.1f ms\n", float64(time.Since(started).Microseconds())/1000)
	floorURL, _, stopFloor, err := startChild(ctx, self, childEnv, "loadtest", "--serve-floor", "127.0.0.1:0")
	if err != nil {
		return fmt.Errorf("start the floor server: %w", err)
	}
	defer stopFloor()

	reqs, err := signedRequests(priv, 4096)
	if err != nil {
		return err
	}
	defer func() {
		if rss := residentKiB(irbotPID); rss > 0 {
			fmt.Fprintf(e.stdout, "irbot: resident memory after the load %.1f MiB\n", float64(rss)/1024)
		}
	}()
	if err := checkAnswer(client, irbotURL, reqs[0]); err != nil {
		return err
	}
	w := e.stdout
	fmt.Fprintf(w, "%-5s %-6s %12s %9s %9s %12s %9s %9s %7s\n", "conc", "round", "irbot req/s", "p50 ms", "p99 ms", "floor req/s", "p50 ms", "p99 ms", "share")
	for _, c := range conc {
		var shares []float64
		for r := range *rounds {
			a, err := measure(ctx, client, irbotURL, reqs, c, *per)
			if err != nil {
				return fmt.Errorf("irbot at concurrency %d: %w", c, err)
			}
			b, err := measure(ctx, client, floorURL, reqs, c, *per)
			if err != nil {
				return fmt.Errorf("floor at concurrency %d: %w", c, err)
			}
			share := a.rate / b.rate
			shares = append(shares, share)
			fmt.Fprintf(w, "%-5d %-6d %12.0f %9.2f %9.2f %12.0f %9.2f %9.2f %7.2f\n", c, r+1, a.rate, a.p50, a.p99, b.rate, b.p50, b.p99, share)
		}
		slices.Sort(shares)
		fmt.Fprintf(w, "concurrency %d: irbot's throughput is %.2f of the floor's (median of %d rounds)\n", c, shares[len(shares)/2], len(shares))
	}
	return nil
}

// signedPing signs a PING, as Discord sends to check an endpoint.
func signedPing(priv ed25519.PrivateKey) (signedRequest, error) {
	body, err := json.Marshal(&discordgo.Interaction{ID: "999999999999", AppID: "1100000000000000000", Type: discordgo.InteractionPing, Token: "loadtest-ping", Version: 1})
	if err != nil {
		return signedRequest{}, err
	}
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	return signedRequest{body: body, timestamp: ts, signature: hex.EncodeToString(ed25519.Sign(priv, append([]byte(ts), body...)))}, nil
}

// residentKiB is a process's resident memory now (VmRSS), 0 where
// /proc does not say.
func residentKiB(pid int) int {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			n, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(v), " kB"))
			return n
		}
	}
	return 0
}

// signedRequest is one interaction with its headers, signed before the
// load starts so that signing costs the client nothing while measuring.
type signedRequest struct {
	body      []byte
	timestamp string
	signature string
}

// signedRequests signs n /ask interactions, cycling through the questions;
// their timestamps are now, well inside the 5-minute window of any run.
func signedRequests(priv ed25519.PrivateKey, n int) ([]signedRequest, error) {
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	out := make([]signedRequest, n)
	for k := range out {
		body, err := json.Marshal(&discordgo.Interaction{
			ID: strconv.Itoa(1_000_000_000_000 + k), AppID: "1100000000000000000", Type: discordgo.InteractionApplicationCommand,
			GuildID: "300000000000000001", ChannelID: "400000000000000001", Token: "loadtest-token-" + strconv.Itoa(k), Version: 1,
			Member: &discordgo.Member{User: &discordgo.User{ID: "500000000000000001", Username: "resident"}},
			Data: discordgo.ApplicationCommandInteractionData{ID: "600000000000000001", Name: "ask", CommandType: discordgo.ChatApplicationCommand,
				Options: []*discordgo.ApplicationCommandInteractionDataOption{{Name: "question", Type: discordgo.ApplicationCommandOptionString, Value: loadQuestions[k%len(loadQuestions)]}}},
		})
		if err != nil {
			return nil, err
		}
		out[k] = signedRequest{body: body, timestamp: ts, signature: hex.EncodeToString(ed25519.Sign(priv, append([]byte(ts), body...)))}
	}
	return out, nil
}

// result is one measurement: requests a second and latency percentiles.
type result struct{ rate, p50, p99 float64 }

// measure sends the requests to url from c workers for d and returns what
// it saw. Any answer but 200 is an error: a load test of failures measures
// nothing.
func measure(ctx context.Context, client *http.Client, url string, reqs []signedRequest, c int, d time.Duration) (result, error) {
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	var next atomic.Int64
	var mu sync.Mutex
	var took []time.Duration
	var failed error
	var wg sync.WaitGroup
	start := time.Now()
	for range c {
		wg.Go(func() {
			var mine []time.Duration
			for ctx.Err() == nil {
				r := reqs[int(next.Add(1))%len(reqs)]
				t0 := time.Now()
				err := post(client, url, r)
				if ctx.Err() != nil {
					break // cut short by the end of the run, not counted
				}
				if err != nil {
					mu.Lock()
					failed = cmp(failed, err)
					mu.Unlock()
					cancel()
					break
				}
				mine = append(mine, time.Since(t0))
			}
			mu.Lock()
			took = append(took, mine...)
			mu.Unlock()
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	if failed != nil {
		return result{}, failed
	}
	if len(took) == 0 {
		return result{}, errors.New("no request finished")
	}
	slices.Sort(took)
	ms := func(p float64) float64 {
		return float64(took[min(len(took)-1, int(p*float64(len(took))))].Microseconds()) / 1000
	}
	return result{rate: float64(len(took)) / elapsed.Seconds(), p50: ms(0.5), p99: ms(0.99)}, nil
}

func cmp(have, err error) error {
	if have != nil {
		return have
	}
	return err
}

// checkAnswer makes sure irbot answers the load test's /ask with an
// answer, not an error, so that what is measured is the answer path.
func checkAnswer(client *http.Client, url string, r signedRequest) error {
	res, err := r.send(client, url)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	var resp struct {
		Type discordgo.InteractionResponseType
		Data struct{ Embeds []json.RawMessage }
	}
	if err := json.NewDecoder(res.Body).Decode(&resp); err != nil {
		return fmt.Errorf("irbot's reply to /ask: %w", err)
	}
	if res.StatusCode != http.StatusOK || resp.Type != discordgo.InteractionResponseChannelMessageWithSource || len(resp.Data.Embeds) == 0 {
		return fmt.Errorf("irbot's reply to /ask is not an answer (%s, type %d)", res.Status, resp.Type)
	}
	return nil
}

// send posts the interaction with its signature headers.
func (r signedRequest) send(client *http.Client, url string) (*http.Response, error) {
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(r.body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Signature-Timestamp", r.timestamp)
	req.Header.Set("X-Signature-Ed25519", r.signature)
	return client.Do(req)
}

// post sends one signed interaction and reads the whole reply.
func post(client *http.Client, url string, r signedRequest) error {
	res, err := r.send(client, url)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if _, err := io.Copy(io.Discard, res.Body); err != nil {
		return err
	}
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("%s answered %s", url, res.Status)
	}
	return nil
}

// startChild runs this binary with args and waits for the address it logs
// (a JSON log line with "addr") or prints ("listening ADDR"); stop ends it.
func startChild(ctx context.Context, self string, env []string, args ...string) (url string, pid int, stop func(), err error) {
	cmd := exec.CommandContext(ctx, self, args...)
	cmd.Env = env
	out, err := cmd.StderrPipe()
	if err != nil {
		return "", 0, nil, err
	}
	cmd.Stdout = cmd.Stderr
	if err := cmd.Start(); err != nil {
		return "", 0, nil, err
	}
	stop = func() {
		_ = cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { _ = cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
			<-done
		}
	}
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			line := sc.Text()
			var rec struct{ Addr string }
			if addr, ok := strings.CutPrefix(line, "listening "); ok {
				rec.Addr = addr
			} else if json.Unmarshal([]byte(line), &rec) != nil {
				continue
			}
			if rec.Addr != "" {
				select {
				case found <- rec.Addr:
				default:
				}
			}
		}
	}()
	select {
	case addr := <-found:
		return "http://" + addr + "/interactions", cmd.Process.Pid, stop, nil
	case <-time.After(30 * time.Second):
		stop()
		return "", 0, nil, errors.New("it did not say where it listens within 30 s")
	}
}

// serveFloor serves the floor: the signature checked, the body decoded, a
// fixed reply. It prints "listening ADDR" once it listens.
func serveFloor(ctx context.Context, addr, publicKey string, w io.Writer) error {
	key, err := hex.DecodeString(publicKey)
	if err != nil || len(key) != ed25519.PublicKeySize {
		return fmt.Errorf("%w: DISCORD_PUBLIC_KEY must be 64 hex characters", errUsage)
	}
	reply := []byte(`{"type":4,"data":{"content":"ok","flags":64,"allowed_mentions":{"parse":[]}}}`)
	h := http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(io.LimitReader(r.Body, 64<<10))
		if err != nil {
			http.Error(rw, "bad body", http.StatusBadRequest)
			return
		}
		sig, err := hex.DecodeString(r.Header.Get("X-Signature-Ed25519"))
		ts := r.Header.Get("X-Signature-Timestamp")
		if err != nil || !ed25519.Verify(key, append([]byte(ts), body...), sig) {
			http.Error(rw, "bad signature", http.StatusUnauthorized)
			return
		}
		var i discordgo.Interaction
		if err := json.Unmarshal(body, &i); err != nil {
			http.Error(rw, "bad JSON", http.StatusBadRequest)
			return
		}
		rw.Header().Set("Content-Type", "application/json")
		rw.Write(reply)
	})
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	if !ln.Addr().(*net.TCPAddr).IP.IsLoopback() {
		ln.Close()
		return fmt.Errorf("%w: the floor listens on loopback only", errUsage)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second}
	go func() {
		<-ctx.Done()
		srv.Close()
	}()
	fmt.Fprintf(w, "listening %s\n", ln.Addr())
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
