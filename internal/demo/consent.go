package demo

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"time"

	"wijkregie"
	"wijkregie/internal/store"
)

// Consents: a few on the documented professional's cases, so the registry
// shows each of its faces (docs/consent.md):
//
//   - on the case that has GGZ Kustland among its betrokkenen, the
//     family's consent to GGZ Kustland to carry out its part of the plan
//     in geestelijke gezondheid;
//   - on the first case with Schuldhulp Duinhaven, a consent to share
//     information about finances, withdrawn since;
//   - for the first child of 12 to 15 in the professional's families, a
//     consent given by the child and a parent to every school, for a
//     consultation in the team (should a seed or the passing years give
//     no such child, a younger one's, given by a parent);
//   - on the first case the documented partner (a GP) works on, a consent
//     to its practice to share information, and one to carry out its part
//     of the plan in the case's first domain, where the plan gets a goal
//     for the practice (partnerGoal), so the partner sees what it may do
//     and works on that goal; on its other cases it has no consent and
//     sees only that the family is known and who the regisseur is.
//
// They are written after the households, with the store's one-row
// methods as the use cases call them, and draw nothing at random: every
// other stream of the demo draws as before.

// consentSpec is one demo consent.
type consentSpec struct {
	caseID   string
	subject  wijkregie.Person
	givers   []wijkregie.ConsentGiver
	org      string // an organisation's id, or "" for a kind
	kind     wijkregie.OrganisationKind
	purpose  wijkregie.ConsentPurpose
	domains  []string
	method   wijkregie.ConsentMethod
	given    time.Time // a day
	withdraw string    // the reason, for a consent withdrawn since
	parents  []string  // the family's, which the age rules check
}

// family is what the consents need of a household: its members of
// today, the eldest first.
type family struct {
	persons  []wijkregie.Person
	relation map[string]wijkregie.Relation
}

func (f *family) adult(today time.Time) (wijkregie.Person, bool) {
	for _, p := range f.persons {
		if f.relation[p.ID] != wijkregie.RelationChild && !p.BirthDate.IsZero() && wijkregie.AgeOn(p.BirthDate, today) >= 18 {
			return p, true
		}
	}
	return wijkregie.Person{}, false
}

func (f *family) parents() []string {
	var out []string
	for _, p := range f.persons {
		if f.relation[p.ID] == wijkregie.RelationParent {
			out = append(out, p.ID)
		}
	}
	return out
}

// givers are the givers the age rules ask for a person of the family on
// the day, with the first parent where a parent's consent is needed.
func (f *family) givers(p wijkregie.Person, day time.Time) []wijkregie.ConsentGiver {
	need := []wijkregie.GiverCapacity{wijkregie.GiverSelf}
	if !p.BirthDate.IsZero() {
		need = wijkregie.ConsentGivers(wijkregie.AgeOn(p.BirthDate, day))
	}
	var out []wijkregie.ConsentGiver
	for _, n := range need {
		switch n {
		case wijkregie.GiverSelf:
			out = append(out, wijkregie.ConsentGiver{PersonID: p.ID, Capacity: wijkregie.GiverSelf})
		case wijkregie.GiverParent:
			if ps := f.parents(); len(ps) > 0 {
				out = append(out, wijkregie.ConsentGiver{PersonID: ps[0], Capacity: wijkregie.GiverParent})
			}
		}
	}
	return out
}

func readFamily(ctx context.Context, q *store.Q, householdID string, today time.Time) (*family, error) {
	ms, ps, err := q.HouseholdMembers(ctx, MunicipalityID, householdID)
	if err != nil {
		return nil, err
	}
	f := &family{relation: map[string]wijkregie.Relation{}}
	for i, m := range ms {
		if m.From.After(today) || !m.Until.IsZero() && m.Until.Before(today) {
			continue
		}
		f.persons = append(f.persons, ps[i])
		f.relation[ps[i].ID] = m.Relation
	}
	slices.SortStableFunc(f.persons, func(a, b wijkregie.Person) int { return a.BirthDate.Compare(b.BirthDate) })
	return f, nil
}

// createConsents writes the demo's consents.
func createConsents(ctx context.Context, q *store.Q) error {
	pro, _, err := q.UserByEmail(ctx, MunicipalityID, staff[0].Email)
	if err != nil {
		return fmt.Errorf("user %s: %w", staff[0].Email, err)
	}
	partner, _, err := q.UserByEmail(ctx, MunicipalityID, staff[2].Email)
	if err != nil {
		return fmt.Errorf("user %s: %w", staff[2].Email, err)
	}
	orgs, err := q.Organisations(ctx, MunicipalityID)
	if err != nil {
		return err
	}
	orgID := map[string]string{}
	for _, o := range orgs {
		orgID[o.Name] = o.ID
	}
	cases, _, err := q.Cases(ctx, MunicipalityID, wijkregie.HouseholdScope{All: true},
		store.CaseFilter{CoordinatorID: pro.ID, Open: true, Page: store.Page{Limit: store.MaxLimit}})
	if err != nil {
		return err
	}
	slices.SortStableFunc(cases, func(a, b store.CaseSummary) int { return a.OpenedAt.Compare(b.OpenedAt) })
	now := q.Now()
	today := wijkregie.Today(now)
	// given is a day some weeks into the case, and never after today.
	given := func(c store.CaseSummary, days int) time.Time {
		d := wijkregie.Today(c.OpenedAt.AddDate(0, 0, days))
		if d.After(today) {
			return today
		}
		return d
	}
	var specs []consentSpec
	done := map[string]bool{}
	for _, c := range cases {
		ps, err := q.Parties(ctx, MunicipalityID, c.ID)
		if err != nil {
			return err
		}
		has := func(match func(p wijkregie.Party) bool) bool {
			return slices.ContainsFunc(ps, func(p wijkregie.Party) bool { return p.Until.IsZero() && match(p) })
		}
		fam, err := readFamily(ctx, q, c.HouseholdID, today)
		if err != nil {
			return err
		}
		adult, ok := fam.adult(today)
		switch {
		case !done["ggz"] && ok && has(func(p wijkregie.Party) bool { return p.OrganisationID == orgID["GGZ Kustland"] }):
			done["ggz"] = true
			day := given(c, 14)
			specs = append(specs, consentSpec{caseID: c.ID, subject: adult, givers: fam.givers(adult, day), org: orgID["GGZ Kustland"],
				purpose: wijkregie.ConsentCarryOutPlan, domains: []string{"geestelijke-gezondheid"}, method: wijkregie.ConsentWritten,
				given: day, parents: fam.parents()})
		case !done["schulden"] && ok && has(func(p wijkregie.Party) bool { return p.OrganisationID == orgID["Schuldhulp Duinhaven"] }):
			done["schulden"] = true
			day := given(c, 7)
			specs = append(specs, consentSpec{caseID: c.ID, subject: adult, givers: fam.givers(adult, day), org: orgID["Schuldhulp Duinhaven"],
				purpose: wijkregie.ConsentShareInformation, domains: []string{"financien", "huisvesting"}, method: wijkregie.ConsentOral,
				given: day, parents: fam.parents(), withdraw: "Het gezin regelt de betalingsregeling nu zelf met Schuldhulp en wil niet dat het team nog gegevens doorgeeft."})
		}
		if !done["huisarts"] && ok && has(func(p wijkregie.Party) bool { return p.UserID == partner.ID }) {
			done["huisarts"] = true
			day := given(c, 10)
			specs = append(specs, consentSpec{caseID: c.ID, subject: adult, givers: fam.givers(adult, day), org: partner.OrganisationID,
				purpose: wijkregie.ConsentShareInformation, domains: []string{"lichamelijke-gezondheid", "geestelijke-gezondheid"},
				method: wijkregie.ConsentDigital, given: day, parents: fam.parents()})
			switch domain, err := partnerGoal(ctx, q, c.Case, pro.ID, partner.OrganisationID, today); {
			case err != nil:
				return err
			case domain != "":
				specs = append(specs, consentSpec{caseID: c.ID, subject: adult, givers: fam.givers(adult, day), org: partner.OrganisationID,
					purpose: wijkregie.ConsentCarryOutPlan, domains: []string{domain}, method: wijkregie.ConsentDigital, given: day,
					parents: fam.parents()})
			}
		}
	}
	if child, c, fam, ok, err := youngTeen(ctx, q, cases, today); err != nil {
		return err
	} else if ok {
		day := given(c, 21)
		specs = append(specs, consentSpec{caseID: c.ID, subject: child, givers: fam.givers(child, day), kind: wijkregie.OrgSchool,
			purpose: wijkregie.ConsentTeamConsultation, domains: []string{"huiselijke-relaties", "tijdsbesteding"}, method: wijkregie.ConsentWritten,
			given: day, parents: fam.parents()})
	}
	for _, sp := range specs {
		if err := writeConsent(ctx, q, pro.ID, sp, now); err != nil {
			return err
		}
	}
	return nil
}

// youngTeen finds the first child of 12 to 15 with a parent in the
// cases' families, or else the first child under 12 with a parent: a
// consent a parent gives either way.
func youngTeen(ctx context.Context, q *store.Q, cases []store.CaseSummary, today time.Time) (wijkregie.Person, store.CaseSummary, *family, bool, error) {
	var fallback *wijkregie.Person
	var fbCase store.CaseSummary
	var fbFam *family
	for _, c := range cases {
		fam, err := readFamily(ctx, q, c.HouseholdID, today)
		if err != nil {
			return wijkregie.Person{}, c, nil, false, err
		}
		if len(fam.parents()) == 0 {
			continue
		}
		for _, p := range fam.persons {
			if fam.relation[p.ID] != wijkregie.RelationChild || p.BirthDate.IsZero() {
				continue
			}
			age := wijkregie.AgeOn(p.BirthDate, today)
			if age >= 12 && age < 16 {
				return p, c, fam, true, nil
			}
			if fallback == nil && age < 12 {
				fallback, fbCase, fbFam = &p, c, fam
			}
		}
	}
	if fallback == nil {
		return wijkregie.Person{}, store.CaseSummary{}, nil, false, nil
	}
	return *fallback, fbCase, fbFam, true, nil
}

// writeConsent records a consent as the regisseur did on the day it was
// given, and its withdrawal some weeks later.
func writeConsent(ctx context.Context, q *store.Q, by string, sp consentSpec, now time.Time) error {
	c := &wijkregie.Consent{MunicipalityID: MunicipalityID, PersonID: sp.subject.ID, OrganisationID: sp.org, OrganisationKind: sp.kind,
		Purpose: sp.purpose, Domains: sp.domains, GivenOn: sp.given, Method: sp.method, GivenBy: sp.givers, RecordedBy: by}
	if err := c.Validate(sp.subject.BirthDate, sp.parents, wijkregie.Today(now)); err != nil {
		return fmt.Errorf("consent on case %s: %w", sp.caseID, err)
	}
	at := officeHours(sp.given.Add(11*time.Hour), now)
	if err := q.At(func() time.Time { return at }).CreateConsent(ctx, c); err != nil {
		return fmt.Errorf("consent on case %s: %w", sp.caseID, err)
	}
	if sp.withdraw == "" {
		return nil
	}
	later := officeHours(at.Add(now.Sub(at)*2/3), now)
	if err := c.Withdraw(by, sp.withdraw, later); err != nil {
		return err
	}
	if err := q.At(func() time.Time { return later }).WithdrawConsent(ctx, c); err != nil {
		return fmt.Errorf("withdrawing consent on case %s: %w", sp.caseID, err)
	}
	return nil
}

// partnerGoal gives the case's active plan, if it has one, a goal for the
// partner organisation in the case's first domain (a plan's goals keep to
// the case's worries), saved by the regisseur as a new version, so the
// demo partner has a goal to work on. It returns the domain, "" when the
// case has no plan.
func partnerGoal(ctx context.Context, q *store.Q, c wijkregie.Case, by, orgID string, today time.Time) (string, error) {
	p, err := q.ActivePlan(ctx, MunicipalityID, c.ID)
	if wijkregie.ErrorCode(err) == wijkregie.ENOTFOUND || len(c.Domains) == 0 {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	read, domain := p.Version, c.Domains[0]
	p.Goals = append(p.Goals, wijkregie.Goal{ID: wijkregie.NewID(q.Now()), Domain: domain,
		Description: "Huisarts en praktijkondersteuner volgen het gezin mee", SuccessCriterion: "Moeder komt op haar afspraken bij de huisarts en de POH",
		TargetDate: today.AddDate(0, 4, 0), Owner: wijkregie.OwnerPartner, OrganisationID: orgID, Status: wijkregie.GoalOpen,
		Actions: []wijkregie.Action{{ID: wijkregie.NewID(q.Now()), What: "Afspraak bij de praktijkondersteuner", Who: "Huisartsenpraktijk",
			Due: today.AddDate(0, 0, 21), Status: wijkregie.ActionPlanned}}})
	p.SavedBy, p.Note = by, "Doel voor de huisartsenpraktijk toegevoegd"
	if err := q.SavePlanVersion(ctx, p, read); err != nil {
		return "", fmt.Errorf("partner goal on case %s: %w", c.ID, err)
	}
	return domain, q.AddCaseEvent(ctx, &wijkregie.CaseEvent{MunicipalityID: MunicipalityID, CaseID: c.ID, Kind: wijkregie.EventPlan,
		To: strconv.Itoa(p.Version), By: by})
}
