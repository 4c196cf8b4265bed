// Package gateway runs irbot over Discord's gateway with discordgo: it
// connects (sharded if asked), registers the commands on READY, answers
// every INTERACTION_CREATE inside Discord's three seconds (deferring slow
// replies and editing them in later), lets discordgo reconnect and resume,
// and shuts down cleanly. It also holds the bot-token REST calls that
// `irbot register` uses.
//
// Every REST request goes to a configurable API base: discordgo builds URLs
// from its package-level Endpoint variables, which this package never
// writes; instead the session's http.Client rewrites the
// https://discord.com/api/v9 prefix to the base, the way a REST proxy is
// reached. The gateway URL comes from GET /gateway through that client.
package gateway
