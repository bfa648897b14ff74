package api

import "testing"

// TestNotificationSchemasMatchTypes keeps the inbox's schemas equal to the
// JSON fields of the types that write and read them.
func TestNotificationSchemasMatchTypes(t *testing.T) {
	checkSchemas(t, []schemaCase{
		{"Melding", Melding{}, nil},
		{"AnderePartij", AnderePartij{}, nil},
		{"MeldingWijziging", MeldingWijziging{}, nil},
	})
}
