package knowledge

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// hashLen is how many hex digits of a hash end a shortened ID.
const hashLen = 6

// slug lowercases s and keeps ASCII letters and digits, joining the runs
// between them with single hyphens: "Years 1-3" becomes "years-1-3".
func slug(s string) string {
	b := make([]byte, 0, len(s))
	hyphen := false
	for _, r := range s {
		switch {
		case r >= utf8.RuneSelf:
			r = unicode.ToLower(r) // the Kelvin sign is a k
		case 'A' <= r && r <= 'Z':
			r += 'a' - 'A'
		}
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if hyphen && len(b) > 0 {
				b = append(b, '-')
			}
			hyphen = false
			b = append(b, byte(r))
		} else {
			hyphen = true
		}
	}
	return string(b)
}

// baseID is the ID a passage gets before collisions are resolved: the slug
// of its path and title, shortened to MaxIDLen by cutting the parents' words
// (or, for a very long heading, by a hash of the full slug so that two long
// headings sharing a prefix still differ).
func baseID(p Passage) string {
	s := slug(strings.Join(append(append([]string{}, p.Path...), p.Title), " "))
	if s == "" {
		// A heading with no ASCII letters or digits ("日本語"): name it by
		// a hash of its text so it still gets a stable ID.
		sum := sha256.Sum256([]byte(strings.Join(append(append([]string{}, p.Path...), p.Title), "\n")))
		return "section-" + hex.EncodeToString(sum[:])[:hashLen]
	}
	if len(s) <= MaxIDLen {
		return s
	}
	// Too long: keep the heading's own words whole, since they say which
	// section it is, and as much of the parents' as fits before them.
	title := slug(p.Title)
	if title != "" && len(title) <= MaxIDLen-8 {
		if prefix := wholeWords(slug(strings.Join(p.Path, " ")), MaxIDLen-1-len(title)); prefix != "" {
			return prefix + "-" + title
		}
		return title
	}
	sum := sha256.Sum256([]byte(s))
	return shorten(s, MaxIDLen-1-hashLen) + "-" + hex.EncodeToString(sum[:])[:hashLen]
}

// shorten cuts a slug to at most n bytes, at a hyphen when there is one.
func shorten(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := s[:n]
	if i := strings.LastIndexByte(cut, '-'); i > 0 && s[n] != '-' {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, "-")
}

// wholeWords returns the longest run of s's leading words that fits in n
// bytes, or "" when not even the first word does.
func wholeWords(s string, n int) string {
	if len(s) <= n {
		return s
	}
	if n <= 0 {
		return ""
	}
	if s[n] == '-' {
		return s[:n]
	}
	if i := strings.LastIndexByte(s[:n], '-'); i > 0 {
		return s[:i]
	}
	return ""
}

// assignIDs gives every passage a unique ID in order: the first passage
// keeps its base ID and later ones with the same base get -2, -3, ... so
// that IDs only depend on the content and its load order.
func assignIDs(passages []Passage) {
	used := make(map[string]bool, len(passages))
	// next is, for a base ID already taken, the suffix to try first: every
	// smaller one is taken, so that the search for a free one resumes
	// there rather than at 2 (a title repeated a thousand times would
	// otherwise try half a million IDs).
	next := make(map[string]int)
	for i := range passages {
		base := baseID(passages[i])
		id := base
		if used[id] {
			n := max(next[base], 2)
			for ; ; n++ {
				suffix := "-" + strconv.Itoa(n)
				if id = shorten(base, MaxIDLen-len(suffix)) + suffix; !used[id] {
					break
				}
			}
			next[base] = n + 1
		}
		used[id] = true
		passages[i].ID = id
	}
}

// validID reports whether id is a non-empty slug of at most MaxIDLen bytes.
func validID(id string) bool {
	return id != "" && len(id) <= MaxIDLen && slug(id) == id
}
