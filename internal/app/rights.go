package app

import (
	"context"
	"slices"

	"wijkregie"
	"wijkregie/internal/policy"
	"wijkregie/internal/store"
)

// The person's other rights (AVG art. 16, 17, 18, 21; docs/privacy.md,
// "Rechten van betrokkenen"). The privacy officer finds the person a
// request is about as for an inzage (FindPersonForInzage: BSN and birth
// date), records the request, and decides it within its term; the
// decision is carried out in the transaction that records it: a granted
// restriction restricts the person, a granted rectification writes the
// correction, a granted erasure erases — where the law allows it, which
// DecideErasure weighs from the facts the store reads.

// PurposeRightsRequest is the audit log's purpose for handling a
// request to exercise a right.
const PurposeRightsRequest = "rechtenverzoek"

// The audit log's actions of carrying out an erasure, besides the
// policy's ErasePerson on each person.
const (
	ActionErasureAnonymise = "wissing.anonimiseren" // a case or signal
	ActionErasureRemove    = "wissing.verwijderen"  // a household or consent
	ActionRightsRead       = "rechtenverzoek.lezen"
)

// restrictedErr is the refusal of a change to a person whose processing
// is restricted.
func restrictedErr() error { return wijkregie.Conflict("fout.rechten.beperkt") }

// notRestricted returns restrictedErr when the processing of one of the
// persons is restricted (art. 18). The write paths of persons and
// households call it inside their transaction, so that a restriction set
// between the read and the write still holds.
func notRestricted(ctx context.Context, q *store.Q, municipalityID string, personIDs ...string) error {
	var ids []string
	for _, id := range personIDs {
		if wijkregie.ValidID(id) {
			ids = append(ids, id)
		}
	}
	rs, err := q.Restrictions(ctx, municipalityID, ids)
	if err != nil {
		return err
	}
	if len(rs) > 0 {
		return restrictedErr()
	}
	return nil
}

// RightsRequestView is a request as the privacy officer reads it.
type RightsRequestView struct {
	Request wijkregie.RightsRequest
	// Person is nil when the person is gone (an erasure granted, or
	// retention): the request stays as the proof of the answer.
	Person      *wijkregie.Person
	Overdue     bool
	Restriction *wijkregie.Restriction
	// Erasure is what the law allows, for an open erasure request: the
	// privacy officer reads the reasons before deciding.
	Erasure *wijkregie.ErasureVerdict
}

// RecordRightsRequest records a request about a person found by
// FindPersonForInzage; the deadline is one month after receipt. Only the
// privacy officer may; the record is audited on the person.
func (s *Service) RecordRightsRequest(ctx context.Context, actor wijkregie.Actor, r *wijkregie.RightsRequest) error {
	if err := policy.DecideRights(actor, policy.RecordRightsRequest, actor.MunicipalityID); err != nil {
		return err
	}
	r.MunicipalityID, r.RecordedBy = actor.MunicipalityID, actor.UserID
	if err := r.Validate(s.Now()); err != nil {
		return err
	}
	if !wijkregie.ValidID(r.PersonID) {
		return wijkregie.NotFound()
	}
	return s.store.Tx(ctx, func(q *store.Q) error {
		if _, err := q.Person(ctx, actor.MunicipalityID, r.PersonID); err != nil {
			return err
		}
		if err := q.CreateRightsRequest(ctx, r); err != nil {
			return err
		}
		return q.AppendAudit(ctx, actor.Record(wijkregie.Event{Action: string(policy.RecordRightsRequest), SubjectKind: "rechtenverzoek",
			SubjectID: r.ID, PersonID: r.PersonID, Purpose: PurposeRightsRequest}))
	})
}

// RightsRequests returns a page of the municipality's requests, the open
// ones first by their due day (the overdue lead), with the persons'
// names; the read is audited once for the list and once per person
// shown.
func (s *Service) RightsRequests(ctx context.Context, actor wijkregie.Actor, open bool, page store.Page) ([]RightsRequestView, int, error) {
	if err := policy.DecideRights(actor, policy.ViewRightsRequests, actor.MunicipalityID); err != nil {
		return nil, 0, err
	}
	var out []RightsRequestView
	var total int
	err := s.store.ReadTx(ctx, func(q *store.Q) error {
		rs, n, err := q.RightsRequests(ctx, actor.MunicipalityID, open, page)
		if err != nil {
			return err
		}
		total = n
		for _, r := range rs {
			v, err := s.rightsView(ctx, q, r, false)
			if err != nil {
				return err
			}
			out = append(out, *v)
		}
		return nil
	})
	if err != nil {
		return nil, 0, err
	}
	events := []wijkregie.Event{{Action: string(policy.ViewRightsRequests), SubjectKind: "rechtenverzoek", Purpose: PurposeRightsRequest}}
	for _, v := range out {
		events = append(events, wijkregie.Event{Action: string(policy.ViewRightsRequests), SubjectKind: "rechtenverzoek",
			SubjectID: v.Request.ID, PersonID: v.Request.PersonID, Purpose: PurposeRightsRequest})
	}
	if err := s.audit(ctx, actor, events...); err != nil {
		return nil, 0, err
	}
	return out, total, nil
}

// RightsRequest returns one request with its person, any restriction on
// them, and for an open erasure request what the law allows; audited.
func (s *Service) RightsRequest(ctx context.Context, actor wijkregie.Actor, id string) (*RightsRequestView, error) {
	if err := policy.DecideRights(actor, policy.ViewRightsRequests, actor.MunicipalityID); err != nil {
		return nil, err
	}
	if !wijkregie.ValidID(id) {
		return nil, wijkregie.NotFound()
	}
	var v *RightsRequestView
	err := s.store.ReadTx(ctx, func(q *store.Q) error {
		r, err := q.RightsRequest(ctx, actor.MunicipalityID, id)
		if err != nil {
			return err
		}
		v, err = s.rightsView(ctx, q, *r, true)
		return err
	})
	if err != nil {
		return nil, err
	}
	ev := wijkregie.Event{Action: ActionRightsRead, SubjectKind: "rechtenverzoek", SubjectID: id, PersonID: v.Request.PersonID, Purpose: PurposeRightsRequest}
	if err := s.audit(ctx, actor, ev); err != nil {
		return nil, err
	}
	return v, nil
}

// rightsView reads what a request's page shows; whole adds the
// restriction and the erasure's verdict.
func (s *Service) rightsView(ctx context.Context, q *store.Q, r wijkregie.RightsRequest, whole bool) (*RightsRequestView, error) {
	v := &RightsRequestView{Request: r, Overdue: r.Overdue(s.Now())}
	p, err := q.Person(ctx, r.MunicipalityID, r.PersonID)
	switch {
	case wijkregie.ErrorCode(err) == wijkregie.ENOTFOUND:
		return v, nil
	case err != nil:
		return nil, err
	}
	v.Person = p
	if !whole {
		return v, nil
	}
	rs, err := q.Restrictions(ctx, r.MunicipalityID, []string{p.ID})
	if err != nil {
		return nil, err
	}
	if x, ok := rs[p.ID]; ok {
		v.Restriction = &x
	}
	if r.Kind == wijkregie.RightErasure && r.Open() {
		plan, err := s.erasurePlan(ctx, q, p)
		if err != nil {
			return nil, err
		}
		verdict := wijkregie.DecideErasure(plan.Facts, r.EarlyDestruction, false)
		v.Erasure = &verdict
	}
	return v, nil
}

// erasurePlan reads the facts of an erasure of the person and the
// records merged into them, at the service's clock and the
// municipality's retention periods.
func (s *Service) erasurePlan(ctx context.Context, q *store.Q, p *wijkregie.Person) (*store.ErasurePlan, error) {
	ids := []string{p.ID}
	merged, err := q.MergedPersons(ctx, p.MunicipalityID, p.ID)
	if err != nil {
		return nil, err
	}
	for _, m := range merged {
		ids = append(ids, m.ID)
	}
	periods, err := q.RetentionPeriods(ctx, p.MunicipalityID)
	if err != nil {
		return nil, err
	}
	return q.ErasureFacts(ctx, p.MunicipalityID, ids, periods, s.Now())
}

// RightsDecision is the privacy officer's decision on a request.
type RightsDecision struct {
	Version  int // the request's version as read
	Status   wijkregie.RightsStatus
	Reason   string
	Weighing string // early destruction: the weighing of interests
	// Opposed: for early destruction, the weighing found a weighty
	// interest of another that opposes it (Jeugdwet art. 7.3.9).
	Opposed bool
	// Correction is the person's data as corrected, for a rectification
	// granted in whole or in part; nil leaves the data as it is.
	Correction *wijkregie.PersonInput
}

// DecideRightsRequest records the decision and carries it out in one
// transaction, audited: a restriction granted restricts the person; a
// rectification granted writes the correction given; an erasure granted
// erases, and is refused beside the decision field when the law does not
// allow it (DecideErasure) — the reasons are on the request's page. An
// objection is recorded: what follows from it (closing the case, an
// erasure) is a decision of its own.
func (s *Service) DecideRightsRequest(ctx context.Context, actor wijkregie.Actor, id string, d RightsDecision) (*wijkregie.RightsRequest, error) {
	if err := policy.DecideRights(actor, policy.DecideRightsRequest, actor.MunicipalityID); err != nil {
		return nil, err
	}
	if !wijkregie.ValidID(id) {
		return nil, wijkregie.NotFound()
	}
	var r *wijkregie.RightsRequest
	err := s.store.Tx(ctx, func(q *store.Q) error {
		var err error
		if r, err = q.RightsRequest(ctx, actor.MunicipalityID, id); err != nil {
			return err
		}
		if d.Version != 0 && d.Version != r.Version {
			return wijkregie.Conflict("fout.rechten.gewijzigd")
		}
		grant := d.Status == wijkregie.RightsGranted || d.Status == wijkregie.RightsPartly && r.Kind != wijkregie.RightErasure
		var correction *wijkregie.Person
		if grant && r.Kind == wijkregie.RightRectification && d.Correction != nil {
			var v wijkregie.Invalid
			correction, err = d.Correction.Person(actor.MunicipalityID, s.Now())
			v.Add(err)
			v.Add(r.Decide(d.Status, d.Reason, d.Weighing, actor.UserID, s.Now()))
			if err := v.Err(); err != nil {
				return err
			}
		} else if err := r.Decide(d.Status, d.Reason, d.Weighing, actor.UserID, s.Now()); err != nil {
			return err
		}
		person := wijkregie.Event{SubjectKind: "persoon", SubjectID: r.PersonID, PersonID: r.PersonID, Purpose: PurposeRightsRequest}
		var events []wijkregie.Event
		if grant {
			p, err := q.Person(ctx, actor.MunicipalityID, r.PersonID)
			if err != nil {
				return err
			}
			switch r.Kind {
			case wijkregie.RightRestriction:
				if err := q.Restrict(ctx, actor.MunicipalityID, &wijkregie.Restriction{PersonID: p.ID, By: actor.UserID, Reason: r.Request}); err != nil {
					return err
				}
				e := person
				e.Action = string(policy.RestrictProcessing)
				events = append(events, e)
			case wijkregie.RightRectification:
				if correction != nil {
					correction.ID, correction.BSN = p.ID, p.BSN
					if err := q.CorrectPerson(ctx, correction); err != nil {
						return err
					}
					e := person
					e.Action = string(policy.CorrectPerson)
					events = append(events, e)
				}
			case wijkregie.RightErasure:
				erased, err := s.erase(ctx, q, p, r, d.Opposed)
				if err != nil {
					return err
				}
				events = append(events, erased...)
			}
		}
		if err := q.UpdateRightsRequest(ctx, r); err != nil {
			return err
		}
		recs := []wijkregie.AuditRecord{actor.Record(wijkregie.Event{Action: string(policy.DecideRightsRequest), SubjectKind: "rechtenverzoek",
			SubjectID: r.ID, PersonID: r.PersonID, Purpose: PurposeRightsRequest})}
		for _, e := range events {
			recs = append(recs, actor.Record(e))
		}
		return q.AppendAudit(ctx, recs...)
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

// erase carries out a granted erasure when the law allows it, and
// returns the audit events of what it did: one per person removed, per
// case and signal anonymised, per household and consent removed. The
// audit trail itself stays: it is the proof that the erasure was done.
func (s *Service) erase(ctx context.Context, q *store.Q, p *wijkregie.Person, r *wijkregie.RightsRequest, opposed bool) ([]wijkregie.Event, error) {
	plan, err := s.erasurePlan(ctx, q, p)
	if err != nil {
		return nil, err
	}
	verdict := wijkregie.DecideErasure(plan.Facts, r.EarlyDestruction, opposed)
	if !verdict.Allowed {
		return nil, wijkregie.InvalidField("besluit", "veld.rechten.wissing_wet")
	}
	cases := slices.Concat(plan.ExpiredCases, verdict.Cases)
	signals := slices.Clone(plan.Signals)
	consents, err := q.Erase(ctx, p.MunicipalityID, plan, verdict.Cases)
	if err != nil {
		return nil, err
	}
	ev := func(action, kind, id, person string) wijkregie.Event {
		return wijkregie.Event{Action: action, SubjectKind: kind, SubjectID: id, PersonID: person, Purpose: PurposeRightsRequest}
	}
	var out []wijkregie.Event
	for _, id := range cases {
		out = append(out, ev(ActionErasureAnonymise, "casus", id, ""))
	}
	for _, id := range signals {
		out = append(out, ev(ActionErasureAnonymise, "signaal", id, ""))
	}
	for _, id := range plan.Households {
		out = append(out, ev(ActionErasureRemove, "huishouden", id, ""))
	}
	for _, id := range consents {
		out = append(out, ev(ActionErasureRemove, "toestemming", id, ""))
	}
	for _, id := range plan.PersonIDs {
		out = append(out, ev(string(policy.ErasePerson), "persoon", id, id))
	}
	return out, nil
}

// ExtendRightsRequest extends the request's term once by two months
// (art. 12(3)), with the reason the person is told.
func (s *Service) ExtendRightsRequest(ctx context.Context, actor wijkregie.Actor, id string, version int, reason string) (*wijkregie.RightsRequest, error) {
	if err := policy.DecideRights(actor, policy.ExtendRightsRequest, actor.MunicipalityID); err != nil {
		return nil, err
	}
	if !wijkregie.ValidID(id) {
		return nil, wijkregie.NotFound()
	}
	var r *wijkregie.RightsRequest
	err := s.store.Tx(ctx, func(q *store.Q) error {
		var err error
		if r, err = q.RightsRequest(ctx, actor.MunicipalityID, id); err != nil {
			return err
		}
		if version != 0 && version != r.Version {
			return wijkregie.Conflict("fout.rechten.gewijzigd")
		}
		if err := r.Extend(reason, s.Now()); err != nil {
			return err
		}
		if err := q.UpdateRightsRequest(ctx, r); err != nil {
			return err
		}
		return q.AppendAudit(ctx, actor.Record(wijkregie.Event{Action: string(policy.ExtendRightsRequest), SubjectKind: "rechtenverzoek",
			SubjectID: r.ID, PersonID: r.PersonID, Purpose: PurposeRightsRequest}))
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

// LiftRestriction ends the restriction of processing on a person: the
// privacy officer's, when its reason has gone (the accuracy checked, the
// objection decided). Audited on the person.
func (s *Service) LiftRestriction(ctx context.Context, actor wijkregie.Actor, personID string) error {
	if err := policy.DecideRights(actor, policy.LiftRestriction, actor.MunicipalityID); err != nil {
		return err
	}
	if !wijkregie.ValidID(personID) {
		return wijkregie.NotFound()
	}
	return s.store.Tx(ctx, func(q *store.Q) error {
		rs, err := q.Restrictions(ctx, actor.MunicipalityID, []string{personID})
		if err != nil {
			return err
		}
		if len(rs) == 0 {
			return wijkregie.Conflict("fout.rechten.niet_beperkt")
		}
		if err := q.LiftRestriction(ctx, actor.MunicipalityID, personID); err != nil {
			return err
		}
		return q.AppendAudit(ctx, actor.Record(wijkregie.Event{Action: string(policy.LiftRestriction), SubjectKind: "persoon",
			SubjectID: personID, PersonID: personID, Purpose: PurposeRightsRequest}))
	})
}

// RightsPerson names the person of a request being recorded, by id, as
// FindPersonForInzage found them: for the form that comes back with an
// error. Only the privacy officer; audited as a read of the person.
func (s *Service) RightsPerson(ctx context.Context, actor wijkregie.Actor, personID string) (*InzageMatch, error) {
	if err := policy.DecideRights(actor, policy.RecordRightsRequest, actor.MunicipalityID); err != nil {
		return nil, err
	}
	if !wijkregie.ValidID(personID) {
		return nil, wijkregie.NotFound()
	}
	p, err := s.store.R().Person(ctx, actor.MunicipalityID, personID)
	if err != nil {
		return nil, err
	}
	ev := wijkregie.Event{Action: ActionRightsRead, SubjectKind: "persoon", SubjectID: p.ID, PersonID: p.ID, Purpose: PurposeRightsRequest}
	if err := s.audit(ctx, actor, ev); err != nil {
		return nil, err
	}
	return &InzageMatch{ID: p.ID, Name: p.FullName(), BirthDate: p.BirthDate, BSN: p.BSN}, nil
}
