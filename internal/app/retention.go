package app

import (
	"context"

	"wijkregie"
	"wijkregie/internal/policy"
	"wijkregie/internal/store"
)

// PurposeRetention is the audit log's purpose of what retention does:
// keeping personal data no longer than needed (AVG art. 5(1)(e)).
const PurposeRetention = "bewaartermijn"

// The audit log's actions of a retention run. Each record names one
// record by its id, never by name or content.
const (
	ActionRetentionAnonymise = "bewaartermijn.anonimiseren" // a case or signal
	ActionRetentionRemove    = "bewaartermijn.verwijderen"  // a household, person or consent
	ActionRetentionRun       = "bewaartermijnen.uitvoeren"  // the run as a whole
)

// How many records one transaction handles. A case's anonymisation writes
// some twenty statements and a stand-in or two; a hundred cases keep a
// transaction well under a second, so the daily run never holds the
// writer long and a run cut off loses at most one batch's work, which the
// next run does again.
const (
	retentionCaseBatch  = 100
	retentionOtherBatch = 500
)

// RetentionPeriods returns the municipality's retention periods (the
// defaults until beheer sets its own). Beheer and the privacy officer
// read them; the read is audited.
func (s *Service) RetentionPeriods(ctx context.Context, actor wijkregie.Actor) (wijkregie.RetentionPeriods, error) {
	if err := s.allow(actor, policy.ViewRetention); err != nil {
		return wijkregie.RetentionPeriods{}, err
	}
	r, err := s.store.R().RetentionPeriods(ctx, actor.MunicipalityID)
	if err != nil {
		return r, err
	}
	return r, s.audit(ctx, actor, wijkregie.Event{Action: string(policy.ViewRetention), SubjectKind: "bewaartermijnen",
		SubjectID: actor.MunicipalityID, Purpose: PurposeAdmin})
}

// SaveRetentionPeriods stores the municipality's periods when r.Version
// is still the current one (0: the defaults); the change is audited. The
// next run applies them.
func (s *Service) SaveRetentionPeriods(ctx context.Context, actor wijkregie.Actor, r *wijkregie.RetentionPeriods) error {
	if err := s.allow(actor, policy.ManageRetention); err != nil {
		return err
	}
	r.MunicipalityID, r.UpdatedBy = actor.MunicipalityID, actor.UserID
	if err := r.Validate(); err != nil {
		return err
	}
	return s.store.Tx(ctx, func(q *store.Q) error {
		if err := q.SaveRetentionPeriods(ctx, r); err != nil {
			return err
		}
		return q.AppendAudit(ctx, actor.Record(wijkregie.Event{Action: string(policy.ManageRetention), SubjectKind: "bewaartermijnen",
			SubjectID: actor.MunicipalityID, Purpose: PurposeAdmin}))
	})
}

// RetentionProgress is told, during a real run, how many records of a
// kind ("casus", "signaal", "huishouden", "persoon") a batch has just
// handled. It may be nil.
type RetentionProgress func(kind string, n int)

// RunRetention applies the municipality's periods at the service's clock.
// A dry run counts what has expired and changes nothing. A real run
// anonymises the expired cases, signals and outreaches (counted with the
// signals) and removes the households and
// persons left without any record, with their consents, in batches of
// their own transactions; each batch writes one audit record per record
// it anonymised or removed, in the same transaction, and the run ends
// with one record of its own. A run cut off (a crash, a cancelled
// context) keeps what it committed; running again finishes the rest, and
// a run with nothing to do changes nothing but that last record.
//
// The daily run of serve and the command line pass the system actor;
// beheer may start one from the web page or the API, the privacy officer
// a dry one (policy.DecideRetentionRun).
func (s *Service) RunRetention(ctx context.Context, actor wijkregie.Actor, dryRun bool, progress RetentionProgress) (*wijkregie.RetentionReport, error) {
	if err := policy.DecideRetentionRun(actor, dryRun); err != nil {
		return nil, err
	}
	mid := actor.MunicipalityID
	periods, err := s.store.R().RetentionPeriods(ctx, mid)
	if err != nil {
		return nil, err
	}
	cut := periods.Cutoffs(s.Now())
	if dryRun {
		r, err := s.store.R().RetentionCounts(ctx, mid, cut)
		if err != nil {
			return nil, err
		}
		r.Periods = periods
		return &r, nil
	}
	if progress == nil {
		progress = func(string, int) {}
	}
	r := &wijkregie.RetentionReport{MunicipalityID: mid, At: cut.Now, Periods: periods}
	record := func(action, kind, id, person string) wijkregie.AuditRecord {
		return actor.Record(wijkregie.Event{Action: action, SubjectKind: kind, SubjectID: id, PersonID: person, Purpose: PurposeRetention})
	}

	// Cases first: anonymising them releases their households and persons.
	for done := false; !done; {
		if err := ctx.Err(); err != nil {
			return r, err
		}
		var handled []store.ExpiredCase
		err := s.store.Tx(ctx, func(q *store.Q) error {
			batch, err := q.ExpiredCases(ctx, mid, cut, retentionCaseBatch)
			if err != nil || len(batch) == 0 {
				done = true
				return err
			}
			ids := make([]string, len(batch))
			recs := make([]wijkregie.AuditRecord, len(batch))
			for i, c := range batch {
				ids[i], recs[i] = c.ID, record(ActionRetentionAnonymise, "casus", c.ID, "")
			}
			if err := q.AnonymiseCases(ctx, mid, ids); err != nil {
				return err
			}
			if err := q.AppendAudit(ctx, recs...); err != nil {
				return err
			}
			handled = batch
			return nil
		})
		if err != nil {
			return r, err
		}
		for _, c := range handled {
			if c.Youth {
				r.YouthCases.Anonymised++
			} else {
				r.SocialCases.Anonymised++
			}
		}
		progress("casus", len(handled))
	}
	// Then the signals that never became a case, and the outreaches
	// (signals of the Wgs, on the signals' period), which release their
	// households as anonymised signals do; their arrears follow them
	// (docs/vroegsignalering.md). Both count as signals in the report.
	anonymise := func(kind string, expired func(q *store.Q) ([]string, error), apply func(q *store.Q, ids []string) error) error {
		for done := false; !done; {
			if err := ctx.Err(); err != nil {
				return err
			}
			n := 0
			err := s.store.Tx(ctx, func(q *store.Q) error {
				ids, err := expired(q)
				if err != nil || len(ids) == 0 {
					done = true
					return err
				}
				recs := make([]wijkregie.AuditRecord, len(ids))
				for i, id := range ids {
					recs[i] = record(ActionRetentionAnonymise, kind, id, "")
				}
				if err := apply(q, ids); err != nil {
					return err
				}
				if err := q.AppendAudit(ctx, recs...); err != nil {
					return err
				}
				n = len(ids)
				return nil
			})
			if err != nil {
				return err
			}
			r.Signals.Anonymised += n
			progress("signaal", n)
		}
		return nil
	}
	if err := anonymise("signaal",
		func(q *store.Q) ([]string, error) { return q.ExpiredSignals(ctx, mid, cut, retentionOtherBatch) },
		func(q *store.Q, ids []string) error { return q.AnonymiseSignals(ctx, mid, ids) }); err != nil {
		return r, err
	}
	if err := anonymise("vroegsignaal",
		func(q *store.Q) ([]string, error) { return q.ExpiredOutreaches(ctx, mid, cut, retentionOtherBatch) },
		func(q *store.Q, ids []string) error {
			if err := q.AnonymiseOutreaches(ctx, mid, ids); err != nil {
				return err
			}
			return q.AnonymiseOutreachArrears(ctx, mid, ids)
		}); err != nil {
		return r, err
	}
	// Then the households without a record, and last the persons, whose
	// memberships went with their households.
	after := ""
	for done := false; !done; {
		if err := ctx.Err(); err != nil {
			return r, err
		}
		n := 0
		err := s.store.Tx(ctx, func(q *store.Q) error {
			ids, err := q.RemovableHouseholds(ctx, mid, cut, after, retentionOtherBatch)
			if err != nil || len(ids) == 0 {
				done = true
				return err
			}
			recs := make([]wijkregie.AuditRecord, len(ids))
			for i, id := range ids {
				recs[i] = record(ActionRetentionRemove, "huishouden", id, "")
			}
			if err := q.RemoveHouseholds(ctx, mid, ids); err != nil {
				return err
			}
			if err := q.AppendAudit(ctx, recs...); err != nil {
				return err
			}
			after, n = ids[len(ids)-1], len(ids)
			return nil
		})
		if err != nil {
			return r, err
		}
		r.Households.Removed += n
		progress("huishouden", n)
	}
	after = ""
	for done := false; !done; {
		if err := ctx.Err(); err != nil {
			return r, err
		}
		n, nc := 0, 0
		err := s.store.Tx(ctx, func(q *store.Q) error {
			ids, err := q.RemovablePersons(ctx, mid, cut, after, retentionOtherBatch)
			if err != nil || len(ids) == 0 {
				done = true
				return err
			}
			consents, err := q.RemovePersons(ctx, mid, ids)
			if err != nil {
				return err
			}
			recs := make([]wijkregie.AuditRecord, 0, len(ids)+len(consents))
			for _, id := range consents {
				recs = append(recs, record(ActionRetentionRemove, "toestemming", id, ""))
			}
			for _, id := range ids {
				recs = append(recs, record(ActionRetentionRemove, "persoon", id, id))
			}
			if err := q.AppendAudit(ctx, recs...); err != nil {
				return err
			}
			after, n, nc = ids[len(ids)-1], len(ids), len(consents)
			return nil
		})
		if err != nil {
			return r, err
		}
		r.Persons.Removed += n
		r.Consents.Removed += nc
		progress("persoon", n)
	}
	// What had expired is what the run did: the conditions that found a
	// record are the ones that no longer find it once it is done.
	for _, c := range []*wijkregie.RetentionCount{&r.YouthCases, &r.SocialCases, &r.Signals} {
		c.Expired = c.Anonymised
	}
	for _, c := range []*wijkregie.RetentionCount{&r.Households, &r.Persons, &r.Consents} {
		c.Expired = c.Removed
	}
	final := context.WithoutCancel(ctx)
	err = s.store.Tx(final, func(q *store.Q) error {
		return q.AppendAudit(final, record(ActionRetentionRun, "bewaartermijnen", mid, ""))
	})
	return r, err
}
