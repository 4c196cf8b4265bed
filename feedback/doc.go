// Package feedback owns irbot's privacy-respecting record of how answers
// land: which questions were asked and how confident the answer was, the
// Helpful / Not quite votes on them, and which sections people opened from a
// reply. From that record it builds the gaps report a server's moderators
// read to see what the guide fails to answer.
//
// The package holds the domain types (Answer, Vote, the report types), the
// Store interface that the database implementation in feedback/sqlstore
// satisfies, and the Recorder: the bot hands it records and it writes them
// through a bounded queue on one goroutine, dropping and counting what it
// cannot write rather than ever blocking or failing a reply.
//
// What is never stored: a user id, a username or a message id. For "find"
// (run on another person's message) not even the text is kept, only that it
// was used and which passages were shown. One vote per user per answer is
// enforced without knowing who voted: the voter is an HMAC-SHA256 of the user
// id and the answer id under a random key for the day the answer was created
// (see VoterHash). The keys live in the database so every replica agrees, and
// are deleted once that day's answers are past the vote window; after that
// nothing can link a stored vote back to a user, even with the user id in
// hand. The user id itself lives only in memory, in the Recorder's queue,
// until the worker computes the hash.
package feedback
