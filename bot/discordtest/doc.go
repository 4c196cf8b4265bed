// Package discordtest is a fake Discord for tests: a REST API and a gateway
// websocket served on 127.0.0.1, with controls to push interactions, ask the
// client to reconnect or re-identify, drop its socket, inject REST faults
// (Inject: 429s with retry_after, 5xx, hung requests), leave RESUMEs
// unanswered and stop acknowledging heartbeats, and helpers that wait (with
// a deadline) for what the client did. Handler is a small interaction
// handler the runners' tests share.
//
// It implements only what irbot uses, but implements it the way Discord does:
// bot-token authorization, the three-second window for an interaction
// callback, one acknowledgement per interaction, and edits of @original only
// after an acknowledgement.
//
// Helpers named Wait* call tb.Fatal on timeout, so call them from the test's
// own goroutine.
package discordtest
