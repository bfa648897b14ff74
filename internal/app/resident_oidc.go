package app

import (
	"context"
	"crypto/subtle"
	"errors"
	"time"

	"wijkregie"
	"wijkregie/internal/auth"
	"wijkregie/internal/oidc"
	"wijkregie/internal/policy"
	"wijkregie/internal/store"
)

// Mijn Plan's login through OpenID Connect (docs/mijnplan.md, "Inloggen met
// DigiD (OpenID Connect)"): the installation names one provider, through
// which DigiD is offered; the ID token's BSN claim is matched by the
// store's BSN hash to a person of the municipality the resident chose.

// residentOIDC is the configured provider.
type residentOIDC struct {
	provider *oidc.Provider
}

// OIDCLoginValidity is how long a resident has at the provider before the
// state this login sent lapses; the browser's binding cookie lives as long.
const OIDCLoginValidity = 10 * time.Minute

// ConfigureResidentOIDC sets the OpenID Connect provider of the resident
// login; nil switches it off. serve calls it once, from the configuration.
func (s *Service) ConfigureResidentOIDC(p *oidc.Provider) {
	s.resident.mu.Lock()
	defer s.resident.mu.Unlock()
	if p == nil {
		s.resident.oidc = nil
		return
	}
	s.resident.oidc = &residentOIDC{provider: p}
}

// ResidentOIDCEnabled reports whether residents may log in through OpenID
// Connect (DigiD) on this installation.
func (s *Service) ResidentOIDCEnabled() bool { return s.residentOIDC() != nil }

func (s *Service) residentOIDC() *residentOIDC {
	s.resident.mu.RLock()
	defer s.resident.mu.RUnlock()
	return s.resident.oidc
}

// StartResidentOIDC begins an OpenID Connect login for a resident of the
// municipality and returns the provider's address to send them to, and the
// login's binding: a value the browser that started must keep (a cookie)
// and bring back to FinishResidentOIDC, so the state answers in that
// browser only (OpenID Connect Core 3.1.2.1; without it, someone who
// stops before the callback could send the link to another and have them
// work in the first one's Mijn Plan). The state carries the municipality,
// as a session secret does, so the callback finds the login within that
// tenant; only its hash is stored, with the nonce and the PKCE verifier.
// Each start writes a row for anyone who posts the form, so starts count
// on the client address's limit of failed logins (throttled beyond
// it); a login that succeeds takes its start back (FinishResidentOIDC).
func (s *Service) StartResidentOIDC(ctx context.Context, municipalityID, clientAddr string) (to, binding string, err error) {
	o := s.residentOIDC()
	if o == nil {
		return "", "", wijkregie.NotFound()
	}
	if !validMunicipalityCode(municipalityID) {
		return "", "", wijkregie.InvalidField("gemeente", "inwoner.veld.gemeente")
	}
	if !s.resident.addrs.Reserve(clientAddr, s.Now()) {
		return "", "", errResidentThrottled
	}
	if _, err := s.store.R().Municipality(ctx, municipalityID); err != nil {
		if wijkregie.ErrorCode(err) == wijkregie.ENOTFOUND {
			return "", "", wijkregie.InvalidField("gemeente", "inwoner.veld.gemeente")
		}
		return "", "", err
	}
	now := s.Now()
	state := auth.NewSessionSecret(municipalityID)
	l := &store.OIDCLogin{MunicipalityID: municipalityID, StateHash: auth.HashSecret(state), Nonce: oidc.Random(),
		Verifier: oidc.Random(), CreatedAt: now, ExpiresAt: now.Add(OIDCLoginValidity)}
	to, err = o.provider.AuthURL(ctx, state, l.Nonce, l.Verifier)
	if err != nil {
		return "", "", err
	}
	if err := s.store.Tx(ctx, func(q *store.Q) error { return q.CreateOIDCLogin(ctx, l) }); err != nil {
		return "", "", err
	}
	return to, oidcBinding(state), nil
}

// oidcBinding is the browser's proof that it started the login of state:
// a hash of the state apart from the stored one (another prefix), so
// neither the cookie nor the table gives the other, and neither the
// state.
func oidcBinding(state string) string {
	return auth.HashSecret("mijnplan-digid\x00" + state)
}

// FinishResidentOIDC completes an OpenID Connect login from the provider's
// answer and starts a resident session; it returns the cookie's secret.
// The state must be one this server sent, unused and not ten minutes old;
// the ID token must verify (oidc.Provider.Verify) against this login's
// nonce; its BSN must be a person of the municipality who may use Mijn Plan
// for one of their households. binding is what StartResidentOIDC gave the
// browser that started the login: a state brought back by another browser
// is refused before anything is looked up. Every refusal is unauthorized
// alike, except a known person who may not use Mijn Plan
// (ErrResidentNotAllowed), and is counted against the client's address; a
// refusal of a known person is audited on them, one that names no one
// (an unknown state, another browser's state) leaves no record. The BSN
// goes nowhere but into the store's hash look-up.
func (s *Service) FinishResidentOIDC(ctx context.Context, state, binding, code, providerError, clientAddr string) (string, *wijkregie.User, error) {
	o := s.residentOIDC()
	if o == nil {
		return "", nil, wijkregie.NotFound()
	}
	now := s.Now()
	if !s.resident.addrs.Reserve(clientAddr, now) {
		return "", nil, errResidentThrottled
	}
	mid, ok := auth.ParseSessionSecret(state)
	if !ok || subtle.ConstantTimeCompare([]byte(binding), []byte(oidcBinding(state))) != 1 {
		return "", nil, errResidentLogin
	}
	var l *store.OIDCLogin
	err := s.store.Tx(ctx, func(q *store.Q) error {
		var err error
		l, err = q.TakeOIDCLogin(ctx, mid, auth.HashSecret(state), now)
		return err
	})
	if wijkregie.ErrorCode(err) == wijkregie.ENOTFOUND {
		return "", nil, errResidentLogin
	}
	if err != nil {
		return "", nil, err
	}
	if providerError != "" || code == "" {
		// The resident cancelled at the provider, or it refused them.
		return "", nil, errResidentLogin
	}
	raw, err := o.provider.Exchange(ctx, code, l.Verifier)
	if err != nil {
		return "", nil, residentOIDCRefusal(err)
	}
	claims, err := o.provider.Verify(ctx, raw, l.Nonce, now)
	if err != nil {
		return "", nil, residentOIDCRefusal(err)
	}
	digits, err := o.provider.BSN(claims)
	if err != nil {
		return "", nil, residentOIDCRefusal(err)
	}
	if _, err := wijkregie.ParseBSN(digits); err != nil {
		return "", nil, residentOIDCRefusal(oidc.ErrNoBSN)
	}
	q := s.store.R()
	personID, err := q.PersonIDByBSN(ctx, mid, digits)
	if wijkregie.ErrorCode(err) == wijkregie.ENOTFOUND {
		// Not known in this municipality: nothing to audit on anyone.
		return "", nil, errResidentLogin
	}
	if err != nil {
		return "", nil, err
	}
	p, err := q.Person(ctx, mid, personID)
	if err != nil {
		return "", nil, err
	}
	actor := wijkregie.ActorOf(wijkregie.ResidentUser(p))
	ev := wijkregie.Event{Action: string(policy.ResidentLogin), SubjectKind: subjectPerson, SubjectID: p.ID, PersonID: p.ID, Purpose: PurposeLogin}
	households, err := q.PersonHouseholds(ctx, mid, p.ID)
	if err != nil {
		return "", nil, err
	}
	allowed := false
	for _, h := range households {
		f, err := residentFacts(ctx, q, mid, p.ID, h, now)
		if err != nil {
			return "", nil, err
		}
		if policy.ResidentHousehold(actor, f) == nil {
			allowed = true
			break
		}
	}
	if !allowed {
		ev.Result = wijkregie.AuditDenied
		if err := s.audit(ctx, actor, ev); err != nil {
			return "", nil, err
		}
		return "", nil, ErrResidentNotAllowed
	}
	secret, err := s.startResidentSession(ctx, actor, ev, store.ResidentByOIDC, nil)
	if err != nil {
		return "", nil, err
	}
	// This answer's attempt and its start's: a family behind one address
	// must not run out by logging in.
	s.resident.addrs.Release(clientAddr)
	s.resident.addrs.Release(clientAddr)
	return secret, wijkregie.ResidentUser(p), nil
}

// residentOIDCRefusal turns a failed token into the login's refusal. A
// provider that cannot be reached is our fault, not the resident's: an
// internal error the server logs (the oidc errors hold no token or claim
// value).
func residentOIDCRefusal(err error) error {
	if errors.Is(err, oidc.ErrProvider) {
		return err
	}
	return &wijkregie.Error{Code: wijkregie.EUNAUTHORIZED, Message: "inwoner.fout.inloggen", Err: err}
}
