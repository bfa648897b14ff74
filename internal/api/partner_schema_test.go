package api

import "testing"

// TestPartnerSchemasMatchTypes keeps the schemas of the legal grounds and
// the partner's work equal to the JSON fields of their types.
func TestPartnerSchemasMatchTypes(t *testing.T) {
	checkSchemas(t, []schemaCase{
		{"Casus", Casus{}, nil},
		{"GrondslagInvoer", GrondslagInvoer{}, nil},
		{"Deelgrondslag", Deelgrondslag{}, nil},
		{"DeelgrondslagNieuw", DeelgrondslagNieuw{}, nil},
		{"DeelgrondslagBeeindiging", DeelgrondslagBeeindiging{}, nil},
		{"PartnerCasus", PartnerCasus{}, nil},
		{"PartnerContact", PartnerContact{}, nil},
		{"Toegang", Toegang{}, nil},
		{"Voortgang", Voortgang{}, nil},
		{"ActieStatusIn", ActieStatusIn{}, nil},
		{"Doel", Doel{}, nil},
		{"PartnerDoel", PartnerDoel{}, nil},
	})
}
