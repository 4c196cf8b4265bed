package index

import (
	"math/bits"
	"slices"
)

// postings is, for one part of every passage (its title, its body, ...),
// the passages holding each stem, in passage order: what counts a
// concept's passages (see df) in time that grows with the passages holding
// its words, not with the knowledge.
type postings map[string][]int32

// add records that passage i holds stem. Passages are added in order, so
// every list stays sorted.
func (p postings) add(i int, stem string) {
	p[stem] = append(p[stem], int32(i))
}

// postingsOf lists, for one part of every passage, the passages holding
// each stem (numbers into stems), as add does one passage at a time, but
// with every list cut from one allocation of exactly the size needed.
func postingsOf(data []passageData, stems stemTable, part func(*passageData) stemSet) postings {
	counts := make([]int32, len(stems))
	total, distinct := 0, 0
	for i := range data {
		for _, s := range part(&data[i]) {
			if counts[s] == 0 {
				distinct++
			}
			counts[s]++
		}
		total += len(part(&data[i]))
	}
	slab := make([]int32, total)
	lists := make([][]int32, len(stems))
	for s, n := range counts {
		if n > 0 {
			lists[s], slab = slab[:0:n], slab[n:]
		}
	}
	for i := range data {
		for _, s := range part(&data[i]) {
			lists[s] = append(lists[s], int32(i))
		}
	}
	p := make(postings, distinct)
	for s, l := range lists {
		if len(l) > 0 {
			p[stems[s]] = l
		}
	}
	return p
}

// passageSet is a set of passages, one bit each.
type passageSet []uint64

func newPassageSet(n int) passageSet { return make(passageSet, (n+63)/64) }

func (s passageSet) set(i int32)      { s[i>>6] |= 1 << (i & 63) }
func (s passageSet) has(i int32) bool { return s[i>>6]&(1<<(i&63)) != 0 }

// len counts the passages in the set.
func (s passageSet) len() int {
	n := 0
	for _, w := range s {
		n += bits.OnesCount64(w)
	}
	return n
}

// holdingAll adds to out the passages whose part holds every stem.
func (p postings) holdingAll(stems []string, out passageSet) {
	lists := make([][]int32, len(stems))
	for k, s := range stems {
		lists[k] = p[s]
		if len(lists[k]) == 0 {
			return
		}
	}
	// Walk the shortest list; look each passage up in the others.
	slices.SortFunc(lists, func(a, b []int32) int { return len(a) - len(b) })
	for _, i := range lists[0] {
		all := true
		for _, l := range lists[1:] {
			if _, ok := slices.BinarySearch(l, i); !ok {
				all = false
				break
			}
		}
		if all {
			out.set(i)
		}
	}
}
