package app

import (
	"context"
	"slices"

	"wijkregie"
	"wijkregie/internal/policy"
	"wijkregie/internal/store"
)

// Capacity (docs/uitkomsten.md, "Capaciteit"): the team lead reads and
// sets the hours per week of the own team's professionals
// (policy.DecideCapacity); the workload report sets the caseloads against
// them. Every read of the list and every change of one professional's
// hours is audited; a change and its record are one transaction.

// TeamCapacity is a team's professionals and leads with their capacity,
// and the municipality's norm that turns hours into weighted caseload.
type TeamCapacity struct {
	Team     wijkregie.Team
	Settings wijkregie.Settings // FTEHours and NormPerFTE
	Members  []store.MemberCapacity
	// SetByNames names who set each capacity (a user id to a name), so a
	// page can say "vastgelegd door".
	SetByNames map[string]string
}

// Member returns the team member with the user id, or nil.
func (tc *TeamCapacity) Member(userID string) *store.MemberCapacity {
	i := slices.IndexFunc(tc.Members, func(m store.MemberCapacity) bool { return m.User.ID == userID })
	if i < 0 {
		return nil
	}
	return &tc.Members[i]
}

// CapacityChange is one professional's new capacity as the user typed it.
type CapacityChange struct {
	UserID string
	// Hours per week as typed: "32", "32,5"; "" makes the capacity not
	// set (wijkregie.ParseHours).
	Hours string
	// The fields an error names: the hours' and the professional's, as
	// the caller's form or body calls them.
	Field, UserField string
}

// capacityEvent is the audit record of a read of the team's list or of a
// change of one professional's hours.
func capacityEvent(a policy.Action, kind, subject string) wijkregie.Event {
	return wijkregie.Event{Action: string(a), SubjectKind: kind, SubjectID: subject, Purpose: PurposeTask}
}

// decideCapacity checks the role, that the team exists (not found
// otherwise: teams are public in the directory) and that it is the
// actor's own; a refusal past the role check is audited.
func (s *Service) decideCapacity(ctx context.Context, actor wijkregie.Actor, a policy.Action, teamID string) (*wijkregie.Team, error) {
	if err := s.allow(actor, a); err != nil {
		return nil, err
	}
	if teamID == "" {
		return nil, wijkregie.Forbidden() // a lead without a team has none to steer
	}
	team, err := s.store.R().Team(ctx, actor.MunicipalityID, teamID)
	if err != nil {
		return nil, err
	}
	if err := policy.DecideCapacity(actor, a, teamID); err != nil {
		ev := capacityEvent(a, "team", teamID)
		ev.Result = wijkregie.AuditDenied
		if aerr := s.audit(ctx, actor, ev); aerr != nil {
			return nil, aerr
		}
		return nil, err
	}
	return team, nil
}

// teamCapacity reads the team's capacities as q sees them.
func teamCapacity(ctx context.Context, q *store.Q, team *wijkregie.Team) (*TeamCapacity, error) {
	set, err := q.Settings(ctx, team.MunicipalityID)
	if err != nil {
		return nil, err
	}
	members, err := q.TeamCapacities(ctx, team.MunicipalityID, team.ID)
	if err != nil {
		return nil, err
	}
	tc := &TeamCapacity{Team: *team, Settings: set, Members: members, SetByNames: map[string]string{}}
	for _, m := range members {
		if m.Capacity == nil {
			continue
		}
		id := m.Capacity.SetBy
		if _, ok := tc.SetByNames[id]; ok {
			continue
		}
		if mm := tc.Member(id); mm != nil {
			tc.SetByNames[id] = mm.User.Name
			continue
		}
		// A lead who has left the team since.
		u, err := q.User(ctx, team.MunicipalityID, id)
		if err != nil {
			return nil, err
		}
		tc.SetByNames[id] = u.Name
	}
	return tc, nil
}

// TeamCapacity returns the capacities of the team's professionals, for
// its lead; the read is audited on the team.
func (s *Service) TeamCapacity(ctx context.Context, actor wijkregie.Actor, teamID string) (*TeamCapacity, error) {
	team, err := s.decideCapacity(ctx, actor, policy.ViewCapacity, teamID)
	if err != nil {
		return nil, err
	}
	tc, err := teamCapacity(ctx, s.store.R(), team)
	if err != nil {
		return nil, err
	}
	if err := s.audit(ctx, actor, capacityEvent(policy.ViewCapacity, "team", teamID)); err != nil {
		return nil, err
	}
	return tc, nil
}

// SetCapacities sets the capacities of professionals of the team, as its
// lead, and returns how many changed. A change that repeats the value
// already set is no change and is not recorded; every other one is
// audited on the professional (capaciteit.vastleggen), in the same
// transaction. guard, when not nil, sees the team's capacities as they
// are before the change, inside the transaction, and may refuse it (the
// API compares the ETag the client read); its field errors are reported
// with the changes'. Each professional must be an
// active professional or lead of the team, named once; bad hours and
// strangers are named by the change's fields, all at once.
func (s *Service) SetCapacities(ctx context.Context, actor wijkregie.Actor, teamID string, changes []CapacityChange,
	guard func(*TeamCapacity) error) (int, error) {
	team, err := s.decideCapacity(ctx, actor, policy.SetCapacity, teamID)
	if err != nil {
		return 0, err
	}
	changed := 0
	err = s.store.Tx(ctx, func(q *store.Q) error {
		changed = 0
		tc, err := teamCapacity(ctx, q, team)
		if err != nil {
			return err
		}
		type write struct {
			userID  string
			minutes int
			clear   bool
		}
		var v wijkregie.Invalid
		if guard != nil {
			// The guard's own field errors join the changes', so one
			// answer names every bad field.
			if err := v.Add(guard(tc)); err != nil {
				return err
			}
		}
		var writes []write
		seen := map[string]bool{}
		for _, c := range changes {
			m := tc.Member(c.UserID)
			switch {
			case m == nil:
				v.Field(c.UserField, "veld.capaciteit.geen_teamlid")
				continue
			case seen[c.UserID]:
				v.Field(c.UserField, "veld.capaciteit.dubbel")
				continue
			}
			seen[c.UserID] = true
			if c.Hours == "" {
				if m.Capacity != nil {
					writes = append(writes, write{userID: c.UserID, clear: true})
				}
				continue
			}
			minutes, err := wijkregie.ParseHours(c.Field, c.Hours)
			if err != nil {
				v.Add(err)
				continue
			}
			if m.Capacity == nil || m.Capacity.Minutes != minutes {
				writes = append(writes, write{userID: c.UserID, minutes: minutes})
			}
		}
		if err := v.Err(); err != nil {
			return err
		}
		for _, w := range writes {
			if w.clear {
				err = q.ClearCapacity(ctx, actor.MunicipalityID, w.userID)
			} else {
				err = q.SetCapacity(ctx, &wijkregie.Capacity{MunicipalityID: actor.MunicipalityID, UserID: w.userID, Minutes: w.minutes,
					SetBy: actor.UserID})
			}
			if err != nil {
				return err
			}
			if err := q.AppendAudit(ctx, actor.Record(capacityEvent(policy.SetCapacity, "medewerker", w.userID))); err != nil {
				return err
			}
		}
		changed = len(writes)
		return nil
	})
	if err != nil {
		return 0, err
	}
	return changed, nil
}
