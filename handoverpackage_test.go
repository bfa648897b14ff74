package wijkregie_test

import (
	"encoding/json"
	"slices"
	"testing"

	"wijkregie"
)

// smallPackage is a valid package of one person and one plan version.
func smallPackage() *wijkregie.HandoverPackage {
	p := &wijkregie.HandoverPackage{Format: "1.0", ID: "019cadc6-9a80-7481-8580-b24505a64273", CreatedAt: "2026-03-02T09:00:00Z",
		Sender: wijkregie.HandoverSender{MunicipalityCode: "GM9901", MunicipalityName: "Duinhaven", Team: "Centrum", SentBy: wijkregie.HandoverContact{Name: "S. Visser"}},
		Household: wijkregie.HandoverHousehold{Address: wijkregie.HandoverAddress{Street: "Duinweg", Number: 1, Postcode: "2581AB", Town: "Duinhaven"},
			Members: []wijkregie.HandoverMember{{Person: "p1", Relation: "ouder", From: "2020-01-01"}}},
		Persons: []wijkregie.HandoverPerson{{Ref: "p1", BSN: "999990019", FamilyName: "Proef", BirthDate: "1980-05-01"}},
		Case:    wijkregie.HandoverCase{Status: "uitvoering", Level: "licht", Domains: []string{"financien"}, OpenedAt: "2026-01-01T10:00:00Z", PlanStatus: "actief", Signals: []wijkregie.HandoverSignal{}},
		PlanVersions: []wijkregie.HandoverPlanVersion{{Version: 1, SavedAt: "2026-01-10T10:00:00Z", SavedBy: "S. Visser", Variant: "licht",
			Worries: []wijkregie.HandoverWorry{{Text: "Schulden", Priority: 1}},
			Goals: []wijkregie.HandoverGoal{{ID: "019cadc6-9a80-7a3c-ac70-1cffc778b7b9", Domain: "financien", Description: "Schulden onder controle",
				SuccessCriterion: "Geen nieuwe achterstand", TargetDate: "2026-09-01", Owner: "gezin", Status: "open", Actions: []wijkregie.HandoverAction{}}}}},
		Assessments: []wijkregie.HandoverAssessment{}, Parties: []wijkregie.HandoverParty{}, Consents: []wijkregie.HandoverConsent{}, History: []wijkregie.HandoverEvent{},
	}
	p.Seal()
	return p
}

func packageFields(err error) []string {
	e, ok := err.(*wijkregie.Error)
	if !ok {
		return nil
	}
	var out []string
	for _, f := range e.Fields {
		out = append(out, f.Name)
	}
	return out
}

// TestHandoverPackageValidate: a sealed package is valid, also after a
// trip through JSON; each fault is named by its path; a change after
// sealing is named on sha256.
func TestHandoverPackageValidate(t *testing.T) {
	p := smallPackage()
	if err := p.Validate(); err != nil {
		t.Fatalf("valid package: %v", err)
	}
	b, _ := json.Marshal(p)
	var q wijkregie.HandoverPackage
	if err := json.Unmarshal(b, &q); err != nil || q.Validate() != nil {
		t.Fatalf("after JSON: %v, %v", err, q.Validate())
	}
	for _, tc := range []struct {
		field string
		bend  func(p *wijkregie.HandoverPackage)
	}{
		{"formaat", func(p *wijkregie.HandoverPackage) { p.Format = "2.0" }},
		{"personen[0].bsn", func(p *wijkregie.HandoverPackage) { p.Persons[0].BSN = "123456789" }},
		{"huishouden.leden", func(p *wijkregie.HandoverPackage) { p.Household.Members = nil }},
		{"huishouden.adres.postcode", func(p *wijkregie.HandoverPackage) { p.Household.Address.Postcode = "ABCD" }},
		{"huishouden.leden[0].vanaf", func(p *wijkregie.HandoverPackage) { p.Household.Members[0].From = "2020-02-30" }},
		{"planversies[0].doelen[0].domein", func(p *wijkregie.HandoverPackage) { p.PlanVersions[0].Goals[0].Domain = "geluk" }},
		{"planversies[0].versie", func(p *wijkregie.HandoverPackage) { p.PlanVersions[0].Version = 2 }},
		{"casus.planStatus", func(p *wijkregie.HandoverPackage) { p.PlanVersions = nil }},
		{"afzender.gemeentecode", func(p *wijkregie.HandoverPackage) { p.Sender.MunicipalityCode = "0363" }},
	} {
		p := smallPackage()
		tc.bend(p)
		p.Seal()
		if got := packageFields(p.Validate()); !slices.Contains(got, tc.field) {
			t.Errorf("%s: fields %v", tc.field, got)
		}
	}
	p = smallPackage()
	p.Persons[0].FamilyName = "Anders"
	if got := packageFields(p.Validate()); !slices.Equal(got, []string{"sha256"}) {
		t.Errorf("changed after sealing: fields %v; want sha256 only", got)
	}
}
