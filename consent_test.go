package wijkregie

import (
	"errors"
	"testing"
	"time"
)

func consentDay(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func TestConsentGiversFollowTheAgeRules(t *testing.T) {
	today := consentDay(2026, 11, 23)
	for _, tc := range []struct {
		birth time.Time
		want  []GiverCapacity
	}{
		{consentDay(2015, 11, 24), []GiverCapacity{GiverParent}},            // 10, turns 11 tomorrow
		{consentDay(2014, 11, 24), []GiverCapacity{GiverParent}},            // 11 for one more day
		{consentDay(2014, 11, 23), []GiverCapacity{GiverSelf, GiverParent}}, // 12 today
		{consentDay(2010, 11, 24), []GiverCapacity{GiverSelf, GiverParent}}, // 15
		{consentDay(2010, 11, 23), []GiverCapacity{GiverSelf}},              // 16 today
		{consentDay(1980, 1, 1), []GiverCapacity{GiverSelf}},
	} {
		got := ConsentGivers(AgeOn(tc.birth, today))
		if len(got) != len(tc.want) || got[0] != tc.want[0] || len(got) == 2 && got[1] != tc.want[1] {
			t.Errorf("born %s: givers %v; want %v", tc.birth.Format(time.DateOnly), got, tc.want)
		}
	}
}

func TestConsentValidate(t *testing.T) {
	today := consentDay(2026, 11, 23)
	child, parent, other := "kind", "ouder", "buurvrouw"
	valid := func() Consent {
		return Consent{PersonID: child, OrganisationKind: OrgSchool, Purpose: ConsentShareInformation,
			Domains: []string{"financien"}, GivenOn: today, Method: ConsentOral,
			GivenBy: []ConsentGiver{{child, GiverSelf}, {parent, GiverParent}}}
	}
	thirteen := consentDay(2013, 5, 1)
	for _, tc := range []struct {
		name   string
		change func(c *Consent)
		birth  time.Time
		field  string // "" for valid
	}{
		{"a child of 13 and a parent", func(c *Consent) {}, thirteen, ""},
		{"a child of 13 alone", func(c *Consent) { c.GivenBy = c.GivenBy[:1] }, thirteen, "gegevenDoor"},
		{"only the parent of a child of 13", func(c *Consent) { c.GivenBy = c.GivenBy[1:] }, thirteen, "gegevenDoor"},
		{"a parent who has no authority", func(c *Consent) { c.GivenBy[1].PersonID = other }, thirteen, "gegevenDoor"},
		{"someone else as the subject", func(c *Consent) { c.GivenBy[0].PersonID = other }, thirteen, "gegevenDoor"},
		{"one parent twice", func(c *Consent) { c.GivenBy = append(c.GivenBy, ConsentGiver{parent, GiverParent}) }, thirteen, "gegevenDoor"},
		{"both parents of a child of 13", func(c *Consent) { c.GivenBy = append(c.GivenBy, ConsentGiver{"ouder-2", GiverParent}) }, thirteen, ""},
		{"a child of 8 by a parent", func(c *Consent) { c.GivenBy = c.GivenBy[1:] }, consentDay(2018, 1, 1), ""},
		{"a child of 8 also by themself", func(c *Consent) {}, consentDay(2018, 1, 1), "gegevenDoor"},
		{"a young person of 17 alone", func(c *Consent) { c.GivenBy = c.GivenBy[:1] }, consentDay(2009, 1, 1), ""},
		{"a young person of 17 with a parent", func(c *Consent) {}, consentDay(2009, 1, 1), "gegevenDoor"},
		{"no recipient", func(c *Consent) { c.OrganisationKind = "" }, thirteen, "organisatie"},
		{"two recipients", func(c *Consent) { c.OrganisationID = "org" }, thirteen, "organisatiesoort"},
		{"an unknown kind", func(c *Consent) { c.OrganisationKind = "bakker" }, thirteen, "organisatiesoort"},
		{"an unknown purpose", func(c *Consent) { c.Purpose = "alles" }, thirteen, "doel"},
		{"no domains", func(c *Consent) { c.Domains = nil }, thirteen, "domeinen"},
		{"an unknown domain", func(c *Consent) { c.Domains = []string{"alles"} }, thirteen, "domeinen"},
		{"a domain twice", func(c *Consent) { c.Domains = []string{"financien", "financien"} }, thirteen, "domeinen"},
		{"an unknown way", func(c *Consent) { c.Method = "telepathisch" }, thirteen, "wijze"},
		{"given tomorrow", func(c *Consent) { c.GivenOn = today.AddDate(0, 0, 1) }, thirteen, "gegevenOp"},
		{"no date", func(c *Consent) { c.GivenOn = time.Time{} }, thirteen, "gegevenOp"},
		{"ending before it began", func(c *Consent) { c.Until = today.AddDate(0, 0, -1) }, thirteen, "tot"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := valid()
			tc.change(&c)
			err := c.Validate(tc.birth, []string{parent, "ouder-2"}, today)
			if tc.field == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			var e *Error
			if !errors.As(err, &e) || e.Code != EINVALID || len(e.Fields) == 0 || e.Fields[0].Name != tc.field {
				t.Fatalf("error %v; want invalid field %s", err, tc.field)
			}
		})
	}
}

func TestConsentCoversUntilWithdrawnOrExpired(t *testing.T) {
	given := consentDay(2026, 11, 1)
	c := Consent{PersonID: "p", OrganisationID: "ggz", Purpose: ConsentCarryOutPlan, Domains: []string{"geestelijke-gezondheid"},
		GivenOn: given, Until: consentDay(2026, 12, 31)}
	noon := time.Date(2026, 11, 23, 11, 0, 0, 0, time.UTC)
	if !c.Covers("ggz", OrgGGZ, ConsentCarryOutPlan, "geestelijke-gezondheid", noon) || !c.Covers("ggz", OrgGGZ, ConsentCarryOutPlan, "", noon) {
		t.Fatal("an active consent does not cover its own organisation, purpose and domain")
	}
	for name, ok := range map[string]bool{
		"another organisation of the kind": c.Covers("ggz-2", OrgGGZ, ConsentCarryOutPlan, "", noon),
		"another purpose":                  c.Covers("ggz", OrgGGZ, ConsentShareInformation, "", noon),
		"another domain":                   c.Covers("ggz", OrgGGZ, ConsentCarryOutPlan, "financien", noon),
		"the day before it was given":      c.Covers("ggz", OrgGGZ, ConsentCarryOutPlan, "", given.Add(-2*time.Hour)), // 23:00 on 31 October, Dutch time,
		"the first moment after its end":   c.Covers("ggz", OrgGGZ, ConsentCarryOutPlan, "", EndOfDay(c.Until)),
	} {
		if ok {
			t.Errorf("covers %s", name)
		}
	}
	if !c.Covers("ggz", OrgGGZ, ConsentCarryOutPlan, "", EndOfDay(c.Until).Add(-time.Second)) {
		t.Error("does not cover the last second of its last day")
	}
	if err := c.Withdraw("regisseur", "Wil het zelf vertellen", noon); err != nil {
		t.Fatal(err)
	}
	if c.Covers("ggz", OrgGGZ, ConsentCarryOutPlan, "", noon) || c.StatusAt(noon) != ConsentWithdrawn {
		t.Error("a withdrawn consent still covers, at the moment of withdrawal")
	}
	if !c.Covers("ggz", OrgGGZ, ConsentCarryOutPlan, "", noon.Add(-time.Second)) {
		t.Error("the withdrawal reaches back in time")
	}
	if err := c.Withdraw("regisseur", "", noon); err == nil {
		t.Error("withdrawn twice")
	}
	kind := Consent{OrganisationKind: OrgHuisarts, Purpose: ConsentShareInformation, Domains: []string{"lichamelijke-gezondheid"}, GivenOn: given}
	if !kind.Covers("any-gp", OrgHuisarts, ConsentShareInformation, "", noon) || kind.Covers("school", OrgSchool, ConsentShareInformation, "", noon) {
		t.Error("a consent for a kind of organisation covers the wrong organisations")
	}
}

// TestConsentScopeAdmits: the team sees every consent; a partner those
// naming its organisation, and those for every organisation of its kind;
// the empty scope none.
func TestConsentScopeAdmits(t *testing.T) {
	ggz := &Consent{OrganisationID: "ggz-kustland"}
	gps := &Consent{OrganisationKind: OrgHuisarts}
	for _, tc := range []struct {
		name     string
		scope    ConsentScope
		ggz, gps bool
	}{
		{"the team", ConsentScope{All: true}, true, true},
		{"GGZ Kustland", ConsentScope{OrganisationID: "ggz-kustland", Kind: OrgGGZ}, true, false},
		{"another GGZ", ConsentScope{OrganisationID: "ggz-elders", Kind: OrgGGZ}, false, false},
		{"a GP practice", ConsentScope{OrganisationID: "duinroos", Kind: OrgHuisarts}, false, true},
		{"nobody", ConsentScope{}, false, false},
	} {
		if got := tc.scope.Admits(ggz); got != tc.ggz {
			t.Errorf("%s: admits the GGZ consent %v; want %v", tc.name, got, tc.ggz)
		}
		if got := tc.scope.Admits(gps); got != tc.gps {
			t.Errorf("%s: admits the consent for all GPs %v; want %v", tc.name, got, tc.gps)
		}
		if tc.scope.Empty() != (tc.name == "nobody") {
			t.Errorf("%s: Empty() = %v", tc.name, tc.scope.Empty())
		}
	}
	if (ConsentScope{All: true}).Admits(nil) {
		t.Error("admits no consent at all")
	}
}
