package demo

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"strconv"

	"wijkregie"
)

// addressPlan hands out distinct addresses, one per household index, without
// remembering which were used: the streets' dwellings are numbered 0…size-1
// as slots, and household i lives in slot (step·i + offset) mod size. With
// step and size coprime that map is a permutation, so no two households
// share an address, memory stays flat for a million households, and the
// addresses scatter over the whole town rather than filling one street
// first.
type addressPlan struct {
	streets []street
	ends    []int64 // ends[k] is the first slot after street k
	size    int64
	step    int64
	offset  int64
}

type street struct {
	name       string
	postcode   string // the four digits
	letterBase int    // index of its first letter pair within its postcode
	length     int    // house numbers 1…length
	kind       streetKind
}

const (
	// occupancy is the share of dwellings at most that hold a registered
	// household: the teams know only some of a town's households.
	occupancyPercent = 60
	// perStreet is about how many demo households share a street, so that a
	// small demo still has neighbours (neighbours report concerns).
	perStreet = 12
	// numbersPerPostcode is how many house numbers share one postcode's
	// letter pair; in the Netherlands a postcode covers a stretch of street.
	numbersPerPostcode = 24
)

// letterPairs are the letter parts a postcode can have: AA … ZZ without SA,
// SD and SS, which PostNL does not issue.
var letterPairs = func() []string {
	var out []string
	for a := 'A'; a <= 'Z'; a++ {
		for b := 'A'; b <= 'Z'; b++ {
			if a == 'S' && (b == 'A' || b == 'D' || b == 'S') {
				continue
			}
			out = append(out, string([]rune{a, b}))
		}
	}
	return out
}()

// newAddressPlan lays out the streets of every team for n households.
func newAddressPlan(r *rand.Rand, n int, teams []teamSpec) *addressPlan {
	p := &addressPlan{}
	perTeam := max(5, (n+perStreet*len(teams)-1)/(perStreet*len(teams)))
	for _, t := range teams {
		codes := postcodesOf(t.areas)
		names := append([]string(nil), t.streets...)
		r.Shuffle(len(names), func(i, j int) { names[i], names[j] = names[j], names[i] })
		names = names[:min(perTeam, len(names))]
		for i, name := range names {
			p.streets = append(p.streets, street{
				name:     name,
				postcode: codes[i%len(codes)],
				length:   30 + r.IntN(150),
				kind:     pickWeighted(r, t.housing),
			})
			// A block of flats has fewer numbers along the street than a
			// row of houses, which keeps a street of flats from holding
			// most of its neighbourhood's households.
			s := &p.streets[len(p.streets)-1]
			s.length = max(8, s.length*2/(len(s.kind.additions)+1))
		}
	}
	// A large demo needs more dwellings than the streets' natural lengths
	// give: lengthen every street alike rather than invent street names.
	var capacity int64
	for _, s := range p.streets {
		capacity += int64(s.length * len(s.kind.additions))
	}
	if need := int64(n) * 100 / occupancyPercent; capacity < need {
		scale := (need + capacity - 1) / capacity
		for i := range p.streets {
			p.streets[i].length *= int(scale)
		}
	}
	// Letter pairs run on along the streets that share four digits, so two
	// streets get different postcodes as in reality (until a very large demo
	// runs out of pairs and wraps).
	next := map[string]int{}
	for i := range p.streets {
		s := &p.streets[i]
		s.letterBase = next[s.postcode]
		next[s.postcode] += (s.length + numbersPerPostcode - 1) / numbersPerPostcode
		p.size += int64(s.length * len(s.kind.additions))
		p.ends = append(p.ends, p.size)
	}
	// A step near size/φ spreads consecutive households evenly; moving it
	// to the next number coprime with size makes the map a permutation.
	p.step = p.size*618/1000 + int64(r.IntN(100))
	for gcd(p.step, p.size) != 1 {
		p.step++
	}
	p.offset = r.Int64N(p.size)
	return p
}

// address returns household i's address; i must be below the n the plan
// was made for.
func (p *addressPlan) address(i int) wijkregie.Address {
	slot := (p.step*int64(i)%p.size + p.offset) % p.size
	k := sort.Search(len(p.ends), func(k int) bool { return p.ends[k] > slot })
	s := &p.streets[k]
	start := int64(0)
	if k > 0 {
		start = p.ends[k-1]
	}
	within := int(slot - start)
	units := len(s.kind.additions)
	number := within/units + 1
	pair := (s.letterBase + (number-1)/numbersPerPostcode) % len(letterPairs)
	return wijkregie.Address{
		Street:   s.name,
		Number:   number,
		Addition: s.kind.additions[within%units],
		Postcode: s.postcode + letterPairs[pair],
		Town:     town,
	}
}

// postcodesOf expands postcode areas ("2581-2583", "2584") to their
// four-digit postcodes.
func postcodesOf(areas []string) []string {
	var out []string
	for _, a := range areas {
		from, _ := strconv.Atoi(a[:4])
		to := from
		if len(a) == 9 {
			to, _ = strconv.Atoi(a[5:])
		}
		for c := from; c <= to; c++ {
			out = append(out, fmt.Sprintf("%04d", c))
		}
	}
	return out
}

func pickWeighted[T any](r *rand.Rand, ws []weighted[T]) T {
	total := 0
	for _, w := range ws {
		total += w.weight
	}
	n := r.IntN(total)
	for _, w := range ws {
		if n < w.weight {
			return w.value
		}
		n -= w.weight
	}
	return ws[len(ws)-1].value
}

func gcd(a, b int64) int64 {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}
