package api

import "testing"

// TestOutreachListSchemasMatchTypes keeps the schemas of the team's
// outreach list, the monitor and the creditors' feedback equal to the JSON
// fields of the types that write them.
func TestOutreachListSchemasMatchTypes(t *testing.T) {
	checkSchemas(t, []schemaCase{
		{"VroegsignaalRegel", VroegsignaalRegel{}, nil},
		{"VroegsignaalAantallen", VroegsignaalAantallen{}, nil},
		{"VroegsignaalLijst", VroegsignaalLijst{}, nil},
		{"MeldingenPerSoort", MeldingenPerSoort{}, nil},
		{"ResultaatAantal", ResultaatAantal{}, nil},
		{"EersteContact", EersteContact{}, nil},
		{"VroegsignaleringMonitor", VroegsignaleringMonitor{}, nil},
		{"Schuldeiser", Schuldeiser{}, nil},
		{"Terugmelding", Terugmelding{}, nil},
		{"Terugmeldingen", Terugmeldingen{}, nil},
	})
}
