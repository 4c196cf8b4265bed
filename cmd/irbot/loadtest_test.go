package main

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/hex"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestFloor checks the floor server: a signed interaction gets the fixed
// reply, a forged one 401.
func TestFloor(t *testing.T) {
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() { done <- serveFloor(ctx, "127.0.0.1:0", hex.EncodeToString(pub), pw) }()
	line := make([]byte, 64)
	n, err := pr.Read(line)
	if err != nil {
		t.Fatal(err)
	}
	go io.Copy(io.Discard, pr)
	addr := strings.TrimSpace(strings.TrimPrefix(string(line[:n]), "listening "))
	reqs, err := signedRequests(priv, 2)
	if err != nil {
		t.Fatal(err)
	}
	client := &http.Client{Timeout: 5 * time.Second}
	if err := post(client, "http://"+addr+"/interactions", reqs[0]); err != nil {
		t.Errorf("signed request: %v", err)
	}
	forged := reqs[1]
	forged.body = append([]byte(nil), forged.body...)
	forged.body[10] ^= 1
	if err := post(client, "http://"+addr+"/interactions", forged); err == nil || !strings.Contains(err.Error(), "401") {
		t.Errorf("forged request: %v, want 401", err)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("serveFloor: %v", err)
	}
}
