package bot

import (
	"errors"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"
	"github.com/irbot/irbot/bot/limits"
)

// The custom_id scheme. Every button and select carries everything needed
// to answer it, so any process can answer a click, after any restart:
//
//	irbot:open:<passage-id>        show a passage (a button)
//	irbot:open[:#<n>]              show the passage a select chose (its value)
//	irbot:more:<passage-id>:<page> show page n (from 0) of a long passage
//	irbot:pathway:<key>[:<part>]   show one pathway's summary, or a part of
//	                               it (timeline, prereq, differs, boards)
//	irbot:compare                  show the pathways side by side
//	irbot:faq                      list the FAQ questions
//	irbot:toc[:<chapter-id>]       show the chapters, or one chapter's
//	                               sections; as a select, the chosen one
//	irbot:about                    show /about
//	irbot:share:<view>             post a view (any of the above without
//	                               "irbot:") publicly, "Asked by" the clicker
//	irbot:post:<view>              the same, from replies made before Share
//
// In a private reply, a click on a view updates the message clicked
// (response type 7); elsewhere it answers with a new private message.
const (
	prefix     = "irbot:"
	actOpen    = "open"
	actMore    = "more"
	actPathway = "pathway"
	actCompare = "compare"
	actFAQ     = "faq"
	actTOC     = "toc"
	actAbout   = "about"
	actPost    = "post"
	actShare   = "share"
)

// customID is a parsed custom_id: the action and the rest, uninterpreted.
type customID struct {
	action string
	arg    string
}

var errBadCustomID = errors.New("not an irbot custom_id")

// parseCustomID splits "irbot:<action>[:<arg>]". Whether the action is
// known, and the arg valid, is for the router and the view to decide.
func parseCustomID(s string) (customID, error) {
	if !strings.HasPrefix(s, prefix) || !utf8.ValidString(s) || utf8.RuneCountInString(s) > limits.MaxCustomID {
		return customID{}, errBadCustomID
	}
	action, arg, _ := strings.Cut(s[len(prefix):], ":")
	if action == "" {
		return customID{}, errBadCustomID
	}
	return customID{action: action, arg: arg}, nil
}

// String is the custom_id.
func (c customID) String() string {
	if c.arg == "" {
		return prefix + c.action
	}
	return prefix + c.action + ":" + c.arg
}

// viewID is the custom_id of a view without the "irbot:" prefix: what
// "post:" wraps.
func viewID(action string, args ...string) string {
	return strings.Join(append([]string{action}, args...), ":")
}

// moreArg builds the arg of irbot:more.
func moreArg(id string, page int) string { return id + ":" + strconv.Itoa(page) }

// parseMoreArg splits "<passage-id>:<page>". The page is after the last
// colon, so the codec does not depend on what IDs may contain.
func parseMoreArg(arg string) (string, int, bool) {
	i := strings.LastIndexByte(arg, ':')
	if i <= 0 {
		return "", 0, false
	}
	page, err := strconv.Atoi(arg[i+1:])
	if err != nil || page < 0 || page > 999 || arg[i+1:] != strconv.Itoa(page) {
		return "", 0, false
	}
	return arg[:i], page, true
}

// fits reports whether a custom_id fits Discord's limit.
func fits(id string) bool {
	return id != "" && utf8.RuneCountInString(id) <= limits.MaxCustomID
}

func button(label, id string, style discordgo.ButtonStyle) discordgo.Button {
	l, _ := cut(label, limits.MaxButtonLabel)
	return discordgo.Button{Label: l, CustomID: id, Style: style}
}

// passageOption is a select option that opens a passage.
func passageOption(label, description, id string) discordgo.SelectMenuOption {
	l, _ := cut(label, limits.MaxOptionLabel)
	d, _ := cut(description, limits.MaxOptionDesc)
	return discordgo.SelectMenuOption{Label: l, Description: d, Value: id}
}

// openSelects lays passage options out in select menus of up to 25, at
// most n menus, each with a distinct custom_id (irbot:open, irbot:open:#2,
// ...). It returns the menus and how many options did not fit.
func openSelects(opts []discordgo.SelectMenuOption, n int, placeholder func(first, last int) string) ([]discordgo.SelectMenu, int) {
	var menus []discordgo.SelectMenu
	for start := 0; start < len(opts) && len(menus) < n; start += limits.MaxSelectOptions {
		end := min(start+limits.MaxSelectOptions, len(opts))
		id := prefix + actOpen
		if len(menus) > 0 {
			id += ":#" + strconv.Itoa(len(menus)+1)
		}
		p, _ := cut(placeholder(start, end-1), limits.MaxPlaceholder)
		menus = append(menus, discordgo.SelectMenu{
			CustomID:    id,
			Placeholder: p,
			Options:     opts[start:end],
		})
	}
	shown := 0
	for _, m := range menus {
		shown += len(m.Options)
	}
	return menus, len(opts) - shown
}
