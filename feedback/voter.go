package feedback

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"time"
)

// VoterKeyLen is the size of a day's voter key.
const VoterKeyLen = 32

// VoterHash is the opaque voter stored with a vote: hex(HMAC-SHA256(key,
// userID + ":" + answerID)), where key is the voter key of the day the answer
// was created. It is the same for the same user and answer, so a second vote
// is recognised, yet without the key it cannot be recomputed from a user id,
// and since the answer id is inside it, one user's votes on different answers
// cannot be linked to each other.
func VoterHash(key []byte, userID, answerID string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(userID))
	m.Write([]byte{':'})
	m.Write([]byte(answerID))
	return hex.EncodeToString(m.Sum(nil))
}

// Day returns the start of t's UTC day: the day a voter key belongs to.
func Day(t time.Time) time.Time {
	return t.UTC().Truncate(24 * time.Hour)
}
