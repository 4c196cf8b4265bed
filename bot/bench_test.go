package bot

import (
	"testing"

	"github.com/bwmarrin/discordgo"
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
