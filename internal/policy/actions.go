package policy

import (
	"maps"
	"slices"
)

// Actions returns every action the policy has a rule for, sorted: the
// actions Known accepts, without Public, which is no action on anything.
// Tests walk it to prove each action is also known elsewhere (the audit
// log's kinds, its labels).
func Actions() []Action {
	return slices.Sorted(maps.Keys(general))
}
