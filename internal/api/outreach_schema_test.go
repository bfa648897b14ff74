package api

import (
	"testing"

	"wijkregie/internal/app"
)

// TestOutreachSchemasMatchTypes keeps the schemas of one outreach, its
// contact attempts, assignment and closing, and of the outreaches in an
// inzage, equal to the JSON fields of the types that write and read them.
func TestOutreachSchemasMatchTypes(t *testing.T) {
	checkSchemas(t, []schemaCase{
		{"Vroegsignaal", Vroegsignaal{}, nil},
		{"VroegsignaalAchterstand", VroegsignaalAchterstand{}, nil},
		{"VroegsignaalSchuldeiser", VroegsignaalSchuldeiser{}, nil},
		{"Contactpoging", Contactpoging{}, nil},
		{"ContactpogingNieuw", ContactpogingNieuw{}, nil},
		{"VroegsignaalAfronding", VroegsignaalAfronding{}, nil},
		{"VroegsignaalToewijzing", VroegsignaalToewijzing{}, nil},
		{"InzageVroegsignaal", app.InzageOutreach{}, nil},
		{"InzageContactpoging", app.InzageAttempt{}, nil},
	})
}
