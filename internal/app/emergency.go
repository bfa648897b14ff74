package app

import (
	"context"

	"wijkregie"
	"wijkregie/internal/policy"
	"wijkregie/internal/store"
)

// Emergency access (nood-toegang; docs/privacy.md). A professional or team
// lead outside a case opens it after stating a reason: in one transaction
// the access is recorded, an involvement of kind nood-toegang grants the
// case's household until the access ends, the audit log records the
// request, and every active privacy officer of the municipality finds a
// notification in their inbox. From then on the one access policy grants
// the case like any involvement, and at the end it stops by itself. The
// privacy officer then judges each access against what its holder read
// in the window.

// PurposeEmergency is the audit log's purpose of an emergency access and
// of its review.
const PurposeEmergency = "nood-toegang"

// RequestEmergencyAccess gives the actor emergency access to the case for
// wijkregie.EmergencyAccessDuration, for the reason stated (named reden
// when it is not one a reviewer can judge). A case the actor may see
// already is a conflict ("fout.noodtoegang.al_toegang"): nothing is
// recorded. An unknown case is not found.
func (s *Service) RequestEmergencyAccess(ctx context.Context, actor wijkregie.Actor, caseID, reason string) (*wijkregie.EmergencyAccess, error) {
	if err := s.allow(actor, policy.RequestEmergencyAccess); err != nil {
		return nil, err
	}
	if !wijkregie.ValidID(caseID) {
		return nil, wijkregie.NotFound()
	}
	var out *wijkregie.EmergencyAccess
	err := s.store.Tx(ctx, func(q *store.Q) error {
		// Decided inside the transaction that grants it, so that the
		// involvements weighed are the ones the grant joins.
		subj, err := caseSubject(ctx, q, actor.MunicipalityID, caseID)
		if err != nil {
			return err
		}
		now := s.Now()
		if err := policy.DecideEmergencyAccess(actor, subj, now); err != nil {
			return err
		}
		e, err := wijkregie.NewEmergencyAccess(actor.MunicipalityID, caseID, subj.Case.HouseholdID, actor.UserID, reason, now)
		if err != nil {
			return err
		}
		if err := q.CreateEmergencyAccess(ctx, e); err != nil {
			return err
		}
		if err := q.Involve(ctx, &wijkregie.Involvement{MunicipalityID: e.MunicipalityID, HouseholdID: e.HouseholdID, UserID: e.UserID,
			Kind: wijkregie.InvolvementNoodToegang, From: e.Start, Until: e.End}); err != nil {
			return err
		}
		if err := q.AppendAudit(ctx, actor.Record(wijkregie.Event{Action: string(policy.RequestEmergencyAccess), SubjectKind: "casus",
			SubjectID: caseID, Purpose: PurposeEmergency})); err != nil {
			return err
		}
		if err := notifyPrivacyOfficers(ctx, q, e); err != nil {
			return err
		}
		out = e
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// notifyPrivacyOfficers puts a notification in the inbox of every active
// privacy officer of the municipality. It names who took emergency
// access, as a match names a party, and the access by its id, so that the
// inbox links to its review; not the family, nor the reason, which the
// review page shows to the privacy officer alone.
func notifyPrivacyOfficers(ctx context.Context, q *store.Q, e *wijkregie.EmergencyAccess) error {
	officers, _, err := q.Users(ctx, e.MunicipalityID, store.UserFilter{Role: wijkregie.RolePrivacy, Page: store.Page{Limit: store.MaxLimit}})
	if err != nil {
		return err
	}
	who, err := q.MatchParty(ctx, e.MunicipalityID, e.UserID)
	if err != nil {
		return err
	}
	for _, u := range officers {
		if !u.Active {
			continue
		}
		n := &wijkregie.Notification{MunicipalityID: e.MunicipalityID, RecipientID: u.ID, Kind: wijkregie.NotificationEmergencyAccess,
			OtherUserID: who.UserID, OtherName: who.Name, OtherOrganisation: who.Organisation, OtherContact: who.Contact, SubjectID: e.ID}
		if err := q.CreateNotification(ctx, n); err != nil {
			return err
		}
	}
	return nil
}

// EmergencyAccessOffer returns nil when the actor, who may not see the
// case, may take emergency access to it now: the page that refuses the
// case then offers the form. Otherwise the error says why not — not found
// for an unknown case or an actor who may never take it (the refusal of
// the case itself was audited where it was read), a conflict for one who
// sees the case already.
func (s *Service) EmergencyAccessOffer(ctx context.Context, actor wijkregie.Actor, caseID string) error {
	if !policy.Allows(actor, policy.RequestEmergencyAccess) || !wijkregie.ValidID(caseID) {
		return wijkregie.NotFound()
	}
	subj, err := caseSubject(ctx, s.store.R(), actor.MunicipalityID, caseID)
	if err != nil {
		return err
	}
	err = policy.DecideEmergencyAccess(actor, subj, s.Now())
	if wijkregie.ErrorCode(err) == wijkregie.EFORBIDDEN {
		return wijkregie.NotFound()
	}
	return err
}

// CurrentEmergencyAccess returns the actor's own emergency access to the
// case that holds now, for the case page's notice of when it ends; not
// found when there is none. It reads nothing of the family.
func (s *Service) CurrentEmergencyAccess(ctx context.Context, actor wijkregie.Actor, caseID string) (*wijkregie.EmergencyAccess, error) {
	if !policy.Allows(actor, policy.RequestEmergencyAccess) || !wijkregie.ValidID(caseID) {
		return nil, wijkregie.NotFound()
	}
	return s.store.R().CurrentEmergencyAccess(ctx, actor.MunicipalityID, actor.UserID, caseID, s.Now())
}

// working returns the involvements of those who work with the family:
// what the household's betrokkenen are. An emergency access grants a look
// at the file, not a part in the work, so its holder is left out.
func working(invs []wijkregie.Involvement) []wijkregie.Involvement {
	out := make([]wijkregie.Involvement, 0, len(invs))
	for _, inv := range invs {
		if inv.Kind != wijkregie.InvolvementNoodToegang {
			out = append(out, inv)
		}
	}
	return out
}

// EmergencyAccessList is a page of emergency accesses for the privacy
// officer, with the names of their holders and reviewers.
type EmergencyAccessList struct {
	Accesses []wijkregie.EmergencyAccess
	Total    int
	Users    map[string]*wijkregie.User
}

// ListEmergencyAccesses returns the municipality's emergency accesses for
// the privacy officer (policy.DecideReview): those still to review first,
// each group newest first. The list and each access shown are audited.
func (s *Service) ListEmergencyAccesses(ctx context.Context, actor wijkregie.Actor, f store.EmergencyFilter) (*EmergencyAccessList, error) {
	if err := s.decideReview(ctx, actor, wijkregie.Event{Action: "nood-toegangen.zoeken", SubjectKind: "nood-toegang", Purpose: PurposeEmergency}); err != nil {
		return nil, err
	}
	r := s.store.R()
	es, total, err := r.EmergencyAccesses(ctx, actor.MunicipalityID, f)
	if err != nil {
		return nil, err
	}
	v := &EmergencyAccessList{Accesses: es, Total: total}
	var ids []string
	events := []wijkregie.Event{{Action: "nood-toegangen.zoeken", SubjectKind: "nood-toegang", Purpose: PurposeEmergency, Search: emergencySearch(f), Results: total}}
	for _, e := range es {
		ids = append(ids, e.UserID, e.ReviewedBy)
		events = append(events, emergencyEvent(e.ID))
	}
	if v.Users, err = r.UsersByID(ctx, actor.MunicipalityID, compact(ids)); err != nil {
		return nil, err
	}
	if err := s.audit(ctx, actor, events...); err != nil {
		return nil, err
	}
	return v, nil
}

// emergencyEvent is the audit record of an emergency access read.
func emergencyEvent(id string) wijkregie.Event {
	return wijkregie.Event{Action: "nood-toegang.lezen", SubjectKind: "nood-toegang", SubjectID: id, Purpose: PurposeEmergency}
}

// decideReview lets the privacy officer through; anyone else's attempt
// is audited as refused.
func (s *Service) decideReview(ctx context.Context, actor wijkregie.Actor, ev wijkregie.Event) error {
	if err := policy.DecideReview(actor); err != nil {
		if actor.UserID != "" {
			if aerr := s.denied(ctx, actor, ev); aerr != nil {
				return aerr
			}
		}
		return err
	}
	return nil
}

// EmergencyAccessView is one emergency access as the privacy officer
// judges it: the record, who took it (with their team) and who reviewed
// it, the case's team, and what the holder did with the case, its
// household and its members during the window.
type EmergencyAccessView struct {
	Access     *wijkregie.EmergencyAccess
	Users      map[string]*wijkregie.User
	Teams      map[string]string // team names by id: the holder's and the case's
	CaseTeamID string
	Trail      []wijkregie.AuditRecord // oldest first
	TrailTotal int                     // the trail may be longer than the page shown
	CanReview  bool
}

// EmergencyAccess returns one emergency access with its audit trail for
// the privacy officer (policy.DecideReview), the first page of the trail
// as page asks. The read is audited.
func (s *Service) EmergencyAccess(ctx context.Context, actor wijkregie.Actor, id string, page store.Page) (*EmergencyAccessView, error) {
	ev := emergencyEvent(id)
	if err := s.decideReview(ctx, actor, ev); err != nil {
		return nil, err
	}
	if !wijkregie.ValidID(id) {
		return nil, wijkregie.NotFound()
	}
	r, mid := s.store.R(), actor.MunicipalityID
	e, err := r.EmergencyAccess(ctx, mid, id)
	if err != nil {
		return nil, err
	}
	v := &EmergencyAccessView{Access: e, Teams: map[string]string{}, CanReview: !e.Reviewed()}
	if v.Trail, v.TrailTotal, err = r.EmergencyAuditTrail(ctx, e, page); err != nil {
		return nil, err
	}
	if v.Users, err = r.UsersByID(ctx, mid, compact([]string{e.UserID, e.ReviewedBy})); err != nil {
		return nil, err
	}
	c, err := r.Case(ctx, mid, e.CaseID)
	if err != nil {
		return nil, err
	}
	v.CaseTeamID = c.TeamID
	teams, err := r.Teams(ctx, mid)
	if err != nil {
		return nil, err
	}
	for _, t := range teams {
		v.Teams[t.ID] = t.Name
	}
	if err := s.audit(ctx, actor, ev); err != nil {
		return nil, err
	}
	return v, nil
}

// ReviewEmergencyAccess records the privacy officer's verdict on an
// emergency access, over the version they read: terecht or onterecht,
// with a note (required for onterecht). An access is judged once; a
// second review, or one over a version changed meanwhile, is a conflict.
// A version of 0 asks for no check: the review is the only change an
// access ever gets, so one made without a version can overwrite nothing.
// The review is audited in its transaction.
func (s *Service) ReviewEmergencyAccess(ctx context.Context, actor wijkregie.Actor, id string, verdict wijkregie.EmergencyVerdict, note string,
	version int) (*wijkregie.EmergencyAccess, error) {
	ev := wijkregie.Event{Action: string(policy.ReviewEmergencyAccess), SubjectKind: "nood-toegang", SubjectID: id, Purpose: PurposeEmergency}
	if err := s.decideReview(ctx, actor, ev); err != nil {
		return nil, err
	}
	if !wijkregie.ValidID(id) {
		return nil, wijkregie.NotFound()
	}
	var out *wijkregie.EmergencyAccess
	err := s.store.Tx(ctx, func(q *store.Q) error {
		e, err := q.EmergencyAccess(ctx, actor.MunicipalityID, id)
		if err != nil {
			return err
		}
		if err := e.Review(actor.UserID, verdict, note, s.Now()); err != nil {
			return err
		}
		if version > 0 && e.Version != version {
			return wijkregie.Conflict("fout.noodtoegang.gewijzigd")
		}
		if err := q.ReviewEmergencyAccess(ctx, e); err != nil {
			return err
		}
		if err := q.AppendAudit(ctx, actor.Record(ev)); err != nil {
			return err
		}
		out = e
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
