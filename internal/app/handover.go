package app

import (
	"context"
	"slices"
	"strings"

	"wijkregie"
	"wijkregie/internal/policy"
	"wijkregie/internal/store"
)

// Handover (overdracht, docs/overdracht.md): the case's regisseur or the
// lead of its team offers the case to another team — of this
// municipality, of another one on the platform, or outside it (the
// package as a file) —; the lead of the receiving team reads the offer
// and accepts it, choosing the new regisseur, or declines it with a
// reason; the sender withdraws an offer nobody answered, and completes
// the handover when the overlap (warme overdracht) is over.
//
// The handover row and everything that happens to the sending case are
// audited in the sending municipality's log, also when the actor is the
// receiving lead of another municipality: it is that municipality's data
// that is read or changed. What the receiving municipality gets (a case
// of its own, for a handover between municipalities) is audited in its
// own log.

const subjectHandover = "overdracht"

// HandoverOffer is what the sender fills in: the kind, the receiver (a
// team of this municipality; a municipality on the platform and one of
// its teams; or the name of a municipality outside it), the reason and
// the overlap in days (nil: wijkregie.DefaultOverlapDays).
type HandoverOffer struct {
	Kind             wijkregie.HandoverKind
	ToMunicipalityID string
	ToTeamID         string
	ToName           string
	Reason           string
	OverlapDays      *int
}

// HandoverTarget is a municipality on the platform with its active
// teams, for the offer form's choices. Neither holds personal data.
type HandoverTarget struct {
	Municipality wijkregie.Municipality
	Teams        []wijkregie.Team
}

// HandoverTargets lists every municipality on the platform with its
// active teams, the actor's own first.
func (s *Service) HandoverTargets(ctx context.Context, actor wijkregie.Actor) ([]HandoverTarget, error) {
	if err := s.allow(actor, policy.OfferHandover); err != nil {
		return nil, err
	}
	r := s.store.R()
	ms, err := r.Municipalities(ctx)
	if err != nil {
		return nil, err
	}
	var out []HandoverTarget
	for _, m := range ms {
		ts, err := r.Teams(ctx, m.ID)
		if err != nil {
			return nil, err
		}
		t := HandoverTarget{Municipality: m}
		for _, tm := range ts {
			if tm.Active {
				t.Teams = append(t.Teams, tm)
			}
		}
		out = append(out, t)
	}
	slices.SortStableFunc(out, func(a, b HandoverTarget) int {
		switch {
		case a.Municipality.ID == actor.MunicipalityID:
			return -1
		case b.Municipality.ID == actor.MunicipalityID:
			return 1
		}
		return strings.Compare(a.Municipality.Name, b.Municipality.Name)
	})
	return out, nil
}

// handoverEvent is an audit event on a handover.
func handoverEvent(a policy.Action, h *wijkregie.Handover) wijkregie.Event {
	return wijkregie.Event{Action: string(a), SubjectKind: subjectHandover, SubjectID: h.ID, Purpose: PurposeTask}
}

// recordIn makes actor's audit record of e for the log of municipality
// mid: the receiving lead of another municipality acts on the sending
// municipality's data, which that municipality's log records.
func recordIn(actor wijkregie.Actor, mid string, e wijkregie.Event) wijkregie.AuditRecord {
	r := actor.Record(e)
	r.MunicipalityID = mid
	return r
}

// eventBy is who a case event on the sending case names: the actor, or
// — for the receiving lead of another municipality, who is no user of
// the sending municipality — the sender who made the offer. The history
// then says which municipality answered (the event's To); the audit log
// names the lead.
func eventBy(actor wijkregie.Actor, h *wijkregie.Handover) string {
	if actor.MunicipalityID == h.MunicipalityID {
		return actor.UserID
	}
	return h.OfferedBy
}

// OfferHandover offers the case for handover (policy.DecideOffer: its
// regisseur or the lead of its team). Nothing changes on the case: the
// sending regisseur stays responsible until acceptance. In one
// transaction: the handover, a case event, the move's task done, the
// receiving team lead(s) told in their inbox, and the audit record.
func (s *Service) OfferHandover(ctx context.Context, actor wijkregie.Actor, caseID string, in HandoverOffer) (*wijkregie.Handover, error) {
	if err := s.allow(actor, policy.OfferHandover); err != nil {
		return nil, err
	}
	subj, err := s.decidedCase(ctx, actor, policy.ViewCase, caseID)
	if err != nil {
		return nil, err
	}
	denied := wijkregie.Event{Action: string(policy.OfferHandover), SubjectKind: "casus", SubjectID: caseID, Purpose: PurposeTask, Result: wijkregie.AuditDenied}
	if err := policy.DecideOffer(actor, subj, s.Now()); err != nil {
		if aerr := s.audit(ctx, actor, denied); aerr != nil {
			return nil, aerr
		}
		return nil, err
	}
	days := wijkregie.DefaultOverlapDays
	if in.OverlapDays != nil {
		days = *in.OverlapDays
	}
	c := subj.Case
	h := &wijkregie.Handover{MunicipalityID: actor.MunicipalityID, CaseID: c.ID, HouseholdID: c.HouseholdID, Kind: in.Kind,
		FromTeamID: c.TeamID, FromCoordinatorID: c.CoordinatorID, ToMunicipalityID: strings.TrimSpace(in.ToMunicipalityID),
		ToTeamID: strings.TrimSpace(in.ToTeamID), ToName: strings.TrimSpace(in.ToName), Reason: strings.TrimSpace(in.Reason),
		OverlapDays: days, OfferedBy: actor.UserID}
	switch h.Kind {
	case wijkregie.HandoverTeam:
		h.ToMunicipalityID, h.ToName = actor.MunicipalityID, ""
	case wijkregie.HandoverExternal:
		h.ToMunicipalityID, h.ToTeamID = "", ""
	}
	var v wijkregie.Invalid
	v.Add(h.Validate())
	r := s.store.R()
	// The receiver must exist and be open for work; an id of the wrong
	// shape is as unknown as one that is not there.
	if h.Kind == wijkregie.HandoverMunicipality && h.ToMunicipalityID != "" && h.ToMunicipalityID != h.MunicipalityID {
		m, err := r.Municipality(ctx, h.ToMunicipalityID)
		switch {
		case wijkregie.ErrorCode(err) == wijkregie.ENOTFOUND:
			v.Field("gemeente", "veld.overdracht.gemeente_onbekend")
		case err != nil:
			return nil, err
		default:
			h.ToName = m.Name
		}
	}
	// The own team is refused by Validate for a team handover; in another
	// municipality the sending team's id names no team at all.
	if (h.Kind == wijkregie.HandoverTeam || h.Kind == wijkregie.HandoverMunicipality) && h.ToTeamID != "" &&
		(h.Kind == wijkregie.HandoverMunicipality || h.ToTeamID != h.FromTeamID) {
		ok := wijkregie.ValidID(h.ToTeamID) && h.ToMunicipalityID != ""
		if ok {
			t, err := r.Team(ctx, h.ToMunicipalityID, h.ToTeamID)
			switch {
			case wijkregie.ErrorCode(err) == wijkregie.ENOTFOUND:
				ok = false
			case err != nil:
				return nil, err
			default:
				ok = t.Active
			}
		}
		if !ok {
			v.Field("team", "veld.overdracht.team_onbekend")
		}
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	err = s.store.Tx(ctx, func(q *store.Q) error {
		cur, err := q.Case(ctx, c.MunicipalityID, c.ID)
		if err != nil {
			return err
		}
		if !cur.Open() {
			return wijkregie.Conflict("fout.casus.gesloten")
		}
		h.FromTeamID, h.FromCoordinatorID = cur.TeamID, cur.CoordinatorID
		if err := q.CreateHandover(ctx, h); err != nil {
			return err
		}
		if err := q.AddCaseEvent(ctx, &wijkregie.CaseEvent{MunicipalityID: cur.MunicipalityID, CaseID: cur.ID, Kind: wijkregie.EventHandoverOffered,
			From: cur.TeamID, To: string(h.Kind), Reason: h.Reason, By: actor.UserID}); err != nil {
			return err
		}
		// The move's task is done once the offer is out.
		switch t, err := q.OpenCaseTask(ctx, cur.MunicipalityID, cur.ID, wijkregie.TaskHandover); {
		case err == nil:
			if err := q.CompleteTask(ctx, t, actor.UserID); err != nil {
				return err
			}
		case wijkregie.ErrorCode(err) != wijkregie.ENOTFOUND:
			return err
		}
		if h.Kind != wijkregie.HandoverExternal {
			if err := notifyLeads(ctx, q, h.ToMunicipalityID, h.ToTeamID, h.ID); err != nil {
				return err
			}
		}
		return q.AppendAudit(ctx, actor.Record(handoverEvent(policy.OfferHandover, h)))
	})
	if err != nil {
		return nil, err
	}
	return h, nil
}

// notifyLeads puts a notice of the handover in the inbox of every active
// lead of the team: the offer waits for one of them. It names the
// handover only, never the family.
func notifyLeads(ctx context.Context, q *store.Q, mid, teamID, handoverID string) error {
	us, _, err := q.Users(ctx, mid, store.UserFilter{TeamID: teamID, Role: wijkregie.RoleTeamLead, Page: store.Page{Limit: store.MaxLimit}})
	if err != nil {
		return err
	}
	for _, u := range us {
		if !u.Active {
			continue
		}
		if err := q.CreateNotification(ctx, &wijkregie.Notification{MunicipalityID: mid, RecipientID: u.ID,
			Kind: wijkregie.NotificationHandover, SubjectID: handoverID}); err != nil {
			return err
		}
	}
	return nil
}

// notifySender tells the sending regisseur that the offer was answered.
func notifySender(ctx context.Context, q *store.Q, h *wijkregie.Handover) error {
	if h.FromCoordinatorID == "" {
		return nil
	}
	return q.CreateNotification(ctx, &wijkregie.Notification{MunicipalityID: h.MunicipalityID, RecipientID: h.FromCoordinatorID,
		Kind: wijkregie.NotificationHandover, SubjectID: h.ID})
}

// HandoverNames names the ids a handover holds (teams, municipalities and
// users of either side), by id: the ids are unique across the platform.
type HandoverNames map[string]string

// Name returns the name of id, or "".
func (n HandoverNames) Name(id string) string { return n[id] }

// names reads the names of the handovers' teams, municipalities and
// people, each in its own municipality.
func handoverNames(ctx context.Context, q *store.Q, hs ...wijkregie.Handover) (HandoverNames, error) {
	out := HandoverNames{}
	users := map[string][]string{}
	for _, h := range hs {
		for _, p := range [][2]string{{h.MunicipalityID, h.FromTeamID}, {h.ToMunicipalityID, h.ToTeamID}} {
			if p[0] == "" || p[1] == "" || out[p[1]] != "" {
				continue
			}
			t, err := q.Team(ctx, p[0], p[1])
			if err != nil && wijkregie.ErrorCode(err) != wijkregie.ENOTFOUND {
				return nil, err
			}
			if err == nil {
				out[p[1]] = t.Name
			}
		}
		for _, mid := range []string{h.MunicipalityID, h.ToMunicipalityID} {
			if mid == "" || out[mid] != "" {
				continue
			}
			m, err := q.Municipality(ctx, mid)
			if err != nil && wijkregie.ErrorCode(err) != wijkregie.ENOTFOUND {
				return nil, err
			}
			if err == nil {
				out[mid] = m.Name
			}
		}
		users[h.MunicipalityID] = append(users[h.MunicipalityID], h.FromCoordinatorID, h.OfferedBy, h.ClosedBy)
		decider := h.ToMunicipalityID
		if decider == "" {
			decider = h.MunicipalityID
		}
		users[decider] = append(users[decider], h.ToCoordinatorID, h.DecidedBy)
	}
	for mid, ids := range users {
		us, err := q.UsersByID(ctx, mid, compact(ids))
		if err != nil {
			return nil, err
		}
		for id, u := range us {
			out[id] = u.Name
		}
	}
	return out, nil
}

// CaseHandoversView is the case's handovers as the sender sees them: the
// running one, the earlier ones, and what the actor may do; and the move
// that proposes one, while none was offered since.
type CaseHandoversView struct {
	Case     *wijkregie.Case
	Open     *wijkregie.Handover
	History  []wijkregie.Handover // every handover, the latest first (Open among them)
	Names    HandoverNames
	CanOffer bool
	Proposal *wijkregie.AddressChange
	Proposed string // the proposed team's name; "" outside the municipality
	Outside  bool   // the proposal lies outside the municipality
}

// CaseHandovers returns the case's handovers for the sender: the case's
// regisseur and the lead of its team (and who sent an earlier one). One
// who may neither see any nor offer one is refused; every handover shown
// is audited, and so is the refusal.
func (s *Service) CaseHandovers(ctx context.Context, actor wijkregie.Actor, caseID string) (*CaseHandoversView, error) {
	return s.caseHandovers(ctx, actor, caseID, true)
}

// CaseHandoverSection is CaseHandovers for the case page's block
// Overdracht, which is shown when there is something to show: one who
// neither sees a handover of the case nor may offer one gets forbidden
// (the page then has no block) without a refusal in the audit log — they
// asked for the case, not for its handovers, and every colleague's view
// of a closed case would otherwise log a refusal nobody made.
func (s *Service) CaseHandoverSection(ctx context.Context, actor wijkregie.Actor, caseID string) (*CaseHandoversView, error) {
	return s.caseHandovers(ctx, actor, caseID, false)
}

func (s *Service) caseHandovers(ctx context.Context, actor wijkregie.Actor, caseID string, auditRefusal bool) (*CaseHandoversView, error) {
	if err := s.allow(actor, policy.ViewHandover); err != nil {
		return nil, err
	}
	subj, err := s.decidedCase(ctx, actor, policy.ViewCase, caseID)
	if err != nil {
		return nil, err
	}
	r, c := s.store.R(), subj.Case
	all, err := r.CaseHandovers(ctx, c.MunicipalityID, c.ID)
	if err != nil {
		return nil, err
	}
	v := &CaseHandoversView{Case: c}
	var events []wijkregie.Event
	for i := range all {
		h := &all[i]
		if policy.DecideHandover(actor, policy.ViewHandover, policy.HandoverSubject{Handover: h, Case: c}) != nil {
			continue
		}
		v.History = append(v.History, *h)
		events = append(events, handoverEvent(policy.ViewHandover, h))
		if h.Open() {
			v.Open = &v.History[len(v.History)-1]
		}
	}
	v.CanOffer = c.Open() && policy.DecideOffer(actor, subj, s.Now()) == nil
	if !v.CanOffer && len(v.History) == 0 {
		if !auditRefusal {
			return nil, wijkregie.Forbidden()
		}
		ev := wijkregie.Event{Action: string(policy.ViewHandover), SubjectKind: "casus", SubjectID: caseID, Purpose: PurposeTask, Result: wijkregie.AuditDenied}
		if aerr := s.audit(ctx, actor, ev); aerr != nil {
			return nil, aerr
		}
		return nil, wijkregie.Forbidden()
	}
	hasOpen := false
	for _, h := range all {
		hasOpen = hasOpen || h.Open()
	}
	v.CanOffer = v.CanOffer && !hasOpen
	if v.Names, err = handoverNames(ctx, r, v.History...); err != nil {
		return nil, err
	}
	if v.CanOffer {
		switch p, err := r.HandoverProposal(ctx, c.MunicipalityID, c.ID); {
		case err == nil:
			since := len(all) == 0 || all[0].OfferedAt.Before(p.ChangedAt)
			if since {
				v.Proposal, v.Outside = p, p.ProposedTeamID == ""
				if !v.Outside {
					if t, err := r.Team(ctx, c.MunicipalityID, p.ProposedTeamID); err == nil {
						v.Proposed = t.Name
					}
				}
			}
		case wijkregie.ErrorCode(err) != wijkregie.ENOTFOUND:
			return nil, err
		}
	}
	if len(events) > 0 {
		if err := s.audit(ctx, actor, events...); err != nil {
			return nil, err
		}
	}
	return v, nil
}

// TeamHandoversView is the handovers of the actor's team: those it sent
// and those offered to it.
type TeamHandoversView struct {
	Sent, Received []wijkregie.Handover
	Names          HandoverNames
}

// TeamHandovers lists the handovers the actor sees for their team: the
// lead all the team sent and every offer to the team (from any
// municipality on the platform); a professional those they sent as
// regisseur. Audited as a search.
func (s *Service) TeamHandovers(ctx context.Context, actor wijkregie.Actor) (*TeamHandoversView, error) {
	if err := s.allow(actor, policy.ListHandovers); err != nil {
		return nil, err
	}
	v := &TeamHandoversView{}
	if actor.TeamID == "" {
		return v, nil
	}
	r := s.store.R()
	sent, received, err := r.TeamHandovers(ctx, actor.MunicipalityID, actor.TeamID)
	if err != nil {
		return nil, err
	}
	cases := map[string]*wijkregie.Case{}
	for i := range sent {
		h := &sent[i]
		c, ok := cases[h.CaseID]
		if !ok {
			if c, err = r.Case(ctx, h.MunicipalityID, h.CaseID); err != nil {
				return nil, err
			}
			cases[h.CaseID] = c
		}
		if policy.DecideHandover(actor, policy.ViewHandover, policy.HandoverSubject{Handover: h, Case: c}) == nil {
			v.Sent = append(v.Sent, *h)
		}
	}
	for i := range received {
		if policy.DecideHandover(actor, policy.ViewHandover, policy.HandoverSubject{Handover: &received[i]}) == nil {
			v.Received = append(v.Received, received[i])
		}
	}
	if v.Names, err = handoverNames(ctx, r, append(slices.Clone(v.Sent), v.Received...)...); err != nil {
		return nil, err
	}
	n := len(v.Sent) + len(v.Received)
	if err := s.audit(ctx, actor, wijkregie.Event{Action: string(policy.ListHandovers), SubjectKind: subjectHandover, Purpose: PurposeTask,
		Search: wijkregie.SearchOf("team=" + actor.TeamID), Results: n}); err != nil {
		return nil, err
	}
	return v, nil
}

// HandoverView is one handover with what the actor may see and do: the
// offer's content (the package) for the receiving lead while it is open,
// with the team members the new regisseur is chosen from.
type HandoverView struct {
	Handover   *wijkregie.Handover
	Names      HandoverNames
	Sender     bool
	Receiver   bool
	Offer      *wijkregie.HandoverPackage // the receiver's view of an open offer (offerOf); nil otherwise
	Candidates []wijkregie.User           // the receiving team's professionals and leads

	CanAccept, CanDecline, CanWithdraw, CanComplete bool
	// NeedsOutcome: completing closes the sending case (gemeente,
	// extern), which asks the closure's outcome answers.
	NeedsOutcome bool
}

// reachHandover reads the handover id as the actor may find it, with the
// sending case when it is in the actor's municipality, and decides a on
// it. A handover the actor may not see is not found (its existence says
// that a family moves); the refusal is audited in the actor's own log.
func (s *Service) reachHandover(ctx context.Context, actor wijkregie.Actor, a policy.Action, id string) (policy.HandoverSubject, error) {
	var subj policy.HandoverSubject
	if err := s.allow(actor, a); err != nil {
		return subj, err
	}
	if !wijkregie.ValidID(id) {
		return subj, wijkregie.NotFound()
	}
	r := s.store.R()
	h, err := r.ReachableHandover(ctx, actor.MunicipalityID, id)
	if err != nil {
		return subj, err
	}
	subj.Handover = h
	if h.MunicipalityID == actor.MunicipalityID {
		if subj.Case, err = r.Case(ctx, h.MunicipalityID, h.CaseID); err != nil {
			return subj, err
		}
	}
	if err := policy.DecideHandover(actor, a, subj); err != nil {
		ev := wijkregie.Event{Action: string(a), SubjectKind: subjectHandover, SubjectID: id, Purpose: PurposeTask, Result: wijkregie.AuditDenied}
		if aerr := s.audit(ctx, actor, ev); aerr != nil {
			return subj, aerr
		}
		if policy.DecideHandover(actor, policy.ViewHandover, subj) == nil {
			return subj, err
		}
		return subj, wijkregie.NotFound()
	}
	return subj, nil
}

// Handover returns one handover. The receiving lead reads, while the
// offer is open, what it offers (buildHandoverPackage: the plan's
// versions, the assessments, the parties as far as consent allows, the
// history); that read is audited in the sending municipality's log, on
// the handover, the case and each member.
func (s *Service) Handover(ctx context.Context, actor wijkregie.Actor, id string) (*HandoverView, error) {
	return s.HandoverFor(ctx, actor, policy.ViewHandover, id)
}

// HandoverFor is Handover for an actor about to take action a on it: the
// refusal of a (forbidden, or not found for one who may not see it)
// comes before anything is read, as the step itself would decide.
func (s *Service) HandoverFor(ctx context.Context, actor wijkregie.Actor, a policy.Action, id string) (*HandoverView, error) {
	subj, err := s.reachHandover(ctx, actor, a, id)
	if err != nil {
		return nil, err
	}
	h, r, now := subj.Handover, s.store.R(), s.Now()
	v := &HandoverView{Handover: h, Sender: policy.HandoverSender(actor, subj), Receiver: policy.HandoverReceiver(actor, h)}
	if v.Names, err = handoverNames(ctx, r, *h); err != nil {
		return nil, err
	}
	recs := []wijkregie.AuditRecord{recordIn(actor, h.MunicipalityID, handoverEvent(policy.ViewHandover, h))}
	if policy.SeesOffer(actor, h) {
		p, err := s.buildHandoverPackage(ctx, r, h.MunicipalityID, h.CaseID, now)
		if err != nil {
			return nil, err
		}
		v.Offer = offerOf(p)
		members, persons, err := r.HouseholdMembers(ctx, h.MunicipalityID, h.HouseholdID)
		if err != nil {
			return nil, err
		}
		recs = append(recs, recordIn(actor, h.MunicipalityID, caseEvent(h.CaseID)))
		// The package names today's members only (who left stays behind).
		for i, p := range persons {
			if !current(members[i], now) {
				continue
			}
			recs = append(recs, recordIn(actor, h.MunicipalityID, wijkregie.Event{Action: string(policy.ViewPerson), SubjectKind: "huishouden",
				SubjectID: h.HouseholdID, PersonID: p.ID, Purpose: PurposeTask}))
		}
		if v.Candidates, err = s.handoverCandidates(ctx, r, actor.MunicipalityID, h.ToTeamID); err != nil {
			return nil, err
		}
	}
	may := func(a policy.Action) bool { return policy.DecideHandover(actor, a, subj) == nil }
	open := h.Status == wijkregie.HandoverOffered
	v.CanAccept = open && h.Kind != wijkregie.HandoverExternal && may(policy.AcceptHandover)
	v.CanDecline = open && h.Kind != wijkregie.HandoverExternal && may(policy.DeclineHandover)
	v.CanWithdraw = open && may(policy.WithdrawHandover)
	v.CanComplete = (h.Status == wijkregie.HandoverAccepted || open && h.Kind == wijkregie.HandoverExternal) && may(policy.CompleteHandover)
	v.NeedsOutcome = h.Kind != wijkregie.HandoverTeam
	if err := s.store.Tx(ctx, func(q *store.Q) error { return q.AppendAudit(ctx, recs...) }); err != nil {
		return nil, err
	}
	return v, nil
}

// offerOf is the package as the receiving lead reads it before
// accepting: what the issue names the offer (the plan, the assessments,
// the parties as far as consent allows, the history) and the members by
// name and birth date, without what identifies or reaches them (BSN,
// phone, email) or the signals' own words — minimal until needed
// (privacy.md); the whole package travels only inside AcceptHandover.
// The seal goes too: over content the reader no longer has it says
// nothing, and beside the rest it would let one test guesses of a BSN.
func offerOf(p *wijkregie.HandoverPackage) *wijkregie.HandoverPackage {
	p.Hash = ""
	for i := range p.Persons {
		p.Persons[i].BSN, p.Persons[i].Phone, p.Persons[i].Email = "", "", ""
	}
	for i := range p.Case.Signals {
		p.Case.Signals[i].Description = ""
	}
	return p
}

// HandoverRecord returns the handover record alone, with its names, for
// an actor about to take action a on it: refused (forbidden, or not found
// for one who may not see it) as the step would be, and otherwise audited
// as one read of the handover in the sending municipality's log. It never
// builds the offer's content: a step's policy check and its version
// check read the record, not the family.
func (s *Service) HandoverRecord(ctx context.Context, actor wijkregie.Actor, a policy.Action, id string) (*wijkregie.Handover, HandoverNames, error) {
	subj, err := s.reachHandover(ctx, actor, a, id)
	if err != nil {
		return nil, nil, err
	}
	h := subj.Handover
	names, err := handoverNames(ctx, s.store.R(), *h)
	if err != nil {
		return nil, nil, err
	}
	rec := recordIn(actor, h.MunicipalityID, handoverEvent(policy.ViewHandover, h))
	if err := s.store.Tx(ctx, func(q *store.Q) error { return q.AppendAudit(ctx, rec) }); err != nil {
		return nil, nil, err
	}
	return h, names, nil
}

// handoverCandidates are the receiving team's active professionals and
// leads: the new regisseur is one of them.
func (s *Service) handoverCandidates(ctx context.Context, q *store.Q, mid, teamID string) ([]wijkregie.User, error) {
	us, _, err := q.Users(ctx, mid, store.UserFilter{TeamID: teamID, Page: store.Page{Limit: store.MaxLimit}})
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

// stepHandover runs fn on the handover id as it stands now, for an actor
// who may take action a on it, over version (the version the actor read;
// 0: no check), in one transaction with fn's changes; the audit record in
// the sending municipality's log.
func (s *Service) stepHandover(ctx context.Context, actor wijkregie.Actor, a policy.Action, id string, version int,
	fn func(q *store.Q, h *wijkregie.Handover, c *wijkregie.Case) error) (*wijkregie.Handover, error) {
	subj, err := s.reachHandover(ctx, actor, a, id)
	if err != nil {
		return nil, err
	}
	var out *wijkregie.Handover
	err = s.store.Tx(ctx, func(q *store.Q) error {
		h, err := q.Handover(ctx, subj.Handover.MunicipalityID, id)
		if err != nil {
			return err
		}
		if version != 0 && h.Version != version {
			return wijkregie.Conflict("fout.overdracht.gewijzigd")
		}
		c, err := q.Case(ctx, h.MunicipalityID, h.CaseID)
		if err != nil {
			return err
		}
		if err := fn(q, h, c); err != nil {
			return err
		}
		if err := q.UpdateHandover(ctx, h); err != nil {
			return err
		}
		out = h
		return q.AppendAudit(ctx, recordIn(actor, h.MunicipalityID, handoverEvent(a, h)))
	})
	return out, err
}

// AcceptHandover accepts the offer for the receiving team, with the new
// regisseur chosen from it (policy: the lead of the receiving team). In
// one transaction:
//
//   - team: the case and its household move to the receiving team, the
//     new regisseur is assigned (the regisseur's involvement moves along,
//     the case's open tasks go to them), and the sending regisseur stays
//     involved as betrokkene, to read, until the overlap ends;
//   - gemeente: the case is read as the handover package from the sending
//     municipality and written into the receiving team (same plan
//     versions, assessments and history; no re-intake), the new regisseur
//     assigned there and the case's status as it stood; the sending case
//     stays open under its regisseur until the handover is completed. The
//     sending log records the package as an export (on the case and each
//     person it names), the receiving log what arrived.
//
// A case event records it on the sending case (and on the new one).
func (s *Service) AcceptHandover(ctx context.Context, actor wijkregie.Actor, id string, version int, coordinatorID string) (*wijkregie.Handover, error) {
	coordinatorID = strings.TrimSpace(coordinatorID)
	var received []wijkregie.AuditRecord
	h, err := s.stepHandover(ctx, actor, policy.AcceptHandover, id, version, func(q *store.Q, h *wijkregie.Handover, c *wijkregie.Case) error {
		if coordinatorID == "" {
			return wijkregie.InvalidField("regisseur", "veld.verplicht")
		}
		u, err := q.User(ctx, actor.MunicipalityID, coordinatorID)
		if !wijkregie.ValidID(coordinatorID) || wijkregie.ErrorCode(err) == wijkregie.ENOTFOUND {
			return wijkregie.InvalidField("regisseur", "veld.casus.regisseur_onbekend")
		}
		if err != nil {
			return err
		}
		if !u.Active || u.TeamID != h.ToTeamID || (u.Role != wijkregie.RoleProfessional && u.Role != wijkregie.RoleTeamLead) {
			return wijkregie.InvalidField("regisseur", "veld.casus.regisseur_team")
		}
		now := q.Now()
		if err := h.Accept(actor.UserID, u.ID, now); err != nil {
			return err
		}
		if !c.Open() {
			return wijkregie.Conflict("fout.casus.gesloten")
		}
		lead, err := q.User(ctx, actor.MunicipalityID, actor.UserID)
		if err != nil {
			return err
		}
		mandate := wijkregie.Mandate{From: now, Decide: wijkregie.DefaultMandate, EscalateTo: lead.Name}
		assign := &wijkregie.Assignment{UserID: u.ID, Mandate: mandate, Reason: "Overdracht", AssignedBy: actor.UserID}
		switch h.Kind {
		case wijkregie.HandoverTeam:
			previous := c.CoordinatorID
			if err := q.MoveCaseToTeam(ctx, c, h.ToTeamID); err != nil {
				return err
			}
			if previous != u.ID {
				if err := q.Assign(ctx, c, assign); err != nil {
					return err
				}
			}
			if err := q.HandCaseTasksTo(ctx, c.MunicipalityID, c.ID, u.ID); err != nil {
				return err
			}
			if c.Status == wijkregie.CaseRegistered {
				c.Status = wijkregie.CaseIntake
				if err := q.UpdateCase(ctx, c); err != nil {
					return err
				}
			}
			// The warme overdracht: the sender stays at hand, reading.
			if previous != "" && previous != u.ID && h.OverlapDays > 0 {
				if err := q.Involve(ctx, &wijkregie.Involvement{MunicipalityID: c.MunicipalityID, HouseholdID: c.HouseholdID, UserID: previous,
					Kind: wijkregie.InvolvementContributor, From: h.DecidedAt, Until: h.OverlapUntil}); err != nil {
					return err
				}
			}
		case wijkregie.HandoverMunicipality:
			p, sent, err := buildPackage(ctx, q, h.MunicipalityID, h.CaseID, now)
			if err != nil {
				return err
			}
			// The package leaves the sending municipality as an export
			// would: its log records it on the case and on each person
			// the package names, by the lead who took it.
			received = append(received, recordIn(actor, h.MunicipalityID, exportEvent(h.CaseID, "")))
			for _, id := range sent {
				received = append(received, recordIn(actor, h.MunicipalityID, exportEvent(h.CaseID, id)))
			}
			sum, err := s.importHandoverPackage(ctx, q, actor, h.ToTeamID, p)
			if err != nil {
				return err
			}
			nc, err := q.Case(ctx, actor.MunicipalityID, sum.CaseID)
			if err != nil {
				return err
			}
			if err := q.Assign(ctx, nc, assign); err != nil {
				return err
			}
			// No re-intake: the case goes on where it stood.
			from, to := nc.Status, wijkregie.CaseStatus(p.Case.Status)
			if !to.Valid() || !to.Open() || to == wijkregie.CaseRegistered {
				to = wijkregie.CaseIntake
			}
			if to != from {
				nc.Status = to
				if err := q.UpdateCase(ctx, nc); err != nil {
					return err
				}
			}
			if err := q.AddCaseEvent(ctx, &wijkregie.CaseEvent{MunicipalityID: nc.MunicipalityID, CaseID: nc.ID, Kind: wijkregie.EventHandoverReceived,
				From: h.MunicipalityID, To: h.ToTeamID, By: actor.UserID}); err != nil {
				return err
			}
			h.ReceivedCaseID = nc.ID
			_, persons, err := q.HouseholdMembers(ctx, actor.MunicipalityID, nc.HouseholdID)
			if err != nil {
				return err
			}
			recv := wijkregie.Event{Action: "overdracht.ontvangen", SubjectKind: "casus", SubjectID: nc.ID, Purpose: PurposeTask}
			received = append(received, actor.Record(recv))
			for _, pr := range persons {
				e := recv
				e.SubjectKind, e.SubjectID, e.PersonID = "huishouden", nc.HouseholdID, pr.ID
				received = append(received, actor.Record(e))
			}
			for _, e := range endedEvents(sum) {
				received = append(received, actor.Record(e))
			}
		}
		if err := q.AddCaseEvent(ctx, &wijkregie.CaseEvent{MunicipalityID: h.MunicipalityID, CaseID: h.CaseID, Kind: wijkregie.EventHandoverAccepted,
			From: h.FromTeamID, To: h.ToTeamID, By: eventBy(actor, h)}); err != nil {
			return err
		}
		if err := notifySender(ctx, q, h); err != nil {
			return err
		}
		if h.Kind == wijkregie.HandoverMunicipality || u.ID != actor.UserID {
			if err := q.CreateNotification(ctx, &wijkregie.Notification{MunicipalityID: actor.MunicipalityID, RecipientID: u.ID,
				Kind: wijkregie.NotificationHandover, SubjectID: h.ID}); err != nil {
				return err
			}
		}
		return q.AppendAudit(ctx, received...)
	})
	return h, err
}

// DeclineHandover declines the offer with its reason (required); the
// sending regisseur is told and goes on as before.
func (s *Service) DeclineHandover(ctx context.Context, actor wijkregie.Actor, id string, version int, reason string) (*wijkregie.Handover, error) {
	return s.stepHandover(ctx, actor, policy.DeclineHandover, id, version, func(q *store.Q, h *wijkregie.Handover, c *wijkregie.Case) error {
		if err := h.Decline(actor.UserID, reason, q.Now()); err != nil {
			return err
		}
		if err := q.AddCaseEvent(ctx, &wijkregie.CaseEvent{MunicipalityID: h.MunicipalityID, CaseID: h.CaseID, Kind: wijkregie.EventHandoverDeclined,
			From: h.FromTeamID, To: h.ToTeamID, Reason: h.DeclineReason, By: eventBy(actor, h)}); err != nil {
			return err
		}
		return notifySender(ctx, q, h)
	})
}

// WithdrawHandover takes an offer nobody answered back.
func (s *Service) WithdrawHandover(ctx context.Context, actor wijkregie.Actor, id string, version int) (*wijkregie.Handover, error) {
	return s.stepHandover(ctx, actor, policy.WithdrawHandover, id, version, func(q *store.Q, h *wijkregie.Handover, c *wijkregie.Case) error {
		if err := h.Withdraw(actor.UserID, q.Now()); err != nil {
			return err
		}
		return q.AddCaseEvent(ctx, &wijkregie.CaseEvent{MunicipalityID: h.MunicipalityID, CaseID: h.CaseID, Kind: wijkregie.EventHandoverWithdrawn,
			From: h.FromTeamID, To: h.ToTeamID, By: actor.UserID})
	})
}

// HandoverOutcome is the closure's outcome the sender gives when
// completing a handover that closes the sending case (gemeente, extern):
// problems reduced and goals achieved, as far as the sender's part went.
// That the family can go on without help is nee by the handover itself.
type HandoverOutcome struct {
	ProblemsReduced wijkregie.Answer3
	GoalsAchieved   wijkregie.Answer3
}

// CompleteHandover completes the handover (the sender):
//
//   - team: the sender's read access of the overlap ends now;
//   - gemeente, extern: the sending case closes with reason verhuisd —
//     its plan closed as it stands (its goals go on in the receiving
//     municipality), the regisseur's assignment, the betrokkenen and the
//     open tasks ended, a closure record with the outcome — as the
//     closure use case closes a case.
func (s *Service) CompleteHandover(ctx context.Context, actor wijkregie.Actor, id string, version int, out HandoverOutcome) (*wijkregie.Handover, error) {
	return s.stepHandover(ctx, actor, policy.CompleteHandover, id, version, func(q *store.Q, h *wijkregie.Handover, c *wijkregie.Case) error {
		acceptedAt := h.DecidedAt
		if err := h.Complete(actor.UserID, q.Now()); err != nil {
			return err
		}
		if h.Kind == wijkregie.HandoverTeam {
			if err := q.EndOverlap(ctx, c.MunicipalityID, c.HouseholdID, acceptedAt); err != nil {
				return err
			}
		} else {
			var v wijkregie.Invalid
			if !slices.Contains(wijkregie.Answers3, out.ProblemsReduced) {
				v.Field("problemenVerminderd", "veld.keuze")
			}
			if !slices.Contains(wijkregie.Answers3, out.GoalsAchieved) {
				v.Field("doelenBereikt", "veld.keuze")
			}
			if err := v.Err(); err != nil {
				return err
			}
			if err := s.closeMoved(ctx, q, actor, c, h, out); err != nil {
				return err
			}
		}
		return q.AddCaseEvent(ctx, &wijkregie.CaseEvent{MunicipalityID: h.MunicipalityID, CaseID: h.CaseID, Kind: wijkregie.EventHandoverCompleted,
			From: h.FromTeamID, To: h.ToTeamID, By: actor.UserID})
	})
}

// closeMoved closes the sending case of a completed handover with reason
// verhuisd, along the closure use case's store path (closure.go).
func (s *Service) closeMoved(ctx context.Context, q *store.Q, actor wijkregie.Actor, c *wijkregie.Case, h *wijkregie.Handover, out HandoverOutcome) error {
	if !c.Open() {
		return wijkregie.Conflict("fout.casus.gesloten")
	}
	mid := c.MunicipalityID
	switch route, err := q.Meldcode(ctx, mid, c.ID); {
	case err == nil && route.ClosedAt.IsZero():
		return wijkregie.Conflict("fout.afsluiting.meldcode_open")
	case err != nil && wijkregie.ErrorCode(err) != wijkregie.ENOTFOUND:
		return err
	}
	switch plan, err := q.ActivePlan(ctx, mid, c.ID); {
	case err == nil:
		if err := q.ClosePlan(ctx, plan); err != nil {
			return err
		}
	case wijkregie.ErrorCode(err) != wijkregie.ENOTFOUND:
		return err
	}
	from := c.Status
	c.Status, c.ClosedAt, c.ClosureReason = wijkregie.CaseClosed, q.Now(), wijkregie.ClosureMoved
	if err := s.endCaseWork(ctx, q, c, actor.UserID); err != nil {
		return err
	}
	if err := q.CompleteCaseTasks(ctx, mid, c.ID, actor.UserID); err != nil {
		return err
	}
	if err := q.UpdateCase(ctx, c); err != nil {
		return err
	}
	if err := q.AddCaseEvent(ctx, &wijkregie.CaseEvent{MunicipalityID: mid, CaseID: c.ID, Kind: wijkregie.EventClosed,
		From: string(from), To: wijkregie.ClosureMoved, By: actor.UserID}); err != nil {
		return err
	}
	to := h.ToName
	if to == "" {
		to = h.ToMunicipalityID
	}
	summary := "Overgedragen aan " + to + " (overdracht " + h.ID + ")."
	return q.CreateClosure(ctx, &wijkregie.Closure{MunicipalityID: mid, CaseID: c.ID, Reason: wijkregie.ClosureMoved,
		CanContinue: wijkregie.AnswerNo, ProblemsReduced: out.ProblemsReduced, GoalsAchieved: out.GoalsAchieved,
		Summary: summary, ClosedAt: c.ClosedAt, ClosedBy: actor.UserID})
}

// OverlapDays reads the overlap of an offer from a form or body: "" is the
// default, anything else a whole number of days.
func OverlapDays(s string) (*int, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, nil
	}
	n := 0
	for _, r := range s {
		if r < '0' || r > '9' || n > wijkregie.MaxOverlapDays*10 {
			return nil, wijkregie.InvalidField("overlapDagen", "veld.overdracht.overlap")
		}
		n = n*10 + int(r-'0')
	}
	return &n, nil
}
