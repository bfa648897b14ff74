package api

import (
	"testing"

	"wijkregie/internal/app"
)

// TestArrearsSchemasMatchTypes keeps the arrears intake's schemas equal to
// the JSON fields of the types that read and write them.
func TestArrearsSchemasMatchTypes(t *testing.T) {
	checkSchemas(t, []schemaCase{
		{"BetalingsachterstandMeldingen", BetalingsachterstandMeldingen{}, nil},
		{"BetalingsachterstandMelding", BetalingsachterstandMelding{}, nil},
		{"Levering", Levering{}, nil},
		{"LeveringResultaat", LeveringResultaat{}, nil},
		{"AfgewezenRegel", AfgewezenRegel{}, nil},
		{"InzageBetalingsachterstand", app.InzageArrears{}, nil},
	})
}
