package discordtest

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"strconv"
	"testing"
	"time"
)

// Signer signs HTTP-interaction requests as Discord does: an Ed25519
// signature of the timestamp followed by the body, in hex.
type Signer struct {
	// Public is the key to configure the server with (DISCORD_PUBLIC_KEY).
	Public  ed25519.PublicKey
	private ed25519.PrivateKey
}

// NewSigner returns a signer with a fresh key pair.
func NewSigner(tb testing.TB) *Signer {
	tb.Helper()
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		tb.Fatalf("discordtest: generate key: %v", err)
	}
	return &Signer{Public: pub, private: priv}
}

// PublicHex returns the public key as the Developer Portal shows it.
func (s *Signer) PublicHex() string { return hex.EncodeToString(s.Public) }

// Sign sets X-Signature-Timestamp and X-Signature-Ed25519 on h for body sent
// at time at.
func (s *Signer) Sign(h http.Header, body []byte, at time.Time) {
	ts := strconv.FormatInt(at.Unix(), 10)
	sig := ed25519.Sign(s.private, append([]byte(ts), body...))
	h.Set("X-Signature-Timestamp", ts)
	h.Set("X-Signature-Ed25519", hex.EncodeToString(sig))
}

// Request returns a POST of body to url, signed now, as Discord sends an
// interaction.
func (s *Signer) Request(ctx context.Context, url string, body []byte) (*http.Request, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "Discord-Interactions/1.0 (+https://discord.com)")
	s.Sign(req.Header, body, time.Now())
	return req, nil
}
