package api

import "testing"

// TestCaseSchemasMatchTypes keeps the documented schemas of triage, cases,
// the regisseur and the settings equal to the JSON fields of the Go types
// that write (or read) them, as TestSchemasMatchTypes does for the rest.
func TestCaseSchemasMatchTypes(t *testing.T) {
	checkSchemas(t, []schemaCase{
		{"TriageRegel", TriageRegel{}, nil},
		{"Triagescherm", Triagescherm{}, nil},
		{"EerderSignaal", EerderSignaal{}, nil},
		{"CasusKort", CasusKort{}, nil},
		{"DienstKort", DienstKort{}, nil},
		{"Suggestie", Suggestie{}, nil},
		{"Reden", Reden{}, nil},
		{"RedenWaarden", RedenWaarden{}, nil},
		{"Triagebesluit", Triagebesluit{}, nil},
		{"TriageNieuw", TriageNieuw{}, nil},
		{"Casus", Casus{}, nil},
		{"Regisseur", Regisseur{}, nil},
		{"Mandaat", Mandaat{}, nil},
		{"Meldcode", Meldcode{}, nil},
		{"CasusSamenvatting", CasusSamenvatting{}, nil},
		{"Gebeurtenis", Gebeurtenis{}, nil},
		{"StatusWijziging", StatusWijziging{}, nil},
		{"NiveauWijziging", NiveauWijziging{}, nil},
		{"Regie", Regie{}, nil},
		{"Toewijzing", Toewijzing{}, nil},
		{"RegisseurToewijzing", RegisseurToewijzing{}, nil},
		{"MandaatInvoer", MandaatInvoer{}, nil},
		{"Kandidaat", Kandidaat{}, nil},
		{"CasussenPerNiveau", CasussenPerNiveau{}, nil},
		{"CasusBetrokkene", CasusBetrokkene{}, nil},
		{"BetrokkeneNieuw", BetrokkeneNieuw{}, nil},
		{"Opschaling", Opschaling{}, nil},
		{"OpschalingNieuw", OpschalingNieuw{}, nil},
		{"OpschalingAntwoord", OpschalingAntwoord{}, nil},
		{"Doorzettingsbesluit", Doorzettingsbesluit{}, nil},
		{"DoorzettingsbesluitNieuw", DoorzettingsbesluitNieuw{}, nil},
		{"Instellingen", Instellingen{}, nil},
		{"Instellingen", instellingenInvoer{}, nil},
	})
}
