package feedback

import (
	"crypto/rand"
	"encoding/base32"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Commands whose answers are recorded.
const (
	CommandAsk  = "ask"  // a question typed by the person who reads the answer
	CommandFind = "find" // a search run on someone else's message: its text is never kept
)

// Confidence levels of an answer, as the bot decided them.
const (
	ConfidenceHigh = "high"
	ConfidenceLow  = "low"
	ConfidenceNone = "none"
)

// Limits on what an Answer may carry. IDs go into Discord custom_ids, so they
// stay short; passage IDs are the guide's heading slugs.
const (
	IDLen           = 26 // characters in a NewID: 128 bits in base32
	MaxPassages     = 10
	MaxPassageIDLen = 64
)

// ErrUnknownAnswer is returned for a vote, an open or a lookup on an answer
// the store does not hold (never recorded, dropped, or already deleted).
var ErrUnknownAnswer = errors.New("unknown answer")

// Answer is one answered (or unanswered) question, without anything that
// identifies who asked it.
type Answer struct {
	ID         string    // from NewID
	Time       time.Time // when it was answered, UTC
	Guild      string    // guild id, "" for a DM
	Command    string    // CommandAsk or CommandFind
	Question   string    // the question text; always "" for CommandFind
	Key        string    // the question's normalized words, grouping the same question; "" for CommandFind
	Confidence string    // ConfidenceHigh, ConfidenceLow or ConfidenceNone
	Passages   []string  // passage IDs shown, best first
}

// Vote is a reader's verdict on an answer.
type Vote string

// The votes a reply's buttons offer.
const (
	VoteHelpful  Vote = "helpful"
	VoteNotQuite Vote = "not_quite"
)

// Valid reports whether v is one of the votes the buttons offer.
func (v Vote) Valid() bool { return v == VoteHelpful || v == VoteNotQuite }

// NewID returns a random answer id: 128 bits from crypto/rand in lowercase
// base32 without padding, IDLen characters, safe inside a custom_id.
func NewID() (string, error) {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("answer id: %w", err)
	}
	return idEncoding.EncodeToString(b[:]), nil
}

// idAlphabet is RFC 4648 base32, lowercased.
const idAlphabet = "abcdefghijklmnopqrstuvwxyz234567"

// idEncoding writes answer ids; like a compiled regexp, it is built once and
// only read.
var idEncoding = base32.NewEncoding(idAlphabet).WithPadding(base32.NoPadding)

// ValidID reports whether id has the shape of an answer id: 1 to IDLen
// characters of lowercase base32 or digits. Callers check ids that come back
// from Discord before they reach a store.
func ValidID(id string) bool {
	if id == "" || len(id) > IDLen {
		return false
	}
	for _, c := range id {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// ValidPassageID reports whether id can be stored as a passage id.
func ValidPassageID(id string) bool {
	return id != "" && len(id) <= MaxPassageIDLen && !strings.ContainsAny(id, "\x00\n")
}

// Validate checks an answer before it is stored. A "find" answer with text is
// refused: that text is someone else's message.
func (a Answer) Validate() error {
	switch {
	case !ValidID(a.ID):
		return fmt.Errorf("answer id %q: not an answer id", a.ID)
	case a.Time.IsZero():
		return fmt.Errorf("answer %s: no time", a.ID)
	case a.Command != CommandAsk && a.Command != CommandFind:
		return fmt.Errorf("answer %s: command %q: want %q or %q", a.ID, a.Command, CommandAsk, CommandFind)
	case a.Command == CommandFind && (a.Question != "" || a.Key != ""):
		return fmt.Errorf("answer %s: a %q answer must not keep the message text", a.ID, CommandFind)
	case a.Confidence != ConfidenceHigh && a.Confidence != ConfidenceLow && a.Confidence != ConfidenceNone:
		return fmt.Errorf("answer %s: confidence %q: want high, low or none", a.ID, a.Confidence)
	case len(a.Passages) > MaxPassages:
		return fmt.Errorf("answer %s: %d passages, at most %d", a.ID, len(a.Passages), MaxPassages)
	}
	for _, p := range a.Passages {
		if !ValidPassageID(p) {
			return fmt.Errorf("answer %s: passage id %q: empty or longer than %d bytes", a.ID, p, MaxPassageIDLen)
		}
	}
	return nil
}

// normalize makes a caller's answer storable where it can without guessing:
// UTC time (now when unset), no text for "find", at most MaxPassages.
func (a Answer) normalize(now time.Time) Answer {
	if a.Time.IsZero() {
		a.Time = now
	}
	a.Time = a.Time.UTC()
	if a.Command == CommandFind {
		a.Question, a.Key = "", ""
	}
	if len(a.Passages) > MaxPassages {
		a.Passages = a.Passages[:MaxPassages:MaxPassages]
	}
	return a
}
