package api

import "testing"

// TestRetentionSchemasMatchTypes keeps the documented schemas of the
// retention periods and runs equal to the Go types that write and read
// them.
func TestRetentionSchemasMatchTypes(t *testing.T) {
	checkSchemas(t, []schemaCase{
		{"Bewaartermijnen", Bewaartermijnen{}, nil},
		{"Bewaartermijnen", bewaartermijnenInvoer{}, nil},
		{"Bewaartermijnuitvoering", Bewaartermijnuitvoering{}, nil},
		{"Bewaartermijnaantal", Bewaartermijnaantal{}, nil},
	})
}
