package app_test

import (
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"wijkregie"
	"wijkregie/internal/app"
	"wijkregie/internal/demo"
	"wijkregie/internal/store"
)

// receiver is a second municipality in the same store, the one a family
// moves to: a team, its lead, a professional, and an organisation of the
// same name as the demo's partner (so that party joins the case there).
type receiver struct {
	id          string
	team        *wijkregie.Team
	other       *wijkregie.Team
	lead, admin wijkregie.Actor
	pro         wijkregie.Actor
	org         *wijkregie.Organisation
}

func (f *fixture) receiver(t *testing.T, partnerOrg string) *receiver {
	t.Helper()
	r := &receiver{id: "GM9902"}
	err := f.s.Tx(f.ctx, func(q *store.Q) error {
		if err := q.CreateMunicipality(f.ctx, &wijkregie.Municipality{ID: r.id, Name: "Zandvoorde"}); err != nil {
			return err
		}
		r.team = &wijkregie.Team{MunicipalityID: r.id, Name: "Wijkteam Noord", Areas: []string{"2500-2599"}, Active: true}
		r.other = &wijkregie.Team{MunicipalityID: r.id, Name: "Wijkteam Zuid", Areas: []string{"2600"}, Active: true}
		for _, tm := range []*wijkregie.Team{r.team, r.other} {
			if err := q.CreateTeam(f.ctx, tm); err != nil {
				return err
			}
		}
		r.org = &wijkregie.Organisation{MunicipalityID: r.id, Name: partnerOrg, Kind: wijkregie.OrgHuisarts, Active: true}
		if err := q.CreateOrganisation(f.ctx, r.org); err != nil {
			return err
		}
		for _, u := range []struct {
			email string
			role  wijkregie.Role
			team  string
			to    *wijkregie.Actor
		}{{"lead@zandvoorde.example", wijkregie.RoleTeamLead, r.team.ID, &r.lead}, {"beheer@zandvoorde.example", wijkregie.RoleAdmin, "", &r.admin},
			{"pro@zandvoorde.example", wijkregie.RoleProfessional, r.team.ID, &r.pro}} {
			x := &wijkregie.User{MunicipalityID: r.id, Email: u.email, Name: "Z " + string(u.role), Role: u.role, TeamID: u.team, Active: true}
			if err := q.CreateUser(f.ctx, x, ""); err != nil {
				return err
			}
			*u.to = wijkregie.ActorOf(x)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("receiver: %v", err)
	}
	return r
}

// handoverHome is printHome with a second plan version, an assessment,
// and a party the family has not let the team share with.
func (f *fixture) handoverHome(t *testing.T) *printHome {
	t.Helper()
	x := f.printHome(t)
	pro := f.actor(wijkregie.RoleProfessional)
	f.clock.Advance(24 * time.Hour)
	pv, err := f.svc.Plan(f.ctx, pro, x.c.ID)
	if err != nil {
		t.Fatal(err)
	}
	p := *pv.Plan
	p.Goals = slices.Clone(p.Goals)
	p.Goals[0].Status = wijkregie.GoalPartlyMet
	p.Note = "Eerste doel half bereikt"
	if _, err := f.svc.SavePlan(f.ctx, pro, x.c.ID, pv.Plan.Version, &p); err != nil {
		t.Fatalf("SavePlan: %v", err)
	}
	f.clock.Advance(time.Hour)
	if _, err := f.svc.Assess(f.ctx, pro, x.c.ID, &wijkregie.Assessment{Moment: wijkregie.MomentIntake, Date: wijkregie.Today(f.clock.Now()),
		Scores: []wijkregie.Score{{PersonID: x.parent, Domain: "financien", Level: 2, Rationale: "Schulden lopen op", Target: 4},
			{PersonID: x.teen, Domain: "tijdsbesteding", Level: 3, Rationale: "Gaat naar school"}}}); err != nil {
		t.Fatalf("Assess: %v", err)
	}
	ggz := f.org(t, wijkregie.OrgGGZ)
	if _, err := f.svc.AddParty(f.ctx, pro, x.c.ID, &wijkregie.Party{OrganisationID: ggz.ID, Role: wijkregie.PartyCaseWorker}); err != nil {
		t.Fatalf("AddParty: %v", err)
	}
	return x
}

// viaJSON sends a package as a file would: written and read back.
func viaJSON(t *testing.T, p *wijkregie.HandoverPackage) *wijkregie.HandoverPackage {
	t.Helper()
	b, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	var out wijkregie.HandoverPackage
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return &out
}

// TestHandoverPackageRoundTrip: a case exported by its regisseur in the
// demo municipality and read in by the lead of a team in another reads
// the same there: every plan version with its goals and actions and its
// moment, the assessments, the history; the partner the family shares
// with joins the case by name, the one it does not is left out; the
// export and the import are audited per person; the new case waits for
// its regisseur.
func TestHandoverPackageRoundTrip(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		x := f.handoverHome(t)
		partnerOrg := f.users[wijkregie.RolePartner].OrganisationID
		gp, err := f.s.R().Organisation(f.ctx, demo.MunicipalityID, partnerOrg)
		if err != nil {
			t.Fatal(err)
		}
		rcv := f.receiver(t, gp.Name)
		pro := f.actor(wijkregie.RoleProfessional)

		var pkg *wijkregie.HandoverPackage
		got := f.audited(t, func() {
			if pkg, err = f.svc.ExportHandoverPackage(f.ctx, pro, x.c.ID); err != nil {
				t.Fatalf("ExportHandoverPackage: %v", err)
			}
		})
		want := []entry{rec(pro, "overdrachtspakket.exporteren", "casus", x.c.ID, "", app.PurposeTask, wijkregie.AuditAllowed)}
		for _, id := range []string{x.parent, x.child, x.teen} {
			want = append(want, rec(pro, "overdrachtspakket.exporteren", "casus", x.c.ID, id, app.PurposeTask, wijkregie.AuditAllowed))
		}
		if d := cmp.Diff(want, got, cmpopts.SortSlices(func(a, b entry) bool { return a.Person < b.Person })); d != "" {
			t.Errorf("export audit (-want +got):\n%s", d)
		}
		if err := pkg.Validate(); err != nil {
			t.Fatalf("the exported package is not valid: %v", err)
		}
		if len(pkg.Persons) != 3 || len(pkg.PlanVersions) != 2 || len(pkg.Assessments) != 1 {
			t.Fatalf("package: %d persons, %d plan versions, %d assessments; want 3, 2, 1", len(pkg.Persons), len(pkg.PlanVersions), len(pkg.Assessments))
		}
		if len(pkg.Parties) != 1 || pkg.Parties[0].Organisation.Name != gp.Name {
			t.Errorf("parties %+v; want only %s, with whom the family shares", pkg.Parties, gp.Name)
		}
		if pkg.Sender.Coordinator == nil || pkg.Sender.Coordinator.Name != f.users[wijkregie.RoleProfessional].Name {
			t.Errorf("sender's regisseur %+v", pkg.Sender.Coordinator)
		}

		f.clock.Advance(time.Minute)
		sum, err := f.svc.ImportHandoverPackage(f.ctx, rcv.lead, viaJSON(t, pkg), app.HandoverImport{})
		if err != nil {
			t.Fatalf("ImportHandoverPackage: %v", err)
		}
		r := f.s.R()
		c, err := r.Case(f.ctx, rcv.id, sum.CaseID)
		if err != nil {
			t.Fatal(err)
		}
		if c.Status != wijkregie.CaseRegistered || c.CoordinatorID != "" || c.TeamID != rcv.team.ID || c.Level != x.c.Level {
			t.Errorf("imported case %+v; want aangemeld, no regisseur, team %s, level %s", c, rcv.team.ID, x.c.Level)
		}
		if sum.PersonsCreated != 3 || sum.PlanVersions != 2 || sum.Assessments != 1 || sum.Parties != 1 {
			t.Errorf("summary %+v", sum)
		}

		// Exported again from there, the package reads the same: the
		// plan, the assessments and the family, but for who saved and
		// assessed (the importer there, the original by name in the
		// note) and the notes that say so.
		back, _, err := app.BuildHandoverPackageForTest(f.ctx, f.svc, rcv.id, sum.CaseID, f.clock.Now())
		if err != nil {
			t.Fatalf("build from the receiver: %v", err)
		}
		for i := range back.PlanVersions {
			v, w := back.PlanVersions[i], pkg.PlanVersions[i]
			if v.SavedAt != w.SavedAt {
				t.Errorf("version %d saved at %s; want %s", v.Version, v.SavedAt, w.SavedAt)
			}
			v.SavedBy, v.Note, w.SavedBy, w.Note = "", "", "", ""
			if d := cmp.Diff(w, v); d != "" {
				t.Errorf("plan version %d (-sent +received):\n%s", i+1, d)
			}
		}
		for i := range back.Assessments {
			back.Assessments[i].Assessor = pkg.Assessments[i].Assessor
		}
		if d := cmp.Diff(pkg.Assessments, back.Assessments); d != "" {
			t.Errorf("assessments (-sent +received):\n%s", d)
		}
		if d := cmp.Diff(pkg.Persons, back.Persons); d != "" {
			t.Errorf("persons (-sent +received):\n%s", d)
		}
		if d := cmp.Diff(pkg.Household, back.Household); d != "" {
			t.Errorf("household (-sent +received):\n%s", d)
		}
		events, err := r.CaseEvents(f.ctx, rcv.id, sum.CaseID)
		if err != nil {
			t.Fatal(err)
		}
		var lines []string
		for _, e := range events {
			if e.Kind == wijkregie.EventImported && e.From == "Duinhaven" && e.At.Before(f.clock.Now()) {
				lines = append(lines, e.To)
			}
		}
		var sent []string
		for _, h := range pkg.History {
			sent = append(sent, h.Kind)
		}
		for range pkg.Case.Signals {
			sent = append(sent, string(wijkregie.EventSignalJoined)) // the signal's summary as a line
		}
		// Events of one moment have no order between them: compared as sets.
		slices.Sort(lines)
		slices.Sort(sent)
		if !slices.Equal(lines, sent) {
			t.Errorf("history read in %v; want %v", lines, sent)
		}
		parties, err := r.Parties(f.ctx, rcv.id, sum.CaseID)
		if err != nil {
			t.Fatal(err)
		}
		if len(parties) != 1 || parties[0].OrganisationID != rcv.org.ID {
			t.Errorf("parties there %+v; want the organisation %s", parties, rcv.org.ID)
		}
		// The import's audit records are the receiver's.
		recs, _, err := r.Audit(f.ctx, rcv.id, store.AuditFilter{Page: store.Page{Limit: store.MaxLimit}})
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, rc := range recs {
			if rc.Action == "overdrachtspakket.importeren" && rc.SubjectID == sum.CaseID && rc.UserID == rcv.lead.UserID {
				n++
			}
		}
		if n != 4 {
			t.Errorf("%d import audit records; want 4 (the case and its three persons)", n)
		}
	})
}

// TestHandoverPackageInvalid: a package that is not whole or not right is
// refused with the field named, and nothing is written.
func TestHandoverPackageInvalid(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		x := f.handoverHome(t)
		rcv := f.receiver(t, "Huisartsenpraktijk Elders")
		pkg, err := f.svc.ExportHandoverPackage(f.ctx, f.actor(wijkregie.RoleProfessional), x.c.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			name  string
			field string
			bend  func(p *wijkregie.HandoverPackage)
		}{
			{"wrong version", "formaat", func(p *wijkregie.HandoverPackage) { p.Format = "2.0" }},
			{"missing household", "huishouden.leden", func(p *wijkregie.HandoverPackage) { p.Household = wijkregie.HandoverHousehold{} }},
			{"bad date", "huishouden.leden[0].vanaf", func(p *wijkregie.HandoverPackage) { p.Household.Members[0].From = "2026-13-01" }},
			{"unknown domain", "planversies[0].doelen[0].domein", func(p *wijkregie.HandoverPackage) { p.PlanVersions[0].Goals[0].Domain = "geluk" }},
			{"unknown person", "zrmMetingen[0].scores[0].persoon", func(p *wijkregie.HandoverPackage) { p.Assessments[0].Scores[0].Person = "p99" }},
		} {
			t.Run(tc.name, func(t *testing.T) {
				p := viaJSON(t, pkg)
				tc.bend(p)
				p.Seal()
				_, err := f.svc.ImportHandoverPackage(f.ctx, rcv.lead, p, app.HandoverImport{})
				if !namesField(err, tc.field) {
					t.Errorf("err %v; want the field %s named", err, tc.field)
				}
			})
		}
		t.Run("hash mismatch", func(t *testing.T) {
			p := viaJSON(t, pkg)
			p.PlanVersions[0].Goals[0].Description = "Iets anders"
			_, err := f.svc.ImportHandoverPackage(f.ctx, rcv.lead, p, app.HandoverImport{})
			if !namesField(err, "sha256") {
				t.Errorf("err %v; want sha256 named", err)
			}
		})
		cs, _, err := f.s.R().Cases(f.ctx, rcv.id, wijkregie.HouseholdScope{All: true}, store.CaseFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(cs) != 0 {
			t.Errorf("%d cases written from invalid packages", len(cs))
		}
	})
}

func namesField(err error, name string) bool {
	e, ok := err.(*wijkregie.Error)
	if !ok || e.Code != wijkregie.EINVALID {
		return false
	}
	return slices.ContainsFunc(e.Fields, func(f wijkregie.FieldError) bool { return f.Name == name })
}

// TestHandoverPackageRepeatAndDryRun: a dry run writes nothing; the same
// package read in twice is a conflict naming the case it became; the
// package is not read into the municipality that sent it.
func TestHandoverPackageRepeatAndDryRun(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		x := f.handoverHome(t)
		rcv := f.receiver(t, "Huisartsenpraktijk Elders")
		pkg, err := f.svc.ExportHandoverPackage(f.ctx, f.actor(wijkregie.RoleProfessional), x.c.ID)
		if err != nil {
			t.Fatal(err)
		}
		dry, err := f.svc.ImportHandoverPackage(f.ctx, rcv.admin, pkg, app.HandoverImport{TeamID: rcv.other.ID, DryRun: true})
		if err != nil || !dry.DryRun || dry.CaseID != "" || dry.PlanVersions != 2 {
			t.Fatalf("dry run: %+v, %v", dry, err)
		}
		first, err := f.svc.ImportHandoverPackage(f.ctx, rcv.admin, pkg, app.HandoverImport{TeamID: rcv.other.ID})
		if err != nil {
			t.Fatalf("import: %v", err)
		}
		again, err := f.svc.ImportHandoverPackage(f.ctx, rcv.lead, pkg, app.HandoverImport{})
		if wijkregie.ErrorCode(err) != wijkregie.ECONFLICT || again.EarlierCaseID != first.CaseID {
			t.Errorf("repeat: %+v, %v; want the conflict naming %s", again, err, first.CaseID)
		}
		_, err = f.svc.ImportHandoverPackage(f.ctx, f.actor(wijkregie.RoleTeamLead), pkg, app.HandoverImport{})
		if !namesField(err, "afzender.gemeentecode") {
			t.Errorf("into the sender: %v", err)
		}
	})
}

// TestHandoverPackagePolicy: only the regisseur and the lead of the
// case's team export; a colleague, a partner, beheer may not. Only the
// lead of the receiving team, or beheer, reads a package in.
func TestHandoverPackagePolicy(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		x := f.handoverHome(t)
		rcv := f.receiver(t, "Huisartsenpraktijk Elders")
		if _, err := f.svc.ExportHandoverPackage(f.ctx, f.actor(wijkregie.RoleTeamLead), x.c.ID); err != nil {
			t.Errorf("the team lead: %v", err)
		}
		for role, code := range map[wijkregie.Role]string{
			wijkregie.RolePartner: wijkregie.EFORBIDDEN, wijkregie.RoleAdmin: wijkregie.EFORBIDDEN, wijkregie.RolePrivacy: wijkregie.EFORBIDDEN,
		} {
			if _, err := f.svc.ExportHandoverPackage(f.ctx, f.actor(role), x.c.ID); wijkregie.ErrorCode(err) != code {
				t.Errorf("%s exports: %v; want %s", role, err, code)
			}
		}
		if _, err := f.svc.ExportHandoverPackage(f.ctx, rcv.lead, x.c.ID); wijkregie.ErrorCode(err) != wijkregie.ENOTFOUND {
			t.Errorf("another municipality's lead exports: %v; want not found", err)
		}
		pkg, err := f.svc.ExportHandoverPackage(f.ctx, f.actor(wijkregie.RoleProfessional), x.c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.ImportHandoverPackage(f.ctx, rcv.pro, pkg, app.HandoverImport{TeamID: rcv.team.ID}); wijkregie.ErrorCode(err) != wijkregie.EFORBIDDEN {
			t.Errorf("a professional imports: %v", err)
		}
		if _, err := f.svc.ImportHandoverPackage(f.ctx, rcv.lead, pkg, app.HandoverImport{TeamID: rcv.other.ID}); wijkregie.ErrorCode(err) != wijkregie.EFORBIDDEN {
			t.Errorf("a lead imports for another team: %v", err)
		}
		if _, err := f.svc.ImportHandoverPackage(f.ctx, rcv.admin, pkg, app.HandoverImport{}); !namesField(err, "team") {
			t.Errorf("beheer without a team: %v", err)
		}
	})
}

// TestHandoverPackageImportMatchesByBSN: a person the receiving
// municipality knows by BSN is reused only with the same birth date —
// another birth date is refused on personen[i].bsn, nothing written —
// and the membership of their household there that the import ends is
// audited as a change of that household, in the receiving log.
func TestHandoverPackageImportMatchesByBSN(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		x := f.handoverHome(t)
		born := time.Date(1985, 3, 4, 0, 0, 0, 0, time.UTC)
		_, bsn := f.reachableMember(t, x.h.ID, born)
		rcv := f.receiver(t, "Elders")
		pro := f.actor(wijkregie.RoleProfessional)
		b, _ := wijkregie.ParseBSN(bsn)
		known := &wijkregie.Person{MunicipalityID: rcv.id, BSN: b, GivenName: "Inge", FamilyName: "Inzage", BirthDate: born}
		there := &wijkregie.Household{MunicipalityID: rcv.id, TeamID: rcv.team.ID,
			Address: wijkregie.Address{Street: "Oudeweg", Number: 1, Postcode: "2501AA", Town: "Zandvoorde"}}
		err := f.s.Tx(f.ctx, func(q *store.Q) error {
			if err := q.CreatePerson(f.ctx, known); err != nil {
				return err
			}
			if err := q.CreateHousehold(f.ctx, there); err != nil {
				return err
			}
			return q.AddMember(f.ctx, &wijkregie.Member{MunicipalityID: rcv.id, HouseholdID: there.ID, PersonID: known.ID,
				Relation: wijkregie.RelationParent, From: born.AddDate(30, 0, 0)})
		})
		if err != nil {
			t.Fatal(err)
		}
		p, err := f.svc.ExportHandoverPackage(f.ctx, pro, x.c.ID)
		if err != nil {
			t.Fatalf("ExportHandoverPackage: %v", err)
		}
		i := slices.IndexFunc(p.Persons, func(x wijkregie.HandoverPerson) bool { return x.BSN == bsn })
		if i < 0 {
			t.Fatalf("the package lacks the person with the BSN")
		}

		// Another birth date: refused, nothing written.
		other := viaJSON(t, p)
		other.Persons[i].BirthDate = "1986-03-04"
		other.Seal()
		seq := f.auditLen(t, rcv.id)
		_, err = f.svc.ImportHandoverPackage(f.ctx, rcv.lead, other, app.HandoverImport{})
		wantHOFields(t, err, "personen["+string(rune('0'+i))+"].bsn")
		if hs, _ := f.s.R().PersonHouseholds(f.ctx, rcv.id, known.ID); !slices.Equal(hs, []string{there.ID}) {
			t.Errorf("after the refusal the person is in %v; want their household there only", hs)
		}

		// The same birth date: reused, their old membership ended and
		// audited on that household.
		sum, err := f.svc.ImportHandoverPackage(f.ctx, rcv.lead, viaJSON(t, p), app.HandoverImport{})
		if err != nil {
			t.Fatalf("ImportHandoverPackage: %v", err)
		}
		if sum.PersonsReused != 1 || sum.PersonIDs[i] != known.ID {
			t.Errorf("reused %d, %v; want %s", sum.PersonsReused, sum.PersonIDs, known.ID)
		}
		if hs, _ := f.s.R().PersonHouseholds(f.ctx, rcv.id, known.ID); slices.Contains(hs, there.ID) {
			t.Errorf("the person is still in the household there: %v", hs)
		}
		if !slices.ContainsFunc(f.auditOf(t, rcv.id, seq), func(r wijkregie.AuditRecord) bool {
			return r.Action == "huishouden.wijzigen" && r.SubjectKind == "huishouden" && r.SubjectID == there.ID && r.PersonID == known.ID &&
				r.UserID == rcv.lead.UserID
		}) {
			t.Errorf("no huishouden.wijzigen on the household there for the person in %+v", f.auditOf(t, rcv.id, seq))
		}
	})
}
