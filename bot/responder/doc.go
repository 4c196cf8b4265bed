// Package responder answers Discord interactions inside Discord's
// three-second window, for both runners (the HTTP endpoint in httpapi and
// the gateway runner): a Responder gives the handler until a deferral
// deadline, then sends a deferral and delivers the real reply by webhook
// when the handler finishes. Webhook makes the REST calls that answer an
// interaction (callback, edit of the original response, follow-up) with
// the interaction's own token, and Marshal encodes a response exactly as
// Discord expects it.
package responder
