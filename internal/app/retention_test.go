package app_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"wijkregie"
	"wijkregie/internal/app"
	"wijkregie/internal/demo"
	"wijkregie/internal/store"
)

// closedCase writes a case of the household closed at closed, on ground
// (none when empty), as the regisseur would have left it.
func (f *fixture) closedCase(t *testing.T, householdID string, ground wijkregie.LegalGround, closed time.Time) *wijkregie.Case {
	t.Helper()
	pro := f.users[wijkregie.RoleProfessional]
	c := &wijkregie.Case{MunicipalityID: demo.MunicipalityID, HouseholdID: householdID, TeamID: pro.TeamID, Status: wijkregie.CaseClosed,
		Level: wijkregie.LevelIntensive, Domains: []string{"financien", "huisvesting"}, OpenedBy: pro.ID, ClosedAt: closed,
		ClosureReason: wijkregie.ClosureGoalsMet, LegalGround: ground}
	if ground != "" {
		c.LegalGroundNote = "Gezin Proef, zoon in jeugdhulp"
	}
	if err := f.s.Tx(f.ctx, func(q *store.Q) error { return q.CreateCase(f.ctx, c) }); err != nil {
		t.Fatalf("closed case: %v", err)
	}
	return c
}

// retain runs retention as the system actor: first dry, proving the dry
// run changes no row and counts what the real run then does; then for
// real; then once more, proving the rerun has nothing left to do.
func (f *fixture) retain(t *testing.T) *wijkregie.RetentionReport {
	t.Helper()
	sys := wijkregie.SystemActor(demo.MunicipalityID)
	before, err := f.s.R().RetentionRowCounts(f.ctx, demo.MunicipalityID)
	if err != nil {
		t.Fatal(err)
	}
	audit, _ := f.s.R().AuditLength(f.ctx, demo.MunicipalityID)
	dry, err := f.svc.RunRetention(f.ctx, sys, true, nil)
	if err != nil {
		t.Fatalf("dry run: %v", err)
	}
	after, err := f.s.R().RetentionRowCounts(f.ctx, demo.MunicipalityID)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(before, after); d != "" {
		t.Fatalf("the dry run changed rows (-before +after):\n%s", d)
	}
	if n, _ := f.s.R().AuditLength(f.ctx, demo.MunicipalityID); n != audit {
		t.Errorf("the dry run wrote %d audit records; want none", n-audit)
	}
	if !dry.DryRun || dry.Changed() {
		t.Errorf("dry run report %+v; want a dry run that changed nothing", dry)
	}
	real, err := f.svc.RunRetention(f.ctx, sys, false, nil)
	if err != nil {
		t.Fatalf("run: %v", err)
	}
	for _, k := range []struct {
		name      string
		dry, real wijkregie.RetentionCount
	}{
		{"youth cases", dry.YouthCases, real.YouthCases}, {"social cases", dry.SocialCases, real.SocialCases},
		{"signals", dry.Signals, real.Signals}, {"households", dry.Households, real.Households},
		{"persons", dry.Persons, real.Persons}, {"consents", dry.Consents, real.Consents},
	} {
		if k.dry.Expired != k.real.Expired || k.real.Expired != k.real.Anonymised+k.real.Removed {
			t.Errorf("%s: dry run found %d expired, the run %+v; want the same, all handled", k.name, k.dry.Expired, k.real)
		}
	}
	again, err := f.svc.RunRetention(f.ctx, sys, false, nil)
	if err != nil {
		t.Fatalf("rerun: %v", err)
	}
	if again.Changed() {
		t.Errorf("a rerun changed something: %+v", again)
	}
	return real
}

// TestRetentionTerms drives retention with the clock: a Jeugdwet file is
// kept for 19 years and 11 months and anonymised 20 years and a day after
// its closure; a Wmo file by the social files' period; a signal that never
// became a case by the signals'. A household that still has an open case
// keeps its family; one without any record left goes, with its persons
// and their consents.
func TestRetentionTerms(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		pro := f.users[wijkregie.RoleProfessional]
		hYouth, youthMembers := f.newHousehold(t, pro.TeamID)
		youth := f.closedCase(t, hYouth.ID, wijkregie.GroundJeugdwet, start)
		hWmo, wmoMembers := f.newHousehold(t, pro.TeamID)
		wmo := f.closedCase(t, hWmo.ID, wijkregie.GroundWmo, start)
		hOpen, openMembers := f.newHousehold(t, pro.TeamID, pro.ID)
		old := f.closedCase(t, hOpen.ID, "", start)
		open := &wijkregie.Case{MunicipalityID: demo.MunicipalityID, HouseholdID: hOpen.ID, TeamID: pro.TeamID, Status: wijkregie.CaseIntake,
			Level: wijkregie.LevelLight, Domains: []string{"financien"}, OpenedBy: pro.ID, CoordinatorID: pro.ID}
		sig := &wijkregie.Signal{MunicipalityID: demo.MunicipalityID, Kind: wijkregie.SignalCareReport, HouseholdID: hWmo.ID,
			SourceKind: wijkregie.SourceNeighbour, ReporterName: "Buurvrouw Jansen", Domains: []string{"financien"},
			Description: "Zorgen over de huur", Urgency: wijkregie.UrgencyNormal, ReceivedAt: start, TriageDeadline: start.AddDate(0, 0, 7),
			Status: wijkregie.SignalNew, CreatedBy: pro.ID}
		expired := &wijkregie.Consent{MunicipalityID: demo.MunicipalityID, PersonID: wmoMembers[0], OrganisationKind: wijkregie.OrgHuisarts,
			Purpose: wijkregie.ConsentShareInformation, Domains: []string{"financien"}, GivenOn: start, Until: start.AddDate(1, 0, 0), Method: wijkregie.ConsentOral,
			GivenBy: []wijkregie.ConsentGiver{{PersonID: wmoMembers[0], Capacity: wijkregie.GiverSelf}}, RecordedBy: pro.ID}
		err := f.s.Tx(f.ctx, func(q *store.Q) error {
			if err := q.CreateCase(f.ctx, open); err != nil {
				return err
			}
			if err := q.CreateSignal(f.ctx, sig); err != nil {
				return err
			}
			if err := q.SetSignalStatus(f.ctx, demo.MunicipalityID, sig.ID, wijkregie.SignalNew, wijkregie.SignalNoAction); err != nil {
				return err
			}
			return q.CreateConsent(f.ctx, expired)
		})
		if err != nil {
			t.Fatal(err)
		}

		caseOf := func(id string) *wijkregie.Case {
			t.Helper()
			c, err := f.s.R().Case(f.ctx, demo.MunicipalityID, id)
			if err != nil {
				t.Fatalf("case %s: %v", id, err)
			}
			return c
		}
		household := func(id string) bool {
			t.Helper()
			_, err := f.s.R().Household(f.ctx, demo.MunicipalityID, id)
			if err != nil && code(err) != wijkregie.ENOTFOUND {
				t.Fatal(err)
			}
			return err == nil
		}
		person := func(id string) bool {
			t.Helper()
			_, err := f.s.R().Person(f.ctx, demo.MunicipalityID, id)
			if err != nil && code(err) != wijkregie.ENOTFOUND {
				t.Fatal(err)
			}
			return err == nil
		}
		anonymised := func(c *wijkregie.Case, household string) bool { return c.HouseholdID != household }

		// Two years on, the signal has expired; the files are kept.
		f.clock.Set(start.AddDate(2, 0, 1))
		f.retain(t)
		if s, err := f.s.R().Signal(f.ctx, demo.MunicipalityID, sig.ID); err != nil || s.Description != "" || s.ReporterName != "" ||
			s.HouseholdID != "" || s.Status != wijkregie.SignalNoAction || s.SourceKind != wijkregie.SourceNeighbour || !s.ReceivedAt.Equal(kept(start)) {
			t.Errorf("signal after its period: %+v, %v; want its text and family gone, its kind, source, status and dates kept", s, err)
		}
		if !household(hWmo.ID) || anonymised(caseOf(wmo.ID), hWmo.ID) {
			t.Error("the Wmo file went with its signal")
		}

		// The Wmo file: kept the day before its ten years, anonymised the
		// day after, its family removed with its consent. The open case's
		// household keeps its family; its old file is anonymised.
		f.clock.Set(start.AddDate(10, 0, -1))
		f.retain(t)
		if anonymised(caseOf(wmo.ID), hWmo.ID) || anonymised(caseOf(old.ID), hOpen.ID) {
			t.Error("a social file was anonymised before its ten years")
		}
		f.clock.Set(start.AddDate(10, 0, 1))
		r := f.retain(t)
		if r.SocialCases.Anonymised < 2 || r.Consents.Removed < 1 {
			t.Errorf("report %+v; want at least the two social files anonymised and the consent removed", r)
		}
		if c := caseOf(wmo.ID); !anonymised(c, hWmo.ID) || c.LegalGround != wijkregie.GroundWmo || c.Status != wijkregie.CaseClosed ||
			c.Level != wijkregie.LevelIntensive || !cmp.Equal(c.Domains, wmo.Domains) || c.ClosureReason != wijkregie.ClosureGoalsMet ||
			!c.ClosedAt.Equal(kept(start)) || c.TeamID != pro.TeamID || c.LegalGroundNote != "" {
			t.Errorf("Wmo file after its period: %+v; want it anonymised with its statistics", c)
		}
		if household(hWmo.ID) || person(wmoMembers[0]) || person(wmoMembers[1]) {
			t.Error("the Wmo family is still there after its only file was anonymised")
		}
		if !anonymised(caseOf(old.ID), hOpen.ID) || !household(hOpen.ID) || !person(openMembers[0]) || !person(openMembers[1]) {
			t.Error("the household with an open case lost its family, or its old file was kept")
		}
		if c := caseOf(open.ID); anonymised(c, hOpen.ID) {
			t.Error("the open case was anonymised")
		}
		if s, err := f.s.R().Household(f.ctx, demo.MunicipalityID, caseOf(old.ID).HouseholdID); err != nil || s.Address.Street != "" ||
			s.Address.Number != 0 || s.Address.Postcode != "2581" || s.TeamID != "" {
			t.Errorf("the anonymised file's household: %+v, %v; want no address but the postcode's digits, and no team", s, err)
		}

		// The Jeugdwet file: kept for 19 years and 11 months, anonymised 20
		// years and a day after.
		f.clock.Set(start.AddDate(19, 11, 0))
		f.retain(t)
		if anonymised(caseOf(youth.ID), hYouth.ID) || !person(youthMembers[1]) {
			t.Error("the Jeugdwet file was anonymised at 19 years and 11 months")
		}
		f.clock.Set(start.AddDate(20, 0, 1))
		r = f.retain(t)
		if r.YouthCases.Anonymised != 1 {
			t.Errorf("youth cases anonymised at 20 years and a day: %d; want 1", r.YouthCases.Anonymised)
		}
		if c := caseOf(youth.ID); !anonymised(c, hYouth.ID) || c.LegalGround != wijkregie.GroundJeugdwet {
			t.Errorf("Jeugdwet file after 20 years and a day: %+v; want it anonymised, its ground kept", c)
		}
		if household(hYouth.ID) || person(youthMembers[0]) || person(youthMembers[1]) {
			t.Error("the youth file's family is still there")
		}
	})
}

// caseStats is what the outcome statistics read of a case: it must
// survive anonymisation whole.
type caseStats struct {
	Status, Level, Reason, Team, Relapse, Ground string
	Domains                                      []string
	Closed                                       time.Time
	Scores                                       []string // moment/domain/level per assessment, in order
	Goals                                        []string // domain/owner/status of the active plan's goals
	Rating                                       int
	Events                                       []string // kind from→to
}

func (f *fixture) stats(t *testing.T, c *wijkregie.Case) caseStats {
	t.Helper()
	st := caseStats{Status: string(c.Status), Level: string(c.Level), Reason: c.ClosureReason, Team: c.TeamID, Relapse: c.RelapseOf,
		Ground: string(c.LegalGround), Domains: c.Domains, Closed: c.ClosedAt}
	as, err := f.s.R().CaseAssessments(f.ctx, demo.MunicipalityID, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range as {
		for _, sc := range a.Scores {
			st.Scores = append(st.Scores, string(a.Moment)+"/"+sc.Domain+"/"+string(rune('0'+sc.Level)))
		}
	}
	if p, err := f.s.R().ActivePlan(f.ctx, demo.MunicipalityID, c.ID); err == nil {
		for _, g := range p.Goals {
			st.Goals = append(st.Goals, g.Domain+"/"+string(g.Owner)+"/"+string(g.Status))
		}
	}
	if cl, err := f.s.R().Closure(f.ctx, demo.MunicipalityID, c.ID); err == nil {
		st.Rating = cl.Rating
	}
	evs, err := f.s.R().CaseEvents(f.ctx, demo.MunicipalityID, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range evs {
		st.Events = append(st.Events, string(e.Kind)+" "+e.From+"→"+e.To)
	}
	return st
}

// TestRetentionKeepsStatistics: the demo's closed cases, worked in full
// (ZRM, plan, journal, Meldcode, closure), keep every number the outcome
// statistics count once anonymised, and lose every text and every link
// to their family.
func TestRetentionKeepsStatistics(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		closed, _, err := f.s.R().Cases(f.ctx, demo.MunicipalityID, wijkregie.HouseholdScope{All: true},
			store.CaseFilter{Closed: true, Page: store.Page{Limit: store.MaxLimit}})
		if err != nil {
			t.Fatal(err)
		}
		if len(closed) == 0 {
			t.Fatal("the demo has no closed case")
		}
		want := map[string]caseStats{}
		for _, c := range closed {
			want[c.ID] = f.stats(t, &c.Case)
		}
		f.clock.Set(start.AddDate(25, 0, 0))
		var seen []string
		audited := f.audited(t, func() {
			r, err := f.svc.RunRetention(f.ctx, wijkregie.SystemActor(demo.MunicipalityID), false, func(kind string, n int) { seen = append(seen, kind) })
			if err != nil {
				t.Fatal(err)
			}
			if got := r.YouthCases.Anonymised + r.SocialCases.Anonymised; got < len(closed) {
				t.Errorf("anonymised %d cases; want at least the demo's %d closed ones", got, len(closed))
			}
		})
		if len(seen) == 0 {
			t.Error("the run reported no progress")
		}
		byAction := map[string]map[string]bool{}
		for _, e := range audited {
			if e.User != "systeem" || e.Purpose != app.PurposeRetention {
				t.Errorf("audit record %+v; want the system actor, purpose %s", e, app.PurposeRetention)
			}
			if byAction[e.Action] == nil {
				byAction[e.Action] = map[string]bool{}
			}
			byAction[e.Action][e.Kind+":"+e.Subject] = true
		}
		for _, c := range closed {
			if !byAction[app.ActionRetentionAnonymise]["casus:"+c.ID] {
				t.Errorf("no audit record of case %s's anonymisation", c.ID)
			}
			got, err := f.s.R().Case(f.ctx, demo.MunicipalityID, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(want[c.ID], f.stats(t, got)); d != "" {
				t.Errorf("case %s's statistics changed (-before +after):\n%s", c.ID, d)
			}
			if _, ms, err := f.s.R().HouseholdMembers(f.ctx, demo.MunicipalityID, got.HouseholdID); err != nil || len(ms) != 0 {
				t.Errorf("case %s's household after anonymisation has %d members (%v); want none", c.ID, len(ms), err)
			}
			notes, _, err := f.s.R().CaseNotes(f.ctx, demo.MunicipalityID, c.ID, "", nil, store.Page{Limit: store.MaxLimit})
			if err != nil {
				t.Fatal(err)
			}
			for _, n := range notes {
				if n.Text != "" {
					t.Errorf("case %s keeps note text %q", c.ID, n.Text)
				}
			}
			if cl, err := f.s.R().Closure(f.ctx, demo.MunicipalityID, c.ID); err == nil && (cl.Summary != "" || cl.Remark != "") {
				t.Errorf("case %s keeps its closure's text", c.ID)
			}
			if p, err := f.s.R().ActivePlan(f.ctx, demo.MunicipalityID, c.ID); err == nil {
				b, _ := json.Marshal(p)
				for _, g := range p.Goals {
					if g.Description != "" || g.SuccessCriterion != "" {
						t.Errorf("case %s keeps plan texts: %s", c.ID, b)
					}
				}
				if p.GoingWell != "" || p.OwnStrength != "" || p.SupportNeeded != "" {
					t.Errorf("case %s keeps plan texts: %s", c.ID, b)
				}
			}
			for _, a := range mustAssessments(t, f, c.ID) {
				for _, sc := range a.Scores {
					if sc.Rationale != "" {
						t.Errorf("case %s keeps a ZRM rationale", c.ID)
					}
					if p, err := f.s.R().Person(f.ctx, demo.MunicipalityID, sc.PersonID); err != nil || p.FamilyName != "" || p.GivenName != "" {
						t.Errorf("case %s's score names person %+v (%v); want an anonymous stand-in", c.ID, p, err)
					}
				}
			}
		}
		if len(byAction[app.ActionRetentionRun]) != 1 {
			t.Errorf("audit records of the run: %v; want one", byAction[app.ActionRetentionRun])
		}
		// Every household removed is audited by id, and is gone.
		for k := range byAction[app.ActionRetentionRemove] {
			if len(k) > len("huishouden:") && k[:len("huishouden:")] == "huishouden:" {
				if _, err := f.s.R().Household(f.ctx, demo.MunicipalityID, k[len("huishouden:"):]); code(err) != wijkregie.ENOTFOUND {
					t.Errorf("household %s audited as removed but still there (%v)", k, err)
				}
			}
		}
		// The audit chain holds, removal and all (NEN 7513: the log
		// survives what it describes).
		if brk, _, err := f.s.R().VerifyAudit(f.ctx, demo.MunicipalityID, nil); err != nil || brk != nil {
			t.Errorf("audit chain after retention: %+v, %v", brk, err)
		}
	})
}

func mustAssessments(t *testing.T, f *fixture, caseID string) []wijkregie.Assessment {
	t.Helper()
	as, err := f.s.R().CaseAssessments(f.ctx, demo.MunicipalityID, caseID)
	if err != nil {
		t.Fatal(err)
	}
	return as
}

// TestRetentionAccess: beheer reads and sets the periods, the privacy
// officer reads them and runs a dry run only; others may do neither.
// Reading and setting are audited; a stale version is a conflict.
func TestRetentionAccess(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		adm, priv, pro := f.actor(wijkregie.RoleAdmin), f.actor(wijkregie.RolePrivacy), f.actor(wijkregie.RoleProfessional)
		var got wijkregie.RetentionPeriods
		entries := f.audited(t, func() {
			var err error
			if got, err = f.svc.RetentionPeriods(f.ctx, priv); err != nil {
				t.Fatal(err)
			}
		})
		if d := diffEntries(entries, []entry{rec(priv, "bewaartermijnen.bekijken", "bewaartermijnen", demo.MunicipalityID, "", app.PurposeAdmin, wijkregie.AuditAllowed)}); d != "" {
			t.Errorf("reading the periods audited (-got +want):\n%s", d)
		}
		if got.Version != 0 || got.YouthCase != (wijkregie.Period{Years: 20}) {
			t.Errorf("periods before any were set: %+v; want the defaults", got)
		}
		if _, err := f.svc.RetentionPeriods(f.ctx, pro); code(err) != wijkregie.EFORBIDDEN {
			t.Errorf("a professional reads the periods: %v", err)
		}
		got.SocialCase = wijkregie.Period{Years: 7, Months: 6}
		if err := f.svc.SaveRetentionPeriods(f.ctx, priv, &got); code(err) != wijkregie.EFORBIDDEN {
			t.Errorf("the privacy officer sets the periods: %v", err)
		}
		entries = f.audited(t, func() {
			if err := f.svc.SaveRetentionPeriods(f.ctx, adm, &got); err != nil {
				t.Fatal(err)
			}
		})
		if d := diffEntries(entries, []entry{rec(adm, "bewaartermijnen.beheren", "bewaartermijnen", demo.MunicipalityID, "", app.PurposeAdmin, wijkregie.AuditAllowed)}); d != "" {
			t.Errorf("setting the periods audited (-got +want):\n%s", d)
		}
		stale := got
		stale.Version = 1
		if err := f.svc.SaveRetentionPeriods(f.ctx, adm, &stale); err != nil {
			t.Fatalf("save at the current version: %v", err)
		}
		if err := f.svc.SaveRetentionPeriods(f.ctx, adm, &got); code(err) != wijkregie.ECONFLICT {
			t.Errorf("save over a changed version: %v; want a conflict", err)
		}
		bad := got
		bad.YouthCase = wijkregie.Period{Years: 15}
		if err := f.svc.SaveRetentionPeriods(f.ctx, adm, &bad); code(err) != wijkregie.EINVALID {
			t.Errorf("a youth period under the Jeugdwet's 20 years: %v; want invalid", err)
		}
		if _, err := f.svc.RunRetention(f.ctx, priv, true, nil); err != nil {
			t.Errorf("the privacy officer's dry run: %v", err)
		}
		if _, err := f.svc.RunRetention(f.ctx, priv, false, nil); code(err) != wijkregie.EFORBIDDEN {
			t.Errorf("the privacy officer's real run: %v; want forbidden", err)
		}
		if _, err := f.svc.RunRetention(f.ctx, pro, true, nil); code(err) != wijkregie.EFORBIDDEN {
			t.Errorf("a professional's dry run: %v; want forbidden", err)
		}
		read, err := f.svc.RetentionPeriods(context.Background(), adm)
		if err != nil || read.SocialCase != (wijkregie.Period{Years: 7, Months: 6}) || read.Version != 2 {
			t.Errorf("periods read back: %+v, %v", read, err)
		}
	})
}

// kept is a time as the store keeps it.
func kept(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }
