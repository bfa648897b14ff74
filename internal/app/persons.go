package app

import (
	"context"
	"time"

	"wijkregie"
	"wijkregie/internal/policy"
	"wijkregie/internal/store"
)

// SearchPersons finds persons by BSN, by family name and birth date, or by
// address, for professionals and team leads: a new family comes into view
// before anyone is involved with it. The answer is minimal (names, birth
// date, BSN for masking, today's address) and personal data all the same,
// so the search is audited (NEN 7513 names searches), with one record per
// person found, which their access log then shows. The search terms are not
// recorded: a BSN belongs in no log.
func (s *Service) SearchPersons(ctx context.Context, actor wijkregie.Actor, in wijkregie.PersonQueryInput) ([]store.PersonMatch, error) {
	if err := s.allow(actor, policy.SearchPersons); err != nil {
		return nil, err
	}
	q, err := in.Query(s.Now())
	if err != nil {
		return nil, err
	}
	ms, err := s.store.R().SearchPersons(ctx, actor.MunicipalityID, q)
	if err != nil {
		return nil, err
	}
	if err := s.audit(ctx, actor, searchEvents(q, ms)...); err != nil {
		return nil, err
	}
	return ms, nil
}

// searchEvents are the audit records of a search: the search itself, with
// the fields searched on and the count (searchaudit.go), and each person
// it showed.
func searchEvents(q *wijkregie.PersonQuery, ms []store.PersonMatch) []wijkregie.Event {
	events := []wijkregie.Event{{Action: "personen.zoeken", SubjectKind: "persoon", Purpose: PurposeTask, Search: personSearch(q), Results: len(ms)}}
	for _, m := range ms {
		events = append(events, wijkregie.Event{Action: "personen.zoeken", SubjectKind: "persoon", SubjectID: m.Person.ID, PersonID: m.Person.ID, Purpose: PurposeTask})
	}
	return events
}

// FoundPerson shows one person as a search does, by id: for the
// professional who is about to add someone they found to a household, to
// see once more whom. It is audited as a search.
func (s *Service) FoundPerson(ctx context.Context, actor wijkregie.Actor, id string) (*store.PersonMatch, error) {
	if err := s.allow(actor, policy.SearchPersons); err != nil {
		return nil, err
	}
	if !wijkregie.ValidID(id) {
		return nil, wijkregie.NotFound()
	}
	m, err := s.store.R().PersonMatch(ctx, actor.MunicipalityID, id)
	if err != nil {
		return nil, err
	}
	if err := s.audit(ctx, actor, wijkregie.Event{Action: "personen.zoeken", SubjectKind: "persoon", SubjectID: id, PersonID: id, Purpose: PurposeTask}); err != nil {
		return nil, err
	}
	return m, nil
}

// PossibleDuplicates is the error of a registration that found persons
// with the same family name and birth date. Registering waits until the
// professional confirms that the new person is someone else; merging
// records that turn out to be one person is not done here. It unwraps to a
// conflict, so an adapter that does not show the matches still answers
// 409.
type PossibleDuplicates struct {
	Matches []store.PersonMatch
}

// Error names the kind of error only: the matches are personal data.
func (e *PossibleDuplicates) Error() string { return "conflict: possible duplicates" }

// Unwrap returns the conflict.
func (e *PossibleDuplicates) Unwrap() error { return wijkregie.Conflict("fout.persoon.dubbel") }

// duplicates returns *PossibleDuplicates when persons with p's family name
// (in any case) and birth date exist and the registration is not
// confirmed. The matches it shows are audited as a search. Without a birth
// date there is nothing to compare; a BSN already registered is refused by
// the store as a field error. The check and the insert are not one
// transaction: two professionals registering the same family in the same
// second both succeed, which a later merge mends.
func (s *Service) duplicates(ctx context.Context, actor wijkregie.Actor, p *wijkregie.Person, confirmed bool) error {
	if confirmed || p.BirthDate.IsZero() {
		return nil
	}
	q := &wijkregie.PersonQuery{FamilyName: p.FamilyName, BirthDate: p.BirthDate}
	ms, err := s.store.R().SearchPersons(ctx, actor.MunicipalityID, q)
	if err != nil || len(ms) == 0 {
		return err
	}
	if err := s.audit(ctx, actor, searchEvents(q, ms)...); err != nil {
		return err
	}
	return &PossibleDuplicates{Matches: ms}
}

// RegisterPerson adds a person. When persons with the same family name and
// birth date exist, it returns *PossibleDuplicates unless confirmed. A
// person is seen through a household (decisions: access goes through
// current memberships), so a person registered alone is visible to nobody
// until they join one.
func (s *Service) RegisterPerson(ctx context.Context, actor wijkregie.Actor, in wijkregie.PersonInput, confirmed bool) (*wijkregie.Person, error) {
	if err := s.allow(actor, policy.RegisterPersons); err != nil {
		return nil, err
	}
	p, err := in.Person(actor.MunicipalityID, s.Now())
	if err != nil {
		return nil, err
	}
	if err := s.duplicates(ctx, actor, p, confirmed); err != nil {
		return nil, err
	}
	err = s.store.Tx(ctx, func(q *store.Q) error { return createPerson(ctx, q, actor, p) })
	if err != nil {
		return nil, err
	}
	return p, nil
}

// createPerson stores a person with its audit record.
func createPerson(ctx context.Context, q *store.Q, actor wijkregie.Actor, p *wijkregie.Person) error {
	if err := q.CreatePerson(ctx, p); err != nil {
		return err
	}
	return q.AppendAudit(ctx, actor.Record(wijkregie.Event{Action: "persoon.aanmaken", SubjectKind: "persoon", SubjectID: p.ID, PersonID: p.ID, Purpose: PurposeTask}))
}

// addMember stores a membership with its audit record.
func addMember(ctx context.Context, q *store.Q, actor wijkregie.Actor, m *wijkregie.Member) error {
	if err := q.AddMember(ctx, m); err != nil {
		return err
	}
	return q.AppendAudit(ctx, actor.Record(wijkregie.Event{Action: "lid.toevoegen", SubjectKind: "huishouden", SubjectID: m.HouseholdID, PersonID: m.PersonID, Purpose: PurposeTask}))
}

// RegisterHousehold adds a household at an address, with existing persons
// as its first members. The team is the one whose area serves the postcode,
// or else the actor's own. The actor becomes involved with the household
// (betrokken): otherwise the record they just made would be hidden from
// them. Members found by a search may be anyone in the municipality; adding
// them gives the actor access to them, which their access log shows.
func (s *Service) RegisterHousehold(ctx context.Context, actor wijkregie.Actor, h *wijkregie.Household, members []wijkregie.Member) error {
	if err := s.allow(actor, policy.RegisterPersons); err != nil {
		return err
	}
	h.MunicipalityID, h.Address.Postcode = actor.MunicipalityID, wijkregie.NormalizePostcode(h.Address.Postcode)
	var v wijkregie.Invalid
	v.Add(h.Address.Validate())
	for i := range members {
		if !wijkregie.ValidID(members[i].PersonID) {
			return wijkregie.NotFound()
		}
		v.Add(members[i].Validate())
	}
	if err := v.Err(); err != nil {
		return err
	}
	return s.store.Tx(ctx, func(q *store.Q) error {
		teams, err := q.Teams(ctx, actor.MunicipalityID)
		if err != nil {
			return err
		}
		if h.TeamID = wijkregie.ServingTeam(teams, h.Address.Postcode); h.TeamID == "" {
			h.TeamID = actor.TeamID
		}
		if err := q.CreateHousehold(ctx, h); err != nil {
			return err
		}
		if err := q.Involve(ctx, &wijkregie.Involvement{MunicipalityID: h.MunicipalityID, HouseholdID: h.ID, UserID: actor.UserID, Kind: wijkregie.InvolvementContributor}); err != nil {
			return err
		}
		err = q.AppendAudit(ctx,
			actor.Record(wijkregie.Event{Action: "huishouden.aanmaken", SubjectKind: "huishouden", SubjectID: h.ID, Purpose: PurposeTask}),
			actor.Record(wijkregie.Event{Action: "betrokkenheid.starten", SubjectKind: "huishouden", SubjectID: h.ID, Purpose: PurposeTask}))
		if err != nil {
			return err
		}
		for i := range members {
			m := &members[i]
			m.MunicipalityID, m.HouseholdID = h.MunicipalityID, h.ID
			if err := addMember(ctx, q, actor, m); err != nil {
				return err
			}
		}
		return nil
	})
}

// changeable checks that the actor may change a household's members: its
// team lead, or someone involved with it. Any other household is not
// found, and the refusal is audited as the change it would have been.
func (s *Service) changeable(ctx context.Context, actor wijkregie.Actor, householdID string, e wijkregie.Event) error {
	if err := s.allow(actor, policy.ChangeHousehold); err != nil {
		return err
	}
	if !wijkregie.ValidID(householdID) {
		return wijkregie.NotFound()
	}
	subj, err := s.subject(ctx, actor, householdID)
	if err != nil {
		return err
	}
	return s.decide(ctx, actor, policy.ChangeHousehold, subj, e)
}

// AddMember adds an existing person (found by a search) to a household.
func (s *Service) AddMember(ctx context.Context, actor wijkregie.Actor, m *wijkregie.Member) error {
	e := wijkregie.Event{Action: "lid.toevoegen", SubjectKind: "huishouden", SubjectID: m.HouseholdID, Purpose: PurposeTask}
	if wijkregie.ValidID(m.PersonID) {
		e.PersonID = m.PersonID
	}
	if err := s.changeable(ctx, actor, m.HouseholdID, e); err != nil {
		return err
	}
	if !wijkregie.ValidID(m.PersonID) {
		return wijkregie.NotFound()
	}
	m.MunicipalityID = actor.MunicipalityID
	if err := m.Validate(); err != nil {
		return err
	}
	return s.store.Tx(ctx, func(q *store.Q) error {
		// A restricted person's data is not changed (art. 18; rights.go).
		if err := notRestricted(ctx, q, actor.MunicipalityID, m.PersonID); err != nil {
			return err
		}
		return addMember(ctx, q, actor, m)
	})
}

// AddNewMember registers a person and adds them to a household in one
// transaction, so a refused membership leaves no person behind. Like
// RegisterPerson it stops at possible duplicates unless confirmed; every
// invalid field, of the person and of the membership, is reported at once.
func (s *Service) AddNewMember(ctx context.Context, actor wijkregie.Actor, in wijkregie.PersonInput, confirmed bool, m *wijkregie.Member) (*wijkregie.Person, error) {
	if err := s.allow(actor, policy.RegisterPersons); err != nil {
		return nil, err
	}
	if err := s.changeable(ctx, actor, m.HouseholdID, wijkregie.Event{Action: "lid.toevoegen", SubjectKind: "huishouden", SubjectID: m.HouseholdID, Purpose: PurposeTask}); err != nil {
		return nil, err
	}
	var v wijkregie.Invalid
	p, err := in.Person(actor.MunicipalityID, s.Now())
	v.Add(err)
	v.Add(m.Validate())
	if err := v.Err(); err != nil {
		return nil, err
	}
	if err := s.duplicates(ctx, actor, p, confirmed); err != nil {
		return nil, err
	}
	err = s.store.Tx(ctx, func(q *store.Q) error {
		if err := createPerson(ctx, q, actor, p); err != nil {
			return err
		}
		m.MunicipalityID, m.PersonID = actor.MunicipalityID, p.ID
		return addMember(ctx, q, actor, m)
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// Member returns a person's membership of a household (the open one, else
// the latest) with the person, if the actor may see the household; the
// read is audited.
func (s *Service) Member(ctx context.Context, actor wijkregie.Actor, householdID, personID string) (*wijkregie.Member, *wijkregie.Person, error) {
	if err := s.allow(actor, policy.ViewHousehold); err != nil {
		return nil, nil, err
	}
	if !wijkregie.ValidID(householdID) || !wijkregie.ValidID(personID) {
		return nil, nil, wijkregie.NotFound()
	}
	subj, err := s.subject(ctx, actor, householdID)
	if err != nil {
		return nil, nil, err
	}
	ev := wijkregie.Event{Action: string(policy.ViewPerson), SubjectKind: "huishouden", SubjectID: householdID, PersonID: personID, Purpose: PurposeTask}
	// A member is a person: a partner involved with the household without
	// informatie-delen sees its frame, not who lives there.
	if err := s.decide(ctx, actor, policy.ViewPerson, subj, ev); err != nil {
		return nil, nil, err
	}
	m, err := s.store.R().Member(ctx, actor.MunicipalityID, householdID, personID)
	if err != nil {
		return nil, nil, err
	}
	p, err := s.store.R().Person(ctx, actor.MunicipalityID, personID)
	if err != nil {
		return nil, nil, err
	}
	if err := s.audit(ctx, actor, ev); err != nil {
		return nil, nil, err
	}
	return m, p, nil
}

// EndMember ends a person's open membership of a household: until is the
// last day they belong to it.
func (s *Service) EndMember(ctx context.Context, actor wijkregie.Actor, householdID, personID string, until time.Time) error {
	action := "lid.beeindigen"
	_, err := s.changeMember(ctx, actor, householdID, personID, action, func(m *wijkregie.Member) error { return m.End(until) })
	return err
}

// UpdateMember sets the relation and the until date of a person's
// membership of a household (the open one, else the latest), for
// corrections.
func (s *Service) UpdateMember(ctx context.Context, actor wijkregie.Actor, householdID, personID string, rel wijkregie.Relation, until time.Time) (*wijkregie.Member, error) {
	action := "lid.wijzigen"
	return s.changeMember(ctx, actor, householdID, personID, action, func(m *wijkregie.Member) error { return m.Change(rel, until) })
}

func (s *Service) changeMember(ctx context.Context, actor wijkregie.Actor, householdID, personID, action string, change func(*wijkregie.Member) error) (*wijkregie.Member, error) {
	e := wijkregie.Event{Action: action, SubjectKind: "huishouden", SubjectID: householdID, Purpose: PurposeTask}
	if wijkregie.ValidID(personID) {
		e.PersonID = personID
	}
	if err := s.changeable(ctx, actor, householdID, e); err != nil {
		return nil, err
	}
	if !wijkregie.ValidID(personID) {
		return nil, wijkregie.NotFound()
	}
	var m *wijkregie.Member
	err := s.store.Tx(ctx, func(q *store.Q) error {
		if err := notRestricted(ctx, q, actor.MunicipalityID, personID); err != nil {
			return err
		}
		var err error
		if m, err = q.Member(ctx, actor.MunicipalityID, householdID, personID); err != nil {
			return err
		}
		if err := change(m); err != nil {
			return err
		}
		if err := q.UpdateMember(ctx, m); err != nil {
			return err
		}
		return q.AppendAudit(ctx, actor.Record(e))
	})
	if err != nil {
		return nil, err
	}
	return m, nil
}
