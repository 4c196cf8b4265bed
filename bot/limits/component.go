package limits

import (
	"fmt"

	"github.com/bwmarrin/discordgo"
)

// components checks classic (non-V2) message components: action rows of
// buttons, or one select menu per row. custom_ids must be unique within the
// message, since Discord routes a click by them.
func (c *checker) components(where string, rows []discordgo.MessageComponent) {
	if len(rows) > MaxActionRows {
		c.add(where, "has %d action rows, limit %d", len(rows), MaxActionRows)
	}
	seen := map[string]string{}
	id := func(w, customID string) {
		if prev, ok := seen[customID]; ok && customID != "" {
			c.add(w+".custom_id", "%q repeats %s", customID, prev)
		}
		seen[customID] = w
	}
	for i, comp := range rows {
		w := fmt.Sprintf("%s[%d]", where, i)
		row, ok := asRow(comp)
		if !ok {
			c.add(w, "is %s; top-level components must be action rows", describe(comp))
			continue
		}
		if len(row.Components) == 0 {
			c.add(w, "is an empty action row")
		}
		if len(row.Components) > MaxRowButtons {
			c.add(w, "has %d components, limit %d", len(row.Components), MaxRowButtons)
		}
		for j, inner := range row.Components {
			wj := fmt.Sprintf("%s.components[%d]", w, j)
			if b, ok := asButton(inner); ok {
				c.button(wj, b)
				id(wj, b.CustomID)
				continue
			}
			if s, ok := asSelect(inner); ok {
				if len(row.Components) > 1 {
					c.add(wj, "a select menu must be alone in its action row")
				}
				c.selectMenu(wj, s)
				id(wj, s.CustomID)
				continue
			}
			c.add(wj, "is %s; a message row holds buttons or one select menu", describe(inner))
		}
	}
}

func (c *checker) button(where string, b discordgo.Button) {
	c.max(where+".label", b.Label, MaxButtonLabel)
	if b.Label == "" && b.Emoji == nil {
		c.add(where, "has neither a label nor an emoji")
	}
	switch b.Style {
	case discordgo.LinkButton:
		if b.URL == "" {
			c.add(where+".url", "is missing on a link button")
		}
		if b.CustomID != "" {
			c.add(where+".custom_id", "a link button has a URL instead")
		}
	case discordgo.PremiumButton:
		c.add(where+".style", "irbot sells nothing")
	case 0, discordgo.PrimaryButton, discordgo.SecondaryButton, discordgo.SuccessButton, discordgo.DangerButton:
		c.customID(where+".custom_id", b.CustomID)
		if b.URL != "" {
			c.add(where+".url", "only a link button has a URL")
		}
	default:
		c.add(where+".style", "%d is not a button style", b.Style)
	}
}

func (c *checker) selectMenu(where string, s discordgo.SelectMenu) {
	c.customID(where+".custom_id", s.CustomID)
	c.max(where+".placeholder", s.Placeholder, MaxPlaceholder)
	if s.MenuType != 0 && s.MenuType != discordgo.StringSelectMenu {
		// User, role, channel selects carry no options: nothing more to count.
		return
	}
	n := len(s.Options)
	if n < 1 || n > MaxSelectOptions {
		c.add(where+".options", "has %d options, want 1 to %d", n, MaxSelectOptions)
	}
	values := map[string]bool{}
	for i, o := range s.Options {
		w := fmt.Sprintf("%s.options[%d]", where, i)
		c.between(w+".label", o.Label, MaxOptionLabel)
		c.between(w+".value", o.Value, MaxOptionValue)
		c.max(w+".description", o.Description, MaxOptionDesc)
		if values[o.Value] {
			c.add(w+".value", "%q repeats an earlier option", o.Value)
		}
		values[o.Value] = true
	}
	minV := 1
	if s.MinValues != nil {
		minV = *s.MinValues
	}
	maxV := s.MaxValues
	if maxV == 0 {
		maxV = 1
	}
	if minV < 0 || minV > MaxSelectOptions || maxV < 1 || maxV > MaxSelectOptions || minV > maxV || (n > 0 && maxV > n) {
		c.add(where, "min_values %d / max_values %d do not fit %d options", minV, maxV, n)
	}
}

func (c *checker) customID(where, id string) {
	if id == "" {
		c.add(where, "is empty")
		return
	}
	c.max(where, id, MaxCustomID)
}

func asRow(m discordgo.MessageComponent) (discordgo.ActionsRow, bool) {
	switch v := m.(type) {
	case discordgo.ActionsRow:
		return v, true
	case *discordgo.ActionsRow:
		if v != nil {
			return *v, true
		}
	}
	return discordgo.ActionsRow{}, false
}

func asButton(m discordgo.MessageComponent) (discordgo.Button, bool) {
	switch v := m.(type) {
	case discordgo.Button:
		return v, true
	case *discordgo.Button:
		if v != nil {
			return *v, true
		}
	}
	return discordgo.Button{}, false
}

func asSelect(m discordgo.MessageComponent) (discordgo.SelectMenu, bool) {
	switch v := m.(type) {
	case discordgo.SelectMenu:
		return v, true
	case *discordgo.SelectMenu:
		if v != nil {
			return *v, true
		}
	}
	return discordgo.SelectMenu{}, false
}

func describe(m discordgo.MessageComponent) string {
	if m == nil {
		return "nil"
	}
	return fmt.Sprintf("%T", m)
}
