package app

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"wijkregie"
	"wijkregie/internal/formguard"
	"wijkregie/internal/policy"
	"wijkregie/internal/store"
)

// The public concern form (zorgmelding; docs/zorgmelding.md): a resident
// who worries about a family in the neighbourhood reports it without
// logging in. The report becomes a signal — kind zorgmelding, source
// buurtbewoner — on the household at the address given, in the triage
// queue of the team whose area holds it, exactly as a professional's
// signal by address (CreateSignal). It is registered in the name of the
// municipality's "publiek" user, whom the policy lets do that and nothing
// else (policy/public.go).
//
// A page anyone can post to is abused: by machines sending junk into a
// team's queue, by a person flooding it. Without a third party, so
// without a CAPTCHA service or anything loaded from elsewhere, the form
// answers with four limits, each with its value below: a signed token in
// the form that is accepted from a few seconds after the form was shown
// (a machine posts at once) until two hours, once; a number of reports
// per client address per hour and per day; a body size; and a length per
// field.
const (
	// ConcernTokenMinAge: nobody reads the form and writes a concern
	// faster.
	ConcernTokenMinAge = 3 * time.Second
	// ConcernTokenMaxAge: long enough to write with care, and to be
	// interrupted.
	ConcernTokenMaxAge = 2 * time.Hour
	// ConcernTokensRemembered bounds the used tokens kept until they
	// expire. The limits per address let through far fewer reports in two
	// hours; more means an attack from very many addresses, and the form
	// then refuses rather than forget a token that could be sent again.
	ConcernTokensRemembered = 50_000
	// ConcernsPerHour and ConcernsPerDay are the reports accepted from one
	// client address (an IPv6 address by its /64): a neighbour with a
	// real worry sends one; a household or an office behind one address
	// a few.
	ConcernsPerHour = 5
	ConcernsPerDay  = 20
	// concernAddresses bounds the addresses counted at once.
	concernAddresses = 100_000
)

// The fields' limits, in characters. Long enough for any real name,
// address and account of what was seen; the description's limit is the
// one the form names.
const (
	ConcernMaxText     = 4000
	concernMaxName     = 200
	concernMaxStreet   = 200
	concernMaxTown     = 100
	concernMaxAddition = 10
	concernMaxEmail    = 254
	concernMaxPhone    = 30
)

// ConcernTopic is one of the form's answers in plain words to "waar gaat
// het over?", with the ZRM life domain (zrm.go) the team triages it by.
type ConcernTopic struct {
	Code   string // as the form posts it; its label is zorgmelding.onderwerp.<code>
	Domain string
}

// ConcernTopics are the form's topics in the order it shows them. Two may
// stand for one domain: a resident tells what they see, the team maps it.
// The ZRM 2017 has no domain of its own for raising children; what a
// neighbour sees of it (the children, quarrels at home) is the domain of
// relations at home.
var ConcernTopics = []ConcernTopic{
	{"geld", "financien"},
	{"wonen", "huisvesting"},
	{"gezondheid", "lichamelijke-gezondheid"},
	{"psychisch", "geestelijke-gezondheid"},
	{"kinderen", "huiselijke-relaties"},
	{"thuis", "huiselijke-relaties"},
	{"contact", "sociaal-netwerk"},
	{"verslaving", "middelengebruik"},
	{"huishouden", "instrumentele-adl"},
}

// ConcernDefaultDomain is the domain of a report that names no topic: a
// neighbour who worries without saying why has noticed, at least, a
// family that others see struggling — its network is where the team
// starts. A signal needs one domain; triage sets the real ones.
const ConcernDefaultDomain = "sociaal-netwerk"

// Concern is what a resident fills in on the public form, as typed:
// SubmitConcern trims and checks it. The names of its fields in errors
// are the form's.
type Concern struct {
	Subject      string // "gezin": the family's or person's name, if known
	Street       string // "straat"
	Number       string // "huisnummer"
	Addition     string // "huisnummertoevoeging"
	Postcode     string // "postcode"
	Town         string // "woonplaats"; the municipality's name when empty
	Noticed      string // "omschrijving": what the resident noticed
	Topics       []string
	Urgent       bool
	Anonymous    bool   // stay anonymous to the family
	ReporterName string // "melder_naam"
	Phone        string // "melder_telefoon"
	Email        string // "melder_email"
}

// concernGuard holds the public form's limits in the process.
type concernGuard struct {
	tokens *formguard.Tokens
	addrs  *formguard.Limiter
}

func newConcernGuard(s *store.Store) *concernGuard {
	return &concernGuard{
		tokens: formguard.NewTokens(concernKey(s), ConcernTokenMinAge, ConcernTokenMaxAge, ConcernTokensRemembered),
		addrs: formguard.NewLimiter(concernAddresses,
			formguard.Limit{Max: ConcernsPerHour, Per: time.Hour}, formguard.Limit{Max: ConcernsPerDay, Per: 24 * time.Hour}),
	}
}

// concernKey is the key that signs the form's tokens. It is derived from
// the BSN keyring's current key, through its keyed hash of a label that
// is no municipality and no BSN, so the key itself never leaves the
// keyring and every instance of a deployment signs alike (PostgreSQL
// refuses to start without the keys given): a form one instance served is
// accepted by the next. A store without keys (none in practice) gets a
// random key for the process.
func concernKey(s *store.Store) []byte {
	if s != nil && s.BSNKeys() != nil {
		return []byte(s.BSNKeys().Hash("wijkregie.formguard", "zorgmelding v1"))
	}
	k := make([]byte, 32)
	rand.Read(k)
	return k
}

// ConcernThrottled says how long an address that sent too many reports
// must wait; SubmitConcern's ETHROTTLED error wraps it, for the page's
// Retry-After.
type ConcernThrottled struct {
	RetryAfter time.Duration
}

func (e *ConcernThrottled) Error() string {
	return fmt.Sprintf("too many concerns from one address; retry after %s", e.RetryAfter)
}

func concernThrottled(wait time.Duration) error {
	return &wijkregie.Error{Code: wijkregie.ETHROTTLED, Message: "zorgmelding.fout.te_veel", Err: &ConcernThrottled{RetryAfter: wait}}
}

// RetryAfterSeconds is the wait in whole seconds, rounded up, as the
// Retry-After header takes it.
func (e *ConcernThrottled) RetryAfterSeconds() int {
	return int(math.Ceil(e.RetryAfter.Seconds()))
}

// concernTokenError is a refused token as the form explains it: nothing
// was sent, the input is kept, send again.
func concernTokenError(err error) error {
	key := "zorgmelding.formulier.opnieuw"
	switch {
	case errors.Is(err, formguard.ErrExpired):
		key = "zorgmelding.formulier.verlopen"
	case errors.Is(err, formguard.ErrUsed):
		key = "zorgmelding.formulier.al_verstuurd"
	case errors.Is(err, formguard.ErrFull):
		return concernThrottled(15 * time.Minute)
	}
	return &wijkregie.Error{Code: wijkregie.EINVALID, Message: key, Err: err}
}

// ConcernForm is what the public form shows: the municipality it reports
// to, and a new token.
type ConcernForm struct {
	Municipality wijkregie.Municipality
	Token        string
}

// ConcernForm returns the form of the municipality with the public code
// (GM9901); another code is not found. It needs no actor: the form is
// public, and shows nothing but the municipality's name.
func (s *Service) ConcernForm(ctx context.Context, code string) (*ConcernForm, error) {
	m, err := s.ConcernMunicipality(ctx, code)
	if err != nil {
		return nil, err
	}
	return &ConcernForm{Municipality: *m, Token: s.concerns.tokens.Issue(m.ID, s.Now())}, nil
}

// ConcernMunicipality returns the municipality with the public code, for
// the form's other pages; another code is not found.
func (s *Service) ConcernMunicipality(ctx context.Context, code string) (*wijkregie.Municipality, error) {
	if !validMunicipalityCode(code) {
		return nil, wijkregie.NotFound()
	}
	return s.store.R().Municipality(ctx, code)
}

// validMunicipalityCode reports whether code has the form of a CBS code,
// so that a path that is no code is not found without a query.
func validMunicipalityCode(code string) bool {
	if len(code) != 6 || !strings.HasPrefix(code, "GM") {
		return false
	}
	for _, c := range code[2:] {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// SubmitConcern registers a resident's concern, sent from clientAddr with
// the form's token, in the municipality with the code, as a signal in the
// triage queue of the team whose area holds the address. It answers:
//
//   - ETHROTTLED (wrapping *ConcernThrottled) when the address sent its
//     reports for the hour or the day, before anything else is looked at;
//   - EINVALID with the fields that are wrong, as the form names them;
//   - EINVALID without fields, its message saying why, for a token that
//     was refused: too soon, expired, used, or not this form's;
//   - ENOTFOUND for an unknown municipality.
//
// Only a report accepted counts against the address's limits and uses the
// token. It is audited as zorgmelding.indienen on the signal, in the
// signal's transaction, and never with what it says.
func (s *Service) SubmitConcern(ctx context.Context, code string, c *Concern, token, clientAddr string) error {
	now := s.Now()
	key := formguard.ClientKey(clientAddr)
	if wait := s.concerns.addrs.Wait(key, now); wait > 0 {
		return concernThrottled(wait)
	}
	m, err := s.ConcernMunicipality(ctx, code)
	if err != nil {
		return err
	}
	actor := policy.PublicActor(m.ID)
	if err := policy.DecideConcern(actor, m.ID); err != nil {
		return err
	}
	teams, err := s.store.R().Teams(ctx, m.ID)
	if err != nil {
		return err
	}
	sig, addr, err := concernSignal(m, teams, c, now)
	if err != nil {
		return err
	}
	if err := s.concerns.tokens.Check(m.ID, token, now); err != nil {
		return concernTokenError(err)
	}
	if wait, ok := s.concerns.addrs.Reserve(key, now); !ok {
		return concernThrottled(wait)
	}
	if err := s.concerns.tokens.Use(m.ID, token, now); err != nil {
		s.concerns.addrs.Release(key, now)
		return concernTokenError(err)
	}
	err = s.createSignal(ctx, actor, sig, addr, func(q *store.Q) error {
		return q.AppendAudit(ctx, actor.Record(wijkregie.Event{Action: string(policy.SubmitConcern), SubjectKind: "signaal", SubjectID: sig.ID, Purpose: PurposeTask}))
	})
	if err != nil {
		// Not the sender's doing: the same form may be sent again.
		s.concerns.addrs.Release(key, now)
		s.concerns.tokens.Forget(token)
		return err
	}
	return nil
}

// concernSignal checks a concern and turns it into the signal and the
// address CreateSignal registers. The family's name, which a signal has
// no field for, heads the description, so the team reads it first.
func concernSignal(m *wijkregie.Municipality, teams []wijkregie.Team, c *Concern, now time.Time) (*wijkregie.Signal, *wijkregie.Address, error) {
	var v wijkregie.Invalid
	// Text that is no UTF-8, or holds control characters (a NUL byte,
	// which PostgreSQL refuses), was typed on no keyboard: it is refused
	// beside its field before anything else, rather than fail in the
	// store. Only the description has lines.
	for _, f := range []struct {
		name      string
		value     *string
		multiline bool
	}{{"gezin", &c.Subject, false}, {"straat", &c.Street, false}, {"huisnummer", &c.Number, false},
		{"huisnummertoevoeging", &c.Addition, false}, {"postcode", &c.Postcode, false}, {"woonplaats", &c.Town, false},
		{"omschrijving", &c.Noticed, true}, {"melder_naam", &c.ReporterName, false}, {"melder_telefoon", &c.Phone, false},
		{"melder_email", &c.Email, false}} {
		if !readable(*f.value, f.multiline) {
			v.Field(f.name, "veld.zorgmelding.tekens")
		}
		*f.value = strings.TrimSpace(*f.value)
	}
	if err := v.Err(); err != nil {
		return nil, nil, err
	}
	long := func(name, value string, max int, key string) bool {
		if utf8.RuneCountInString(value) > max {
			v.Field(name, key)
			return true
		}
		return false
	}
	long("gezin", c.Subject, concernMaxName, "veld.zorgmelding.max_200")

	addr := &wijkregie.Address{Street: c.Street, Addition: c.Addition, Postcode: wijkregie.NormalizePostcode(c.Postcode), Town: c.Town}
	if addr.Town == "" {
		addr.Town = m.Name
	}
	if c.Street == "" {
		v.Field("straat", "veld.zorgmelding.straat")
	} else {
		long("straat", c.Street, concernMaxStreet, "veld.zorgmelding.max_200")
	}
	if n, err := strconv.Atoi(c.Number); err != nil || n < 1 || n > 99999 {
		v.Field("huisnummer", "veld.zorgmelding.huisnummer")
	} else {
		addr.Number = n
	}
	long("huisnummertoevoeging", c.Addition, concernMaxAddition, "veld.zorgmelding.toevoeging")
	switch {
	case !validPostcode(addr):
		v.Field("postcode", "veld.zorgmelding.postcode")
	case wijkregie.ServingTeam(teams, addr.Postcode) == "":
		// No team of this municipality works there: the family likely
		// lives elsewhere, and a signal without a team is in nobody's
		// queue.
		v.Field("postcode", "veld.zorgmelding.postcode_gemeente")
	}
	long("woonplaats", c.Town, concernMaxTown, "veld.zorgmelding.max_100")

	if c.Noticed == "" {
		v.Field("omschrijving", "veld.zorgmelding.omschrijving")
	} else {
		long("omschrijving", c.Noticed, ConcernMaxText, "veld.zorgmelding.max_4000")
	}
	var domains []string
	for _, code := range c.Topics {
		d, ok := concernDomain(code)
		if !ok {
			v.Field("onderwerpen", "veld.keuze")
			break
		}
		if !slices.Contains(domains, d) {
			domains = append(domains, d)
		}
	}
	if len(domains) == 0 {
		domains = []string{ConcernDefaultDomain}
	}

	long("melder_naam", c.ReporterName, concernMaxName, "veld.zorgmelding.max_200")
	if c.Phone != "" && !validPhone(c.Phone) {
		v.Field("melder_telefoon", "veld.zorgmelding.telefoon")
	}
	if c.Email != "" && (len(c.Email) > concernMaxEmail || !wijkregie.ValidEmail(c.Email)) {
		v.Field("melder_email", "veld.zorgmelding.email")
	}
	if err := v.Err(); err != nil {
		return nil, nil, err
	}

	text := c.Noticed
	if c.Subject != "" {
		text = "Naam volgens de melder: " + c.Subject + "\n\n" + text
	}
	var contact []string
	for _, s := range []string{c.Phone, c.Email} {
		if s != "" {
			contact = append(contact, s)
		}
	}
	urgency := wijkregie.UrgencyNormal
	if c.Urgent {
		urgency = wijkregie.UrgencyUrgent
	}
	sig := &wijkregie.Signal{Kind: wijkregie.SignalCareReport, SourceKind: wijkregie.SourceNeighbour,
		ReporterName: c.ReporterName, ReporterContact: strings.Join(contact, ", "), AnonymousToFamily: c.Anonymous,
		Domains: domains, Description: text, Urgency: urgency, ReceivedAt: now}
	return sig, addr, nil
}

func concernDomain(code string) (string, bool) {
	for _, t := range ConcernTopics {
		if t.Code == code {
			return t.Domain, true
		}
	}
	return "", false
}

// readable reports whether s is UTF-8 without control characters; a
// multiline text may hold line breaks and tabs.
func readable(s string, multiline bool) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if multiline && (r == '\n' || r == '\r' || r == '\t') {
			continue
		}
		if unicode.IsControl(r) {
			return false
		}
	}
	return true
}

// validPostcode reports whether the address's postcode has the Dutch
// form, as the domain checks it; the form words the other fields' checks
// for the public itself.
func validPostcode(a *wijkregie.Address) bool {
	var e *wijkregie.Error
	if errors.As(a.Validate(), &e) {
		for _, f := range e.Fields {
			if f.Name == "postcode" {
				return false
			}
		}
	}
	return true
}

// validPhone checks a phone number loosely: digits with the spaces,
// dashes, brackets and leading plus people write them with, 6 to 15
// digits (E.164's most). Whether it rings is for the team to find out.
func validPhone(s string) bool {
	if len(s) > concernMaxPhone {
		return false
	}
	digits := 0
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == ' ' || r == '-' || r == '(' || r == ')' || r == '.':
		case r == '+' && i == 0:
		default:
			return false
		}
	}
	return digits >= 6 && digits <= 15
}
