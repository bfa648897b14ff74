package wijkregie

import (
	"slices"
	"time"
)

// The printable gezinsplan: the case's current plan on paper, for the
// family meeting and for signing (docs/gezinsplan.md). Printing is an
// export in the terms of NEN 7513 (copy, print, export), so every print
// leaves a record of that kind, as the inzage export does.

func init() {
	for a, k := range map[string]AuditKind{
		"gezinsplan.afdrukken": KindExport,
	} {
		auditKinds[a] = k
	}
}

// SignsPlan reports whether a member of the household signs the printed
// plan, on day: the parents, and everyone whose own agreement the age
// rules for consent ask for — from 12 a child decides with its parents,
// from 16 alone (ConsentGivers: Jeugdwet art. 7.3.4, WGBO art. 7:450 BW).
// A member whose birth date is unknown signs unless recorded as a child:
// a signature line too many is struck out at the table, a missing one is
// not noticed.
func SignsPlan(r Relation, birth, day time.Time) bool {
	if r == RelationParent {
		return true
	}
	if birth.IsZero() {
		return r != RelationChild
	}
	return slices.Contains(ConsentGivers(AgeOn(birth, day)), GiverSelf)
}
