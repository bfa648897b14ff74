package api

import "testing"

// TestRightsSchemasMatchTypes keeps the rights' schemas equal to the JSON
// fields of the types that write and read them.
func TestRightsSchemasMatchTypes(t *testing.T) {
	checkSchemas(t, []schemaCase{
		{"Rechtenverzoek", Rechtenverzoek{}, nil},
		{"RechtenverzoekNieuw", RechtenverzoekNieuw{}, nil},
		{"RechtenverzoekBesluit", RechtenverzoekBesluit{}, nil},
		{"RechtenverzoekVerlenging", RechtenverzoekVerlenging{}, nil},
		{"PersoonsCorrectie", PersoonsCorrectie{}, nil},
		{"Verzending", Verzending{}, nil},
	})
}
