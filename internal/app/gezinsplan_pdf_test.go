package app_test

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"wijkregie"
	"wijkregie/internal/app"
	"wijkregie/internal/demo"
	"wijkregie/internal/locale"
	"wijkregie/internal/pdf/pdftest"
	"wijkregie/internal/store"
)

// printHome is a worked case with a plan, ready to print: a household of
// a parent, a child without birth date, a teenager of 14 and a member who
// moved out; the documented partner as betrokkene; consents in force, one
// withdrawn.
type printHome struct {
	h                   *wijkregie.Household
	c                   *wijkregie.Case
	parent, child, teen string
	gone                string
	share, byKind       *wijkregie.Consent
	withdrawn           *wijkregie.Consent
	partner             wijkregie.Actor
}

func (f *fixture) printHome(t *testing.T) *printHome {
	t.Helper()
	h, ids := f.newHousehold(t, f.users[wijkregie.RoleProfessional].TeamID)
	x := &printHome{h: h, parent: ids[0], child: ids[1]}
	err := f.s.Tx(f.ctx, func(q *store.Q) error {
		for _, m := range []struct {
			given string
			born  int // years ago
			until bool
			id    *string
		}{{"Tiener", 14, false, &x.teen}, {"Vertrokken", 40, true, &x.gone}} {
			p := &wijkregie.Person{MunicipalityID: demo.MunicipalityID, GivenName: m.given, FamilyName: "Proef",
				BirthDate: wijkregie.Today(f.clock.Now()).AddDate(-m.born, 0, 0)}
			if err := q.CreatePerson(f.ctx, p); err != nil {
				return err
			}
			mb := &wijkregie.Member{MunicipalityID: demo.MunicipalityID, HouseholdID: h.ID, PersonID: p.ID,
				Relation: wijkregie.RelationChild, From: start.AddDate(-1, 0, 0)}
			if m.until {
				mb.Relation, mb.Until = wijkregie.RelationParent, wijkregie.Today(f.clock.Now()).AddDate(0, -1, 0)
			}
			if err := q.AddMember(f.ctx, mb); err != nil {
				return err
			}
			*m.id = p.ID
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	pro := f.users[wijkregie.RoleProfessional]
	x.c = f.assign(t, f.openCase(t, x.parent, wijkregie.LevelIntensive, "financien"), pro.ID)
	x.partner = f.withPartner(t, x.c)
	gp := x.partner.OrganisationID
	x.share = f.shareWith(t, x.parent, gp, wijkregie.ConsentShareInformation, "financien", "sociaal-netwerk")
	x.byKind = &wijkregie.Consent{MunicipalityID: demo.MunicipalityID, PersonID: x.teen, OrganisationKind: wijkregie.OrgSchool,
		Purpose: wijkregie.ConsentTeamConsultation, Domains: []string{"tijdsbesteding"}, GivenOn: wijkregie.Today(f.clock.Now()),
		Until: wijkregie.Today(f.clock.Now()).AddDate(0, 6, 0), Method: wijkregie.ConsentOral,
		GivenBy:    []wijkregie.ConsentGiver{{PersonID: x.teen, Capacity: wijkregie.GiverSelf}, {PersonID: x.parent, Capacity: wijkregie.GiverParent}},
		RecordedBy: pro.ID}
	if err := f.s.Tx(f.ctx, func(q *store.Q) error { return q.CreateConsent(f.ctx, x.byKind) }); err != nil {
		t.Fatal(err)
	}
	x.withdrawn = f.shareWith(t, x.parent, f.org(t, wijkregie.OrgGGZ).ID, wijkregie.ConsentShareInformation, "geestelijke-gezondheid")
	if _, err := f.svc.WithdrawConsent(f.ctx, f.actor(wijkregie.RoleProfessional), x.withdrawn.ID, "Wil het niet meer.", 1); err != nil {
		t.Fatalf("WithdrawConsent: %v", err)
	}
	p := lightPlan()
	p.Goals[0].Actions = append(p.Goals[0].Actions, wijkregie.Action{What: "Post samen openen", Who: "Buurvrouw", Start: day(2026, 3, 9),
		Due: day(2026, 4, 30), Status: wijkregie.ActionStarted})
	p.Goals[1].Owner, p.Goals[1].OrganisationID = wijkregie.OwnerPartner, gp
	p.GoingWell = "De kinderen gaan graag naar school."
	p.AgreedOn, p.AgreedHow = day(2026, 3, 2), wijkregie.AgreedOrally
	if _, err := f.svc.CreatePlan(f.ctx, f.actor(wijkregie.RoleProfessional), x.c.ID, p); err != nil {
		t.Fatalf("CreatePlan: %v", err)
	}
	return x
}

// org returns the demo's first organisation of a kind.
func (f *fixture) org(t *testing.T, kind wijkregie.OrganisationKind) *wijkregie.Organisation {
	t.Helper()
	orgs, err := f.s.R().Organisations(f.ctx, demo.MunicipalityID)
	if err != nil {
		t.Fatal(err)
	}
	for i := range orgs {
		if orgs[i].Kind == kind {
			return &orgs[i]
		}
	}
	t.Fatalf("the demo has no organisation of kind %s", kind)
	return nil
}

// printed sets p as the PDF and reads it back: the text of each page,
// its white space made single.
func printed(t *testing.T, p *app.PlanPrint) (pages []string, all string) {
	t.Helper()
	cat, err := locale.Load()
	if err != nil {
		t.Fatal(err)
	}
	b, err := app.PlanPrintPDF(p, cat, locale.NL)
	if err != nil {
		t.Fatal(err)
	}
	doc := pdftest.Read(t, b)
	if doc.Info["Title"] != "Gezinsplan" {
		t.Errorf("the PDF is titled %q", doc.Info["Title"])
	}
	for i := range doc.Pages {
		pages = append(pages, strings.Join(strings.Fields(doc.Text(i)), " "))
	}
	return pages, strings.Join(pages, " ")
}

// TestPrintPlan: the regisseur prints the case's current plan: the
// family, the regisseur and how to reach them, every part of the plan,
// goals with their goed-genoeg criterion and actions, who is involved, the
// consents in force, the evaluation date and a signature line for each
// member who signs and the regisseur. The print is audited as an export
// on the case and every member named, with the reads of the consents.
func TestPrintPlan(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		x := f.printHome(t)
		pro := f.actor(wijkregie.RoleProfessional)
		proUser := f.users[wijkregie.RoleProfessional]
		gp, err := f.s.R().Organisation(f.ctx, demo.MunicipalityID, x.partner.OrganisationID)
		if err != nil {
			t.Fatal(err)
		}
		partnerUser := f.users[wijkregie.RolePartner]

		var p *app.PlanPrint
		rs := f.audited(t, func() {
			if p, err = f.svc.PrintPlan(f.ctx, pro, x.c.ID); err != nil {
				t.Fatalf("PrintPlan: %v", err)
			}
		})
		want := []entry{rec(pro, "gezinsplan.afdrukken", "casus", x.c.ID, "", app.PurposeTask, wijkregie.AuditAllowed)}
		for _, id := range []string{x.parent, x.child, x.teen} {
			want = append(want, rec(pro, "gezinsplan.afdrukken", "casus", x.c.ID, id, app.PurposeTask, wijkregie.AuditAllowed))
		}
		want = append(want, rec(pro, "toestemming.bekijken", "huishouden", x.h.ID, "", app.PurposeTask, wijkregie.AuditAllowed),
			rec(pro, "toestemming.bekijken", "toestemming", x.share.ID, x.parent, app.PurposeTask, wijkregie.AuditAllowed),
			rec(pro, "toestemming.bekijken", "toestemming", x.byKind.ID, x.teen, app.PurposeTask, wijkregie.AuditAllowed))
		if diff := diffEntries(rs, want); diff != "" {
			t.Errorf("PrintPlan: audit records (-got +want):\n%s", diff)
		}
		for _, r := range rs {
			if r.Action == "gezinsplan.afdrukken" && wijkregie.KindOf(r.Action) != wijkregie.KindExport {
				t.Errorf("a print is recorded as %q; want an export", wijkregie.KindOf(r.Action))
			}
		}
		if p.Plan.Version != 1 || len(p.Members) != 3 || p.Coordinator == nil || p.Coordinator.ID != proUser.ID || len(p.Consents) != 2 || p.ConsentsHidden {
			t.Fatalf("print: version %d, %d members, regisseur %v, %d consents (hidden %v)", p.Plan.Version, len(p.Members), p.Coordinator,
				len(p.Consents), p.ConsentsHidden)
		}

		pages, all := printed(t, p)
		for _, s := range []string{
			"Gezinsplan", "Proefstraat", "2581 ZZ Duinhaven", "Ouder Proef Ouder", "Kind Proef Kind", "Tiener Proef Kind",
			// The regisseur and how to reach them.
			proUser.Name, proUser.Email, "14 0120",
			// The plan's parts, in the method's order.
			"Wat gaat goed", "De kinderen gaan graag naar school.", "1. Schulden lopen op", "Licht plan", "Versie 1 van 2 maart 2026",
			"Besproken op 2 maart 2026, met Moeder, oma, regisseur", "Op 2 maart 2026 (mondeling)",
			// The goals with their criterion, target date, owner and status, and their actions.
			"Doel 1: Schulden onder controle", "Goed genoeg als Drie maanden geen nieuwe achterstand", "Streefdatum 1 september 2026",
			"Wie zorgt ervoor Gezin", "Stand Open", "Leefgebied Geldzaken",
			"Aanmelden bij schuldhulp", "Moeder", "20 maart 2026", "Gepland", "Post samen openen", "Buurvrouw", "9 maart 2026", "30 april 2026", "Gestart",
			"Doel 2: Oma helpt mee", "Oma past twee middagen per week op", "Partnerorganisatie (" + gp.Name + ")",
			// The evaluation.
			"Volgende evaluatie: 1 juni 2026",
			// Who is involved.
			partnerUser.Name, "Adviseur",
			// The consents in force: to an organisation, and to every school.
			gp.Name, "Informatie delen", "Tot u haar intrekt", "Elke organisatie van de soort School", "Overleg in het team", "2 september 2026",
			// Signatures: the parent, the teenager, the regisseur.
			"Ondertekening", "Ouder Proef (ouder)", "Tiener Proef (kind)", proUser.Name + " (regisseur)",
			fmt.Sprintf("Gezinsplan versie 1 · pagina 1 van %d", len(pages)),
		} {
			if !strings.Contains(all, s) {
				t.Errorf("the printed plan does not show %q", s)
			}
		}
		// Not printed: the member who moved out, the consent withdrawn
		// (to GGZ), the child without birth date's signature line.
		for _, s := range []string{"Vertrokken Proef", f.org(t, wijkregie.OrgGGZ).Name, "Kind Proef (kind)"} {
			if strings.Contains(all, s) {
				t.Errorf("the printed plan shows %q", s)
			}
		}
		// As a family introduces itself: the parent first, the eldest
		// child next, the child whose age is unknown last.
		if i, j, k := strings.Index(all, "Ouder Proef"), strings.Index(all, "Tiener Proef"), strings.Index(all, "Kind Proef"); !(i < j && j < k) {
			t.Errorf("the members are listed at %d, %d, %d; want parent, teenager, child", i, j, k)
		}
		if n := strings.Count(all, "Handtekening"); n != 3 {
			t.Errorf("%d signature lines; want 3 (parent, teenager, regisseur)", n)
		}

		// The lead of the case's team may print it too.
		lead := f.actor(wijkregie.RoleTeamLead)
		if _, err := f.svc.PrintPlan(f.ctx, lead, x.c.ID); err != nil {
			t.Errorf("the team lead's print: %v", err)
		}
	})
}

// TestPrintPlanRefused: a partner — without consent, or working on the
// plan by consent — may not print the plan (policy.DecidePrintPlan), nor
// a professional outside the case, nor a role without cases; each refusal
// is audited and nothing of the plan is returned. A case without a plan
// is not found, with a message that says so.
func TestPrintPlanRefused(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		x := f.printHome(t)
		check := func(name string, a wijkregie.Actor, wantCode string, wantAudit []entry) {
			t.Helper()
			var p *app.PlanPrint
			var err error
			rs := f.audited(t, func() { p, err = f.svc.PrintPlan(f.ctx, a, x.c.ID) })
			if code(err) != wantCode || p != nil {
				t.Errorf("%s: PrintPlan = %v, %v; want %s and nothing", name, p != nil, err, wantCode)
			}
			if diff := diffEntries(rs, wantAudit); diff != "" {
				t.Errorf("%s: audit records (-got +want):\n%s", name, diff)
			}
		}
		denied := func(a wijkregie.Actor) []entry {
			return []entry{rec(a, "gezinsplan.afdrukken", "casus", x.c.ID, "", app.PurposeTask, wijkregie.AuditDenied)}
		}
		// The partner involved, with informatie-delen already: the case's
		// frame and the family, but not the plan.
		check("partner with informatie-delen", x.partner, wijkregie.EFORBIDDEN, denied(x.partner))
		// … and working on its goal in financien by consent.
		f.shareWith(t, x.parent, x.partner.OrganisationID, wijkregie.ConsentCarryOutPlan, "financien", "sociaal-netwerk")
		if cv, err := f.svc.Case(f.ctx, x.partner, x.c.ID); err != nil || len(cv.PartnerGoals) != 1 {
			t.Fatalf("the partner does not work on its goal (%v): the refusal below tests nothing", err)
		}
		check("partner with uitvoeren-plan", x.partner, wijkregie.EFORBIDDEN, denied(x.partner))
		outsider := f.outsider(t)
		check("another team's professional", outsider, wijkregie.ENOTFOUND, denied(outsider))
		for _, r := range []wijkregie.Role{wijkregie.RolePolicy, wijkregie.RoleInspection, wijkregie.RoleAdmin, wijkregie.RolePrivacy} {
			check(string(r), f.actor(r), wijkregie.EFORBIDDEN, nil)
		}

		// A case without a plan: not found, saying why; the read of the case audited.
		pro := f.actor(wijkregie.RoleProfessional)
		_, _, bare := f.workedCase(t)
		rs := f.audited(t, func() {
			_, err := f.svc.PrintPlan(f.ctx, pro, bare.ID)
			if code(err) != wijkregie.ENOTFOUND || !isMessage(err, "fout.gezinsplan.geen_plan") {
				t.Errorf("PrintPlan without a plan = %v; want not found, fout.gezinsplan.geen_plan", err)
			}
		})
		if diff := diffEntries(rs, []entry{rec(pro, "casus.lezen", "casus", bare.ID, "", app.PurposeTask, wijkregie.AuditAllowed)}); diff != "" {
			t.Errorf("PrintPlan without a plan: audit records (-got +want):\n%s", diff)
		}
		if _, err := f.svc.PrintPlan(f.ctx, pro, wijkregie.NewID(f.clock.Now())); code(err) != wijkregie.ENOTFOUND {
			t.Errorf("PrintPlan of a case that does not exist = %v; want not found", err)
		}
		if _, err := f.svc.PrintPlan(f.ctx, pro, "geen-id"); code(err) != wijkregie.ENOTFOUND {
			t.Errorf("PrintPlan of a malformed id = %v; want not found", err)
		}
	})
}

// TestPlanPrintPDFKeepsSignaturesTogether: however long the plan, the
// signature lines and their heading share one page, and the footer counts
// the pages.
func TestPlanPrintPDFKeepsSignaturesTogether(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		x := f.printHome(t)
		p, err := f.svc.PrintPlan(f.ctx, f.actor(wijkregie.RoleProfessional), x.c.ID)
		if err != nil {
			t.Fatal(err)
		}
		goal := p.Plan.Goals[0]
		sizes := map[int]bool{}
		for n := 1; n <= 14; n++ {
			p.Plan.Goals = append(p.Plan.Goals, goal)
			pages, _ := printed(t, p)
			sizes[len(pages)] = true
			var at []int
			for i, pg := range pages {
				if strings.Contains(pg, "Ondertekening") || strings.Contains(pg, "Handtekening") {
					at = append(at, i)
				}
				if want := fmt.Sprintf("pagina %d van %d", i+1, len(pages)); !strings.Contains(pg, want) {
					t.Errorf("%d goals: page %d lacks %q", len(p.Plan.Goals), i+1, want)
				}
			}
			if len(at) != 1 || strings.Count(pages[at[0]], "Handtekening") != 3 || !strings.Contains(pages[at[0]], "Ondertekening") {
				t.Errorf("%d goals: the signatures are on pages %v; want all three with their heading on one", len(p.Plan.Goals), at)
			}
		}
		if len(sizes) < 3 {
			t.Errorf("the plans ran to %v pages only: the test did not move the signatures across page ends", slices.Sorted(maps.Keys(sizes)))
		}
	})
}
