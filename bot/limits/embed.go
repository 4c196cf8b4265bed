package limits

import (
	"fmt"

	"github.com/bwmarrin/discordgo"
)

// EmbedChars is what Discord counts against the 6000-character budget of one
// embed: title, description, field names and values, footer text and author
// name.
func EmbedChars(e *discordgo.MessageEmbed) int {
	if e == nil {
		return 0
	}
	n := runes(e.Title) + runes(e.Description)
	for _, f := range e.Fields {
		if f != nil {
			n += runes(f.Name) + runes(f.Value)
		}
	}
	if e.Footer != nil {
		n += runes(e.Footer.Text)
	}
	if e.Author != nil {
		n += runes(e.Author.Name)
	}
	return n
}

func (c *checker) embeds(where string, es []*discordgo.MessageEmbed) {
	if len(es) > MaxEmbeds {
		c.add(where, "has %d embeds, limit %d", len(es), MaxEmbeds)
	}
	total := 0
	for i, e := range es {
		w := fmt.Sprintf("%s[%d]", where, i)
		if e == nil {
			c.add(w, "is nil")
			continue
		}
		c.embed(w, e)
		total += EmbedChars(e)
	}
	if total > MaxEmbedTotal {
		c.add(where, "total %d characters, limit %d across all embeds", total, MaxEmbedTotal)
	}
}

func (c *checker) embed(where string, e *discordgo.MessageEmbed) {
	c.max(where+".title", e.Title, MaxEmbedTitle)
	c.max(where+".description", e.Description, MaxEmbedDescription)
	if len(e.Fields) > MaxEmbedFields {
		c.add(where+".fields", "has %d fields, limit %d", len(e.Fields), MaxEmbedFields)
	}
	for i, f := range e.Fields {
		w := fmt.Sprintf("%s.fields[%d]", where, i)
		if f == nil {
			c.add(w, "is nil")
			continue
		}
		c.between(w+".name", f.Name, MaxFieldName)
		c.between(w+".value", f.Value, MaxFieldValue)
	}
	if e.Footer != nil {
		c.between(where+".footer.text", e.Footer.Text, MaxFooterText)
	}
	if e.Author != nil {
		c.between(where+".author.name", e.Author.Name, MaxAuthorName)
	}
	if e.Color < 0 || e.Color > 0xFFFFFF {
		c.add(where+".color", "%d is not a 24-bit colour", e.Color)
	}
	if e.Title == "" && e.Description == "" && len(e.Fields) == 0 && e.Footer == nil && e.Author == nil && e.Image == nil && e.Thumbnail == nil {
		c.add(where, "is empty")
	}
}
