package index

// Every number that tunes the search, by stage. Each says what it trades
// and what chose it; the question sets named are in testdata (see its
// README for which were tuned on and which are held out). A change here is
// kept only when it raises a held-out set and lowers none.

// Limits: what keeps any query, however long or odd, cheap. They are not
// tuned; they bound the work.
const (
	// maxQueryBytes is how much of a query is read. Discord allows 6000
	// characters; a question takes far fewer.
	maxQueryBytes = 1024
	// maxCorrections caps typo corrections per query.
	maxCorrections = 8
	// maxAlternatives caps the phrases one concept is searched as;
	// maxTopicAlternatives those of a topic concept, which is in most
	// passages whichever way it is written.
	maxAlternatives      = 6
	maxTopicAlternatives = 4
	// defaultMaxConcepts caps the concepts searched when Options does not.
	defaultMaxConcepts = 16
	// maxParts caps the parts of a question ("how long is it, and is it
	// competitive?"); the last takes the rest.
	maxParts = 4
	// maxPairs caps the two-word phrases searched for word order.
	maxPairs = 6
	// retrieveSize is how many candidates Bleve returns for ranking: more
	// than any answer shows, enough that ranking never misses the best.
	retrieveSize = 50
	// minBatch and maxBatch bound how many passages are indexed in one
	// Bleve batch, which bounds the memory building takes (a batch's
	// analysis is held whole). Each batch is a segment of the in-memory
	// index, and a search looks up each of its words in each segment, so
	// batches hold a batchSegments-th of the passages within those
	// bounds: the built-in guide fits in one; 10k passages make 20
	// segments of 500, 100k 40 of 2,500. Measured (medians): at 100k,
	// 2,500 rather than 500 took search p50 from 47 to 32 ms for 50 to
	// 100 MiB more peak RSS; at 10k it cost 0.15 s of build time and 70
	// MiB of peak RSS for 4 ms of search p99.
	minBatch, maxBatch, batchSegments = 500, 2500, 40
)

// Normalize and understand: how much each kind of word counts.
const (
	// topicShare: a stem in more than this share of passages ("IR",
	// "residency") is a topic word: it says a question is about the
	// subject, not what about it.
	topicShare = 0.3
	// vagueWeight scales a vague word's weight ("best", "explain", a
	// number): it ranks a little, and never puts a question in scope.
	vagueWeight = 0.3
	// unknownShare: a word the knowledge lacks weighs as much as a word
	// in this share of the passages. Nobody knows whether "worth" or
	// "texas" is rare, so it is taken for a middling word: it lowers the
	// confidence of an answer that does not hold it, but does not
	// outweigh the question's subject.
	unknownShare = 0.15
	// familyWeight is how much another Porter form of a word the
	// knowledge has counts ("specialty" for "specialization").
	familyWeight = 0.8
	// relatedWeight is how much a related term (related.yaml) counts
	// against the user's own word: a hint, not an equivalent.
	relatedWeight = 0.6
	// answerWeight is how much stating the kind of answer a question asks
	// for ("six years" for "how long") counts against holding its words.
	answerWeight = 1.0
)

// Retrieve: the Bleve query.
const (
	// Field boosts. A heading says what a passage is about far better
	// than a word in its body; the questions it is asked as say it in
	// students' words; the parent headings say it as well as the body
	// does, so a subsection holds its section's subject as firmly as a
	// hub that repeats it.
	titleBoost = 1.0
	askedBoost = 2.0
	pathBoost  = 1.0
	bodyBoost  = 1.0
	// pairBoost is how much two of the query's words side by side in a
	// passage add, as a phrase, to their separate matches.
	pairBoost = 0.5
)

// Rank: combining Bleve's score with how well headings fit the query.
const (
	// bm25Weight scales the Bleve score, normalised to 1 for the best
	// candidate.
	bm25Weight = 1.0
	// fitWeight scales how well the heading (or, at askedFit of it, one
	// of the questions it is asked as) fits the query: the F-measure of
	// the share of the query it covers and the share of it the query
	// asks.
	fitWeight = 2.0
	askedFit  = 0.8
	// coverBias is how much more a heading's cover of the query counts in
	// its fit than its precision (the β² of the F-measure): a hub heading
	// holds few words the query does not ask, but its subsection holds
	// more of what it asks.
	coverBias = 1.0
	// contextWeight is how much a query phrase found in a parent heading,
	// not the passage's own, counts in the heading's cover.
	contextWeight = 0.8
	// askWeight is how much a FAQ heading's question word ("What is
	// ...?") counts in its fit, against a word's inverse document
	// frequency.
	askWeight = 1.0
	// unstatedFactor scales the score of a passage that does not state
	// the kind of answer the question asks for (see answerType).
	unstatedFactor = 0.6
	// minRelScore drops candidates scoring less than this share of the
	// best, unless they hold every concept of the query.
	minRelScore = 0.3
)

// Decide: the confidence tiers. Chosen on the tuned-on casual sets to
// reach precision >= 0.90 at coverage >= 0.70, then checked on the
// held-out ones (see testdata/README.md).
const (
	// highHeld is the share of a part of the question's weight (unknown
	// words included, at unknownShare) that the first passage must hold
	// for a confident answer on that alone.
	highHeld = 0.5
	// minHeld is the share below which an answer is never confident;
	// between it and highHeld, the first passage must also be the clear
	// choice (the best by Bleve and by fit) or fit well (goodFit), and
	// the question have few words the knowledge lacks (under maxUnknown
	// of its weight).
	minHeld    = 0.3
	goodFit    = 0.4
	maxUnknown = 0.4
	// sameSubjectShare is the share of words two headings must share to
	// name the same subject (see sameSubject): then the second fitting
	// better contests nothing.
	sameSubjectShare = 0.6
)
