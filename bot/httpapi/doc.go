// Package httpapi is the HTTP-interactions endpoint: Discord POSTs signed
// interactions to it (no gateway and no bot token), and it answers each
// through a responder.Responder, inline or with a deferral and a later
// webhook edit. It also serves /healthz, /readyz and, when configured,
// /metrics, and drains before it closes (see Options.Drain).
package httpapi
