package bot

import (
	"context"

	"github.com/irbot/irbot/bot/responder"
	"github.com/irbot/irbot/index"
	"github.com/irbot/irbot/knowledge"
)

// Handler answers one interaction with the response Discord should receive.
// It never returns a nil response for an interaction it was given: user
// mistakes and internal faults alike become a friendly ephemeral message.
// The error, when not nil, is for the log only. It is the runners'
// responder.Handler, declared once there.
type Handler = responder.Handler

// Searcher is what the bot needs of the index.
type Searcher interface {
	// Search returns the best passages for a question, best first, and
	// how sure it is that the first answers it (see index.Result).
	Search(ctx context.Context, query string, limit int) (index.Result, error)
	// Complete returns passages whose titles match what a user has typed so
	// far, best first, for autocomplete. kind "" means any kind.
	Complete(ctx context.Context, typed string, kind knowledge.Kind, limit int) ([]knowledge.Passage, error)
}
