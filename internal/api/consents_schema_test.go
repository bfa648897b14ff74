package api

import "testing"

// TestConsentSchemasMatchTypes keeps the consent registry's schemas equal
// to the JSON fields of the types that write and read them.
func TestConsentSchemasMatchTypes(t *testing.T) {
	checkSchemas(t, []schemaCase{
		{"Toestemming", Toestemming{}, nil},
		{"ToestemmingGever", ToestemmingGever{}, nil},
		{"ToestemmingNieuw", ToestemmingNieuw{}, nil},
		{"ToestemmingIntrekking", ToestemmingIntrekking{}, nil},
	})
}
