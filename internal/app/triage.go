package app

import (
	"context"
	"slices"
	"strings"

	"wijkregie"
	"wijkregie/internal/policy"
	"wijkregie/internal/store"
)

// QueueItem is a signal waiting for triage, with whether its deadline has
// passed and the address of its household, by which a team knows a family.
// A signal whose triage term is suspended (its triage task) is not
// overdue: a suspended term does not run out.
type QueueItem struct {
	wijkregie.Signal
	Overdue   bool
	Suspended bool
	Address   *wijkregie.Address // nil for a signal without a household
}

// TriageQueue lists the actor's team's untriaged signals, the nearest
// deadline first, overdue ones marked (as the team overview counts them:
// past the deadline, the term running). The list is filtered by the same
// signal policy as the single signal, and every signal shown is audited.
func (s *Service) TriageQueue(ctx context.Context, actor wijkregie.Actor, page store.Page) ([]QueueItem, int, error) {
	return s.FilteredTriageQueue(ctx, actor, TriageQueueFilter{Page: page})
}

// TriageQueueFilter narrows the triage queue.
type TriageQueueFilter struct {
	OverdueOnly bool // only the overdue signals, as QueueItem.Overdue marks them
	Page        store.Page
}

// FilteredTriageQueue is TriageQueue with a filter; the filter is part of
// the search the audit log records.
func (s *Service) FilteredTriageQueue(ctx context.Context, actor wijkregie.Actor, f TriageQueueFilter) ([]QueueItem, int, error) {
	if err := s.allow(actor, policy.ViewTriageQueue); err != nil {
		return nil, 0, err
	}
	if actor.TeamID == "" {
		return nil, 0, nil
	}
	sigs, total, err := s.store.R().TriageQueue(ctx, actor.MunicipalityID, policy.SignalScope(actor),
		store.QueueFilter{TeamID: actor.TeamID, OverdueOnly: f.OverdueOnly, Page: f.Page})
	if err != nil {
		return nil, 0, err
	}
	now := s.Now()
	criteria := []string{"team=" + actor.TeamID}
	if f.OverdueOnly {
		criteria = append(criteria, "te-laat")
	}
	events := make([]wijkregie.Event, 0, len(sigs)+1)
	events = append(events, wijkregie.Event{Action: string(policy.ViewTriageQueue), SubjectKind: "team", SubjectID: actor.TeamID, Purpose: PurposeTask,
		Search: wijkregie.SearchOf(criteria...), Results: total})
	items := make([]QueueItem, len(sigs))
	var hids, ids []string
	for _, sg := range sigs {
		ids = append(ids, sg.ID)
		if sg.HouseholdID != "" {
			hids = append(hids, sg.HouseholdID)
		}
	}
	addrs, err := s.store.R().HouseholdAddresses(ctx, actor.MunicipalityID, compact(hids))
	if err != nil {
		return nil, 0, err
	}
	suspended, err := s.store.R().SuspendedTriage(ctx, actor.MunicipalityID, ids)
	if err != nil {
		return nil, 0, err
	}
	for i, sg := range sigs {
		items[i] = QueueItem{Signal: sg, Suspended: suspended[sg.ID], Overdue: !suspended[sg.ID] && sg.TriageDeadline.Before(now)}
		if a, ok := addrs[sg.HouseholdID]; ok {
			items[i].Address = &a
		}
		events = append(events, wijkregie.Event{Action: string(policy.ViewSignal), SubjectKind: "signaal", SubjectID: sg.ID, PersonID: sg.PersonID, Purpose: PurposeTask})
	}
	if err := s.audit(ctx, actor, events...); err != nil {
		return nil, 0, err
	}
	return items, total, nil
}

// TriageView is everything the triage screen shows about a signal: the
// signal and its matches, the household with its members, its earlier
// signals and cases, the organisations involved, the suggestion with its
// reasons, and services of the sociale kaart for its domains. Decided is
// set once the signal is triaged.
type TriageView struct {
	SignalView
	Household     *wijkregie.Household
	Members       []wijkregie.Member
	Persons       []wijkregie.Person
	Earlier       []wijkregie.Signal // the household's other signals, newest first
	Cases         []wijkregie.Case   // the household's cases, newest first
	Organisations []string           // names of the organisations involved (matches and betrokkenen)
	Domains       []string           // distinct domains over the household's active signals
	Settings      wijkregie.Settings
	Suggestion    wijkregie.TriageDecision
	Reasons       []wijkregie.Reason
	Services      []wijkregie.Service
	Decided       *wijkregie.Triage
	CanDecide     bool
}

// facts gathers what the suggestion rules look at, from the signal's
// household as the store holds it now.
func facts(ctx context.Context, q *store.Q, sig *wijkregie.Signal) (wijkregie.TriageFacts, []wijkregie.Signal, error) {
	f := wijkregie.TriageFacts{Signal: sig}
	// Every party the signal met counts, whoever looks: the screen and
	// the decision must see the same suggestion.
	ms, err := q.SignalMatches(ctx, sig.MunicipalityID, sig.ID)
	if err != nil {
		return f, nil, err
	}
	users := map[string]bool{}
	for _, m := range ms {
		users[m.UserID] = true
	}
	f.OtherParties = len(users)
	domains := slices.Clone(sig.Domains)
	if sig.Kind == wijkregie.SignalSafety {
		f.SafetySignals = 1
	}
	var earlier []wijkregie.Signal
	if sig.HouseholdID != "" {
		all, err := q.HouseholdSignals(ctx, sig.MunicipalityID, sig.HouseholdID)
		if err != nil {
			return f, nil, err
		}
		for _, o := range all {
			if o.ID == sig.ID {
				continue
			}
			earlier = append(earlier, o)
			if !o.Active() {
				continue
			}
			for _, d := range o.Domains {
				if !slices.Contains(domains, d) {
					domains = append(domains, d)
				}
			}
			if o.Kind == wijkregie.SignalSafety {
				f.SafetySignals++
			}
		}
		c, err := q.OpenCase(ctx, sig.MunicipalityID, sig.HouseholdID)
		switch {
		case err == nil:
			f.OpenCaseID, f.OpenCaseLevel = c.ID, c.Level
		case wijkregie.ErrorCode(err) != wijkregie.ENOTFOUND:
			return f, nil, err
		}
	}
	f.Domains = domains
	return f, earlier, nil
}

// TriageScreen returns the triage screen for a signal the actor may read.
// Reading it is audited like reading the signal, the household and its
// members.
func (s *Service) TriageScreen(ctx context.Context, actor wijkregie.Actor, signalID string) (*TriageView, error) {
	if err := s.allow(actor, policy.TriageSignal); err != nil {
		return nil, err
	}
	sv, err := s.Signal(ctx, actor, signalID)
	if err != nil {
		return nil, err
	}
	sig := sv.Signal
	// The screen shows the family's members and its other signals: what
	// the team that triages needs, and more than the signal's reader may
	// see. A reader outside the team (who registered the signal, or works
	// with the family) has the signal page instead.
	if err := policy.DecideTriage(actor, sig); err != nil {
		ev := wijkregie.Event{Action: string(policy.TriageSignal), SubjectKind: "signaal", SubjectID: sig.ID, PersonID: sig.PersonID,
			Purpose: PurposeTask, Result: wijkregie.AuditDenied}
		if aerr := s.audit(ctx, actor, ev); aerr != nil {
			return nil, aerr
		}
		return nil, wijkregie.NotFound()
	}
	r := s.store.R()
	v := &TriageView{SignalView: *sv, CanDecide: sig.Status == wijkregie.SignalNew && policy.DecideTriage(actor, sig) == nil}
	if v.Settings, err = r.Settings(ctx, actor.MunicipalityID); err != nil {
		return nil, err
	}
	f, earlier, err := facts(ctx, r, sig)
	if err != nil {
		return nil, err
	}
	v.Earlier, v.Domains = earlier, f.Domains
	v.Suggestion, v.Reasons = v.Settings.Suggest(f)
	var events []wijkregie.Event
	postcode := ""
	if sig.HouseholdID != "" {
		if v.Household, err = r.Household(ctx, actor.MunicipalityID, sig.HouseholdID); err != nil {
			return nil, err
		}
		postcode = v.Household.Address.Postcode
		if v.Members, v.Persons, err = r.HouseholdMembers(ctx, actor.MunicipalityID, sig.HouseholdID); err != nil {
			return nil, err
		}
		if v.Cases, err = r.HouseholdCases(ctx, actor.MunicipalityID, sig.HouseholdID); err != nil {
			return nil, err
		}
		events = append(events, wijkregie.Event{Action: string(policy.ViewHousehold), SubjectKind: "huishouden", SubjectID: sig.HouseholdID, Purpose: PurposeTask})
		for _, p := range v.Persons {
			events = append(events, wijkregie.Event{Action: string(policy.ViewPerson), SubjectKind: "huishouden", SubjectID: sig.HouseholdID, PersonID: p.ID, Purpose: PurposeTask})
		}
		for _, o := range earlier {
			events = append(events, wijkregie.Event{Action: string(policy.ViewSignal), SubjectKind: "signaal", SubjectID: o.ID, PersonID: o.PersonID, Purpose: PurposeTask})
		}
	}
	seen := map[string]bool{}
	for _, m := range sv.Matches {
		if m.Organisation != "" && !seen[m.Organisation] {
			seen[m.Organisation] = true
			v.Organisations = append(v.Organisations, m.Organisation)
		}
	}
	for _, c := range v.Cases {
		ps, err := r.Parties(ctx, actor.MunicipalityID, c.ID)
		if err != nil {
			return nil, err
		}
		for _, p := range ps {
			if p.OrganisationID == "" || !p.Until.IsZero() {
				continue
			}
			o, err := r.Organisation(ctx, actor.MunicipalityID, p.OrganisationID)
			if err != nil {
				return nil, err
			}
			if !seen[o.Name] {
				seen[o.Name] = true
				v.Organisations = append(v.Organisations, o.Name)
			}
		}
	}
	// Services for the signal's own domains near the family: what a
	// simple question is referred to.
	ids := map[string]bool{}
	for _, d := range sig.Domains {
		list, _, err := r.Services(ctx, actor.MunicipalityID, store.ServiceFilter{Domain: d, Postcode: postcode, ActiveOnly: true, Page: store.Page{Limit: 10}})
		if err != nil {
			return nil, err
		}
		for _, sv := range list {
			if !ids[sv.ID] {
				ids[sv.ID] = true
				v.Services = append(v.Services, sv)
			}
		}
	}
	if sig.Status.Triaged() {
		t, err := r.Triage(ctx, actor.MunicipalityID, sig.ID)
		switch {
		case err == nil:
			v.Decided = t
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

// TriageInput is a team member's decision on a signal.
type TriageInput struct {
	SignalID  string
	Decision  wijkregie.TriageDecision
	Reason    string
	ServiceID string              // enkelvoudig: the referral
	Answer    string              // enkelvoudig: the answer given at once
	Level     wijkregie.CaseLevel // meervoudig: the level a new case starts at (licht when empty)
}

// Triage records the team's decision on a signal, in one transaction with
// what it sets in motion:
//
//   - enkelvoudig: the referral (a service of the sociale kaart) or the
//     answer is recorded; no case.
//   - meervoudig: the household's open case takes the signal in, or a
//     case opens (aangemeld, waiting for the team lead's regisseur).
//   - veiligheid: as meervoudig, at safety level (an open case is scaled
//     up), and the Meldcode route starts.
//   - geen actie: the reason is recorded.
//
// The suggestion the rules gave at that moment is kept beside the
// decision, and the signal's triage task is done. A signal is triaged
// once: a second decision is a conflict.
func (s *Service) Triage(ctx context.Context, actor wijkregie.Actor, in TriageInput) (*wijkregie.Triage, error) {
	if err := s.allow(actor, policy.TriageSignal); err != nil {
		return nil, err
	}
	if !wijkregie.ValidID(in.SignalID) || (in.ServiceID != "" && !wijkregie.ValidID(in.ServiceID)) {
		return nil, wijkregie.NotFound()
	}
	t := &wijkregie.Triage{MunicipalityID: actor.MunicipalityID, SignalID: in.SignalID, Decision: in.Decision,
		Reason: strings.TrimSpace(in.Reason), ServiceID: in.ServiceID, Answer: strings.TrimSpace(in.Answer), DecidedBy: actor.UserID}
	var v wijkregie.Invalid
	v.Add(t.Validate())
	level := in.Level
	switch {
	case in.Decision == wijkregie.DecisionSafety:
		level = wijkregie.LevelSafety
	case level == "":
		level = wijkregie.LevelLight
	case in.Decision == wijkregie.DecisionMultiple && level == wijkregie.LevelSafety:
		v.Field("niveau", "veld.triage.niveau_veiligheid")
	case !level.Valid():
		v.Field("niveau", "veld.keuze")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	sig, err := s.store.R().Signal(ctx, actor.MunicipalityID, in.SignalID)
	if err != nil {
		return nil, err
	}
	ev := wijkregie.Event{Action: string(policy.TriageSignal), SubjectKind: "signaal", SubjectID: sig.ID, PersonID: sig.PersonID, Purpose: PurposeTask}
	if err := policy.DecideTriage(actor, sig); err != nil {
		// Whether the signal exists is not the actor's to learn.
		ev.Result = wijkregie.AuditDenied
		if aerr := s.audit(ctx, actor, ev); aerr != nil {
			return nil, aerr
		}
		return nil, wijkregie.NotFound()
	}
	if in.Decision.OpensCase() && sig.HouseholdID == "" {
		return nil, wijkregie.InvalidField("besluit", "veld.triage.geen_huishouden")
	}
	err = s.store.Tx(ctx, func(q *store.Q) error {
		sig, err := q.Signal(ctx, actor.MunicipalityID, in.SignalID)
		if err != nil {
			return err
		}
		if sig.Status != wijkregie.SignalNew {
			return wijkregie.Conflict("fout.signaal.al_getrieerd")
		}
		if t.ServiceID != "" {
			sv, err := q.Service(ctx, actor.MunicipalityID, t.ServiceID)
			if err != nil {
				if wijkregie.ErrorCode(err) == wijkregie.ENOTFOUND {
					return wijkregie.InvalidField("verwijzing", "veld.triage.verwijzing_onbekend")
				}
				return err
			}
			if !sv.Active {
				return wijkregie.InvalidField("verwijzing", "veld.triage.verwijzing_inactief")
			}
		}
		set, err := q.Settings(ctx, actor.MunicipalityID)
		if err != nil {
			return err
		}
		f, _, err := facts(ctx, q, sig)
		if err != nil {
			return err
		}
		t.SetSuggestion(set.Suggest(f))
		status := t.Decision.SignalStatus()
		var events []wijkregie.Event
		if t.Decision.OpensCase() {
			c, opened, err := s.caseFor(ctx, q, actor, sig, level, t.Decision)
			if err != nil {
				return err
			}
			t.CaseID = c.ID
			if opened {
				events = append(events, wijkregie.Event{Action: "casus.openen", SubjectKind: "casus", SubjectID: c.ID, Purpose: PurposeTask})
			} else {
				events = append(events, wijkregie.Event{Action: string(policy.ChangeCase), SubjectKind: "casus", SubjectID: c.ID, Purpose: PurposeTask})
			}
		}
		if err := q.SetSignalStatus(ctx, actor.MunicipalityID, sig.ID, wijkregie.SignalNew, status); err != nil {
			return err
		}
		// The decision is what the team's triage task asked for.
		switch task, err := q.OpenSignalTask(ctx, actor.MunicipalityID, sig.ID); {
		case err == nil:
			if err := q.CompleteTask(ctx, task, actor.UserID); err != nil {
				return err
			}
		case wijkregie.ErrorCode(err) != wijkregie.ENOTFOUND:
			return err
		}
		if err := q.CreateTriage(ctx, t); err != nil {
			return err
		}
		recs := []wijkregie.AuditRecord{actor.Record(ev)}
		for _, e := range events {
			recs = append(recs, actor.Record(e))
		}
		return q.AppendAudit(ctx, recs...)
	})
	if err != nil {
		return nil, err
	}
	return t, nil
}

// caseFor returns the case a signal goes into: the household's open case,
// which takes in the signal's domains (and is scaled up to safety level
// for a safety decision), or a new one. opened says which. A safety
// decision starts the Meldcode route.
func (s *Service) caseFor(ctx context.Context, q *store.Q, actor wijkregie.Actor, sig *wijkregie.Signal, level wijkregie.CaseLevel, d wijkregie.TriageDecision) (*wijkregie.Case, bool, error) {
	c, err := q.OpenCase(ctx, actor.MunicipalityID, sig.HouseholdID)
	opened := false
	switch {
	case err == nil:
		before := c.Level
		for _, dm := range sig.Domains {
			if !slices.Contains(c.Domains, dm) {
				c.Domains = append(c.Domains, dm)
			}
		}
		if d == wijkregie.DecisionSafety && c.Level != wijkregie.LevelSafety {
			c.Level = wijkregie.LevelSafety
		}
		if err := q.UpdateCase(ctx, c); err != nil {
			return nil, false, err
		}
		if c.Level != before {
			if err := q.AddCaseEvent(ctx, &wijkregie.CaseEvent{MunicipalityID: c.MunicipalityID, CaseID: c.ID, Kind: wijkregie.EventLevel,
				From: string(before), To: string(c.Level), Reason: "triage.opschaling_veiligheid", By: actor.UserID}); err != nil {
				return nil, false, err
			}
		}
	case wijkregie.ErrorCode(err) == wijkregie.ENOTFOUND:
		opened = true
		c = &wijkregie.Case{MunicipalityID: actor.MunicipalityID, HouseholdID: sig.HouseholdID, TeamID: sig.TeamID,
			Status: wijkregie.CaseRegistered, Level: level, Domains: slices.Clone(sig.Domains), OpenedBy: actor.UserID}
		if err := q.CreateCase(ctx, c); err != nil {
			return nil, false, err
		}
	default:
		return nil, false, err
	}
	if err := q.AddCaseEvent(ctx, &wijkregie.CaseEvent{MunicipalityID: c.MunicipalityID, CaseID: c.ID, Kind: wijkregie.EventSignalJoined,
		To: sig.ID, By: actor.UserID}); err != nil {
		return nil, false, err
	}
	if d == wijkregie.DecisionSafety {
		if err := q.StartMeldcode(ctx, &wijkregie.MeldcodeRoute{MunicipalityID: c.MunicipalityID, CaseID: c.ID, StartedBy: actor.UserID, SignalID: sig.ID}); err != nil {
			return nil, false, err
		}
		if err := q.AddCaseEvent(ctx, &wijkregie.CaseEvent{MunicipalityID: c.MunicipalityID, CaseID: c.ID, Kind: wijkregie.EventMeldcode,
			To: "1", By: actor.UserID}); err != nil {
			return nil, false, err
		}
	}
	return c, opened, nil
}
