package app_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"wijkregie"
	"wijkregie/internal/app"
	"wijkregie/internal/demo"
	"wijkregie/internal/locale"
	"wijkregie/internal/pdf/pdftest"
	"wijkregie/internal/policy"
	"wijkregie/internal/store"
)

// inzageHome is a safety case worked through: a household of a parent
// and a child, a signal on the parent that opened the case, the Meldcode
// route, a ZRM assessment of both, a plan, notes of every visibility, a
// consent of the parent's, and reads of the household in the access log.
type inzageHome struct {
	c             *wijkregie.Case
	parent, child string
	texts         []string // what the parent's export must hold
	childsScore   string   // the child's ZRM rationale: not the parent's
}

func (f *fixture) inzageHome(t *testing.T) *inzageHome {
	t.Helper()
	pro := f.actor(wijkregie.RoleProfessional)
	c := f.safetyCase(t)
	_, persons, err := f.s.R().HouseholdMembers(f.ctx, demo.MunicipalityID, c.HouseholdID)
	if err != nil {
		t.Fatal(err)
	}
	h := &inzageHome{c: c, childsScore: "Kind-score: leert slecht door onrust thuis"}
	for _, p := range persons {
		if p.GivenName == "Ouder" {
			h.parent = p.ID
		} else {
			h.child = p.ID
		}
	}
	f.step(t, pro, c.ID, 1)
	today := wijkregie.Today(f.clock.Now())
	if _, err := f.svc.Assess(f.ctx, pro, c.ID, &wijkregie.Assessment{Moment: wijkregie.MomentIntake, Date: today, Scores: []wijkregie.Score{
		{PersonID: h.parent, Domain: "financien", Level: 2, Rationale: "Ouder-score: schulden bij drie schuldeisers"},
		{PersonID: h.child, Domain: "financien", Level: 3, Rationale: h.childsScore},
	}}); err != nil {
		t.Fatal(err)
	}
	p := lightPlan()
	p.MeetingDate, p.EvaluationDate = today, today.AddDate(0, 3, 0)
	p.Goals[0].TargetDate, p.Goals[1].TargetDate = today.AddDate(0, 6, 0), today.AddDate(0, 6, 0)
	p.Goals[0].Actions[0].Due = today.AddDate(0, 1, 0)
	if _, err := f.svc.CreatePlan(f.ctx, pro, c.ID, p); err != nil {
		t.Fatal(err)
	}
	notes := map[wijkregie.Visibility]string{
		wijkregie.VisibleToTeam:     "Notitie voor het team: huisbezoek, ouder is bang",
		wijkregie.VisibleToInvolved: "Notitie voor alle betrokkenen: aanmelding schuldhulp verstuurd",
		wijkregie.VisibleToMe:       "Eigen werkaantekening van de regisseur",
	}
	for _, v := range wijkregie.Visibilities {
		f.clock.Advance(time.Second)
		if _, err := f.svc.AddNote(f.ctx, pro, c.ID, &wijkregie.Note{Kind: wijkregie.NoteProgress, Date: today, Text: notes[v], Visibility: v}); err != nil {
			t.Fatal(err)
		}
		h.texts = append(h.texts, notes[v])
	}
	consent := &wijkregie.Consent{MunicipalityID: demo.MunicipalityID, PersonID: h.parent, OrganisationID: f.actor(wijkregie.RolePartner).OrganisationID,
		Purpose: wijkregie.ConsentShareInformation, Domains: []string{"financien"}, GivenOn: today, Method: wijkregie.ConsentOral,
		GivenBy: []wijkregie.ConsentGiver{{PersonID: h.parent, Capacity: wijkregie.GiverSelf}}, RecordedBy: pro.UserID}
	if err := f.s.Tx(f.ctx, func(q *store.Q) error { return q.CreateConsent(f.ctx, consent) }); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Household(f.ctx, pro, c.HouseholdID); err != nil {
		t.Fatal(err)
	}
	h.texts = append(h.texts, newSignal("").Description, "Ouder-score: schulden bij drie schuldeisers", "Schulden onder controle",
		"Aanmelden bij schuldhulp", "Gedaan, met reden", consent.ID, app.InzageMeldcodeReview, "Proefstraat")
	return h
}

// TestInzage: the privacy officer's export of a person holds each kind of
// their data — household, signal, case, Meldcode route (marked for
// review), ZRM scores, plan, every note, consent, access log — and
// nothing of another household, nor another member's own scores; it is
// audited once; every other role is refused.
func TestInzage(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		h := f.inzageHome(t)
		pro := f.actor(wijkregie.RoleProfessional)
		// Another household's signal, and its reading: none of it is the
		// parent's.
		_, others := f.newHousehold(t, pro.TeamID, pro.UserID)
		other := newSignal(others[0])
		other.Description = "Zorg over een ander gezin, geheim voor dit gezin"
		if err := f.svc.CreateSignal(f.ctx, pro, other, nil); err != nil {
			t.Fatal(err)
		}

		privacy := f.actor(wijkregie.RolePrivacy)
		var z *app.Inzage
		got := f.audited(t, func() {
			var err error
			if z, err = f.svc.Inzage(f.ctx, privacy, h.parent); err != nil {
				t.Fatalf("Inzage: %v", err)
			}
		})
		want := []entry{rec(privacy, "inzage.exporteren", "persoon", h.parent, h.parent, app.PurposeInzageRequest, wijkregie.AuditAllowed)}
		if d := diffEntries(got, want); d != "" {
			t.Errorf("audit (-got +want):\n%s", d)
		}
		b, err := json.Marshal(z)
		if err != nil {
			t.Fatal(err)
		}
		doc := string(b)
		for _, s := range h.texts {
			if !strings.Contains(doc, s) {
				t.Errorf("the export does not hold %q", s)
			}
		}
		for _, s := range []string{h.childsScore, other.Description, other.ID, others[0]} {
			if strings.Contains(doc, s) {
				t.Errorf("the export holds %q, which is not the parent's", s)
			}
		}
		if z.Person.ID != h.parent || len(z.Households) != 1 || len(z.Signals) != 1 || len(z.Cases) != 1 || len(z.Consents) != 1 {
			t.Fatalf("person %s, %d households, %d signals, %d cases, %d consents; want the parent's one each",
				z.Person.ID, len(z.Households), len(z.Signals), len(z.Cases), len(z.Consents))
		}
		c := z.Cases[0]
		if c.Meldcode == nil || c.Meldcode.Review != app.InzageMeldcodeReview || len(c.Meldcode.Steps) != 1 {
			t.Errorf("Meldcode %+v; want the route with its step, marked for review", c.Meldcode)
		}
		if len(c.Notes) != 3 || len(c.Plans) != 1 || len(c.Assessments) != 1 || len(c.Assessments[0].Scores) != 1 || len(c.Tasks) == 0 || len(c.Coordinators) != 1 {
			t.Errorf("case: %d notes, %d plans, %d assessments, %d tasks, %d regisseurs", len(c.Notes), len(c.Plans), len(c.Assessments), len(c.Tasks), len(c.Coordinators))
		}
		if c.Coordinators[0].Who.Name != f.users[wijkregie.RoleProfessional].Name {
			t.Errorf("regisseur %+v", c.Coordinators[0].Who)
		}
		// The access log: the professional's read of the household, by
		// name and role.
		read := false
		for _, a := range z.Access {
			if a.Action == string(policy.ViewPerson) && a.Who.Name == f.users[wijkregie.RoleProfessional].Name && a.Who.Role == string(wijkregie.RoleProfessional) {
				read = true
			}
		}
		if !read {
			t.Errorf("the access log does not show the professional reading the household: %+v", z.Access)
		}
		for _, s := range z.Summary {
			if s.Section == "journaal" && s.Count != 3 {
				t.Errorf("summary: %d notes, want 3", s.Count)
			}
		}

		// The PDF sets the same export in Dutch.
		cat, err := locale.Load()
		if err != nil {
			t.Fatal(err)
		}
		b, err = app.InzagePDF(z, cat, locale.NL)
		if err != nil {
			t.Fatal(err)
		}
		pd := pdftest.Read(t, b)
		all := strings.Join(strings.Fields(pd.AllText()), " ")
		for _, s := range []string{"Inzage in uw gegevens", "Ouder Proef", "artikel 15", "Notitie voor het team: huisbezoek, ouder is bang",
			"Let op — beoordeel vóór verstrekking of verstrekking de veiligheid schaadt (art. 41 UAVG).", "Wie heeft uw gegevens ingezien",
			fmt.Sprintf("pagina 1 van %d", len(pd.Pages)), "Persoonsgegevens ingezien"} {
			if !strings.Contains(all, s) {
				t.Errorf("the PDF does not show %q", s)
			}
		}
		if strings.Contains(all, h.childsScore) || pd.Info["Title"] != "Inzage in uw gegevens" {
			t.Errorf("the PDF shows the child's score, or is titled %q", pd.Info["Title"])
		}

		// The child's export holds their own score, not the parent's.
		zc, err := f.svc.Inzage(f.ctx, privacy, h.child)
		if err != nil {
			t.Fatal(err)
		}
		if b, _ := json.Marshal(zc); !strings.Contains(string(b), h.childsScore) || strings.Contains(string(b), "Ouder-score") {
			t.Error("the child's export does not hold exactly the child's own scores")
		}

		for _, r := range wijkregie.Roles {
			if r == wijkregie.RolePrivacy {
				continue
			}
			if _, err := f.svc.Inzage(f.ctx, f.actor(r), h.parent); code(err) != wijkregie.EFORBIDDEN {
				t.Errorf("role %s: Inzage = %v, want forbidden", r, err)
			}
		}
		if _, err := f.svc.Inzage(f.ctx, privacy, wijkregie.NewID(f.clock.Now())); code(err) != wijkregie.ENOTFOUND {
			t.Errorf("unknown person: %v", err)
		}
	})
}

// TestInzageCoversEveryTable: every table of the schema that holds a
// person's data is declared covered by the export, and every declared
// table exists. A new migration with a person_id, household_id or
// case_id column fails this test until the export covers it.
func TestInzageCoversEveryTable(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		tables, err := f.s.PersonDataTables(f.ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(tables) < 20 {
			t.Fatalf("only %d tables of personal data found: %v", len(tables), tables)
		}
		for _, tb := range tables {
			if _, ok := app.InzageTables[tb]; !ok {
				t.Errorf("table %s holds a person's data, and the export does not say where it covers it (app.InzageTables)", tb)
			}
		}
		for tb := range app.InzageTables {
			if !slices.Contains(tables, tb) {
				t.Errorf("app.InzageTables names %s, which holds no person's data in the schema", tb)
			}
		}
	})
}

// TestFindPersonForInzage: the privacy officer finds a person by BSN and
// birth date together, nothing when either is off; bad input names the
// field; the search is audited, naming the person found; no other role
// may search this way.
func TestFindPersonForInzage(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		born := time.Date(1984, 5, 17, 0, 0, 0, 0, time.UTC)
		p, bsn := f.personWithBSN(t, born)
		privacy := f.actor(wijkregie.RolePrivacy)
		var m *app.InzageMatch
		got := f.audited(t, func() {
			var err error
			if m, err = f.svc.FindPersonForInzage(f.ctx, privacy, bsn, "1984-05-17"); err != nil {
				t.Fatalf("FindPersonForInzage: %v", err)
			}
		})
		if m.ID != p.ID || !m.BirthDate.Equal(born) || m.BSN.Masked() == bsn {
			t.Errorf("found %+v", m)
		}
		if d := diffEntries(got, []entry{rec(privacy, "inzage.zoeken", "persoon", p.ID, p.ID, app.PurposeInzageRequest, wijkregie.AuditAllowed)}); d != "" {
			t.Errorf("audit (-got +want):\n%s", d)
		}
		got = f.audited(t, func() {
			if _, err := f.svc.FindPersonForInzage(f.ctx, privacy, bsn, "1984-05-18"); code(err) != wijkregie.ENOTFOUND {
				t.Errorf("another birth date: %v, want not found", err)
			}
		})
		if d := diffEntries(got, []entry{rec(privacy, "inzage.zoeken", "persoon", "", "", app.PurposeInzageRequest, wijkregie.AuditAllowed)}); d != "" {
			t.Errorf("audit of a search that found no one (-got +want):\n%s", d)
		}
		for _, tc := range []struct{ bsn, date, field string }{
			{"123456789", "1984-05-17", "bsn"},
			{"", "1984-05-17", "bsn"},
			{bsn, "17-05-1984", "geboortedatum"},
			{bsn, "", "geboortedatum"},
		} {
			_, err := f.svc.FindPersonForInzage(f.ctx, privacy, tc.bsn, tc.date)
			var e *wijkregie.Error
			if code(err) != wijkregie.EINVALID || !errors.As(err, &e) || len(e.Fields) != 1 || e.Fields[0].Name != tc.field {
				t.Errorf("bsn %q, date %q: %v; want a field error on %s", tc.bsn, tc.date, err, tc.field)
			}
		}
		for _, r := range wijkregie.Roles {
			if r == wijkregie.RolePrivacy {
				continue
			}
			if _, err := f.svc.FindPersonForInzage(f.ctx, f.actor(r), bsn, "1984-05-17"); code(err) != wijkregie.EFORBIDDEN {
				t.Errorf("role %s: %v, want forbidden", r, err)
			}
		}
	})
}

// personWithBSN registers a person with a BSN from the test range
// (999900006–999999990) that no demo resident has.
func (f *fixture) personWithBSN(t *testing.T, born time.Time) (*wijkregie.Person, string) {
	t.Helper()
	for n := 999999990; n > 999990000; n-- {
		s := fmt.Sprint(n)
		b, err := wijkregie.ParseBSN(s)
		if err != nil {
			continue
		}
		p := &wijkregie.Person{MunicipalityID: demo.MunicipalityID, BSN: b, GivenName: "Inge", FamilyName: "Inzage", BirthDate: born}
		err = f.s.Tx(f.ctx, func(q *store.Q) error { return q.CreatePerson(f.ctx, p) })
		if code(err) == wijkregie.ECONFLICT {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		return p, s
	}
	t.Fatal("no free test BSN")
	return nil, ""
}
