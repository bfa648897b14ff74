package app

import (
	"context"
	"slices"
	"strings"

	"wijkregie"
	"wijkregie/internal/policy"
	"wijkregie/internal/store"
)

// Working one outreach (docs/outreach.md): reading it with its arrears and
// contact attempts, recording an attempt, assigning it, and closing it
// with one of the GGM's outcome codes and what follows from that. The
// team whose area holds the address works it, with the professional it is
// assigned to and the regisseur of the open case it joined
// (policy.DecideOutreach). Every read and change is audited on the
// subject "vroegsignaal", once per person its arrears were matched to and
// (for a read) per member whose name the page shows; a refusal is audited
// and answered as not found, as a household the actor may not see.

// The audit actions of working an outreach that are not policy actions:
// recording an attempt and closing are both policy.WorkOutreach, and the
// log tells them apart (their kinds are in outreach.go of the domain).
const (
	ActionOutreachContact = "vroegsignaal.contactpoging"
	ActionOutreachClose   = "vroegsignaal.afronden"
)

// acceptedHelpText is the description of the signal that accepted help
// without an open case becomes, for the team's triage. It names no
// creditor, amount or circumstance: the outreach's page holds those, for
// whom may read it, and the triage screen links the household.
const acceptedHelpText = "Het huishouden heeft na een vroegsignaal schulden (een betalingsachterstand) hulp aanvaard. " +
	"Het vroegsignaal, met de achterstanden en de contactpogingen, staat bij het huishouden."

// OutreachView is one outreach as its page and the API show it.
type OutreachView struct {
	Outreach  *wijkregie.Outreach
	Household *wijkregie.Household
	Members   []wijkregie.Person // the household's members today, for their names
	Arrears   []wijkregie.Arrears
	Creditors map[string]*wijkregie.Creditor // by id, for the arrears' creditors
	Contacts  []wijkregie.ContactAttempt
	// Users names the professional it is assigned to, who recorded each
	// attempt and who closed it.
	Users    map[string]*wijkregie.User
	TeamName string
	// Case is the case it joined or, once closed, handed the household
	// to; nil when none.
	Case *wijkregie.Case
	// CaseOpen: the household has an open case now, which accepted help
	// or another trajectory would join.
	CaseOpen bool
	// Late: still open after its deadline, the rule the team's lists use.
	Late bool
	// What the actor may do here: record attempts, assign and close while
	// it is open, and to whom it may be assigned (the active professionals
	// and leads of its team).
	CanWork    bool
	Candidates []wijkregie.User
}

// outreachWorkEvents are the audit records of an action on an outreach: one
// per person it concerns, or one without a person when it concerns none
// the register knows.
func outreachWorkEvents(action string, o *wijkregie.Outreach, persons []string, result string) []wijkregie.Event {
	persons = compact(persons)
	if len(persons) == 0 {
		persons = []string{""}
	}
	out := make([]wijkregie.Event, len(persons))
	for i, p := range persons {
		out[i] = wijkregie.Event{Action: action, SubjectKind: "vroegsignaal", SubjectID: o.ID, PersonID: p, Purpose: PurposeTask, Result: result}
	}
	return out
}

// arrearsPersonIDs returns the persons the outreach's arrears were matched to.
func arrearsPersonIDs(as []wijkregie.Arrears) []string {
	var out []string
	for _, a := range as {
		out = append(out, a.PersonID)
	}
	return compact(out)
}

// outreachPolicySubject is what the policy weighs of an outreach: its team,
// whom it is assigned to, and the regisseur of the case it joined while
// that case is open.
func outreachPolicySubject(ctx context.Context, q *store.Q, o *wijkregie.Outreach) (policy.OutreachSubject, error) {
	subj := policy.OutreachSubject{MunicipalityID: o.MunicipalityID, TeamID: o.TeamID, AssignedTo: o.AssignedTo}
	if o.CaseID == "" {
		return subj, nil
	}
	c, err := q.Case(ctx, o.MunicipalityID, o.CaseID)
	if err != nil {
		return subj, err
	}
	if c.Status != wijkregie.CaseClosed && c.Status != wijkregie.CaseHandedOver {
		subj.CaseCoordinator = c.CoordinatorID
	}
	return subj, nil
}

// decidedOutreach reads an outreach and decides action a on it; a refusal
// is audited (as action audit) and answered as not found: that a household
// had payment arrears is itself what the outreach protects.
func (s *Service) decidedOutreach(ctx context.Context, actor wijkregie.Actor, a policy.Action, audit, id string) (*wijkregie.Outreach, policy.OutreachSubject, error) {
	if err := s.allow(actor, a); err != nil {
		return nil, policy.OutreachSubject{}, err
	}
	if !wijkregie.ValidID(id) {
		return nil, policy.OutreachSubject{}, wijkregie.NotFound()
	}
	r := s.store.R()
	o, err := r.Outreach(ctx, actor.MunicipalityID, id)
	if err != nil {
		return nil, policy.OutreachSubject{}, err
	}
	subj, err := outreachPolicySubject(ctx, r, o)
	if err != nil {
		return nil, subj, err
	}
	if err := policy.DecideOutreach(actor, a, subj); err != nil {
		if aerr := s.audit(ctx, actor, outreachWorkEvents(audit, o, nil, wijkregie.AuditDenied)...); aerr != nil {
			return nil, subj, aerr
		}
		return nil, subj, wijkregie.NotFound()
	}
	return o, subj, nil
}

// Outreach returns one outreach with its household's address and members,
// its arrears and contact attempts, for an actor who may read it. The read
// is audited for every person it shows or concerns.
func (s *Service) Outreach(ctx context.Context, actor wijkregie.Actor, id string) (*OutreachView, error) {
	o, subj, err := s.decidedOutreach(ctx, actor, policy.ViewOutreach, string(policy.ViewOutreach), id)
	if err != nil {
		return nil, err
	}
	r, mid := s.store.R(), actor.MunicipalityID
	v := &OutreachView{Outreach: o, Creditors: map[string]*wijkregie.Creditor{},
		Late: o.Status == wijkregie.OutreachOpen && s.Now().After(o.Deadline)}
	if v.Household, err = r.Household(ctx, mid, o.HouseholdID); err != nil {
		return nil, err
	}
	ms, ps, err := r.HouseholdMembers(ctx, mid, o.HouseholdID)
	if err != nil {
		return nil, err
	}
	today := wijkregie.Today(s.Now())
	persons := []string{}
	for i, m := range ms {
		if !m.From.After(today) && (m.Until.IsZero() || !m.Until.Before(today)) {
			v.Members = append(v.Members, ps[i])
			persons = append(persons, ps[i].ID)
		}
	}
	if v.Arrears, err = r.OutreachArrears(ctx, mid, o.ID); err != nil {
		return nil, err
	}
	persons = append(persons, arrearsPersonIDs(v.Arrears)...)
	for _, a := range v.Arrears {
		if v.Creditors[a.CreditorID] != nil {
			continue
		}
		c, err := r.CreditorByID(ctx, mid, a.CreditorID)
		if err != nil {
			return nil, err
		}
		v.Creditors[c.ID] = c
	}
	if v.Contacts, err = r.OutreachContacts(ctx, mid, o.ID); err != nil {
		return nil, err
	}
	ids := []string{o.AssignedTo, o.ClosedBy}
	for _, c := range v.Contacts {
		ids = append(ids, c.RecordedBy)
	}
	if v.Users, err = r.UsersByID(ctx, mid, compact(ids)); err != nil {
		return nil, err
	}
	if o.TeamID != "" {
		t, err := r.Team(ctx, mid, o.TeamID)
		if err != nil {
			return nil, err
		}
		v.TeamName = t.Name
	}
	if o.CaseID != "" {
		if v.Case, err = r.Case(ctx, mid, o.CaseID); err != nil {
			return nil, err
		}
	}
	switch _, err := r.OpenCase(ctx, mid, o.HouseholdID); {
	case err == nil:
		v.CaseOpen = true
	case wijkregie.ErrorCode(err) != wijkregie.ENOTFOUND:
		return nil, err
	}
	v.CanWork = o.Status == wijkregie.OutreachOpen && policy.DecideOutreach(actor, policy.WorkOutreach, subj) == nil
	if v.CanWork {
		if v.Candidates, err = s.outreachCandidates(ctx, r, o); err != nil {
			return nil, err
		}
	}
	if err := s.audit(ctx, actor, outreachWorkEvents(string(policy.ViewOutreach), o, persons, "")...); err != nil {
		return nil, err
	}
	return v, nil
}

// outreachCandidates returns the active professionals and leads of the
// outreach's team: to whom it may be assigned besides oneself.
func (s *Service) outreachCandidates(ctx context.Context, q *store.Q, o *wijkregie.Outreach) ([]wijkregie.User, error) {
	if o.TeamID == "" {
		return nil, nil
	}
	us, _, err := q.Users(ctx, o.MunicipalityID, store.UserFilter{TeamID: o.TeamID, Page: store.Page{Limit: store.MaxLimit}})
	if err != nil {
		return nil, err
	}
	var out []wijkregie.User
	for _, u := range us {
		if u.Active && (u.Role == wijkregie.RoleProfessional || u.Role == wijkregie.RoleTeamLead) {
			out = append(out, u)
		}
	}
	return out, nil
}

// RecordContactAttempt records an attempt to reach the household of an
// open outreach the actor may work, with its audit record, in one
// transaction, and returns the attempt and the outreach as it is then.
// The attempt's date may not lie in the future nor before the day the
// outreach opened; a closed outreach takes no attempt (a conflict).
func (s *Service) RecordContactAttempt(ctx context.Context, actor wijkregie.Actor, outreachID string, c *wijkregie.ContactAttempt) (*wijkregie.ContactAttempt, *wijkregie.Outreach, error) {
	o, _, err := s.decidedOutreach(ctx, actor, policy.WorkOutreach, ActionOutreachContact, outreachID)
	if err != nil {
		return nil, nil, err
	}
	if o.Status != wijkregie.OutreachOpen {
		return nil, nil, wijkregie.Conflict("fout.vroegsignaal.afgerond")
	}
	c.Note = strings.TrimSpace(c.Note)
	if !c.On.IsZero() {
		c.On = dayOf(c.On)
	}
	today := wijkregie.Today(s.Now())
	var v wijkregie.Invalid
	v.Add(c.Validate(today))
	if !c.On.IsZero() && !c.On.After(today) && c.On.Before(wijkregie.Today(o.OpenedAt)) {
		v.Field("datum", "veld.vroegsignaal.voor_opening")
	}
	if err := v.Err(); err != nil {
		return nil, nil, err
	}
	c.MunicipalityID, c.OutreachID, c.RecordedBy = actor.MunicipalityID, o.ID, actor.UserID
	var out *wijkregie.Outreach
	err = s.store.Tx(ctx, func(q *store.Q) error {
		if out, err = q.AddContactAttempt(ctx, c); err != nil {
			return err
		}
		as, err := q.OutreachArrears(ctx, actor.MunicipalityID, o.ID)
		if err != nil {
			return err
		}
		return s.appendOutreachAudit(ctx, q, actor, outreachWorkEvents(ActionOutreachContact, out, arrearsPersonIDs(as), ""))
	})
	if err != nil {
		return nil, nil, err
	}
	return c, out, nil
}

// appendOutreachAudit writes the records in the transaction of q.
func (s *Service) appendOutreachAudit(ctx context.Context, q *store.Q, actor wijkregie.Actor, events []wijkregie.Event) error {
	recs := make([]wijkregie.AuditRecord, len(events))
	for i, e := range events {
		recs[i] = actor.Record(e)
	}
	return q.AppendAudit(ctx, recs...)
}

// AssignOutreach assigns an open outreach the actor may work to the
// professional userID: an active professional or lead of the outreach's
// team, or the actor themself (who may work it: the regisseur of the
// case it joined, say). version is the version the actor read (0: none);
// an outreach changed meanwhile, or closed, is a conflict. The change and
// its audit record are one transaction.
func (s *Service) AssignOutreach(ctx context.Context, actor wijkregie.Actor, id, userID string, version int) (*wijkregie.Outreach, error) {
	o, _, err := s.decidedOutreach(ctx, actor, policy.WorkOutreach, string(policy.WorkOutreach), id)
	if err != nil {
		return nil, err
	}
	if o.Status != wijkregie.OutreachOpen {
		return nil, wijkregie.Conflict("fout.vroegsignaal.afgerond")
	}
	switch {
	case userID == "":
		return nil, wijkregie.InvalidField("medewerker", "veld.verplicht")
	case userID == actor.UserID:
	case !wijkregie.ValidID(userID):
		return nil, wijkregie.InvalidField("medewerker", "veld.vroegsignaal.medewerker")
	default:
		cs, err := s.outreachCandidates(ctx, s.store.R(), o)
		if err != nil {
			return nil, err
		}
		if !slices.ContainsFunc(cs, func(u wijkregie.User) bool { return u.ID == userID }) {
			return nil, wijkregie.InvalidField("medewerker", "veld.vroegsignaal.medewerker")
		}
	}
	var out *wijkregie.Outreach
	err = s.store.Tx(ctx, func(q *store.Q) error {
		if out, err = q.AssignOutreach(ctx, actor.MunicipalityID, o.ID, userID, version); err != nil {
			return err
		}
		as, err := q.OutreachArrears(ctx, actor.MunicipalityID, o.ID)
		if err != nil {
			return err
		}
		return s.appendOutreachAudit(ctx, q, actor, outreachWorkEvents(string(policy.WorkOutreach), out, arrearsPersonIDs(as), ""))
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// OutreachClosing is how an outreach is closed: the outcome code, an
// optional note, and the version read (0: none, for the command line).
type OutreachClosing struct {
	Outcome wijkregie.OutcomeCode
	Note    string
	Version int
}

// CloseOutreach closes an open outreach the actor may work with an
// outcome, and does what the outcome asks, all in one transaction with
// its audit records:
//
//   - Help accepted (OutcomeCode.HelpAccepted): when the household has an
//     open case the outreach joins it — its regisseur is told in their
//     inbox and the case's history says so —; otherwise it becomes a
//     signal (hulpvraag, from a creditor, in financien, urgent when a
//     report was threatening) in the triage queue of the household's
//     team, registered by the actor, as CreateSignal registers one.
//   - Another trajectory (OutcomeOtherTrajectory): it is handed to the
//     family's regisseur as accepted help joins a case; without an open
//     case it ends here (the trajectory runs elsewhere, for instance at
//     schuldhulpverlening).
//
// An outcome that needs contact (OutcomeCode.NeedsContact) needs an
// attempt that reached the household first: invalid, naming resultaat,
// otherwise. A closed outreach or one changed since c.Version is a
// conflict.
func (s *Service) CloseOutreach(ctx context.Context, actor wijkregie.Actor, id string, c OutreachClosing) (*wijkregie.Outreach, error) {
	o, _, err := s.decidedOutreach(ctx, actor, policy.WorkOutreach, ActionOutreachClose, id)
	if err != nil {
		return nil, err
	}
	if o.Status != wijkregie.OutreachOpen {
		return nil, wijkregie.Conflict("fout.vroegsignaal.afgerond")
	}
	c.Note = strings.TrimSpace(c.Note)
	if err := validClosing(o, c); err != nil {
		return nil, err
	}
	mid := actor.MunicipalityID
	var out *wijkregie.Outreach
	err = s.store.Tx(ctx, func(q *store.Q) error {
		cur, err := q.Outreach(ctx, mid, o.ID)
		switch {
		case err != nil:
			return err
		case cur.Status != wijkregie.OutreachOpen:
			return wijkregie.Conflict("fout.vroegsignaal.afgerond")
		case c.Version != 0 && cur.Version != c.Version:
			return wijkregie.Conflict("fout.vroegsignaal.gewijzigd")
		}
		// Reached meanwhile or not: the rule is checked on what is stored.
		if err := validClosing(cur, c); err != nil {
			return err
		}
		var events []wijkregie.Event
		cur.Outcome, cur.OutcomeNote, cur.ClosedBy = c.Outcome, c.Note, actor.UserID
		if c.Outcome.HelpAccepted() || c.Outcome == wijkregie.OutcomeOtherTrajectory {
			kase, err := q.OpenCase(ctx, mid, cur.HouseholdID)
			switch {
			case err == nil:
				cur.CaseID = kase.ID
				if err := s.handToCase(ctx, q, actor, cur, kase); err != nil {
					return err
				}
			case wijkregie.ErrorCode(err) != wijkregie.ENOTFOUND:
				return err
			case c.Outcome.HelpAccepted():
				sig, more, err := s.acceptedHelpSignal(ctx, q, actor, cur)
				if err != nil {
					return err
				}
				cur.SignalID = sig.ID
				events = append(events, more...)
			}
		}
		if err := q.CloseOutreach(ctx, cur, c.Version); err != nil {
			return err
		}
		as, err := q.OutreachArrears(ctx, mid, cur.ID)
		if err != nil {
			return err
		}
		events = append(outreachWorkEvents(ActionOutreachClose, cur, arrearsPersonIDs(as), ""), events...)
		out = cur
		return s.appendOutreachAudit(ctx, q, actor, events)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// validClosing checks a closing against the outreach it closes.
func validClosing(o *wijkregie.Outreach, c OutreachClosing) error {
	var v wijkregie.Invalid
	switch {
	case !c.Outcome.Valid():
		v.Field("resultaat", "veld.keuze")
	case c.Outcome.NeedsContact() && o.ReachedAt.IsZero():
		// No one accepts or declines help unasked (GGM): the household
		// must have been reached first.
		v.Field("resultaat", "veld.vroegsignaal.eerst_bereiken")
	}
	if len(c.Note) > wijkregie.MaxOutcomeNote {
		v.Field("toelichting", "veld.vroeg.te_lang")
	}
	return v.Err()
}

// handToCase hands the outreach to the household's open case: the case's
// history says so, and its regisseur (when it has one, and it is not the
// actor) is told in their inbox. The notification names the outreach,
// nothing of its arrears.
func (s *Service) handToCase(ctx context.Context, q *store.Q, actor wijkregie.Actor, o *wijkregie.Outreach, c *wijkregie.Case) error {
	if err := q.AddCaseEvent(ctx, &wijkregie.CaseEvent{MunicipalityID: c.MunicipalityID, CaseID: c.ID, Kind: wijkregie.EventOutreach,
		From: string(o.Outcome), To: o.ID, By: actor.UserID}); err != nil {
		return err
	}
	if c.CoordinatorID == "" || c.CoordinatorID == actor.UserID {
		return nil
	}
	return q.CreateNotification(ctx, &wijkregie.Notification{MunicipalityID: c.MunicipalityID, RecipientID: c.CoordinatorID,
		Kind: wijkregie.NotificationOutreach, HouseholdID: o.HouseholdID, SubjectID: o.ID, OtherUserID: actor.UserID})
}

// acceptedHelpSignal registers the signal accepted help becomes when the
// household has no open case, in q's transaction, with what CreateSignal
// does for a signal on a known household: its triage deadline by the
// municipality's terms, the household's team (the one serving its
// address when it has none), its triage task, and the matching against
// the others who work with the family, each told. It returns the signal
// and the audit records of its registration and matches.
func (s *Service) acceptedHelpSignal(ctx context.Context, q *store.Q, actor wijkregie.Actor, o *wijkregie.Outreach) (*wijkregie.Signal, []wijkregie.Event, error) {
	if err := s.allow(actor, policy.CreateSignal); err != nil {
		return nil, nil, err
	}
	mid := actor.MunicipalityID
	sig := &wijkregie.Signal{MunicipalityID: mid, Kind: wijkregie.SignalHelpRequest, HouseholdID: o.HouseholdID,
		SourceKind: wijkregie.SourceCreditor, Domains: []string{"financien"}, Description: acceptedHelpText,
		Urgency: wijkregie.UrgencyNormal, ReceivedAt: s.Now(), Status: wijkregie.SignalNew, CreatedBy: actor.UserID}
	if o.Threatening {
		sig.Urgency = wijkregie.UrgencyUrgent
	}
	set, err := q.Settings(ctx, mid)
	if err != nil {
		return nil, nil, err
	}
	sig.TriageDeadline = set.TriageDeadlineFor(sig.ReceivedAt, sig.Urgency)
	h, err := q.Household(ctx, mid, o.HouseholdID)
	if err != nil {
		return nil, nil, err
	}
	sig.TeamID = h.TeamID
	if sig.TeamID == "" {
		teams, err := q.Teams(ctx, mid)
		if err != nil {
			return nil, nil, err
		}
		sig.TeamID = wijkregie.ServingTeam(teams, h.Address.Postcode)
	}
	if sig.TeamID == "" {
		sig.TeamID = o.TeamID
	}
	if err := q.CreateSignal(ctx, sig); err != nil {
		return nil, nil, err
	}
	events := []wijkregie.Event{{Action: string(policy.CreateSignal), SubjectKind: "signaal", SubjectID: sig.ID, Purpose: PurposeTask}}
	n, err := q.MatchSignal(ctx, sig)
	if err != nil {
		return nil, nil, err
	}
	for range n {
		events = append(events, wijkregie.Event{Action: "signaal.matchen", SubjectKind: "huishouden", SubjectID: sig.HouseholdID, Purpose: PurposeTask})
	}
	return sig, events, nil
}
