package demo

import (
	"context"
	"math/rand/v2"

	"wijkregie"
	"wijkregie/internal/store"
)

// Guarantees for the documented accounts, so every demo shows them a
// caseload whatever the seed: the professional coordinates the first
// coordinatorCases households of their team (one per docCase: a case in
// every stage) and contributes to the next contributorCases (the
// contribCases); the partner contributes to partnerCases.
const (
	coordinatorCases = 6
	contributorCases = 3
	partnerCases     = 2
)

// caseload decides who is involved with each household: about a third get
// a regisseur from their own team, with up to two colleagues of that team,
// and with the regisseur a case (cases.go).
type caseload struct {
	r            *rand.Rand
	cases        *rand.Rand          // draws the cases (streamCases)
	work         *rand.Rand          // draws the casework (streamCasework); see workRand
	professional map[string][]string // team id → its professionals' user ids
	docTeam      string              // the documented professional's team
	docPro       string              // … and user id
	partner      string              // the documented partner's user id
	cc           *caseContext        // read on the first case

	coordinating, contributing, partnering, docCase, contribCase int
}

// workRand returns the casework's random stream (streamCasework), apart
// from the other streams so the casework moves none of their draws.
func (c *caseload) workRand() *rand.Rand { return c.work }

// involve records the involvements of household h: its regisseur through
// the assignment of its case (the store moves the regisseur's involvement
// along with the case's assignment), its other professionals as
// involvements that began some time in the past year, counted back from
// the store's clock. A closed case leaves the household without anyone
// involved.
func (c *caseload) involve(ctx context.Context, q *store.Q, h *wijkregie.Household) error {
	as := c.next(h.TeamID)
	if len(as) == 0 {
		return nil
	}
	sp := c.drawCase(as)
	now := q.Now()
	for i, a := range as {
		// Drawn for the regisseur too, so the draws that follow stay as
		// they were before cases came.
		from := now.AddDate(0, 0, -1-c.r.IntN(365))
		if i == 0 || sp.closure != "" {
			continue
		}
		err := q.Involve(ctx, &wijkregie.Involvement{
			MunicipalityID: MunicipalityID, HouseholdID: h.ID, UserID: a.userID, Kind: a.kind, From: from,
		})
		if err != nil {
			return err
		}
	}
	return c.createCase(ctx, q, h, as, sp)
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
