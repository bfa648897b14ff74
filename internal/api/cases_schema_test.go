package api

import (
	"encoding/json"
	"reflect"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestCaseSchemasMatchTypes keeps the documented schemas of triage, cases,
// the regisseur and the settings equal to the JSON fields of the Go types
// that write (or read) them, as TestSchemasMatchTypes does for the rest.
func TestCaseSchemasMatchTypes(t *testing.T) {
	var doc struct {
		Components struct {
			Schemas map[string]struct {
				Properties map[string]json.RawMessage `json:"properties"`
			} `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(openapiJSON, &doc); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		schema string
		value  any
	}{
		{"TriageRegel", TriageRegel{}},
		{"Triagescherm", Triagescherm{}},
		{"EerderSignaal", EerderSignaal{}},
		{"CasusKort", CasusKort{}},
		{"DienstKort", DienstKort{}},
		{"Suggestie", Suggestie{}},
		{"Reden", Reden{}},
		{"RedenWaarden", RedenWaarden{}},
		{"Triagebesluit", Triagebesluit{}},
		{"TriageNieuw", TriageNieuw{}},
		{"Casus", Casus{}},
		{"Regisseur", Regisseur{}},
		{"Mandaat", Mandaat{}},
		{"Meldcode", Meldcode{}},
		{"CasusSamenvatting", CasusSamenvatting{}},
		{"Gebeurtenis", Gebeurtenis{}},
		{"StatusWijziging", StatusWijziging{}},
		{"NiveauWijziging", NiveauWijziging{}},
		{"Regie", Regie{}},
		{"Toewijzing", Toewijzing{}},
		{"RegisseurToewijzing", RegisseurToewijzing{}},
		{"MandaatInvoer", MandaatInvoer{}},
		{"Kandidaat", Kandidaat{}},
		{"CasussenPerNiveau", CasussenPerNiveau{}},
		{"CasusBetrokkene", CasusBetrokkene{}},
		{"BetrokkeneNieuw", BetrokkeneNieuw{}},
		{"Opschaling", Opschaling{}},
		{"OpschalingNieuw", OpschalingNieuw{}},
		{"OpschalingAntwoord", OpschalingAntwoord{}},
		{"Doorzettingsbesluit", Doorzettingsbesluit{}},
		{"DoorzettingsbesluitNieuw", DoorzettingsbesluitNieuw{}},
		{"Instellingen", Instellingen{}},
		{"Instellingen", instellingenInvoer{}},
	} {
		s, ok := doc.Components.Schemas[tt.schema]
		if !ok {
			t.Errorf("schema %s is not documented", tt.schema)
			continue
		}
		var want []string
		for name := range s.Properties {
			want = append(want, name)
		}
		slices.Sort(want)
		if diff := cmp.Diff(jsonFields(reflect.TypeOf(tt.value)), want); diff != "" {
			t.Errorf("%T against schema %s: fields (-type +schema):\n%s", tt.value, tt.schema, diff)
		}
	}
}
