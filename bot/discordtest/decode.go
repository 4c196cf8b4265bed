package discordtest

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/bwmarrin/discordgo"
	"github.com/irbot/irbot/bot/limits"
)

// rawData mirrors discordgo.InteractionResponseData with components left raw:
// discordgo cannot unmarshal its own MessageComponent interface in a
// response, so they are decoded one by one.
type rawData struct {
	TTS             bool                                        `json:"tts"`
	Content         string                                      `json:"content"`
	Components      []json.RawMessage                           `json:"components"`
	Embeds          []*discordgo.MessageEmbed                   `json:"embeds"`
	AllowedMentions *discordgo.MessageAllowedMentions           `json:"allowed_mentions"`
	Attachments     *[]*discordgo.MessageAttachment             `json:"attachments"`
	Poll            *discordgo.Poll                             `json:"poll"`
	Flags           discordgo.MessageFlags                      `json:"flags"`
	Choices         []*discordgo.ApplicationCommandOptionChoice `json:"choices"`
	CustomID        string                                      `json:"custom_id"`
	Title           string                                      `json:"title"`
}

func (r *rawData) data() (*discordgo.InteractionResponseData, error) {
	d := &discordgo.InteractionResponseData{
		TTS: r.TTS, Content: r.Content, Embeds: r.Embeds, AllowedMentions: r.AllowedMentions,
		Attachments: r.Attachments, Poll: r.Poll, Flags: r.Flags, Choices: r.Choices,
		CustomID: r.CustomID, Title: r.Title,
	}
	cs, err := components(r.Components)
	if err != nil {
		return nil, err
	}
	d.Components = cs
	return d, nil
}

// DecodeResponse decodes an interaction response as sent to Discord (a
// callback body, or an HTTP-interactions reply). Unknown fields are errors,
// so a misspelt field fails a test instead of being silently dropped.
func DecodeResponse(body []byte) (*discordgo.InteractionResponse, error) {
	// An autocomplete result must be exactly {"choices":[...]} on the wire,
	// which decoding alone cannot see.
	if err := limits.CheckJSON(body); err != nil {
		return nil, fmt.Errorf("decode interaction response: %w", err)
	}
	var raw struct {
		Type discordgo.InteractionResponseType `json:"type"`
		Data *rawData                          `json:"data"`
	}
	if err := strictUnmarshal(body, &raw); err != nil {
		return nil, fmt.Errorf("decode interaction response: %w", err)
	}
	if raw.Type == 0 {
		return nil, fmt.Errorf("decode interaction response: no type")
	}
	resp := &discordgo.InteractionResponse{Type: raw.Type}
	if raw.Data != nil {
		d, err := raw.Data.data()
		if err != nil {
			return nil, fmt.Errorf("decode interaction response: %w", err)
		}
		resp.Data = d
	}
	return resp, nil
}

// DecodeEdit decodes the body of a webhook message edit (PATCH), keeping
// absent fields nil as discordgo.WebhookEdit does.
func DecodeEdit(body []byte) (*discordgo.WebhookEdit, error) {
	var raw struct {
		Content         *string                           `json:"content"`
		Components      *[]json.RawMessage                `json:"components"`
		Embeds          *[]*discordgo.MessageEmbed        `json:"embeds"`
		Attachments     *[]*discordgo.MessageAttachment   `json:"attachments"`
		AllowedMentions *discordgo.MessageAllowedMentions `json:"allowed_mentions"`
		// Only suppress-embeds may be changed by an edit.
		Flags *discordgo.MessageFlags `json:"flags"`
	}
	if err := strictUnmarshal(body, &raw); err != nil {
		return nil, fmt.Errorf("decode webhook edit: %w", err)
	}
	if raw.Flags != nil && *raw.Flags&^discordgo.MessageFlagsSuppressEmbeds != 0 {
		return nil, fmt.Errorf("decode webhook edit: flags %d: only suppress-embeds can be edited", *raw.Flags)
	}
	e := &discordgo.WebhookEdit{Content: raw.Content, Embeds: raw.Embeds, Attachments: raw.Attachments, AllowedMentions: raw.AllowedMentions}
	if raw.Components != nil {
		cs, err := components(*raw.Components)
		if err != nil {
			return nil, fmt.Errorf("decode webhook edit: %w", err)
		}
		e.Components = &cs
	}
	return e, nil
}

// DecodeFollowup decodes the body of a follow-up message (POST to the
// interaction's webhook).
func DecodeFollowup(body []byte) (*discordgo.WebhookParams, error) {
	var raw struct {
		Content         string                            `json:"content"`
		Username        string                            `json:"username"`
		AvatarURL       string                            `json:"avatar_url"`
		TTS             bool                              `json:"tts"`
		Components      []json.RawMessage                 `json:"components"`
		Embeds          []*discordgo.MessageEmbed         `json:"embeds"`
		Attachments     []*discordgo.MessageAttachment    `json:"attachments"`
		AllowedMentions *discordgo.MessageAllowedMentions `json:"allowed_mentions"`
		Flags           discordgo.MessageFlags            `json:"flags"`
		ThreadName      string                            `json:"thread_name"`
	}
	if err := strictUnmarshal(body, &raw); err != nil {
		return nil, fmt.Errorf("decode follow-up: %w", err)
	}
	cs, err := components(raw.Components)
	if err != nil {
		return nil, fmt.Errorf("decode follow-up: %w", err)
	}
	return &discordgo.WebhookParams{
		Content: raw.Content, Username: raw.Username, AvatarURL: raw.AvatarURL, TTS: raw.TTS,
		Components: cs, Embeds: raw.Embeds, Attachments: raw.Attachments,
		AllowedMentions: raw.AllowedMentions, Flags: raw.Flags, ThreadName: raw.ThreadName,
	}, nil
}

func components(raw []json.RawMessage) ([]discordgo.MessageComponent, error) {
	var out []discordgo.MessageComponent
	for i, c := range raw {
		mc, err := discordgo.MessageComponentFromJSON(c)
		if err != nil {
			return nil, fmt.Errorf("component %d: %w", i, err)
		}
		out = append(out, mc)
	}
	return out, nil
}

func strictUnmarshal(body []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return fmt.Errorf("trailing data after JSON value")
	}
	return nil
}
