package app

import (
	"context"
	"strings"
	"time"

	"wijkregie"
	"wijkregie/internal/policy"
	"wijkregie/internal/store"
)

// Merging two records of one resident. Registration warns about possible
// duplicates but cannot stop two professionals registering the same family
// in the same minute, or a family registered once with and once without a
// BSN; these use cases mend that afterwards.
//
// Who may merge: professionals and team leads (policy.MergePersons), and
// only into a record they may see themselves (policy.ViewPerson, through a
// household). The duplicate needs no more than a search would show: the
// professional found it by searching, and after the merge its households
// and signals are the record's they may see anyway. The answer to a merge
// is the record that stays, as reading it shows it.

// maxMergeChain bounds how far survivor follows records merged into
// records merged later: a chain is one link per merge of the same
// resident, and a loop cannot arise (a merged record is never merged into),
// but a bound costs nothing.
const maxMergeChain = 16

// survivor returns the id of the record a person is seen through: their
// own, or for a merged record the record it was merged into, followed to
// the one that is not merged. A merged record keeps no memberships, so
// access to it is decided by the households of the record that stays.
func (s *Service) survivor(ctx context.Context, municipalityID string, p *wijkregie.Person) (string, error) {
	id, into := p.ID, p.MergedInto
	for i := 0; into != "" && i < maxMergeChain; i++ {
		next, err := s.store.R().Person(ctx, municipalityID, into)
		if err != nil {
			return "", err
		}
		id, into = next.ID, next.MergedInto
	}
	return id, nil
}

// duplicateID checks the id of the duplicate, a field of the request:
// it is required, must be an id, and must not be the record that stays.
func duplicateID(keepID, dupID string) error {
	switch {
	case dupID == "":
		return wijkregie.InvalidField("duplicaat", "veld.verplicht")
	case !wijkregie.ValidID(dupID):
		return wijkregie.InvalidField("duplicaat", "veld.duplicaat.onbekend")
	case dupID == keepID:
		return wijkregie.InvalidField("duplicaat", "veld.duplicaat.zelfde")
	}
	return nil
}

// keeper loads the record that stays and checks that the actor may see
// it; a record the actor may not see is not found, and the refusal is
// audited as e. A record merged already is a conflict: nothing can be
// merged into it.
func (s *Service) keeper(ctx context.Context, actor wijkregie.Actor, keepID string, e wijkregie.Event) (*wijkregie.Person, error) {
	if err := s.allow(actor, policy.MergePersons); err != nil {
		return nil, err
	}
	p, _, err := s.visiblePerson(ctx, actor, policy.ViewPerson, keepID, e)
	if err != nil {
		return nil, err
	}
	if p.MergedInto != "" {
		return nil, wijkregie.Conflict("fout.samenvoegen.al_samengevoegd")
	}
	return p, nil
}

// MergePersons merges the record dupID (the duplicate) into keepID (the
// record that stays); see store.MergePersons for what moves and what is
// kept. Both records get an audit record of the merge in the same
// transaction, each naming the other as its subject, so that each
// record's access log shows where the other went.
func (s *Service) MergePersons(ctx context.Context, actor wijkregie.Actor, keepID, dupID string) error {
	if err := s.allow(actor, policy.MergePersons); err != nil {
		return err
	}
	if !wijkregie.ValidID(keepID) {
		return wijkregie.NotFound()
	}
	if err := duplicateID(keepID, dupID); err != nil {
		return err
	}
	onKeep := wijkregie.Event{Action: string(policy.MergePersons), SubjectKind: "persoon", SubjectID: dupID, PersonID: keepID, Purpose: PurposeTask}
	onDup := wijkregie.Event{Action: string(policy.MergePersons), SubjectKind: "persoon", SubjectID: keepID, PersonID: dupID, Purpose: PurposeTask}
	keep, err := s.keeper(ctx, actor, keepID, onKeep)
	if err != nil {
		return err
	}
	if err := s.mayMergeDuplicate(ctx, actor, keep, dupID, onDup); err != nil {
		return err
	}
	return s.store.Tx(ctx, func(q *store.Q) error {
		if err := notRestricted(ctx, q, actor.MunicipalityID, keepID, dupID); err != nil {
			return err
		}
		if err := q.MergePersons(ctx, actor.MunicipalityID, keepID, dupID, actor.UserID); err != nil {
			return err
		}
		return q.AppendAudit(ctx, actor.Record(onKeep), actor.Record(onDup))
	})
}

// mayMergeDuplicate decides whether the actor may merge the duplicate:
// the merge copies its BSN and contact details onto the record that stays
// and moves its memberships and signals, so a search result alone is not
// enough. The actor must see the duplicate through one of its households
// as they see the record that stays; or the duplicate is a bare
// registration — in no household, ever — of the same family name (and
// birth date, where both have one) as the record that stays, which is what a colleague's second
// registration of the same resident looks like. Anything else is refused
// beside the field, and the refusal is audited as e.
func (s *Service) mayMergeDuplicate(ctx context.Context, actor wijkregie.Actor, keep *wijkregie.Person, dupID string, e wijkregie.Event) error {
	dup, err := s.store.R().Person(ctx, actor.MunicipalityID, dupID)
	if err != nil || dup.MergedInto != "" {
		return nil // unknown or merged: the store's own answer names it
	}
	subj, err := s.personSubject(ctx, actor, policy.ViewPerson, dupID)
	if err != nil {
		return err
	}
	if subj != nil {
		if policy.Decide(actor, policy.ViewPerson, subj, s.Now()) == nil {
			return nil
		}
	} else if strings.EqualFold(dup.FamilyName, keep.FamilyName) && (dup.BirthDate.IsZero() || keep.BirthDate.IsZero() || dup.BirthDate.Equal(keep.BirthDate)) {
		return nil
	}
	e.Result = wijkregie.AuditDenied
	if err := s.audit(ctx, actor, e); err != nil {
		return err
	}
	if subj != nil {
		return wijkregie.InvalidField("duplicaat", "veld.duplicaat.niet_zichtbaar")
	}
	return wijkregie.InvalidField("duplicaat", "veld.duplicaat.ander_persoon")
}

// MergeStart is where a merge begins: the record that stays, as a search
// shows it, and the records with the same family name and birth date,
// which are the likely duplicates.
type MergeStart struct {
	Keep       store.PersonMatch
	Duplicates []store.PersonMatch
}

// MergeCandidates returns the record that stays and its likely duplicates.
// What it shows is what a search shows, and it is audited as one.
func (s *Service) MergeCandidates(ctx context.Context, actor wijkregie.Actor, keepID string) (*MergeStart, error) {
	found := wijkregie.Event{Action: string(policy.SearchPersons), SubjectKind: "persoon", SubjectID: keepID, PersonID: keepID, Purpose: PurposeTask}
	p, err := s.keeper(ctx, actor, keepID, found)
	if err != nil {
		return nil, err
	}
	keep, err := s.store.R().PersonMatch(ctx, actor.MunicipalityID, keepID)
	if err != nil {
		return nil, err
	}
	out := &MergeStart{Keep: *keep}
	events := []wijkregie.Event{found}
	if !p.BirthDate.IsZero() {
		q := &wijkregie.PersonQuery{FamilyName: p.FamilyName, BirthDate: p.BirthDate}
		ms, err := s.store.R().SearchPersons(ctx, actor.MunicipalityID, q)
		if err != nil {
			return nil, err
		}
		out.Duplicates = WithoutPerson(ms, keepID)
		events = append(events, searchEvents(q, out.Duplicates)...)
	}
	if err := s.audit(ctx, actor, events...); err != nil {
		return nil, err
	}
	return out, nil
}

// WithoutPerson returns the matches other than the person id: a search
// for a record's duplicates finds the record itself too.
func WithoutPerson(ms []store.PersonMatch, id string) []store.PersonMatch {
	out := make([]store.PersonMatch, 0, len(ms))
	for _, m := range ms {
		if m.Person.ID != id {
			out = append(out, m)
		}
	}
	return out
}

// MergeSide is one record of a merge as the confirmation shows it: what a
// search shows of it, and the households it belongs to today.
type MergeSide struct {
	Person     store.PersonMatch
	Households []store.Membership
}

// MergePreview is both records of a merge side by side, for the
// professional to confirm that they are one resident.
type MergePreview struct {
	Keep      MergeSide
	Duplicate MergeSide
	// BSNDiffers is set when both records have a BSN and they differ: the
	// merge will be refused (fout.samenvoegen.bsn_verschilt).
	BSNDiffers bool
}

// MergePreview returns both records of a merge for confirmation. It
// refuses what MergePersons would refuse before it reads anything more,
// and is audited as a search on both records.
func (s *Service) MergePreview(ctx context.Context, actor wijkregie.Actor, keepID, dupID string) (*MergePreview, error) {
	if err := s.allow(actor, policy.MergePersons); err != nil {
		return nil, err
	}
	if !wijkregie.ValidID(keepID) {
		return nil, wijkregie.NotFound()
	}
	if err := duplicateID(keepID, dupID); err != nil {
		return nil, err
	}
	found := wijkregie.Event{Action: string(policy.SearchPersons), SubjectKind: "persoon", SubjectID: keepID, PersonID: keepID, Purpose: PurposeTask}
	keep, err := s.keeper(ctx, actor, keepID, found)
	if err != nil {
		return nil, err
	}
	dup, err := s.store.R().Person(ctx, actor.MunicipalityID, dupID)
	if wijkregie.ErrorCode(err) == wijkregie.ENOTFOUND {
		return nil, wijkregie.InvalidField("duplicaat", "veld.duplicaat.onbekend")
	}
	if err != nil {
		return nil, err
	}
	if dup.MergedInto != "" {
		return nil, wijkregie.Conflict("fout.samenvoegen.al_samengevoegd")
	}
	out := &MergePreview{BSNDiffers: keep.BSN != "" && dup.BSN != "" && keep.BSN.Digits() != dup.BSN.Digits()}
	for _, side := range []struct {
		id  string
		out *MergeSide
	}{{keepID, &out.Keep}, {dupID, &out.Duplicate}} {
		m, err := s.store.R().PersonMatch(ctx, actor.MunicipalityID, side.id)
		if err != nil {
			return nil, err
		}
		hist, err := s.store.R().PersonMemberships(ctx, actor.MunicipalityID, side.id)
		if err != nil {
			return nil, err
		}
		side.out.Person, side.out.Households = *m, s.today(hist)
	}
	err = s.audit(ctx, actor, found,
		wijkregie.Event{Action: string(policy.SearchPersons), SubjectKind: "persoon", SubjectID: dupID, PersonID: dupID, Purpose: PurposeTask})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// today keeps the memberships that hold today (the until date is the last
// day of a membership).
func (s *Service) today(ms []store.Membership) []store.Membership {
	now := s.Now()
	day := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	var out []store.Membership
	for _, m := range ms {
		if !m.From.After(day) && (m.Until.IsZero() || !m.Until.Before(day)) {
			out = append(out, m)
		}
	}
	return out
}
