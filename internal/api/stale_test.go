package api

import (
	"errors"
	"testing"

	"wijkregie"
)

// TestStaleAsPrecondition: when the use case finds the version a change
// was made over overtaken between the handler's read and its write, the
// client hears 412 as for a stale If-Match; any other conflict stays 409.
func TestStaleAsPrecondition(t *testing.T) {
	for _, key := range []string{"fout.casus.gewijzigd", "fout.plan.gewijzigd", "fout.taak.gewijzigd", "fout.meldcode.gewijzigd"} {
		if err := staleAsPrecondition(wijkregie.Conflict(key), key); !errors.Is(err, errStaleIfMatch) {
			t.Errorf("%s: %v; want 412", key, err)
		}
	}
	for _, key := range []string{"fout.plan.bestaat", "fout.casus.gesloten", "fout.meldcode.afgesloten"} {
		if err := staleAsPrecondition(wijkregie.Conflict(key), "fout.plan.gewijzigd"); errors.Is(err, errStaleIfMatch) {
			t.Errorf("%s became 412; want the conflict kept", key)
		}
	}
}
