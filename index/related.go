package index

import (
	"strings"

	"github.com/irbot/irbot/knowledge"
)

// relatedWeight is how much a related term counts against the user's own
// word: a hint, not an equivalent.
const relatedWeight = 0.6

// relatedTerms are groups of words and phrases that students and guides
// use for the same idea without being true synonyms: how a question is
// asked ("how many years", "jobs", "when") against how a guide words its
// answer ("length", "career", "timeline"). Unlike the knowledge's synonym
// list they are generic English about training and careers, not about one
// guide, and they count less than the words they stand for. One group a
// line, terms separated by commas.
const relatedTerms = `
how long, how many years, how many months, length, duration
keep, maintain, maintaining, renew, stay
job, jobs, career, careers, employment, work
teach, taught, learn, learning, curriculum, syllabus, rotations
best, top, leading, prestigious
hospital, hospitals, medical center, medical centers, academic medical centers, institutions
source, sources, reference, references, citation, citations, bibliography, info from, information from, author, authors, who wrote, written by
requirement, requirements, prerequisite, prerequisites, eligibility, eligible, qualify, qualifying, criteria
hard, difficult, tough, competitive, competitiveness
spots, positions, seats, availability
history, evolution, origin, origins
future, outlook, next, upcoming, ahead
options, opportunities, choices
difference, differences, different, compare, comparing, comparison, vs, versus
move, moved, shift, switch, transition, change, changed
stand out, strengthen, improve, boost
exam, exams, test, tests, examination
when, timeline, timing, schedule
patients, patient care, patient management
shorter, shorten, shortened, faster, fast track
`

// relatedGroups parses relatedTerms.
func relatedGroups() []knowledge.SynonymGroup {
	var out []knowledge.SynonymGroup
	for _, line := range strings.Split(relatedTerms, "\n") {
		var g knowledge.SynonymGroup
		for _, t := range strings.Split(line, ",") {
			if t = strings.TrimSpace(t); t != "" {
				g = append(g, t)
			}
		}
		if len(g) >= 2 {
			out = append(out, g)
		}
	}
	return out
}
