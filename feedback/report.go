package feedback

import "time"

// DefaultReportLimit caps each list of a report when ReportQuery.Limit is 0.
const DefaultReportLimit = 20

// Caps on the example texts a report carries per row: enough to recognise a
// question, few enough to read on a phone.
const (
	MaxExamples          = 3 // per Unanswered group
	MaxNotQuiteQuestions = 5 // per NotQuite passage
)

// ReportQuery selects the answers a report covers.
type ReportQuery struct {
	Since     time.Time `json:"since"`      // answers created at or after; zero for all
	Guild     string    `json:"guild"`      // the guild whose answers count ("" is DMs) unless AllGuilds
	AllGuilds bool      `json:"all_guilds"` // every guild and DMs together
	Limit     int       `json:"limit"`      // rows per list; 0 for DefaultReportLimit
}

// EffectiveLimit is the number of rows per list q asks for.
func (q ReportQuery) EffectiveLimit() int {
	if q.Limit <= 0 {
		return DefaultReportLimit
	}
	return q.Limit
}

// Report is the gaps report: what the guide fails to answer.
type Report struct {
	Query ReportQuery `json:"query"`
	// Unanswered groups the answers of confidence "none" or "low" by Key, most
	// asked first.
	Unanswered []QuestionGroup `json:"unanswered"`
	// NotQuite ranks passages (the first one an answer showed) by Not quite
	// votes, most first.
	NotQuite []SectionVotes `json:"not_quite"`
	// Suggestions lists sections people opened that the answer did not put
	// first, with the question they were asked as, most frequent first. Their
	// text could become a synonym or a heading alias.
	Suggestions []Suggestion `json:"suggestions"`
	Totals      Totals       `json:"totals"`
}

// QuestionGroup is one question (by its normalized words) that went
// unanswered or answered with low confidence.
type QuestionGroup struct {
	Key       string    `json:"key"`
	Count     int       `json:"count"`
	Examples  []string  `json:"examples"` // distinct texts, newest first, at most MaxExamples
	Low       int       `json:"low"`      // answered with low confidence
	None      int       `json:"none"`     // not answered
	LastAsked time.Time `json:"last_asked"`
}

// SectionVotes is one passage's votes, counted on the answers that showed it
// first.
type SectionVotes struct {
	PassageID string `json:"passage_id"`
	NotQuite  int    `json:"not_quite"`
	Helpful   int    `json:"helpful"`
	// Questions behind the Not quite votes: distinct, newest first, at most
	// MaxNotQuiteQuestions. "find" answers have no text and count without one.
	Questions []string `json:"questions"`
}

// Suggestion is a section opened from answers to one question although the
// answer showed another section first.
type Suggestion struct {
	PassageID  string    `json:"passage_id"` // the section opened
	Key        string    `json:"key"`        // the question's normalized words
	AskedAs    string    `json:"asked_as"`   // the newest text of that question
	Count      int       `json:"count"`      // answers on which it was opened
	LastOpened time.Time `json:"last_opened"`
}

// Totals counts the answers and votes a report covers.
type Totals struct {
	Answers  int `json:"answers"`
	High     int `json:"high"`
	Low      int `json:"low"`
	None     int `json:"none"`
	Helpful  int `json:"helpful"`
	NotQuite int `json:"not_quite"`
}
