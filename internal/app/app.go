// Package app holds wijkregie's use cases: each method authorises the actor
// through internal/policy, does the work through internal/store, and leaves
// an audit record for every read or change of personal data. The web UI,
// the JSON API and the command line all call these methods and nothing
// below them, so a rule enforced here holds everywhere.
package app

import (
	"context"
	"time"

	"wijkregie"
	"wijkregie/internal/auth"
	"wijkregie/internal/policy"
	"wijkregie/internal/store"
)

// Options configure a Service.
type Options struct {
	Now            func() time.Time // the clock; time.Now when nil
	PasswordParams auth.Params      // argon2id costs; auth.DefaultParams when zero
	SessionIdle    time.Duration    // a session expires after this long unused; 1 h when zero
	SessionMax     time.Duration    // and after this long in all; 12 h when zero
}

// Service is the application. It is safe for concurrent use.
type Service struct {
	store    *store.Store
	now      func() time.Time
	params   auth.Params
	idle     time.Duration
	max      time.Duration
	accounts *auth.Throttle // failed logins per account
	addrs    *auth.Throttle // failed logins per client address
	hashing  chan struct{}  // bounds concurrent password checks
	concerns *concernGuard  // the public concern form's token and limits (concern.go)
	resident *residentGuard // Mijn Plan logins: their limits and OpenID Connect (resident.go)
}

// New returns a Service on the store.
func New(s *store.Store, o Options) *Service {
	svc := &Service{store: s, now: o.Now, params: o.PasswordParams, idle: o.SessionIdle, max: o.SessionMax}
	if svc.now == nil {
		svc.now = time.Now
	}
	if svc.params == (auth.Params{}) {
		svc.params = auth.DefaultParams
	}
	if svc.idle == 0 {
		svc.idle = time.Hour
	}
	if svc.max == 0 {
		svc.max = 12 * time.Hour
	}
	// Five wrong passwords per account and twenty per address in fifteen
	// minutes: enough for typos, too few for guessing.
	svc.accounts = auth.NewThrottle(5, 15*time.Minute)
	svc.addrs = auth.NewThrottle(20, 15*time.Minute)
	svc.hashing = make(chan struct{}, 4)
	svc.concerns = newConcernGuard(s)
	svc.resident = newResidentGuard()
	return svc
}

// Ping checks that the store answers, for the readiness check.
func (s *Service) Ping(ctx context.Context) error { return s.store.Ping(ctx) }

// Now returns the service's clock in UTC.
func (s *Service) Now() time.Time { return s.now().UTC() }

// allow checks the role-level rule. For an action on a household's data it
// is the first check only: decide then weighs the involvement.
func (s *Service) allow(actor wijkregie.Actor, a policy.Action) error {
	if !policy.Allows(actor, a) {
		return wijkregie.Forbidden()
	}
	return nil
}

// audit appends records in their own transaction: for reads, whose records
// must be written before the data is shown.
func (s *Service) audit(ctx context.Context, actor wijkregie.Actor, events ...wijkregie.Event) error {
	recs := make([]wijkregie.AuditRecord, len(events))
	for i, e := range events {
		recs[i] = actor.Record(e)
	}
	return s.store.Tx(ctx, func(q *store.Q) error { return q.AppendAudit(ctx, recs...) })
}

// Purposes recorded in the audit log.
const (
	PurposeTask   = "uitvoering-taak" // the public task: Wmo 2015, Jeugdwet, Participatiewet
	PurposeAdmin  = "beheer"
	PurposeInzage = "inzage" // answering a person's request to see who accessed their data
	PurposeLogin  = "aanmelden"
)
