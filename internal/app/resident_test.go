package app_test

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"wijkregie"
	"wijkregie/internal/app"
	"wijkregie/internal/demo"
	"wijkregie/internal/oidc"
	"wijkregie/internal/oidc/oidctest"
	"wijkregie/internal/store"
	"wijkregie/internal/testdb"
)

// accessHome is an open case of the documented professional's team for a
// family of a mother (42, with a BSN), a son of 16 exactly today, a girl of
// 15 and a father who moved out.
type accessHome struct {
	c                         *wijkregie.Case
	mother, son, girl, father string
	motherBorn, sonBorn       time.Time
	bsn                       string
}

func (f *fixture) accessHome(t *testing.T) *accessHome {
	t.Helper()
	pro := f.users[wijkregie.RoleProfessional]
	today := wijkregie.Today(f.clock.Now())
	x := &accessHome{motherBorn: today.AddDate(-42, -2, -3), sonBorn: today.AddDate(-16, 0, 0)}
	mother, bsn := f.residentWithBSN(t, "Inge", x.motherBorn)
	x.mother, x.bsn = mother.ID, bsn
	f.n++
	h := &wijkregie.Household{MunicipalityID: demo.MunicipalityID, TeamID: pro.TeamID,
		Address: wijkregie.Address{Street: "Toegangstraat", Number: f.n, Postcode: "2581ZZ", Town: "Duinhaven"}}
	err := f.s.Tx(f.ctx, func(q *store.Q) error {
		if err := q.CreateHousehold(f.ctx, h); err != nil {
			return err
		}
		if err := q.AddMember(f.ctx, &wijkregie.Member{MunicipalityID: demo.MunicipalityID, HouseholdID: h.ID, PersonID: x.mother,
			Relation: wijkregie.RelationParent, From: today.AddDate(-5, 0, 0)}); err != nil {
			return err
		}
		for _, m := range []struct {
			given string
			born  time.Time
			rel   wijkregie.Relation
			until time.Time
			dst   *string
		}{{"Sem", x.sonBorn, wijkregie.RelationChild, time.Time{}, &x.son},
			{"Noor", today.AddDate(-16, 0, 1), wijkregie.RelationChild, time.Time{}, &x.girl},
			{"Erik", today.AddDate(-45, 0, 0), wijkregie.RelationParent, today.AddDate(0, -1, 0), &x.father}} {
			p := &wijkregie.Person{MunicipalityID: demo.MunicipalityID, GivenName: m.given, FamilyName: "Toegang", BirthDate: m.born}
			if err := q.CreatePerson(f.ctx, p); err != nil {
				return err
			}
			if err := q.AddMember(f.ctx, &wijkregie.Member{MunicipalityID: demo.MunicipalityID, HouseholdID: h.ID, PersonID: p.ID,
				Relation: m.rel, From: today.AddDate(-5, 0, 0), Until: m.until}); err != nil {
				return err
			}
			*m.dst = p.ID
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	x.c = f.assign(t, f.openCase(t, x.mother, wijkregie.LevelLight, "financien"), pro.ID)
	return x
}

// residentWithBSN registers a person with a free BSN of the test range.
func (f *fixture) residentWithBSN(t *testing.T, given string, born time.Time) (*wijkregie.Person, string) {
	t.Helper()
	for n := 999899990; n > 999800000; n-- {
		s := fmt.Sprint(n)
		b, err := wijkregie.ParseBSN(s)
		if err != nil {
			continue
		}
		p := &wijkregie.Person{MunicipalityID: demo.MunicipalityID, BSN: b, GivenName: given, FamilyName: "Toegang", BirthDate: born}
		err = f.s.Tx(f.ctx, func(q *store.Q) error { return q.CreatePerson(f.ctx, p) })
		if code(err) == wijkregie.EINVALID || code(err) == wijkregie.ECONFLICT {
			continue // taken
		}
		if err != nil {
			t.Fatal(err)
		}
		return p, s
	}
	t.Fatal("no free test BSN")
	return nil, ""
}

func (f *fixture) issue(t *testing.T, x *accessHome, personID string) *app.IssuedLoginCode {
	t.Helper()
	c, err := f.svc.IssueLoginCode(f.ctx, f.actor(wijkregie.RoleProfessional), x.c.ID, personID)
	if err != nil {
		t.Fatalf("IssueLoginCode: %v", err)
	}
	return c
}

// TestIssueLoginCode: the regisseur and the team's lead hand a code to a
// current member of 16 or older; the code has 8 characters of the
// alphabet, lives 30 minutes, is audited on the person; everyone else is
// refused (and audited), and so is a member who may not use Mijn Plan,
// beside the field.
func TestIssueLoginCode(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		x := f.accessHome(t)
		pro := f.actor(wijkregie.RoleProfessional)
		var c *app.IssuedLoginCode
		got := f.audited(t, func() { c = f.issue(t, x, x.mother) })
		if len(c.Code) != wijkregie.LoginCodeLength || strings.Trim(c.Code, wijkregie.LoginCodeAlphabet) != "" {
			t.Errorf("code %q: not 8 characters of the alphabet", c.Code)
		}
		if want := f.clock.Now().Add(30 * time.Minute); !c.ExpiresAt.Equal(want) {
			t.Errorf("expires %v; want %v", c.ExpiresAt, want)
		}
		if want := []entry{rec(pro, "inlogcode.uitgeven", "persoon", x.mother, x.mother, app.PurposeTask, wijkregie.AuditAllowed)}; !slices.Equal(got, want) {
			t.Errorf("audit %+v; want %+v", got, want)
		}
		lead := f.actor(wijkregie.RoleTeamLead)
		if _, err := f.svc.IssueLoginCode(f.ctx, lead, x.c.ID, x.son); err != nil {
			t.Errorf("the lead for the son of 16: %v", err)
		}
		for _, tc := range []struct {
			who    string
			person string
			key    string
		}{{"the girl of 15", x.girl, "inwoner.veld.te_jong"}, {"the father who moved out", x.father, "inwoner.veld.geen_lid"},
			{"no one", "", "inwoner.veld.persoon"}, {"a person of another family", f.accessHome(t).mother, "inwoner.veld.geen_lid"}} {
			_, err := f.svc.IssueLoginCode(f.ctx, pro, x.c.ID, tc.person)
			if code(err) != wijkregie.EINVALID || !strings.Contains(strings.Join(fields(err), " "), "persoonId") {
				t.Errorf("%s: %v; want invalid persoonId", tc.who, err)
			}
			var e *wijkregie.Error
			if asError(err, &e) && (len(e.Fields) != 1 || e.Fields[0].Message != tc.key) {
				t.Errorf("%s: fields %+v; want %s", tc.who, e.Fields, tc.key)
			}
		}
		for _, r := range []wijkregie.Role{wijkregie.RolePartner, wijkregie.RoleAdmin, wijkregie.RolePrivacy, wijkregie.RolePolicy} {
			if _, err := f.svc.IssueLoginCode(f.ctx, f.actor(r), x.c.ID, x.mother); code(err) != wijkregie.EFORBIDDEN && code(err) != wijkregie.ENOTFOUND {
				t.Errorf("%s: %v; want refused", r, err)
			}
		}
		// A partner involved with the family sees the case, and is
		// refused the code on the role alone, before anything is read.
		partner := f.withPartner(t, x.c)
		got = f.audited(t, func() {
			if _, err := f.svc.IssueLoginCode(f.ctx, partner, x.c.ID, x.mother); code(err) != wijkregie.EFORBIDDEN {
				t.Errorf("an involved partner: %v; want forbidden", err)
			}
		})
		if len(got) != 0 {
			t.Errorf("the partner's refusal by role audited as %+v", got)
		}
	})
}

// TestResidentLoginByCode: the code with the birth date logs in once; a
// wrong code and a wrong birth date get the same answer; five wrong birth
// dates void the code; a used, expired or replaced code is told apart only
// to one who gave both right; each attempt with a known code is audited on
// its person.
func TestResidentLoginByCode(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		x := f.accessHome(t)
		m := demo.MunicipalityID
		c := f.issue(t, x, x.mother)
		wrongDay := x.motherBorn.AddDate(0, 0, 1)
		var err1, err2 error
		got := f.audited(t, func() {
			_, _, err1 = f.svc.ResidentLoginByCode(f.ctx, m, c.Code, wrongDay, "10.0.0.1")
		})
		_, _, err2 = f.svc.ResidentLoginByCode(f.ctx, m, "ACDEFGHJ", x.motherBorn, "10.0.0.1")
		if code(err1) != wijkregie.EUNAUTHORIZED || err1.Error() != err2.Error() {
			t.Errorf("wrong birth date %v and wrong code %v: want the same unauthorized answer", err1, err2)
		}
		mother := wijkregie.Actor{MunicipalityID: m, UserID: x.mother, Role: wijkregie.RoleResident}
		if want := []entry{rec(mother, "mijnplan.aanmelden", "persoon", x.mother, x.mother, app.PurposeLogin, wijkregie.AuditDenied)}; !slices.Equal(got, want) {
			t.Errorf("refusal audited as %+v; want %+v", got, want)
		}
		var secret string
		var u *wijkregie.User
		got = f.audited(t, func() {
			var err error
			// Typed as read from the slip: grouped, in lower case.
			typed := strings.ToLower(wijkregie.FormatLoginCode(c.Code))
			if secret, u, err = f.svc.ResidentLoginByCode(f.ctx, m, typed, x.motherBorn, "10.0.0.1"); err != nil {
				t.Fatalf("login: %v", err)
			}
		})
		if u.Role != wijkregie.RoleResident || u.ID != x.mother || u.MunicipalityID != m || !strings.HasPrefix(u.Name, "Inge") {
			t.Errorf("user %+v", u)
		}
		if want := []entry{rec(mother, "mijnplan.aanmelden", "persoon", x.mother, x.mother, app.PurposeLogin, wijkregie.AuditAllowed)}; !slices.Equal(got, want) {
			t.Errorf("login audited as %+v; want %+v", got, want)
		}
		if su, err := f.svc.ResidentSessionUser(f.ctx, secret); err != nil || su.ID != x.mother || su.Role != wijkregie.RoleResident {
			t.Errorf("ResidentSessionUser: %+v, %v", su, err)
		}
		// Single use.
		if _, _, err := f.svc.ResidentLoginByCode(f.ctx, m, c.Code, x.motherBorn, "10.0.0.1"); err != app.ErrLoginCodeExpired {
			t.Errorf("second use: %v; want the code expired", err)
		}
		// A new code voids the earlier one.
		c1 := f.issue(t, x, x.son)
		c2 := f.issue(t, x, x.son)
		if _, _, err := f.svc.ResidentLoginByCode(f.ctx, m, c1.Code, x.sonBorn, "10.0.0.2"); err != app.ErrLoginCodeExpired {
			t.Errorf("replaced code: %v; want expired", err)
		}
		// Five wrong birth dates void it, even for the right one after.
		for range wijkregie.LoginCodeMaxFailures {
			if _, _, err := f.svc.ResidentLoginByCode(f.ctx, m, c2.Code, wrongDay, "10.0.0.3"); code(err) != wijkregie.EUNAUTHORIZED {
				t.Fatalf("wrong birth date: %v", err)
			}
		}
		if _, _, err := f.svc.ResidentLoginByCode(f.ctx, m, c2.Code, x.sonBorn, "10.0.0.4"); err != app.ErrLoginCodeExpired {
			t.Errorf("after five wrong birth dates: %v; want the code void", err)
		}
		// Thirty minutes.
		c3 := f.issue(t, x, x.son)
		f.clock.Advance(30 * time.Minute)
		if _, _, err := f.svc.ResidentLoginByCode(f.ctx, m, c3.Code, x.sonBorn, "10.0.0.5"); err != app.ErrLoginCodeExpired {
			t.Errorf("after 30 minutes: %v; want expired", err)
		}
		// Another municipality's form does not find the code.
		if _, _, err := f.svc.ResidentLoginByCode(f.ctx, "GM0001", c3.Code, x.sonBorn, "10.0.0.5"); code(err) != wijkregie.EUNAUTHORIZED {
			t.Errorf("other municipality: %v", err)
		}
	})
}

// TestResidentLoginThrottledPerAddress: ten failures from one address in
// fifteen minutes, and the eleventh attempt is refused unread, even with
// the right code; another address is not affected.
func TestResidentLoginThrottledPerAddress(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		x := f.accessHome(t)
		c := f.issue(t, x, x.mother)
		for range 10 {
			if _, _, err := f.svc.ResidentLoginByCode(f.ctx, demo.MunicipalityID, "QQQQQQQQ", x.motherBorn, "10.9.9.9"); code(err) != wijkregie.EUNAUTHORIZED {
				t.Fatalf("wrong code: %v", err)
			}
		}
		if _, _, err := f.svc.ResidentLoginByCode(f.ctx, demo.MunicipalityID, c.Code, x.motherBorn, "10.9.9.9"); code(err) != wijkregie.ETHROTTLED {
			t.Errorf("eleventh attempt: %v; want throttled", err)
		}
		if _, _, err := f.svc.ResidentLoginByCode(f.ctx, demo.MunicipalityID, c.Code, x.motherBorn, "10.9.9.8"); err != nil {
			t.Errorf("another address: %v", err)
		}
	})
}

// TestResidentSession: 30 minutes idle, 8 hours at most, logout ends it;
// a staff session's secret is no resident session, and a resident's is no
// staff session; a resident who is no longer eligible still has the
// session, but the policy refuses every household (ResidentHouseholds).
func TestResidentSession(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		x := f.accessHome(t)
		login := func() string {
			t.Helper()
			c := f.issue(t, x, x.mother)
			s, _, err := f.svc.ResidentLoginByCode(f.ctx, demo.MunicipalityID, c.Code, x.motherBorn, "10.1.1.1")
			if err != nil {
				t.Fatalf("login: %v", err)
			}
			return s
		}
		s := login()
		f.clock.Advance(29 * time.Minute)
		if _, err := f.svc.ResidentSessionUser(f.ctx, s); err != nil {
			t.Errorf("after 29 minutes: %v", err)
		}
		f.clock.Advance(29 * time.Minute)
		if _, err := f.svc.ResidentSessionUser(f.ctx, s); err != nil {
			t.Errorf("29 minutes after the last request: %v", err)
		}
		f.clock.Advance(31 * time.Minute)
		if _, err := f.svc.ResidentSessionUser(f.ctx, s); code(err) != wijkregie.EUNAUTHORIZED {
			t.Errorf("after 31 idle minutes: %v; want unauthorized", err)
		}
		s = login()
		for range 16 { // 7 h 44 min
			f.clock.Advance(29 * time.Minute)
			if _, err := f.svc.ResidentSessionUser(f.ctx, s); err != nil {
				t.Fatalf("active at %v: %v", f.clock.Now(), err)
			}
		}
		f.clock.Advance(20 * time.Minute) // 8 h 4 min after the login
		if _, err := f.svc.ResidentSessionUser(f.ctx, s); code(err) != wijkregie.EUNAUTHORIZED {
			t.Errorf("after 8 hours: %v; want unauthorized", err)
		}
		s = login()
		if _, err := f.svc.SessionUser(f.ctx, s); code(err) != wijkregie.EUNAUTHORIZED {
			t.Errorf("a resident's secret as a staff session: %v", err)
		}
		staff, _, err := f.svc.Login(f.ctx, demo.MunicipalityID, demo.Accounts()[0].Email, demo.Password, "10.1.1.2")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.ResidentSessionUser(f.ctx, staff); code(err) != wijkregie.EUNAUTHORIZED {
			t.Errorf("a staff secret as a resident session: %v", err)
		}
		actor := wijkregie.Actor{MunicipalityID: demo.MunicipalityID, UserID: x.mother, Role: wijkregie.RoleResident}
		if hs, err := f.svc.ResidentHouseholds(f.ctx, actor); err != nil || len(hs) != 1 || hs[0].HouseholdID != x.c.HouseholdID {
			t.Errorf("ResidentHouseholds: %+v, %v", hs, err)
		}
		if err := f.svc.ResidentLogout(f.ctx, s); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.ResidentSessionUser(f.ctx, s); code(err) != wijkregie.EUNAUTHORIZED {
			t.Errorf("after logout: %v", err)
		}
	})
}

// TestResidentLoginAfterClosure: the family logs in until 90 days after
// the case closed, not after.
func TestResidentLoginAfterClosure(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		x := f.accessHome(t)
		pro := f.actor(wijkregie.RoleProfessional)
		// Closed at the clock's start: the closure's own rules are
		// tested with it (closure_test.go).
		testdb.Tamper(t, f.s, `UPDATE cases SET status = 'afgesloten', closed_at = '2026-03-02 09:00:00+00:00' WHERE id = '`+x.c.ID+`'`)
		f.clock.Advance(89 * 24 * time.Hour)
		c := f.issue(t, x, x.mother)
		if _, _, err := f.svc.ResidentLoginByCode(f.ctx, demo.MunicipalityID, c.Code, x.motherBorn, "10.2.2.2"); err != nil {
			t.Errorf("89 days after closing: %v", err)
		}
		f.clock.Advance(2 * 24 * time.Hour)
		if _, err := f.svc.IssueLoginCode(f.ctx, pro, x.c.ID, x.mother); code(err) != wijkregie.EINVALID {
			t.Errorf("a code 91 days after closing: %v; want refused beside the field", err)
		}
		actor := wijkregie.Actor{MunicipalityID: demo.MunicipalityID, UserID: x.mother, Role: wijkregie.RoleResident}
		if hs, err := f.svc.ResidentHouseholds(f.ctx, actor); err != nil || len(hs) != 0 {
			t.Errorf("ResidentHouseholds 91 days after: %+v, %v", hs, err)
		}
	})
}

// TestResidentOIDC runs the OpenID Connect login against a real provider
// (oidctest): the BSN claim finds the mother; a bad signature, a foreign
// key, alg none, a wrong audience, issuer or nonce, an expired token, an
// unknown BSN and a state used twice are all refused; no BSN reaches the
// audit log.
func TestResidentOIDC(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		x := f.accessHome(t)
		p := oidctest.New(t)
		p.Now = f.clock.Now
		rp, err := oidc.New(p.Config())
		if err != nil {
			t.Fatal(err)
		}
		f.svc.ConfigureResidentOIDC(rp)
		addr := 0
		flow := func(shape oidctest.Shape, claims map[string]any) (string, error) {
			t.Helper()
			addr++ // a fresh address each time: the throttle is not under test
			ip := fmt.Sprintf("10.3.3.%d", addr)
			p.Token = shape
			to, binding, err := f.svc.StartResidentOIDC(f.ctx, demo.MunicipalityID, ip)
			if err != nil {
				t.Fatalf("StartResidentOIDC: %v", err)
			}
			code, state, err := p.Login(to, claims)
			if err != nil {
				t.Fatalf("provider: %v", err)
			}
			s, _, err := f.svc.FinishResidentOIDC(f.ctx, state, binding, code, "", ip)
			return s, err
		}
		bsn := map[string]any{"bsn": x.bsn}
		for _, alg := range []string{"RS256", "ES256", "PS256"} {
			s, err := flow(oidctest.Shape{Alg: alg}, bsn)
			if err != nil {
				t.Fatalf("%s: %v", alg, err)
			}
			if u, err := f.svc.ResidentSessionUser(f.ctx, s); err != nil || u.ID != x.mother {
				t.Errorf("%s: session of %+v, %v", alg, u, err)
			}
		}
		if _, err := flow(oidctest.Shape{}, map[string]any{"bsn": "s00000000:" + x.bsn}); err != nil {
			t.Errorf("a sectoral BSN claim: %v", err)
		}
		for _, tc := range []struct {
			name   string
			shape  oidctest.Shape
			claims map[string]any
		}{
			{"bad signature", oidctest.Shape{BrokenSig: true}, bsn},
			{"bad ES256 signature", oidctest.Shape{Alg: "ES256", BrokenSig: true}, bsn},
			{"a key not in the JWKS", oidctest.Shape{ForeignKey: true}, bsn},
			{"an unknown key id", oidctest.Shape{WrongKid: true}, bsn},
			{"alg none", oidctest.Shape{NoneAlg: true}, bsn},
			{"wrong audience", oidctest.Shape{Claims: func(c map[string]any) { c["aud"] = "een-ander" }}, bsn},
			{"two audiences without azp", oidctest.Shape{Claims: func(c map[string]any) { c["aud"] = []string{p.ClientID, "een-ander"} }}, bsn},
			{"wrong issuer", oidctest.Shape{Claims: func(c map[string]any) { c["iss"] = "https://nep.example" }}, bsn},
			{"expired", oidctest.Shape{Claims: func(c map[string]any) { c["exp"] = f.clock.Now().Add(-2 * time.Minute).Unix() }}, bsn},
			{"no exp", oidctest.Shape{Claims: func(c map[string]any) { delete(c, "exp") }}, bsn},
			{"wrong nonce", oidctest.Shape{Claims: func(c map[string]any) { c["nonce"] = "een-andere" }}, bsn},
			{"unknown BSN", oidctest.Shape{}, map[string]any{"bsn": "111222333"}},
			{"no BSN", oidctest.Shape{}, map[string]any{}},
		} {
			got := f.audited(t, func() {
				if _, err := flow(tc.shape, tc.claims); code(err) != wijkregie.EUNAUTHORIZED {
					t.Errorf("%s: %v; want unauthorized", tc.name, err)
				}
			})
			if len(got) != 0 {
				t.Errorf("%s: audited %+v; a refusal that names no known person leaves no record", tc.name, got)
			}
		}
		// The girl of 15 is known, but may not use Mijn Plan: audited on her.
		girl, girlBSN := f.residentWithBSN(t, "Fleur", wijkregie.Today(f.clock.Now()).AddDate(-15, 0, 0))
		if err := f.s.Tx(f.ctx, func(q *store.Q) error {
			return q.AddMember(f.ctx, &wijkregie.Member{MunicipalityID: demo.MunicipalityID, HouseholdID: x.c.HouseholdID, PersonID: girl.ID,
				Relation: wijkregie.RelationChild, From: start.AddDate(-1, 0, 0)})
		}); err != nil {
			t.Fatal(err)
		}
		got := f.audited(t, func() {
			if _, err := flow(oidctest.Shape{}, map[string]any{"bsn": girlBSN}); err != app.ErrResidentNotAllowed {
				t.Errorf("the girl of 15: %v; want not allowed", err)
			}
		})
		if len(got) != 1 || got[0].Subject != girl.ID || got[0].Result != wijkregie.AuditDenied {
			t.Errorf("the girl's refusal audited as %+v", got)
		}
		// A state answers only with the binding of the browser that
		// started it (OpenID Connect Core 3.1.2.1): without one, or with
		// another login's, it is refused, names no one and spends nothing
		// at the provider.
		p.Token = oidctest.Shape{}
		to, binding, _ := f.svc.StartResidentOIDC(f.ctx, demo.MunicipalityID, "10.4.4.1")
		code1, state, _ := p.Login(to, bsn)
		_, other, _ := f.svc.StartResidentOIDC(f.ctx, demo.MunicipalityID, "10.4.4.1")
		exchanges := p.Exchanges
		got = f.audited(t, func() {
			for _, b := range []string{"", other, state} {
				if _, _, err := f.svc.FinishResidentOIDC(f.ctx, state, b, code1, "", "10.4.4.3"); code(err) != wijkregie.EUNAUTHORIZED {
					t.Errorf("the state with binding %q: %v; want unauthorized", b, err)
				}
			}
		})
		if len(got) != 0 || p.Exchanges != exchanges {
			t.Errorf("a state of another browser: audited %+v, %d token requests; want none", got, p.Exchanges-exchanges)
		}
		// A state is answered once.
		if _, _, err := f.svc.FinishResidentOIDC(f.ctx, state, binding, code1, "", "10.4.4.4"); err != nil {
			t.Fatalf("first answer: %v", err)
		}
		if _, _, err := f.svc.FinishResidentOIDC(f.ctx, state, binding, code1, "", "10.4.4.4"); code(err) != wijkregie.EUNAUTHORIZED {
			t.Errorf("the state again: %v", err)
		}
		// A state lapses after ten minutes; a cancelled login is refused.
		to, binding, _ = f.svc.StartResidentOIDC(f.ctx, demo.MunicipalityID, "10.4.4.1")
		code2, state2, _ := p.Login(to, bsn)
		f.clock.Advance(11 * time.Minute)
		if _, _, err := f.svc.FinishResidentOIDC(f.ctx, state2, binding, code2, "", "10.4.4.5"); code(err) != wijkregie.EUNAUTHORIZED {
			t.Errorf("a state of 11 minutes: %v", err)
		}
		to, binding, _ = f.svc.StartResidentOIDC(f.ctx, demo.MunicipalityID, "10.4.4.1")
		_, state3, _ := p.Login(to, bsn)
		if _, _, err := f.svc.FinishResidentOIDC(f.ctx, state3, binding, "", "access_denied", "10.4.4.6"); code(err) != wijkregie.EUNAUTHORIZED {
			t.Errorf("cancelled at the provider: %v", err)
		}
		// No BSN in the audit log, the URL or the state.
		if strings.Contains(to, x.bsn) || strings.Contains(url.QueryEscape(state3), x.bsn) {
			t.Error("the BSN is in the provider URL or the state")
		}
		f.noTextInAudit(t, x.bsn, girlBSN)
		if _, _, err := f.svc.StartResidentOIDC(f.ctx, "GM9", "10.4.4.1"); code(err) != wijkregie.EINVALID {
			t.Errorf("a bad municipality: %v", err)
		}
	})
}
