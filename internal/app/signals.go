package app

import (
	"context"
	"errors"
	"strings"
	"time"

	"wijkregie"
	"wijkregie/internal/policy"
	"wijkregie/internal/store"
)

// CreateSignal registers a signal. Its subject is a person, a household, or
// an address: a family not known yet is registered by its address, and the
// signal then names the household there (found, else created, without
// anyone becoming involved with it). A signal on a person alone is filed
// under the person's household of today, so matching and the team follow
// from the address. Registering a signal involves nobody: a signal is not
// a case.
//
// In the same transaction the signal is matched (Verwijsindex: who, never
// what) against the other active signals and the current involvements on
// the same person or household: each other party is told, in their inbox,
// who registered this signal and how to reach them, and the registrant is
// told who the others are. Nobody learns the other signal's kind, domains
// or description.
func (s *Service) CreateSignal(ctx context.Context, actor wijkregie.Actor, sig *wijkregie.Signal, addr *wijkregie.Address) error {
	if err := s.allow(actor, policy.CreateSignal); err != nil {
		return err
	}
	return s.createSignal(ctx, actor, sig, addr, nil)
}

// createSignal is CreateSignal once the policy has allowed it: for the
// public concern form (concern.go), whose actor the policy lets do that
// one thing only (policy.DecideConcern). then, when not nil, runs in the
// signal's transaction after it is stored, for the caller's own audit.
func (s *Service) createSignal(ctx context.Context, actor wijkregie.Actor, sig *wijkregie.Signal, addr *wijkregie.Address, then func(q *store.Q) error) error {
	now := s.Now()
	sig.MunicipalityID, sig.CreatedBy, sig.Status = actor.MunicipalityID, actor.UserID, wijkregie.SignalNew
	sig.Description = strings.TrimSpace(sig.Description)
	sig.ReporterName, sig.ReporterContact = strings.TrimSpace(sig.ReporterName), strings.TrimSpace(sig.ReporterContact)
	if sig.ReceivedAt.IsZero() {
		sig.ReceivedAt = now
	}
	byAddress := sig.PersonID == "" && sig.HouseholdID == "" && addr != nil
	var v wijkregie.Invalid
	check := *sig
	if byAddress {
		check.HouseholdID = "-" // the address names the household
		addr.Postcode = wijkregie.NormalizePostcode(addr.Postcode)
		var e *wijkregie.Error
		if errors.As(addr.Validate(), &e) {
			for _, f := range e.Fields {
				v.Field("adres."+f.Name, f.Message)
			}
		}
	}
	v.Add(check.Validate())
	if sig.ReceivedAt.After(now) {
		v.Field("ontvangen", "veld.datum")
	}
	if err := v.Err(); err != nil {
		return err
	}
	for _, id := range []string{sig.PersonID, sig.HouseholdID, sig.SourceOrganisationID} {
		if id != "" && !wijkregie.ValidID(id) {
			return wijkregie.NotFound()
		}
	}
	return s.store.Tx(ctx, func(q *store.Q) error {
		set, err := q.Settings(ctx, actor.MunicipalityID)
		if err != nil {
			return err
		}
		sig.TriageDeadline = set.TriageDeadlineFor(sig.ReceivedAt, sig.Urgency)
		if sig.PersonID != "" {
			p, err := q.Person(ctx, actor.MunicipalityID, sig.PersonID)
			if err != nil {
				return err
			}
			// A record merged into another leads to the one that stays.
			if p.MergedInto != "" {
				sig.PersonID = p.MergedInto
			}
		}
		if sig.HouseholdID == "" && sig.PersonID != "" {
			hid, err := q.CurrentHousehold(ctx, actor.MunicipalityID, sig.PersonID)
			if err != nil {
				return err
			}
			sig.HouseholdID = hid
		}
		teams, err := q.Teams(ctx, actor.MunicipalityID)
		if err != nil {
			return err
		}
		if byAddress {
			ids, err := q.HouseholdsAtAddress(ctx, actor.MunicipalityID, *addr)
			if err != nil {
				return err
			}
			if len(ids) > 0 {
				sig.HouseholdID = ids[0]
			} else {
				h := &wijkregie.Household{MunicipalityID: actor.MunicipalityID, Address: *addr}
				if h.TeamID = wijkregie.ServingTeam(teams, addr.Postcode); h.TeamID == "" {
					h.TeamID = actor.TeamID
				}
				if err := q.CreateHousehold(ctx, h); err != nil {
					return err
				}
				sig.HouseholdID = h.ID
				if err := q.AppendAudit(ctx, actor.Record(wijkregie.Event{Action: "huishouden.aanmaken", SubjectKind: "huishouden", SubjectID: h.ID, Purpose: PurposeTask})); err != nil {
					return err
				}
			}
		}
		sig.TeamID = actor.TeamID
		if sig.HouseholdID != "" {
			h, err := q.Household(ctx, actor.MunicipalityID, sig.HouseholdID)
			if err != nil {
				return err
			}
			// The household's team was chosen by its address when it was
			// registered (ServingTeam); a household without one gets the
			// team serving its address today.
			if h.TeamID != "" {
				sig.TeamID = h.TeamID
			} else if t := wijkregie.ServingTeam(teams, h.Address.Postcode); t != "" {
				sig.TeamID = t
			}
		}
		if err := q.CreateSignal(ctx, sig); err != nil {
			return err
		}
		if err := q.AppendAudit(ctx, actor.Record(wijkregie.Event{Action: string(policy.CreateSignal), SubjectKind: "signaal", SubjectID: sig.ID, PersonID: sig.PersonID, Purpose: PurposeTask})); err != nil {
			return err
		}
		// Telling someone who else works with a family discloses that
		// the family is known to both: each party told is audited on the
		// household.
		n, err := q.MatchSignal(ctx, sig)
		if err != nil {
			return err
		}
		for range n {
			if err := q.AppendAudit(ctx, actor.Record(wijkregie.Event{Action: "signaal.matchen", SubjectKind: "huishouden", SubjectID: sig.HouseholdID, PersonID: sig.PersonID, Purpose: PurposeTask})); err != nil {
				return err
			}
		}
		if then != nil {
			return then(q)
		}
		return nil
	})
}

// SignalView is a signal with who else works with its family.
type SignalView struct {
	Signal  *wijkregie.Signal
	Matches []MatchView
}

// MatchView is one other party of a signal, since when.
type MatchView struct {
	store.MatchParty
	Since time.Time
}

// signalSubject loads what the policy needs to decide on a signal.
func (s *Service) signalSubject(ctx context.Context, sig *wijkregie.Signal) (*policy.SignalSubject, error) {
	subj := &policy.SignalSubject{Signal: sig}
	u, err := s.store.R().User(ctx, sig.MunicipalityID, sig.CreatedBy)
	if err != nil {
		return nil, err
	}
	subj.CreatorOrganisationID = u.OrganisationID
	if sig.HouseholdID != "" {
		if subj.Involvements, err = s.store.R().Involvements(ctx, sig.MunicipalityID, sig.HouseholdID); err != nil {
			return nil, err
		}
	}
	return subj, nil
}

// Signal returns a signal with its matches, if the actor may read it (see
// policy.SignalScope); another is not found, and the refusal is audited.
func (s *Service) Signal(ctx context.Context, actor wijkregie.Actor, id string) (*SignalView, error) {
	if err := s.allow(actor, policy.ViewSignal); err != nil {
		return nil, err
	}
	if !wijkregie.ValidID(id) {
		return nil, wijkregie.NotFound()
	}
	sig, err := s.store.R().Signal(ctx, actor.MunicipalityID, id)
	if err != nil {
		return nil, err
	}
	subj, err := s.signalSubject(ctx, sig)
	if err != nil {
		return nil, err
	}
	ev := wijkregie.Event{Action: string(policy.ViewSignal), SubjectKind: "signaal", SubjectID: id, PersonID: sig.PersonID, Purpose: PurposeTask}
	if err := policy.DecideSignal(actor, subj, s.Now()); err != nil {
		ev.Result = wijkregie.AuditDenied
		if aerr := s.audit(ctx, actor, ev); aerr != nil {
			return nil, aerr
		}
		return nil, wijkregie.NotFound()
	}
	view, err := s.signalView(ctx, actor, sig)
	if err != nil {
		return nil, err
	}
	if err := s.audit(ctx, actor, ev); err != nil {
		return nil, err
	}
	return view, nil
}

// signalView gathers a signal's matches as the actor sees them.
func (s *Service) signalView(ctx context.Context, actor wijkregie.Actor, sig *wijkregie.Signal) (*SignalView, error) {
	ms, err := s.store.R().SignalMatches(ctx, actor.MunicipalityID, sig.ID)
	if err != nil {
		return nil, err
	}
	view := &SignalView{Signal: sig}
	// The reader is no news to themselves: a match naming them (they
	// registered another signal on the family) is left out of their view.
	seen := map[string]bool{actor.UserID: true}
	for _, m := range ms {
		if seen[m.UserID] {
			continue
		}
		seen[m.UserID] = true
		p, err := s.store.R().MatchParty(ctx, actor.MunicipalityID, m.UserID)
		if err != nil {
			return nil, err
		}
		view.Matches = append(view.Matches, MatchView{MatchParty: p, Since: m.CreatedAt})
	}
	return view, nil
}

// RegisterSignal registers a signal as CreateSignal does and returns it
// with its matches: the registrant's answer. The creation's own audit
// records (the signal registered, each party told) cover what the answer
// shows, the registrant's own input and the parties they were told of, so
// the answer costs no second write.
func (s *Service) RegisterSignal(ctx context.Context, actor wijkregie.Actor, sig *wijkregie.Signal, addr *wijkregie.Address) (*SignalView, error) {
	if err := s.CreateSignal(ctx, actor, sig, addr); err != nil {
		return nil, err
	}
	return s.signalView(ctx, actor, sig)
}

// Signals lists the signals the actor may read, the nearest triage
// deadline first, optionally of one team. Each signal shown is audited.
func (s *Service) Signals(ctx context.Context, actor wijkregie.Actor, f store.SignalFilter) ([]wijkregie.Signal, int, error) {
	if err := s.allow(actor, policy.ViewSignal); err != nil {
		return nil, 0, err
	}
	if f.TeamID != "" && !wijkregie.ValidID(f.TeamID) {
		return nil, 0, nil
	}
	sigs, total, err := s.store.R().Signals(ctx, actor.MunicipalityID, policy.SignalScope(actor), f)
	if err != nil {
		return nil, 0, err
	}
	events := []wijkregie.Event{{Action: "signalen.zoeken", SubjectKind: "signaal", Purpose: PurposeTask, Search: signalSearch(f), Results: total}}
	for _, sg := range sigs {
		events = append(events, wijkregie.Event{Action: string(policy.ViewSignal), SubjectKind: "signaal", SubjectID: sg.ID, PersonID: sg.PersonID, Purpose: PurposeTask})
	}
	if err := s.audit(ctx, actor, events...); err != nil {
		return nil, 0, err
	}
	return sigs, total, nil
}

// Inbox is a page of the actor's notifications.
type Inbox struct {
	Notifications []wijkregie.Notification
	Total, Unread int
}

// Notifications returns the actor's own notifications, newest first.
func (s *Service) Notifications(ctx context.Context, actor wijkregie.Actor, page store.Page) (*Inbox, error) {
	if err := s.allow(actor, policy.ViewInbox); err != nil {
		return nil, err
	}
	ns, total, unread, err := s.store.R().Notifications(ctx, actor.MunicipalityID, actor.UserID, page)
	if err != nil {
		return nil, err
	}
	return &Inbox{Notifications: ns, Total: total, Unread: unread}, nil
}

// Notification returns one of the actor's notifications; anyone else's is
// not found.
func (s *Service) Notification(ctx context.Context, actor wijkregie.Actor, id string) (*wijkregie.Notification, error) {
	if err := s.allow(actor, policy.ViewInbox); err != nil {
		return nil, err
	}
	if !wijkregie.ValidID(id) {
		return nil, wijkregie.NotFound()
	}
	return s.store.R().Notification(ctx, actor.MunicipalityID, actor.UserID, id)
}

// MarkNotification marks one of the actor's notifications read or unread.
func (s *Service) MarkNotification(ctx context.Context, actor wijkregie.Actor, id string, read bool) (*wijkregie.Notification, error) {
	if err := s.allow(actor, policy.ChangeInbox); err != nil {
		return nil, err
	}
	if !wijkregie.ValidID(id) {
		return nil, wijkregie.NotFound()
	}
	var n *wijkregie.Notification
	err := s.store.Tx(ctx, func(q *store.Q) error {
		if err := q.SetNotificationRead(ctx, actor.MunicipalityID, actor.UserID, id, read); err != nil {
			return err
		}
		var err error
		n, err = q.Notification(ctx, actor.MunicipalityID, actor.UserID, id)
		return err
	})
	return n, err
}
