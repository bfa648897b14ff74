package api

import "testing"

// TestEmergencySchemasMatchTypes keeps emergency access's schemas equal to
// the JSON fields of the types that write and read them.
func TestEmergencySchemasMatchTypes(t *testing.T) {
	checkSchemas(t, []schemaCase{
		{"NoodToegang", NoodToegang{}, nil},
		{"NoodToegangBeoordeling", NoodToegangBeoordeling{}, nil},
		{"NoodToegangNieuw", NoodToegangNieuw{}, nil},
		{"NoodToegangOordeel", NoodToegangOordeel{}, nil},
	})
}
