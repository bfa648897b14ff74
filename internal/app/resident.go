package app

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"sync"
	"time"

	"wijkregie"
	"wijkregie/internal/auth"
	"wijkregie/internal/policy"
	"wijkregie/internal/store"
)

// Mijn Plan access (docs/mijnplan.md): the inlogcode a regisseur hands to a
// household member, the resident's login with it (or through OpenID
// Connect, resident_oidc.go) and the resident's session.

// residentGuard holds what the resident logins share in the process: the
// limit on failed logins per client address, and the OpenID Connect
// relying party when one is configured.
type residentGuard struct {
	addrs *auth.Throttle
	mu    sync.RWMutex
	oidc  *residentOIDC
}

// Ten failed resident logins per address in fifteen minutes: a family
// mistyping a birth date twice is fine; a script trying codes is not. The
// code's own limit (wijkregie.LoginCodeMaxFailures) stops guessing the
// birth date of one code.
func newResidentGuard() *residentGuard {
	return &residentGuard{addrs: auth.NewThrottle(10, 15*time.Minute)}
}

// Audit subject kinds and purpose of Mijn Plan access.
const (
	subjectPerson   = "persoon"
	PurposeMijnPlan = "mijnplan" // the family's own use of Mijn Plan
)

// residentFacts reads what policy.ResidentEligible weighs for a person and
// a household at now.
func residentFacts(ctx context.Context, q *store.Q, municipalityID, personID, householdID string, now time.Time) (policy.ResidentFacts, error) {
	f := policy.ResidentFacts{MunicipalityID: municipalityID, PersonID: personID, HouseholdID: householdID, Age: -1, Now: now}
	p, err := q.Person(ctx, municipalityID, personID)
	if err != nil {
		return f, err
	}
	today := wijkregie.Today(now)
	if p.MergedInto == "" && !p.BirthDate.IsZero() {
		f.Age = wijkregie.AgeOn(p.BirthDate, today)
	}
	m, err := q.Member(ctx, municipalityID, householdID, personID)
	switch {
	case wijkregie.ErrorCode(err) == wijkregie.ENOTFOUND:
	case err != nil:
		return f, err
	default:
		f.IsCurrentMember = p.MergedInto == "" && !m.From.After(today) && (m.Until.IsZero() || !m.Until.Before(today))
	}
	cases, err := q.HouseholdCases(ctx, municipalityID, householdID)
	if err != nil {
		return f, err
	}
	for _, c := range cases {
		if c.Open() {
			f.CaseOpen = true
		} else if c.ClosedAt.After(f.ClosedAt) {
			f.ClosedAt = c.ClosedAt
		}
	}
	return f, nil
}

// ResidentHouseholds returns the facts of every household the resident
// may use Mijn Plan for today (policy.ResidentHousehold), for the pages
// that start from the resident rather than from one household.
func (s *Service) ResidentHouseholds(ctx context.Context, actor wijkregie.Actor) ([]policy.ResidentFacts, error) {
	if !actor.IsResident() || !policy.Allows(actor, policy.UseMijnPlan) {
		return nil, wijkregie.Forbidden()
	}
	q, now := s.store.R(), s.Now()
	ids, err := q.PersonHouseholds(ctx, actor.MunicipalityID, actor.UserID)
	if err != nil {
		return nil, err
	}
	var out []policy.ResidentFacts
	for _, h := range ids {
		f, err := residentFacts(ctx, q, actor.MunicipalityID, actor.UserID, h, now)
		if err != nil {
			return nil, err
		}
		if policy.ResidentHousehold(actor, f) == nil {
			out = append(out, f)
		}
	}
	return out, nil
}

// LoginCodeMember is a household member on the case page's inlogcode form,
// with whether they may be given one.
type LoginCodeMember struct {
	Person   wijkregie.Person
	Eligible bool
}

// LoginCodeMembers returns the case household's current members for the
// inlogcode form, each with whether policy.ResidentEligible allows them;
// nil when the actor may not hand out codes on the case. It reads no more
// than the case page already shows, so it leaves no record of its own.
func (s *Service) LoginCodeMembers(ctx context.Context, actor wijkregie.Actor, caseID string) ([]LoginCodeMember, error) {
	if !policy.Allows(actor, policy.IssueLoginCode) || !wijkregie.ValidID(caseID) {
		return nil, nil
	}
	q, now := s.store.R(), s.Now()
	subj, err := caseSubject(ctx, q, actor.MunicipalityID, caseID)
	if err != nil {
		return nil, err
	}
	c := subj.Case
	probe := policy.ResidentFacts{MunicipalityID: c.MunicipalityID, HouseholdID: c.HouseholdID, PersonID: "-", IsCurrentMember: true, Age: 99, CaseOpen: true}
	if policy.DecideIssueLoginCode(actor, subj, probe) != nil {
		return nil, nil
	}
	ms, ps, err := q.HouseholdMembers(ctx, c.MunicipalityID, c.HouseholdID)
	if err != nil {
		return nil, err
	}
	today := wijkregie.Today(now)
	out := []LoginCodeMember{}
	for i, m := range ms {
		if m.From.After(today) || !m.Until.IsZero() && m.Until.Before(today) {
			continue
		}
		f, err := residentFacts(ctx, q, c.MunicipalityID, ps[i].ID, c.HouseholdID, now)
		if err != nil {
			return nil, err
		}
		out = append(out, LoginCodeMember{Person: ps[i], Eligible: policy.ResidentEligible(f) == nil})
	}
	return out, nil
}

// IssuedLoginCode is a new inlogcode, shown once to the staff member who
// hands it over: the code itself is not stored.
type IssuedLoginCode struct {
	Code           string // as issued, without grouping
	ExpiresAt      time.Time
	Person         *wijkregie.Person
	CaseID         string
	MunicipalityID string
}

// IssueLoginCode makes an inlogcode for a member of the case's household:
// the regisseur or the team's lead may, for a current member of 16 or
// older while the case is open or closed less than 90 days ago. The new
// code voids the person's earlier ones; the issue is audited on the
// person. A person who may not have one is a field error on "persoonId".
func (s *Service) IssueLoginCode(ctx context.Context, actor wijkregie.Actor, caseID, personID string) (*IssuedLoginCode, error) {
	if err := s.allow(actor, policy.IssueLoginCode); err != nil {
		return nil, err
	}
	subj, err := s.decidedCase(ctx, actor, policy.ViewCase, caseID)
	if err != nil {
		return nil, err
	}
	c, now := subj.Case, s.Now()
	ev := wijkregie.Event{Action: string(policy.IssueLoginCode), SubjectKind: "casus", SubjectID: c.ID, Purpose: PurposeTask}
	// Who may hand out codes on this case at all, before anything of the
	// person is read: the regisseur or the team's lead.
	probe := policy.ResidentFacts{MunicipalityID: c.MunicipalityID, HouseholdID: c.HouseholdID, PersonID: "-",
		IsCurrentMember: true, Age: wijkregie.ResidentMinAge, CaseOpen: true, Now: now}
	if err := policy.DecideIssueLoginCode(actor, subj, probe); err != nil {
		ev.Result = wijkregie.AuditDenied
		if aerr := s.audit(ctx, actor, ev); aerr != nil {
			return nil, aerr
		}
		return nil, err
	}
	if !wijkregie.ValidID(personID) {
		return nil, wijkregie.InvalidField("persoonId", "inwoner.veld.persoon")
	}
	f, err := residentFacts(ctx, s.store.R(), c.MunicipalityID, personID, c.HouseholdID, now)
	if wijkregie.ErrorCode(err) == wijkregie.ENOTFOUND {
		return nil, wijkregie.InvalidField("persoonId", "inwoner.veld.persoon")
	}
	if err != nil {
		return nil, err
	}
	ev.SubjectKind, ev.SubjectID, ev.PersonID = subjectPerson, personID, personID
	if err := policy.DecideIssueLoginCode(actor, subj, f); err != nil {
		ev.Result = wijkregie.AuditDenied
		if aerr := s.audit(ctx, actor, ev); aerr != nil {
			return nil, aerr
		}
		return nil, wijkregie.InvalidField("persoonId", residentRefusal(f))
	}
	p, err := s.store.R().Person(ctx, c.MunicipalityID, personID)
	if err != nil {
		return nil, err
	}
	out := &IssuedLoginCode{ExpiresAt: now.Add(wijkregie.LoginCodeValidity).UTC().Truncate(time.Microsecond), Person: p, CaseID: c.ID, MunicipalityID: c.MunicipalityID}
	// A new code could equal a stored one (one in 10^11): draw again.
	for range 3 {
		out.Code = wijkregie.NewLoginCode()
		lc := &wijkregie.LoginCode{MunicipalityID: c.MunicipalityID, PersonID: personID, HouseholdID: c.HouseholdID, CaseID: c.ID,
			CodeHash: hashLoginCode(c.MunicipalityID, out.Code), IssuedBy: actor.UserID, IssuedAt: now, ExpiresAt: out.ExpiresAt}
		err = s.store.Tx(ctx, func(q *store.Q) error {
			if err := q.CreateLoginCode(ctx, lc); err != nil {
				return err
			}
			return q.AppendAudit(ctx, actor.Record(ev))
		})
		if wijkregie.ErrorCode(err) != wijkregie.ECONFLICT {
			break
		}
	}
	if err != nil {
		return nil, err
	}
	return out, nil
}

// residentRefusal names why a person may not use Mijn Plan, for the staff
// member who asked (never for the resident).
func residentRefusal(f policy.ResidentFacts) string {
	switch {
	case !f.IsCurrentMember:
		return "inwoner.veld.geen_lid"
	case f.Age < 0:
		return "inwoner.veld.geboortedatum_onbekend"
	case f.Age < wijkregie.ResidentMinAge:
		return "inwoner.veld.te_jong"
	}
	return "inwoner.veld.casus_gesloten"
}

// hashLoginCode is the stored form of a code: bound to its municipality,
// so the same code in two municipalities hashes apart.
func hashLoginCode(municipalityID, code string) string {
	sum := sha256.Sum256([]byte("inlogcode\x00" + municipalityID + "\x00" + code))
	return hex.EncodeToString(sum[:])
}

// Refusals of a resident login. errResidentLogin never says whether the
// code or the birth date was wrong; the others are said only to someone
// who gave both right.
var (
	errResidentLogin     = wijkregie.Errorf(wijkregie.EUNAUTHORIZED, "inwoner.fout.inloggen")
	errResidentThrottled = wijkregie.Errorf(wijkregie.ETHROTTLED, "inwoner.fout.te_veel_pogingen")
	// ErrLoginCodeExpired: the code was right but is used, expired or
	// replaced by a newer one.
	ErrLoginCodeExpired = wijkregie.Errorf(wijkregie.ECONFLICT, "inwoner.fout.code_verlopen")
	// ErrResidentNotAllowed: the person may not use Mijn Plan (any more).
	ErrResidentNotAllowed = wijkregie.Errorf(wijkregie.EFORBIDDEN, "inwoner.fout.geen_toegang")
)

// ResidentLoginByCode logs a resident in with an inlogcode and their birth
// date, and starts a resident session; it returns the session secret for
// the cookie. A wrong code or birth date gives one answer, whichever it
// was; five wrong birth dates void the code, and failures per client
// address are limited. Each attempt with a known code is audited on its
// person, in their municipality's log.
func (s *Service) ResidentLoginByCode(ctx context.Context, municipalityID, code string, birth time.Time, clientAddr string) (string, *wijkregie.User, error) {
	now := s.Now()
	if !s.resident.addrs.Reserve(clientAddr, now) {
		return "", nil, errResidentThrottled
	}
	norm, ok := wijkregie.NormalizeLoginCode(code)
	if !ok || birth.IsZero() || !validMunicipalityCode(municipalityID) {
		return "", nil, errResidentLogin
	}
	q := s.store.R()
	lc, err := q.LoginCodeByHash(ctx, municipalityID, hashLoginCode(municipalityID, norm))
	if wijkregie.ErrorCode(err) == wijkregie.ENOTFOUND {
		return "", nil, errResidentLogin
	}
	if err != nil {
		return "", nil, err
	}
	p, err := q.Person(ctx, municipalityID, lc.PersonID)
	if wijkregie.ErrorCode(err) == wijkregie.ENOTFOUND {
		return "", nil, errResidentLogin
	}
	if err != nil {
		return "", nil, err
	}
	actor := wijkregie.ActorOf(wijkregie.ResidentUser(p))
	ev := wijkregie.Event{Action: string(policy.ResidentLogin), SubjectKind: subjectPerson, SubjectID: p.ID, PersonID: p.ID, Purpose: PurposeLogin}
	refuse := func(e error, fail bool) (string, *wijkregie.User, error) {
		ev.Result = wijkregie.AuditDenied
		err := s.store.Tx(ctx, func(q *store.Q) error {
			if fail && lc.Usable(now) {
				if _, err := q.FailLoginCode(ctx, municipalityID, lc.ID, now); err != nil {
					return err
				}
			}
			return q.AppendAudit(ctx, actor.Record(ev))
		})
		if err != nil {
			return "", nil, err
		}
		return "", nil, e
	}
	if p.BirthDate.IsZero() || !sameDay(p.BirthDate, birth) {
		return refuse(errResidentLogin, true)
	}
	if !lc.Usable(now) {
		return refuse(ErrLoginCodeExpired, false)
	}
	f, err := residentFacts(ctx, q, municipalityID, p.ID, lc.HouseholdID, now)
	if err != nil {
		return "", nil, err
	}
	if policy.ResidentEligible(f) != nil {
		return refuse(ErrResidentNotAllowed, false)
	}
	secret, err := s.startResidentSession(ctx, actor, ev, store.ResidentByCode, func(q *store.Q) error {
		return q.UseLoginCode(ctx, municipalityID, lc.ID, now)
	})
	if wijkregie.ErrorCode(err) == wijkregie.ECONFLICT {
		// Used by a login a moment ago.
		return refuse(ErrLoginCodeExpired, false)
	}
	if err != nil {
		return "", nil, err
	}
	s.resident.addrs.Release(clientAddr)
	return secret, wijkregie.ResidentUser(p), nil
}

// startResidentSession stores a new resident session for the actor, with
// the login's audit record and what else the login changes, in one
// transaction; it returns the cookie's secret.
func (s *Service) startResidentSession(ctx context.Context, actor wijkregie.Actor, ev wijkregie.Event, method string, also func(q *store.Q) error) (string, error) {
	now := s.Now()
	secret := auth.NewSessionSecret(actor.MunicipalityID)
	sess := &store.ResidentSession{MunicipalityID: actor.MunicipalityID, IDHash: auth.HashSecret(secret), PersonID: actor.UserID,
		Method: method, CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(wijkregie.ResidentIdle)}
	ev.Result = wijkregie.AuditAllowed
	err := s.store.Tx(ctx, func(q *store.Q) error {
		if also != nil {
			if err := also(q); err != nil {
				return err
			}
		}
		if err := q.CreateResidentSession(ctx, sess); err != nil {
			return err
		}
		return q.AppendAudit(ctx, actor.Record(ev))
	})
	if err != nil {
		return "", err
	}
	return secret, nil
}

// ResidentSessionUser returns the resident of a Mijn Plan session secret
// as a user with RoleResident (wijkregie.ResidentUser), and moves the idle
// expiry forward (at most once a minute) but never past 8 hours from the
// login. An unknown or expired session, or one whose person is gone or
// merged into another record, is unauthorized.
func (s *Service) ResidentSessionUser(ctx context.Context, secret string) (*wijkregie.User, error) {
	mid, ok := auth.ParseSessionSecret(secret)
	if !ok {
		return nil, errUnauthorized
	}
	now := s.Now()
	hash := auth.HashSecret(secret)
	r := s.store.R()
	sess, err := r.ResidentSession(ctx, mid, hash, now)
	if err != nil {
		return nil, unauthorizedIfNotFound(err)
	}
	p, err := r.Person(ctx, mid, sess.PersonID)
	if err != nil {
		return nil, unauthorizedIfNotFound(err)
	}
	if p.MergedInto != "" {
		return nil, errUnauthorized
	}
	if now.Sub(sess.LastSeenAt) > time.Minute {
		exp := now.Add(wijkregie.ResidentIdle)
		if limit := sess.CreatedAt.Add(wijkregie.ResidentMaxSession); exp.After(limit) {
			exp = limit
		}
		if err := s.store.Tx(ctx, func(q *store.Q) error { return q.TouchResidentSession(ctx, mid, hash, now, exp) }); err != nil {
			return nil, err
		}
	}
	return wijkregie.ResidentUser(p), nil
}

// ResidentLogout ends a resident session.
func (s *Service) ResidentLogout(ctx context.Context, secret string) error {
	mid, ok := auth.ParseSessionSecret(secret)
	if !ok {
		return nil
	}
	return s.store.Tx(ctx, func(q *store.Q) error { return q.DeleteResidentSession(ctx, mid, auth.HashSecret(secret)) })
}

// SweepResidentAccess deletes expired resident sessions, OIDC logins under
// way and old inlogcodes of every municipality.
func (s *Service) SweepResidentAccess(ctx context.Context) (int64, error) {
	return s.sweep(ctx, (*store.Q).DeleteExpiredResidentAccess)
}

func sameDay(a, b time.Time) bool {
	ay, am, ad := a.UTC().Date()
	by, bm, bd := b.UTC().Date()
	return ay == by && am == bm && ad == bd
}
