// Package bot speaks Discord: the slash commands and components irbot offers,
// pure renderers from search results to interaction responses, and the limits
// every reply must obey. Runners (gateway, HTTP interactions) live in
// sub-packages and drive a Handler.
package bot
