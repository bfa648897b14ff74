package app

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"wijkregie"
	"wijkregie/internal/policy"
	"wijkregie/internal/store"
)

// The consent registry (docs/consent.md). A consent is read, recorded and
// withdrawn through the household of its subject, as the person is:
// policy.DecideConsent weighs the role, the involvement with that
// household and, for a partner, whether the consent names it. Every read
// is audited before the data is returned, every change in the
// transaction that makes it, every refusal after.

// ConsentsView is the consents of a person, or of a household's members,
// that the actor may see, with what names their recipients and recorders.
type ConsentsView struct {
	Household *wijkregie.Household // through which they are seen
	Person    *wijkregie.Person    // the subject, for a person's list; nil for a household's
	Consents  []wijkregie.Consent
	// Organisations names every recipient organisation (the directory
	// is open to every role). Users names the recorders and withdrawers
	// for those who may read the user directory (policy.ViewUsers); it is
	// empty for a partner, as the household page's list of the involved
	// is.
	Organisations map[string]*wijkregie.Organisation
	Users         map[string]*wijkregie.User
	// What the actor may do here.
	CanRecord, CanWithdraw bool
}

// ConsentView is one consent with what names its recipient and recorders.
type ConsentView struct {
	Consent       *wijkregie.Consent
	Person        *wijkregie.Person
	Household     *wijkregie.Household
	Organisations map[string]*wijkregie.Organisation
	Users         map[string]*wijkregie.User
	CanWithdraw   bool
}

// organisationKind returns the kind of the actor's organisation, which the
// consent rule weighs for a partner; "" when the actor has none.
func (s *Service) organisationKind(ctx context.Context, actor wijkregie.Actor) (wijkregie.OrganisationKind, error) {
	if actor.OrganisationID == "" || !wijkregie.ValidID(actor.OrganisationID) {
		return "", nil
	}
	o, err := s.store.R().Organisation(ctx, actor.MunicipalityID, actor.OrganisationID)
	if wijkregie.ErrorCode(err) == wijkregie.ENOTFOUND {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	return o.Kind, nil
}

// consentEvent is the audit record of a consent read or changed.
func consentEvent(a policy.Action, c *wijkregie.Consent) wijkregie.Event {
	return wijkregie.Event{Action: string(a), SubjectKind: "toestemming", SubjectID: c.ID, PersonID: c.PersonID, Purpose: PurposeTask}
}

// denied audits a refusal.
func (s *Service) denied(ctx context.Context, actor wijkregie.Actor, e wijkregie.Event) error {
	e.Result = wijkregie.AuditDenied
	return s.audit(ctx, actor, e)
}

// consentNames names the recipients and, for those who may read the user
// directory, the recorders of the consents.
func (s *Service) consentNames(ctx context.Context, actor wijkregie.Actor, cs []wijkregie.Consent) (map[string]*wijkregie.Organisation, map[string]*wijkregie.User, error) {
	orgs := map[string]*wijkregie.Organisation{}
	all, err := s.store.R().Organisations(ctx, actor.MunicipalityID)
	if err != nil {
		return nil, nil, err
	}
	for i := range all {
		orgs[all[i].ID] = &all[i]
	}
	users := map[string]*wijkregie.User{}
	if !policy.Allows(actor, policy.ViewUsers) {
		return orgs, users, nil
	}
	var ids []string
	for _, c := range cs {
		ids = append(ids, c.RecordedBy, c.WithdrawnBy)
	}
	if users, err = s.store.R().UsersByID(ctx, actor.MunicipalityID, compact(ids)); err != nil {
		return nil, nil, err
	}
	return orgs, users, nil
}

// decideList decides whether the actor may list the consents of the
// household subject (one seen through it, or all its members'), with ev
// audited as refused when not; it returns the kind of the actor's
// organisation, which the list's scope needs.
func (s *Service) decideList(ctx context.Context, actor wijkregie.Actor, subj *policy.Subject, ev wijkregie.Event) (wijkregie.OrganisationKind, error) {
	kind, err := s.organisationKind(ctx, actor)
	if err != nil {
		return "", err
	}
	if err := policy.DecideConsent(actor, policy.ViewConsents, subj, nil, kind, s.Now()); err != nil {
		if aerr := s.denied(ctx, actor, ev); aerr != nil {
			return "", aerr
		}
		return "", err
	}
	return kind, nil
}

// listedConsents completes the view of a list and returns the audit
// records of the list and of each consent shown, for the caller to write
// before the data is shown.
func (s *Service) listedConsents(ctx context.Context, actor wijkregie.Actor, list wijkregie.Event, v *ConsentsView, subj *policy.Subject,
	kind wijkregie.OrganisationKind) ([]wijkregie.Event, error) {
	events := make([]wijkregie.Event, 0, len(v.Consents)+1)
	events = append(events, list)
	for i := range v.Consents {
		events = append(events, consentEvent(policy.ViewConsents, &v.Consents[i]))
	}
	var err error
	if v.Organisations, v.Users, err = s.consentNames(ctx, actor, v.Consents); err != nil {
		return nil, err
	}
	now := s.Now()
	v.CanRecord = policy.DecideConsent(actor, policy.RecordConsent, subj, nil, kind, now) == nil
	v.CanWithdraw = policy.DecideConsent(actor, policy.WithdrawConsent, subj, nil, kind, now) == nil
	return events, nil
}

// audited writes the audit records and then returns the view.
func (s *Service) audited(ctx context.Context, actor wijkregie.Actor, v *ConsentsView, events []wijkregie.Event, err error) (*ConsentsView, error) {
	if err != nil {
		return nil, err
	}
	if err := s.audit(ctx, actor, events...); err != nil {
		return nil, err
	}
	return v, nil
}

// Consents returns the consents of a person that the actor may see
// (policy.DecideConsent; for a partner only those naming it, filtered in
// SQL by policy.ConsentScope), in the order given. The list and each
// consent shown are audited.
func (s *Service) Consents(ctx context.Context, actor wijkregie.Actor, personID string) (*ConsentsView, error) {
	if err := s.allow(actor, policy.ViewConsents); err != nil {
		return nil, err
	}
	ev := wijkregie.Event{Action: string(policy.ViewConsents), SubjectKind: "persoon", SubjectID: personID, PersonID: personID, Purpose: PurposeTask}
	p, subj, err := s.visiblePerson(ctx, actor, policy.ViewConsents, personID, ev)
	if err != nil {
		return nil, err
	}
	kind, err := s.decideList(ctx, actor, subj, ev)
	if err != nil {
		return nil, err
	}
	cs, err := s.store.R().PersonConsents(ctx, actor.MunicipalityID, p.ID, policy.ConsentScope(actor, kind))
	if err != nil {
		return nil, err
	}
	v := &ConsentsView{Household: subj.Household, Person: p, Consents: cs}
	events, err := s.listedConsents(ctx, actor, ev, v, subj, kind)
	return s.audited(ctx, actor, v, events, err)
}

// HouseholdConsents returns the consents of the household's members of
// today that the actor may see, by person and in the order given, as the
// household page shows them. The list and each consent shown are
// audited; a household the actor may not see is not found.
func (s *Service) HouseholdConsents(ctx context.Context, actor wijkregie.Actor, householdID string) (*ConsentsView, error) {
	if err := s.allow(actor, policy.ViewConsents); err != nil {
		return nil, err
	}
	if !wijkregie.ValidID(householdID) {
		return nil, wijkregie.NotFound()
	}
	subj, err := s.subject(ctx, actor, householdID)
	if err != nil {
		return nil, err
	}
	ev := householdConsentsEvent(householdID)
	if err := s.decide(ctx, actor, policy.ViewConsents, subj, ev); err != nil {
		return nil, err
	}
	v, events, err := s.householdConsents(ctx, actor, subj)
	return s.audited(ctx, actor, v, events, err)
}

func householdConsentsEvent(householdID string) wijkregie.Event {
	return wijkregie.Event{Action: string(policy.ViewConsents), SubjectKind: "huishouden", SubjectID: householdID, Purpose: PurposeTask}
}

// householdConsents reads the consents of a household the actor may see
// (decided on subj), with the audit records of the read.
func (s *Service) householdConsents(ctx context.Context, actor wijkregie.Actor, subj *policy.Subject) (*ConsentsView, []wijkregie.Event, error) {
	ev := householdConsentsEvent(subj.Household.ID)
	kind, err := s.decideList(ctx, actor, subj, ev)
	if err != nil {
		return nil, nil, err
	}
	cs, err := s.store.R().HouseholdConsents(ctx, actor.MunicipalityID, subj.Household.ID, policy.ConsentScope(actor, kind))
	if err != nil {
		return nil, nil, err
	}
	v := &ConsentsView{Household: subj.Household, Consents: cs}
	events, err := s.listedConsents(ctx, actor, ev, v, subj, kind)
	if err != nil {
		return nil, nil, err
	}
	return v, events, nil
}

// HouseholdWithConsents is Household and, for a role that sees consents,
// HouseholdConsents in one: the household page shows both, and their
// reads are audited in one transaction rather than two. Consents is nil
// for a role that sees none.
func (s *Service) HouseholdWithConsents(ctx context.Context, actor wijkregie.Actor, id string) (*HouseholdView, *ConsentsView, error) {
	hv, subj, events, err := s.household(ctx, actor, id)
	if err != nil {
		return nil, nil, err
	}
	var cv *ConsentsView
	if policy.Allows(actor, policy.ViewConsents) {
		var more []wijkregie.Event
		switch cv, more, err = s.householdConsents(ctx, actor, subj); {
		case wijkregie.ErrorCode(err) == wijkregie.EFORBIDDEN:
			cv = nil // the household, without consents (the refusal is audited)
		case err != nil:
			return nil, nil, err
		}
		events = append(events, more...)
	}
	if err := s.audit(ctx, actor, events...); err != nil {
		return nil, nil, err
	}
	return hv, cv, nil
}

// decidedConsent reads a consent and decides whether the actor may take
// action a on it, on the household its subject is seen through (a merged
// record's through the record that stays): the first of the subject's
// households of today on which the policy allows it. It returns the
// consent, its subject, that household and the kind of the actor's
// organisation. A refusal is audited, and is not found for an actor who
// may not see the consent at all — whether a family gave a consent is
// itself information —, forbidden for one who may see it.
func (s *Service) decidedConsent(ctx context.Context, actor wijkregie.Actor, a policy.Action, id string) (*wijkregie.Consent, *wijkregie.Person,
	*policy.Subject, wijkregie.OrganisationKind, error) {
	if err := s.allow(actor, a); err != nil {
		return nil, nil, nil, "", err
	}
	if !wijkregie.ValidID(id) {
		return nil, nil, nil, "", wijkregie.NotFound()
	}
	c, err := s.store.R().Consent(ctx, actor.MunicipalityID, id)
	if err != nil {
		return nil, nil, nil, "", err
	}
	p, err := s.store.R().Person(ctx, actor.MunicipalityID, c.PersonID)
	if err != nil {
		return nil, nil, nil, "", err
	}
	via, err := s.survivor(ctx, actor.MunicipalityID, p)
	if err != nil {
		return nil, nil, nil, "", err
	}
	subj, err := s.personSubject(ctx, actor, a, via)
	if err != nil {
		return nil, nil, nil, "", err
	}
	kind, err := s.organisationKind(ctx, actor)
	if err != nil {
		return nil, nil, nil, "", err
	}
	now := s.Now()
	if err := policy.DecideConsent(actor, a, subj, c, kind, now); err != nil {
		if aerr := s.denied(ctx, actor, consentEvent(a, c)); aerr != nil {
			return nil, nil, nil, "", aerr
		}
		if a != policy.ViewConsents && policy.DecideConsent(actor, policy.ViewConsents, subj, c, kind, now) == nil {
			return nil, nil, nil, "", err
		}
		return nil, nil, nil, "", wijkregie.NotFound()
	}
	return c, p, subj, kind, nil
}

// Consent returns one consent the actor may see; one they may not is not
// found, as one that does not exist: whether a family gave a consent is
// itself information. The read is audited, and a refusal.
func (s *Service) Consent(ctx context.Context, actor wijkregie.Actor, id string) (*ConsentView, error) {
	c, p, subj, kind, err := s.decidedConsent(ctx, actor, policy.ViewConsents, id)
	if err != nil {
		return nil, err
	}
	ev := consentEvent(policy.ViewConsents, c)
	orgs, users, err := s.consentNames(ctx, actor, []wijkregie.Consent{*c})
	if err != nil {
		return nil, err
	}
	if err := s.audit(ctx, actor, ev); err != nil {
		return nil, err
	}
	return &ConsentView{Consent: c, Person: p, Household: subj.Household, Organisations: orgs, Users: users,
		CanWithdraw: c.WithdrawnAt.IsZero() && policy.DecideConsent(actor, policy.WithdrawConsent, subj, c, kind, s.Now()) == nil}, nil
}

// parents returns the ids of the members with relation ouder in the
// household on the day, besides the person themself. The household
// records who the parents are; that they hold parental authority (gezag)
// is what the regisseur confirms when recording a parent's consent —
// wijkregie does not keep the gezagsregister — and the form says so.
func (s *Service) parents(ctx context.Context, q *store.Q, municipalityID, householdID, personID string, day time.Time) ([]string, []wijkregie.Person, error) {
	ms, ps, err := q.HouseholdMembers(ctx, municipalityID, householdID)
	if err != nil {
		return nil, nil, err
	}
	var ids []string
	var persons []wijkregie.Person
	for i, m := range ms {
		current := !m.From.After(day) && (m.Until.IsZero() || !m.Until.Before(day))
		if current && m.Relation == wijkregie.RelationParent && m.PersonID != personID && !slices.Contains(ids, m.PersonID) {
			ids = append(ids, m.PersonID)
			persons = append(persons, ps[i])
		}
	}
	return ids, persons, nil
}

// ConsentFormView is what the form that records a consent for a person
// asks: the givers the age rules need for the person's age today, and
// the parents of their household who can give a parent's consent.
type ConsentFormView struct {
	Person    *wijkregie.Person
	Household *wijkregie.Household
	Age       int // in whole years today; -1 when the birth date is unknown
	Needs     []wijkregie.GiverCapacity
	Parents   []wijkregie.Person
}

// ConsentForm returns what the form to record a consent for the person
// needs, for an actor who may record one (policy.DecideConsent). It
// shows the person and their parents, so it is audited as their read.
func (s *Service) ConsentForm(ctx context.Context, actor wijkregie.Actor, personID string) (*ConsentFormView, error) {
	if err := s.allow(actor, policy.RecordConsent); err != nil {
		return nil, err
	}
	ev := wijkregie.Event{Action: string(policy.RecordConsent), SubjectKind: "persoon", SubjectID: personID, PersonID: personID, Purpose: PurposeTask}
	p, subj, err := s.visiblePerson(ctx, actor, policy.RecordConsent, personID, ev)
	if err != nil {
		return nil, err
	}
	if p.MergedInto != "" {
		return nil, wijkregie.NotFound() // consent is recorded on the record that stays
	}
	today := wijkregie.Today(s.Now())
	_, parents, err := s.parents(ctx, s.store.R(), actor.MunicipalityID, subj.Household.ID, p.ID, today)
	if err != nil {
		return nil, err
	}
	v := &ConsentFormView{Person: p, Household: subj.Household, Age: -1, Needs: []wijkregie.GiverCapacity{wijkregie.GiverSelf}, Parents: parents}
	if !p.BirthDate.IsZero() {
		v.Age = wijkregie.AgeOn(p.BirthDate, today)
		v.Needs = wijkregie.ConsentGivers(v.Age)
	}
	events := []wijkregie.Event{{Action: string(policy.ViewPerson), SubjectKind: "persoon", SubjectID: p.ID, PersonID: p.ID, Purpose: PurposeTask}}
	for _, pp := range parents {
		events = append(events, wijkregie.Event{Action: string(policy.ViewPerson), SubjectKind: "persoon", SubjectID: pp.ID, PersonID: pp.ID, Purpose: PurposeTask})
	}
	if err := s.audit(ctx, actor, events...); err != nil {
		return nil, err
	}
	return v, nil
}

// RecordConsent records a consent for a person the actor may record one
// for (policy.DecideConsent): it is checked by the age rules with the
// person's birth date, the parents of the household they are seen
// through (the members with relation ouder today; the regisseur confirms
// they hold parental authority) and today, and written with its audit
// record in one transaction. Id, recorder and recording time are set
// here. A person the actor may not record for is invalid input naming
// persoon, as an unknown organisation names organisatie.
func (s *Service) RecordConsent(ctx context.Context, actor wijkregie.Actor, c *wijkregie.Consent) (*wijkregie.Consent, error) {
	if err := s.allow(actor, policy.RecordConsent); err != nil {
		return nil, err
	}
	c.GivenOn, c.Until = dayOf(c.GivenOn), dayOf(c.Until)
	if !wijkregie.ValidID(c.PersonID) {
		return nil, s.recordInvalid(c, wijkregie.InvalidField("persoon", "veld.toestemming.persoon"))
	}
	ev := wijkregie.Event{Action: string(policy.RecordConsent), SubjectKind: "persoon", SubjectID: c.PersonID, PersonID: c.PersonID, Purpose: PurposeTask}
	p, subj, err := s.visiblePerson(ctx, actor, policy.RecordConsent, c.PersonID, ev)
	switch {
	case wijkregie.ErrorCode(err) == wijkregie.ENOTFOUND:
		return nil, s.recordInvalid(c, wijkregie.InvalidField("persoon", "veld.toestemming.persoon"))
	case err != nil:
		return nil, err
	case p.MergedInto != "":
		return nil, s.recordInvalid(c, wijkregie.InvalidField("persoon", "veld.toestemming.samengevoegd"))
	}
	kind, err := s.organisationKind(ctx, actor)
	if err != nil {
		return nil, err
	}
	if err := policy.DecideConsent(actor, policy.RecordConsent, subj, nil, kind, s.Now()); err != nil {
		if aerr := s.denied(ctx, actor, ev); aerr != nil {
			return nil, aerr
		}
		return nil, err
	}
	var v wijkregie.Invalid
	if c.OrganisationID != "" {
		if !wijkregie.ValidID(c.OrganisationID) {
			v.Field("organisatie", "veld.keuze")
		} else if _, err := s.store.R().Organisation(ctx, actor.MunicipalityID, c.OrganisationID); wijkregie.ErrorCode(err) == wijkregie.ENOTFOUND {
			v.Field("organisatie", "veld.keuze")
		} else if err != nil {
			return nil, err
		}
	}
	today := wijkregie.Today(s.Now())
	ids, _, err := s.parents(ctx, s.store.R(), actor.MunicipalityID, subj.Household.ID, p.ID, today)
	if err != nil {
		return nil, err
	}
	if err := v.Add(c.Validate(p.BirthDate, ids, today)); err != nil {
		return nil, err
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	c.MunicipalityID, c.RecordedBy = actor.MunicipalityID, actor.UserID
	err = s.store.Tx(ctx, func(q *store.Q) error {
		if err := q.CreateConsent(ctx, c); err != nil {
			return err
		}
		return q.AppendAudit(ctx, actor.Record(consentEvent(policy.RecordConsent, c)))
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// recordInvalid adds the consent's own field errors to err, so one answer
// names every field in error even when the person is not known.
func (s *Service) recordInvalid(c *wijkregie.Consent, err error) error {
	var v wijkregie.Invalid
	v.Add(err)
	probe := *c
	probe.PersonID, probe.GivenBy = "-", nil // the person and givers are what cannot be checked
	if perr := probe.Validate(time.Time{}, nil, wijkregie.Today(s.Now())); perr != nil {
		var e *wijkregie.Error
		if errors.As(perr, &e) {
			for _, f := range e.Fields {
				if f.Name != "gegevenDoor" && f.Name != "persoon" {
					v.Field(f.Name, f.Message)
				}
			}
		}
	}
	return v.Err()
}

// WithdrawConsent withdraws a consent, with an optional reason, for an
// actor who may (policy.DecideConsent): it takes effect at once — the
// moment it is recorded, every later ConsentCovers answers no. version is
// the version the actor read (0: none, for the command line); a consent
// changed meanwhile is a conflict, one withdrawn before too. The change
// and its audit record are one transaction.
func (s *Service) WithdrawConsent(ctx context.Context, actor wijkregie.Actor, id, reason string, version int) (*wijkregie.Consent, error) {
	c, _, _, _, err := s.decidedConsent(ctx, actor, policy.WithdrawConsent, id)
	if err != nil {
		return nil, err
	}
	ev := consentEvent(policy.WithdrawConsent, c)
	var out *wijkregie.Consent
	err = s.store.Tx(ctx, func(q *store.Q) error {
		cur, err := q.Consent(ctx, actor.MunicipalityID, c.ID)
		if err != nil {
			return err
		}
		if version != 0 && cur.Version != version {
			return wijkregie.Conflict("fout.toestemming.gewijzigd")
		}
		if err := cur.Withdraw(actor.UserID, strings.TrimSpace(reason), q.Now()); err != nil {
			return err
		}
		if err := q.WithdrawConsent(ctx, cur); err != nil {
			return err
		}
		out = cur
		return q.AppendAudit(ctx, actor.Record(ev))
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// ConsentCovers reports whether, at the moment at, an active consent lets
// the organisation (its id and kind) process the person's data for the
// purpose in the life domain ("": any domain the consent covers): the
// question the access policy of partners will ask (issue 5, "Need-to-know
// access"). It is not audited: it decides, it shows nothing — the access
// it allows or refuses is audited where it happens. It takes the
// municipality, as every read does: the tenant is never implied.
func (s *Service) ConsentCovers(ctx context.Context, municipalityID, personID, organisationID string, kind wijkregie.OrganisationKind,
	purpose wijkregie.ConsentPurpose, domain string, at time.Time) (bool, error) {
	if !wijkregie.ValidID(personID) {
		return false, nil
	}
	cs, err := s.store.R().ConsentsForRecipient(ctx, municipalityID, personID, organisationID, kind, at)
	if err != nil {
		return false, err
	}
	for i := range cs {
		if cs[i].Covers(organisationID, kind, purpose, domain, at) {
			return true, nil
		}
	}
	return false, nil
}
