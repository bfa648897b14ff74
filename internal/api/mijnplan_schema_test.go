package api

import "testing"

// TestMijnPlanSchemas: the documented schemas of the family's messages and
// ratings are the fields the API writes.
func TestMijnPlanSchemas(t *testing.T) {
	checkSchemas(t, []schemaCase{
		{"MijnPlanBericht", MijnPlanBericht{}, nil},
		{"Beoordeling", Beoordeling{}, nil},
	})
}
