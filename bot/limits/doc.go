// Package limits checks interaction responses, follow-up messages and command
// definitions against Discord's documented size and shape limits, offline.
//
// Discord rejects an oversized reply with a 400 long after the user has seen
// "The application did not respond", so every renderer's output goes through
// Check in tests: a rule broken here is a reply that would have failed in a
// server. The checks also enforce irbot's own safety rule that every message
// carries allowed_mentions with an empty, non-null parse list, so nothing the
// bot echoes can ping anyone.
//
// Lengths are counted in Unicode code points, as Discord counts them.
package limits
