package app_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"wijkregie"
	"wijkregie/internal/app"
	"wijkregie/internal/demo"
	"wijkregie/internal/policy"
	"wijkregie/internal/store"
)

// mijnPlanHome is a family of the documented professional's team with a
// mother (42), a son of 17, a daughter of 13 and a son of 8, an open case
// under the documented professional with a plan, and the documented
// partner's organisation as a betrokkene.
type mijnPlanHome struct {
	household                   *wijkregie.Household
	mother, son17, girl13, boy8 string
	c                           *wijkregie.Case
	plan                        *wijkregie.Plan
	partnerOrg                  string
}

// resident is the actor of a member logged in to Mijn Plan.
func resident(personID string) wijkregie.Actor {
	return wijkregie.Actor{MunicipalityID: demo.MunicipalityID, UserID: personID, Role: wijkregie.RoleResident}
}

func (f *fixture) newMijnPlanHome(t *testing.T) *mijnPlanHome {
	t.Helper()
	pro := f.actor(wijkregie.RoleProfessional)
	f.n++
	today := wijkregie.Today(f.clock.Now())
	h := &mijnPlanHome{household: &wijkregie.Household{MunicipalityID: demo.MunicipalityID, TeamID: pro.TeamID,
		Address: wijkregie.Address{Street: "Planstraat", Number: f.n, Postcode: "2581ZZ", Town: "Duinhaven"}}}
	err := f.s.Tx(f.ctx, func(q *store.Q) error {
		if err := q.CreateHousehold(f.ctx, h.household); err != nil {
			return err
		}
		for _, m := range []struct {
			given string
			age   int
			rel   wijkregie.Relation
			dst   *string
		}{{"Marja", 42, wijkregie.RelationParent, &h.mother}, {"Tim", 17, wijkregie.RelationChild, &h.son17},
			{"Lotte", 13, wijkregie.RelationChild, &h.girl13}, {"Bram", 8, wijkregie.RelationChild, &h.boy8}} {
			p := &wijkregie.Person{MunicipalityID: demo.MunicipalityID, GivenName: m.given, FamilyName: "de Wit", BirthDate: today.AddDate(-m.age, -1, 0)}
			if err := q.CreatePerson(f.ctx, p); err != nil {
				return err
			}
			if err := q.AddMember(f.ctx, &wijkregie.Member{MunicipalityID: demo.MunicipalityID, HouseholdID: h.household.ID, PersonID: p.ID,
				Relation: m.rel, From: today.AddDate(-5, 0, 0)}); err != nil {
				return err
			}
			*m.dst = p.ID
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	h.c = f.assign(t, f.openCase(t, h.mother, wijkregie.LevelLight, "financien"), pro.UserID)
	partner := f.withPartner(t, h.c)
	h.partnerOrg = partner.OrganisationID
	p := lightPlan()
	p.MeetingDate, p.EvaluationDate = today, today.AddDate(0, 3, 0)
	p.Goals[0].Actions[0].Due = today.AddDate(0, 0, 14)
	p.Goals = append(p.Goals, wijkregie.Goal{Domain: "financien", Description: "Budgetcoaching", SuccessCriterion: "Vaste lasten betaald",
		TargetDate: today.AddDate(0, 6, 0), Owner: wijkregie.OwnerProfessional, Status: wijkregie.GoalOpen,
		Actions: []wijkregie.Action{{What: "Intake budgetcoach", Who: "Regisseur", Due: today.AddDate(0, 1, 0), Status: wijkregie.ActionPlanned}}})
	if h.plan, err = f.svc.CreatePlan(f.ctx, pro, h.c.ID, p); err != nil {
		t.Fatal(err, fields(err))
	}
	return h
}

// inbox returns the kinds of the user's notifications, newest first.
func (f *fixture) inbox(t *testing.T, userID string) []string {
	t.Helper()
	ns, _, _, err := f.s.R().Notifications(f.ctx, demo.MunicipalityID, userID, store.Page{Limit: store.MaxLimit})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, n := range ns {
		out = append(out, n.Kind)
	}
	return out
}

// TestMijnPlanView: the mother reads the plan with its progress, which
// actions are the family's, the regisseur with the team and how to reach
// them, and the betrokkenen with what they may receive; the read is
// audited on the case for each member named. A child under 16 and a
// staff member may not.
func TestMijnPlanView(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		h := f.newMijnPlanHome(t)
		mum := resident(h.mother)
		var v *app.MijnPlanView
		got := f.audited(t, func() {
			var err error
			if v, err = f.svc.MijnPlan(f.ctx, mum); err != nil {
				t.Fatal(err)
			}
		})
		if v.Plan == nil || v.Plan.Version != h.plan.Version || v.Goals != 3 || v.GoalsMet != 0 || v.Actions != 2 || v.ActionsDone != 0 {
			t.Errorf("plan %+v, progress %d/%d goals, %d/%d actions", v.Plan, v.GoalsMet, v.Goals, v.ActionsDone, v.Actions)
		}
		family, pro := h.plan.Goals[0].Actions[0].ID, h.plan.Goals[2].Actions[0].ID
		if !v.FamilyActions[family] || v.FamilyActions[pro] {
			t.Errorf("family actions %v; want the family goal's, not the professional's", v.FamilyActions)
		}
		if v.Coordinator == nil || v.Coordinator.ID != f.users[wijkregie.RoleProfessional].ID || v.Team == nil || v.CoordinatorOrganisation == nil {
			t.Errorf("regisseur %+v, team %+v, organisation %+v", v.Coordinator, v.Team, v.CoordinatorOrganisation)
		}
		if len(v.Parties) != 1 || v.Parties[0].Basis != "" || v.Parties[0].Organisation == "" {
			t.Errorf("betrokkenen %+v; want the partner, without consent", v.Parties)
		}
		if !v.CanChange || !v.CanMessage || v.CanRate || len(v.Members) != 4 {
			t.Errorf("may change %v, message %v, rate %v; members %d", v.CanChange, v.CanMessage, v.CanRate, len(v.Members))
		}
		var persons []string
		for _, e := range got {
			if e.Action != "mijnplan.plan-bekijken" || e.Kind != "casus" || e.Subject != h.c.ID || e.Purpose != app.PurposeMijnPlan || e.User != h.mother {
				t.Errorf("audit record %+v", e)
			}
			persons = append(persons, e.Person)
		}
		slices.Sort(persons)
		want := []string{h.mother, h.son17, h.girl13, h.boy8}
		slices.Sort(want)
		if !slices.Equal(persons, want) {
			t.Errorf("audited on %v; want every member %v", persons, want)
		}

		// A consent names the partner's organisation: the family reads it.
		f.shareWith(t, h.mother, h.partnerOrg, wijkregie.ConsentShareInformation, "financien")
		if v, _ = f.svc.MijnPlan(f.ctx, mum); len(v.Parties) != 1 || v.Parties[0].Basis != "toestemming" {
			t.Errorf("with a consent: %+v", v.Parties)
		}

		for name, a := range map[string]wijkregie.Actor{"a girl of 13": resident(h.girl13), "the professional": f.actor(wijkregie.RoleProfessional)} {
			if _, err := f.svc.MijnPlan(f.ctx, a); code(err) != wijkregie.EFORBIDDEN {
				t.Errorf("%s reads Mijn Plan: %v; want forbidden", name, err)
			}
		}
	})
}

// TestMijnPlanPartiesFollowTheAgeRules: a betrokkene's basis counts only
// the consents the reader manages (policy.ManagesConsents). The son of 17
// consented to the partner: he reads that it may receive data on his
// consent; his mother, who does not see his consents, does not learn it
// from the list of betrokkenen. A consent for the boy of 8, which she
// manages, is her basis too.
func TestMijnPlanPartiesFollowTheAgeRules(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		h := f.newMijnPlanHome(t)
		basis := func(who string) string {
			t.Helper()
			v, err := f.svc.MijnPlan(f.ctx, resident(who))
			if err != nil {
				t.Fatal(err)
			}
			if len(v.Parties) != 1 {
				t.Fatalf("betrokkenen %+v; want the partner", v.Parties)
			}
			return v.Parties[0].Basis
		}
		f.shareWith(t, h.son17, h.partnerOrg, wijkregie.ConsentShareInformation, "financien")
		if got := basis(h.mother); got != "" {
			t.Errorf("the mother reads the partner's basis %q from her son of 17's consent; want none", got)
		}
		if got := basis(h.son17); got != "toestemming" {
			t.Errorf("the son of 17 reads the partner's basis %q; want toestemming", got)
		}
		today := wijkregie.Today(f.clock.Now())
		boys := &wijkregie.Consent{MunicipalityID: demo.MunicipalityID, PersonID: h.boy8, OrganisationID: h.partnerOrg,
			Purpose: wijkregie.ConsentShareInformation, Domains: []string{"financien"}, GivenOn: today, Method: wijkregie.ConsentOral,
			GivenBy:    []wijkregie.ConsentGiver{{PersonID: h.mother, Capacity: wijkregie.GiverParent}},
			RecordedBy: f.actor(wijkregie.RoleProfessional).UserID}
		if err := f.s.Tx(f.ctx, func(q *store.Q) error { return q.CreateConsent(f.ctx, boys) }); err != nil {
			t.Fatal(err)
		}
		if got := basis(h.mother); got != "toestemming" {
			t.Errorf("the mother, with her boy of 8's consent: basis %q; want toestemming", got)
		}
	})
}

// TestMijnPlanConsentsByAge: the mother manages her own consents and
// those of her children up to 15, not her son of 17's; he manages his
// own and does not see hers. Giving follows the age rules — under 12
// the parent, 12 to 15 the child with the parent (confirmed), 16+
// themselves — to an organisation of the case only; each is audited and
// the regisseur told.
func TestMijnPlanConsentsByAge(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		h := f.newMijnPlanHome(t)
		mum, tim := resident(h.mother), resident(h.son17)
		f.shareWith(t, h.son17, h.partnerOrg, wijkregie.ConsentShareInformation, "financien")
		v, err := f.svc.MijnPlanConsents(f.ctx, mum)
		if err != nil {
			t.Fatal(err)
		}
		var whose []string
		for _, p := range v.Persons {
			whose = append(whose, p.Person.ID)
		}
		if !slices.Equal(whose, []string{h.mother, h.girl13, h.boy8}) {
			t.Errorf("the mother manages %v; want herself, the girl and the boy", whose)
		}
		if len(v.Recipients) != 1 || v.Recipients[0].ID != h.partnerOrg || !v.CanGive {
			t.Errorf("recipients %+v, can give %v; want the partner's organisation", v.Recipients, v.CanGive)
		}
		if v.Persons[1].ChildAgrees != true || v.Persons[2].ChildAgrees {
			t.Errorf("child agrees asked for %+v", v.Persons)
		}
		tv, err := f.svc.MijnPlanConsents(f.ctx, tim)
		if err != nil || len(tv.Persons) != 1 || tv.Persons[0].Person.ID != h.son17 || len(tv.Persons[0].Active) != 1 {
			t.Errorf("Tim's consents: %+v, %v; want his own one", tv, err)
		}

		give := func(a wijkregie.Actor, personID, org string, agrees bool) (*wijkregie.Consent, error) {
			return f.svc.GiveMijnPlanConsent(f.ctx, a, app.MijnPlanConsentInput{PersonID: personID, OrganisationID: org,
				Purpose: wijkregie.ConsentShareInformation, Domains: []string{"financien"}, ChildAgrees: agrees})
		}
		var boy *wijkregie.Consent
		got := f.audited(t, func() {
			if boy, err = give(mum, h.boy8, h.partnerOrg, false); err != nil {
				t.Fatal(err, fields(err))
			}
		})
		if boy.Method != wijkregie.ConsentDigital || boy.RecordedBy != wijkregie.MijnPlanUserID || len(boy.GivenBy) != 1 ||
			boy.GivenBy[0] != (wijkregie.ConsentGiver{PersonID: h.mother, Capacity: wijkregie.GiverParent}) {
			t.Errorf("the boy's consent %+v", boy)
		}
		if diff := diffEntries(got, []entry{rec(mum, "mijnplan.toestemming-geven", "toestemming", boy.ID, h.boy8, app.PurposeMijnPlan, wijkregie.AuditAllowed)}); diff != "" {
			t.Errorf("audit (-got +want):\n%s", diff)
		}
		if _, err := give(mum, h.girl13, h.partnerOrg, false); !hasField(err, "kindAkkoord", "veld.mijnplan.kind_akkoord") {
			t.Errorf("the girl's consent without her agreement: %v", err)
		}
		girl, err := give(mum, h.girl13, h.partnerOrg, true)
		if err != nil || len(girl.GivenBy) != 2 {
			t.Errorf("the girl's consent: %+v, %v; want her and her mother", girl, err)
		}
		if _, err := give(mum, h.son17, h.partnerOrg, false); !hasField(err, "persoon", "veld.keuze") {
			t.Errorf("the mother gives for her son of 17: %v; want refused", err)
		}
		if _, err := give(tim, h.son17, f.users[wijkregie.RoleProfessional].OrganisationID, false); !hasField(err, "organisatie", "veld.keuze") {
			t.Errorf("a consent to the municipality's own organisation: %v; want refused", err)
		}
		if kinds := f.inbox(t, h.c.CoordinatorID); len(kinds) < 2 || kinds[0] != wijkregie.NotificationMijnPlanConsent {
			t.Errorf("the regisseur's inbox %v; want a Mijn Plan consent notice", kinds)
		}
	})
}

// TestMijnPlanWithdraw: a withdrawal takes effect at once — the
// partner's access rests on it no more —, over the version read (a stale
// one is a conflict), by whoever manages the consent; the mother cannot
// withdraw her son of 17's (not found, audited).
func TestMijnPlanWithdraw(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		h := f.newMijnPlanHome(t)
		mum := resident(h.mother)
		own := f.shareWith(t, h.mother, h.partnerOrg, wijkregie.ConsentShareInformation, "financien")
		his := f.shareWith(t, h.son17, h.partnerOrg, wijkregie.ConsentShareInformation, "financien")
		kind := wijkregie.OrganisationKind("")
		covers := func() bool {
			ok, err := f.svc.ConsentCovers(f.ctx, demo.MunicipalityID, h.mother, h.partnerOrg, kind, wijkregie.ConsentShareInformation, "", f.clock.Now())
			if err != nil {
				t.Fatal(err)
			}
			return ok
		}
		if !covers() {
			t.Fatal("the consent does not cover before its withdrawal")
		}
		if _, err := f.svc.WithdrawMijnPlanConsent(f.ctx, mum, own.ID, "", own.Version+1); code(err) != wijkregie.ECONFLICT {
			t.Errorf("a withdrawal over a stale version: %v; want a conflict", err)
		}
		f.clock.Advance(time.Minute)
		c, err := f.svc.WithdrawMijnPlanConsent(f.ctx, mum, own.ID, "Ik wil dit niet meer", own.Version)
		if err != nil {
			t.Fatal(err)
		}
		if c.WithdrawnBy != wijkregie.MijnPlanUserID || c.WithdrawnReason != "Ik wil dit niet meer" || covers() {
			t.Errorf("withdrawn %+v; covers still %v", c, covers())
		}
		if _, err := f.svc.WithdrawMijnPlanConsent(f.ctx, mum, own.ID, "", own.Version); code(err) != wijkregie.ECONFLICT {
			t.Errorf("a second withdrawal: %v; want a conflict", err)
		}
		got := f.audited(t, func() {
			if _, err := f.svc.WithdrawMijnPlanConsent(f.ctx, mum, his.ID, "", his.Version); code(err) != wijkregie.ENOTFOUND {
				t.Errorf("the mother withdraws her son of 17's: %v; want not found", err)
			}
		})
		if diff := diffEntries(got, []entry{rec(mum, "mijnplan.toestemming-intrekken", "toestemming", his.ID, h.son17, app.PurposeMijnPlan, wijkregie.AuditDenied)}); diff != "" {
			t.Errorf("audit (-got +want):\n%s", diff)
		}
		acts, err := f.s.R().CaseResidentActs(f.ctx, demo.MunicipalityID, h.c.ID)
		if err != nil || len(acts) != 1 || acts[0].Kind != wijkregie.ActConsentWithdrawn || acts[0].PersonID != h.mother {
			t.Errorf("acts %+v, %v; want the mother's withdrawal", acts, err)
		}
	})
}

// TestMijnPlanOwnActions: the family adds an action under a goal and
// marks it done, each a new plan version saved by the Mijn Plan user with
// its note, in the case's history, and the regisseur told; a stale
// version is a conflict and nothing is written; a professional's action
// is not the family's to mark done; bad input names its field.
func TestMijnPlanOwnActions(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		h := f.newMijnPlanHome(t)
		mum := resident(h.mother)
		today := wijkregie.Today(f.clock.Now())
		in := app.MijnPlanActionInput{GoalID: h.plan.Goals[1].ID, What: "Oma bellen over woensdag", Who: wijkregie.WhoNetwork, Network: "Oma Riet",
			Due: today.AddDate(0, 0, 7)}
		if _, err := f.svc.AddMijnPlanAction(f.ctx, mum, h.plan.Version-1, in); code(err) != wijkregie.ECONFLICT {
			t.Errorf("an action over a stale version: %v; want a conflict", err)
		}
		bad := in
		bad.What, bad.Due, bad.Who = "", today.AddDate(0, 0, -1), "iemand"
		if _, err := f.svc.AddMijnPlanAction(f.ctx, mum, h.plan.Version, bad); !hasField(err, "wat", "veld.verplicht") ||
			!hasField(err, "wanneer", "veld.datum_verleden") || !hasField(err, "wie", "veld.keuze") {
			t.Errorf("bad input: %v %v", err, fields(err))
		}
		var p *wijkregie.Plan
		got := f.audited(t, func() {
			var err error
			if p, err = f.svc.AddMijnPlanAction(f.ctx, mum, h.plan.Version, in); err != nil {
				t.Fatal(err, fields(err))
			}
		})
		if diff := diffEntries(got, []entry{rec(mum, "mijnplan.actie-toevoegen", "casus", h.c.ID, h.mother, app.PurposeMijnPlan, wijkregie.AuditAllowed)}); diff != "" {
			t.Errorf("audit (-got +want):\n%s", diff)
		}
		added := p.Goals[1].Actions[len(p.Goals[1].Actions)-1]
		if p.Version != h.plan.Version+1 || p.SavedBy != wijkregie.MijnPlanUserID || p.Note != "Toegevoegd door het gezin in Mijn Plan" ||
			added.Who != "Oma Riet" || added.Status != wijkregie.ActionPlanned {
			t.Errorf("saved version %d by %s, note %q, action %+v", p.Version, p.SavedBy, p.Note, added)
		}
		pv, err := f.svc.Plan(f.ctx, f.actor(wijkregie.RoleProfessional), h.c.ID)
		if err != nil || len(pv.Versions) != 2 || pv.Versions[0].SavedBy != wijkregie.MijnPlanUserID || pv.Users[wijkregie.MijnPlanUserID] == nil {
			t.Errorf("the regisseur's history: %+v, %v", pv, err)
		}
		if kinds := f.inbox(t, h.c.CoordinatorID); len(kinds) == 0 || kinds[0] != wijkregie.NotificationMijnPlanPlan {
			t.Errorf("the regisseur's inbox %v", kinds)
		}

		// Tim (17) marks it done; the professional's action is not his.
		tim := resident(h.son17)
		if _, err := f.svc.CompleteMijnPlanAction(f.ctx, tim, p.Version, h.plan.Goals[2].Actions[0].ID); code(err) != wijkregie.EFORBIDDEN {
			t.Errorf("the professional's action marked done: %v; want forbidden", err)
		}
		done, err := f.svc.CompleteMijnPlanAction(f.ctx, tim, p.Version, added.ID)
		if err != nil {
			t.Fatal(err)
		}
		if st := done.Goals[1].Actions[len(done.Goals[1].Actions)-1].Status; st != wijkregie.ActionDone || done.Note != "Afgerond door het gezin in Mijn Plan" {
			t.Errorf("marked done: %s, note %q", st, done.Note)
		}
		if _, err := f.svc.CompleteMijnPlanAction(f.ctx, tim, p.Version, added.ID); code(err) != wijkregie.ECONFLICT {
			t.Errorf("marked done over a stale version: %v; want a conflict", err)
		}
		v, err := f.svc.MijnPlan(f.ctx, mum)
		if err != nil || v.ActionsDone != 1 || v.AddedBy[added.ID] == "" {
			t.Errorf("progress %d done, added by %q: %v", v.ActionsDone, v.AddedBy[added.ID], err)
		}
	})
}

// TestMijnPlanMessages: a message reaches the regisseur's case page and
// inbox — the notice without the text —; too long names the field; the
// regisseur marks it read, a colleague involved reads it but may not mark
// it, the partner reads none.
func TestMijnPlanMessages(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		h := f.newMijnPlanHome(t)
		mum := resident(h.mother)
		if _, err := f.svc.SendMijnPlanMessage(f.ctx, mum, strings.Repeat("a", wijkregie.MaxMessageLength+1)); !hasField(err, "bericht", "veld.mijnplan.bericht_te_lang") {
			t.Errorf("a long message: %v", err)
		}
		m, err := f.svc.SendMijnPlanMessage(f.ctx, mum, "  Kunt u mij bellen over de brief?  ")
		if err != nil {
			t.Fatal(err)
		}
		ns, _, _, err := f.s.R().Notifications(f.ctx, demo.MunicipalityID, h.c.CoordinatorID, store.Page{Limit: 1})
		if err != nil || len(ns) != 1 || ns[0].Kind != wijkregie.NotificationMijnPlanMessage || ns[0].SubjectID != h.c.ID ||
			strings.Contains(ns[0].OtherName+ns[0].OtherContact+ns[0].OtherOrganisation, "brief") {
			t.Errorf("the notice %+v, %v", ns, err)
		}
		pro := f.actor(wijkregie.RoleProfessional)
		var v *app.CaseMijnPlan
		got := f.audited(t, func() {
			if v, err = f.svc.CaseMijnPlanRead(f.ctx, pro, h.c.ID); err != nil {
				t.Fatal(err)
			}
		})
		if len(v.Messages) != 1 || v.Messages[0].Text != "Kunt u mij bellen over de brief?" || !v.CanMark || v.Names[h.mother] == "" {
			t.Errorf("the case's messages %+v", v)
		}
		if diff := diffEntries(got, []entry{rec(pro, "mijnplan.berichten-lezen", "casus", h.c.ID, "", app.PurposeTask, wijkregie.AuditAllowed),
			rec(pro, "mijnplan.berichten-lezen", "mijnplan-bericht", m.ID, h.mother, app.PurposeTask, wijkregie.AuditAllowed)}); diff != "" {
			t.Errorf("audit (-got +want):\n%s", diff)
		}
		lead := f.actor(wijkregie.RoleTeamLead)
		if lv, err := f.svc.CaseMijnPlanRead(f.ctx, lead, h.c.ID); err != nil || !lv.CanMark {
			t.Errorf("the team's lead: %+v, %v", lv, err)
		}
		partner := f.actor(wijkregie.RolePartner)
		if _, err := f.svc.CaseMijnPlanRead(f.ctx, partner, h.c.ID); code(err) != wijkregie.EFORBIDDEN {
			t.Errorf("the partner reads the messages: %v; want forbidden", err)
		}
		read, err := f.svc.MarkMijnPlanMessageRead(f.ctx, pro, h.c.ID, m.ID)
		if err != nil || read.ReadBy != pro.UserID || read.ReadAt.IsZero() {
			t.Errorf("marked read: %+v, %v", read, err)
		}
		mine, err := f.svc.MijnPlan(f.ctx, mum)
		if err != nil || len(mine.Messages) != 1 || mine.Messages[0].ReadAt.IsZero() {
			t.Errorf("the mother's sent messages: %+v, %v", mine, err)
		}
		if _, err := f.svc.MijnPlan(f.ctx, resident(h.son17)); err != nil {
			t.Fatal(err)
		} else if tv, _ := f.svc.MijnPlan(f.ctx, resident(h.son17)); len(tv.Messages) != 0 {
			t.Errorf("Tim sees his mother's messages: %+v", tv.Messages)
		}
	})
}

// TestMijnPlanClosedCase: after closure the family reads the plan but no
// longer changes it or writes; it rates the help once within 90 days, and
// not after; a withdrawal still works. The team reads the messages but no
// longer marks them read, as the case page offers no more (CanMark).
func TestMijnPlanClosedCase(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		h := f.newMijnPlanHome(t)
		mum := resident(h.mother)
		own := f.shareWith(t, h.mother, h.partnerOrg, wijkregie.ConsentShareInformation, "financien")
		msg, err := f.svc.SendMijnPlanMessage(f.ctx, mum, "Bedankt voor alles")
		if err != nil {
			t.Fatal(err)
		}
		if err := f.svc.RateMijnPlan(f.ctx, mum, &wijkregie.Rating{Score: 8}); code(err) != wijkregie.EFORBIDDEN {
			t.Errorf("a rating of an open case: %v; want forbidden", err)
		}
		pro := f.actor(wijkregie.RoleProfessional)
		c, err := f.s.R().Case(f.ctx, demo.MunicipalityID, h.c.ID)
		if err != nil {
			t.Fatal(err)
		}
		statuses := map[string]wijkregie.GoalStatus{}
		for _, g := range h.plan.Goals {
			statuses[g.ID] = wijkregie.GoalMet
		}
		if _, err := f.svc.CloseCase(f.ctx, pro, c.ID, c.Version, &wijkregie.Closure{Reason: wijkregie.ClosureGoalsMet, CanContinue: wijkregie.AnswerYes,
			ProblemsReduced: wijkregie.AnswerYes, GoalsAchieved: wijkregie.AnswerYes, Summary: "Gaat goed", GoalStatuses: statuses}); err != nil {
			t.Fatal(err, fields(err))
		}
		f.clock.Advance(24 * time.Hour)
		v, err := f.svc.MijnPlan(f.ctx, mum)
		if err != nil || v.Plan == nil || v.CanChange || v.CanMessage || !v.CanRate || v.GoalsMet != 3 {
			t.Fatalf("after closure: %+v, %v", v, err)
		}
		if _, err := f.svc.SendMijnPlanMessage(f.ctx, mum, "Hallo"); code(err) != wijkregie.EFORBIDDEN {
			t.Errorf("a message after closure: %v; want forbidden", err)
		}
		if _, err := f.svc.AddMijnPlanAction(f.ctx, mum, v.Plan.Version, app.MijnPlanActionInput{GoalID: v.Plan.Goals[0].ID, What: "x",
			Who: wijkregie.WhoSelf, Due: wijkregie.Today(f.clock.Now())}); code(err) != wijkregie.EFORBIDDEN {
			t.Errorf("an action after closure: %v; want forbidden", err)
		}
		if err := f.svc.RateMijnPlan(f.ctx, mum, &wijkregie.Rating{Score: 11}); !hasField(err, "cijfer", "veld.mijnplan.cijfer") {
			t.Errorf("a mark of 11: %v", err)
		}
		rt := &wijkregie.Rating{Score: 8, GoalsAchieved: wijkregie.AnswerYes, Answers: map[string]wijkregie.Agreement{"wmoSerieusGenomen": 5, "wmoMeedoen": 0},
			Remark: "Dank jullie wel"}
		got := f.audited(t, func() {
			if err := f.svc.RateMijnPlan(f.ctx, mum, rt); err != nil {
				t.Fatal(err, fields(err))
			}
		})
		if diff := diffEntries(got, []entry{rec(mum, "mijnplan.beoordelen", "mijnplan-beoordeling", h.c.ID, h.mother, app.PurposeMijnPlan, wijkregie.AuditAllowed)}); diff != "" {
			t.Errorf("audit (-got +want):\n%s", diff)
		}
		if err := f.svc.RateMijnPlan(f.ctx, mum, &wijkregie.Rating{Score: 5}); code(err) != wijkregie.ECONFLICT {
			t.Errorf("a second rating: %v; want a conflict", err)
		}
		// The regisseur's involvement ended with the case; the team's lead
		// still reads it.
		cv, err := f.svc.CaseMijnPlanRead(f.ctx, f.actor(wijkregie.RoleTeamLead), h.c.ID)
		if err != nil || len(cv.Ratings) != 1 || cv.Ratings[0].Score != 8 || cv.Ratings[0].Answers["wmoSerieusGenomen"] != 5 || cv.CanMark {
			t.Errorf("the team reads the ratings: %+v, %v", cv, err)
		}
		if _, err := f.svc.MarkMijnPlanMessageRead(f.ctx, f.actor(wijkregie.RoleTeamLead), h.c.ID, msg.ID); code(err) != wijkregie.ECONFLICT ||
			!isMessage(err, "fout.casus.gesloten") {
			t.Errorf("marking a message read after closure: %v; want the conflict fout.casus.gesloten", err)
		}
		if cv, err := f.svc.CaseMijnPlanRead(f.ctx, f.actor(wijkregie.RoleTeamLead), h.c.ID); err != nil || len(cv.Messages) != 1 || !cv.Messages[0].ReadAt.IsZero() {
			t.Errorf("the message after the refused mark: %+v, %v; want unread", cv, err)
		}
		if _, err := f.svc.WithdrawMijnPlanConsent(f.ctx, mum, own.ID, "", own.Version); err != nil {
			t.Errorf("a withdrawal after closure: %v", err)
		}
		f.clock.Advance(90 * 24 * time.Hour)
		if _, err := f.svc.MijnPlan(f.ctx, resident(h.son17)); code(err) != wijkregie.EFORBIDDEN {
			t.Errorf("Mijn Plan 91 days after closure: %v; want forbidden", err)
		}
	})
}

// TestMijnPlanActionsAreKnown: every Mijn Plan action has a policy rule
// and an audit kind.
func TestMijnPlanActionsAreKnown(t *testing.T) {
	for _, a := range []policy.Action{policy.ViewMijnPlan, policy.ViewMijnPlanConsents, policy.GiveMijnPlanConsent, policy.WithdrawMijnPlanConsent,
		policy.AddMijnPlanAction, policy.CompleteMijnPlanAction, policy.SendMijnPlanMessage, policy.RateMijnPlan,
		policy.ReadMijnPlanMessages, policy.MarkMijnPlanMessageRead, policy.ReadMijnPlanRatings} {
		if !policy.Known(a) || wijkregie.KindOf(string(a)) == "" {
			t.Errorf("%s: known %v, kind %q", a, policy.Known(a), wijkregie.KindOf(string(a)))
		}
	}
}
