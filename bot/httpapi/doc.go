// Package httpapi is the HTTP side of Discord interactions: the endpoint
// Discord POSTs signed interactions to (HTTP-interactions mode, no gateway
// and no bot token), and the webhook calls that answer an interaction over
// REST (callback, edit of the original response, follow-up).
//
// Both runners answer through a Responder: it gives the handler until a
// deferral deadline, then sends a deferral and delivers the real reply by
// webhook when the handler finishes, so every interaction is acknowledged
// inside Discord's three seconds.
package httpapi
