package bot

import (
	"github.com/bwmarrin/discordgo"
	"github.com/irbot/irbot/knowledge"
)

// commandList is every command the bot offers, in the order Discord lists
// them. Each lives in its own file, definition next to handler.
func (b *Bot) commandList() []command {
	return []command{
		b.askCommand(),
		b.pathwayCommand(),
		b.faqCommand(),
		b.guideCommand(),
		b.aboutCommand(),
		b.findAnswerCommand(),
		b.adminCommand(),
	}
}

// viewTable routes clicks by the action of their custom_id (see
// components.go for the scheme).
func (b *Bot) viewTable() map[string]view {
	return map[string]view{
		actOpen:    b.openView,
		actMore:    b.moreView,
		actPathway: b.pathwayView,
		actCompare: b.compareView,
		actFAQ:     b.faqView,
		actTOC:     b.tocView,
		actAbout:   b.aboutView,
	}
}

// usableIn lets a command be used in servers and in DMs with the bot.
func usableIn() *[]discordgo.InteractionContextType {
	return &[]discordgo.InteractionContextType{discordgo.InteractionContextGuild, discordgo.InteractionContextBotDM}
}

// stringOption is a string option of a slash command.
func stringOption(name, description string, required, autocomplete bool, maxLength int) *discordgo.ApplicationCommandOption {
	return &discordgo.ApplicationCommandOption{
		Type:         discordgo.ApplicationCommandOptionString,
		Name:         name,
		Description:  description,
		Required:     required,
		Autocomplete: autocomplete,
		MaxLength:    maxLength,
	}
}

// doc returns the document a passage belongs to; a passage the knowledge
// does not list under a document still gets its document's title.
func (b *Bot) doc(p knowledge.Passage) knowledge.Document {
	if d, ok := b.kb.Document(p.Document); ok {
		return d
	}
	return knowledge.Document{Title: p.Document}
}

// children returns the passages directly under p, in reading order.
func (b *Bot) children(p knowledge.Passage) []knowledge.Passage {
	var out []knowledge.Passage
	for _, c := range b.kb.Passages {
		if c.Document != p.Document || len(c.Path) != len(p.Path)+1 || c.Path[len(p.Path)] != p.Title {
			continue
		}
		same := true
		for i := range p.Path {
			if c.Path[i] != p.Path[i] {
				same = false
				break
			}
		}
		if same {
			out = append(out, c)
		}
	}
	return out
}

// titled returns the passage whose title is s, ignoring case, spacing and
// punctuation, preferring kind when given.
func (b *Bot) titled(s string, kind knowledge.Kind) (knowledge.Passage, bool) {
	want := knowledge.Fold(s)
	if want == "" {
		return knowledge.Passage{}, false
	}
	for _, p := range b.kb.Passages {
		if (kind == "" || p.Kind == kind) && knowledge.Fold(p.Title) == want {
			return p, true
		}
	}
	return knowledge.Passage{}, false
}
