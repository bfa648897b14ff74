package demo

import (
	"math/rand/v2"

	"wijkregie"
)

// Guarantees for the documented accounts, so every demo shows them a
// caseload whatever the seed: the professional coordinates the first
// coordinatorCases households of their team and contributes to the next
// contributorCases; the partner contributes to partnerCases.
const (
	coordinatorCases = 5
	contributorCases = 3
	partnerCases     = 2
)

// caseload decides who is involved with each household: about a third get
// a regisseur from their own team, with up to two colleagues of that team.
type caseload struct {
	r            *rand.Rand
	professional map[string][]string // team id → its professionals' user ids
	docTeam      string              // the documented professional's team
	docPro       string              // … and user id
	partner      string              // the documented partner's user id

	coordinating, contributing, partnering int
}

// assignment is one involvement to record.
type assignment struct {
	userID string
	kind   wijkregie.InvolvementKind
}

// next returns the involvements of the next household, of the given team.
func (c *caseload) next(teamID string) []assignment {
	r := c.r
	pros := c.professional[teamID]
	if len(pros) == 0 {
		return nil
	}
	doc := teamID == c.docTeam
	var coordinator string
	forceContributor := false
	switch {
	case doc && c.coordinating < coordinatorCases:
		coordinator = c.docPro
	case doc && c.contributing < contributorCases && len(pros) > 1:
		coordinator = c.other(pros, map[string]bool{c.docPro: true})
		forceContributor = true
	case r.IntN(3) == 0:
		coordinator = pros[r.IntN(len(pros))]
	default:
		return nil
	}
	if coordinator == c.docPro {
		c.coordinating++
	}
	// One regisseur: the schema refuses a second current one, so the
	// colleagues drawn here are all other people.
	out := []assignment{{coordinator, wijkregie.InvolvementCoordinator}}
	taken := map[string]bool{coordinator: true}
	add := func(id string) {
		if !taken[id] {
			taken[id] = true
			out = append(out, assignment{id, wijkregie.InvolvementContributor})
			if id == c.docPro {
				c.contributing++
			}
		}
	}
	if forceContributor {
		add(c.docPro)
	}
	for n := r.IntN(3); n > 0 && len(taken) < len(pros); n-- {
		add(c.other(pros, taken))
	}
	if doc && c.partnering < partnerCases && c.partner != "" {
		add(c.partner)
		c.partnering++
	}
	return out
}

// other draws a professional not in taken; at least one must not be.
func (c *caseload) other(pros []string, taken map[string]bool) string {
	for {
		if id := pros[c.r.IntN(len(pros))]; !taken[id] {
			return id
		}
	}
}
