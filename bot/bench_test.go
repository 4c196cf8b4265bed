package bot

import (
	"context"
	"testing"

	"github.com/bwmarrin/discordgo"
	"github.com/irbot/irbot/feedback"
	"github.com/irbot/irbot/feedback/sqlstore"
)

// BenchmarkHandle measures whole replies over the real knowledge and index:
// what a student waits for, less the network.
func BenchmarkHandle(b *testing.B) {
	bt := newRealBot(b, Options{Version: "bench"})
	cases := []struct {
		name string
		i    *discordgo.Interaction
	}{
		{"ask", slash("ask", "question", "how long is IR residency?")},
		{"ask-typo", slash("ask", "question", "letters of recomendation for the independant pathway")},
		{"autocomplete", typing("ask", "question", "how lo")},
		{"pathway", slash("pathway", "name", "esir")},
		{"compare", slash("pathway", "name", "compare")},
		{"guide-toc", slash("guide")},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := bt.Handle(b.Context(), c.i); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkAskRecording measures a whole /ask reply with the feedback
// record off, and on: a real Recorder writing to a real SQLite store in
// the background, as serve runs it. Recording only enqueues on the reply's
// path, so the two should stay within a few percent.
func BenchmarkAskRecording(b *testing.B) {
	ask := slash("ask", "question", "how long is IR residency?")
	for _, on := range []bool{false, true} {
		name := "off"
		opts := Options{Version: "bench"}
		if on {
			name = "on"
			s, err := sqlstore.Open(b.Context(), sqlstore.Config{DataDir: b.TempDir()}, nil)
			if err != nil {
				b.Fatal(err)
			}
			rec := feedback.NewRecorder(s, feedback.RecorderOptions{}, nil)
			b.Cleanup(func() {
				rec.Close(context.Background())
				s.Close()
			})
			opts.Feedback = rec
		}
		bt := newRealBot(b, opts)
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				if _, err := bt.Handle(b.Context(), ask); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
