package app_test

import (
	"encoding/base64"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"wijkregie"
	"wijkregie/internal/app"
	"wijkregie/internal/demo"
	"wijkregie/internal/policy"
	"wijkregie/internal/store"
)

// The demo's teams by the postcode areas they serve (demo/municipality.go).
const (
	centrumPostcode = "2581 AB" // Wijkteam Centrum, the documented accounts' team
	havenPostcode   = "2591 CD" // Wijkteam Havenkwartier, led by h.kramer
	havenLead       = "h.kramer@duinhaven.example"
)

// concern is a whole, valid report at a Centrum address; marker makes its
// text findable.
func concern(marker string) *app.Concern {
	return &app.Concern{Street: "Kerkstraat", Number: "14", Postcode: centrumPostcode,
		Noticed: "De buurvrouw komt al weken de deur niet uit. " + marker, Topics: []string{"contact"}, Anonymous: true}
}

// submit sends c as the form does: it fetches the form, waits as long as a
// person takes, and posts it from addr.
func (f *fixture) submit(t *testing.T, c *app.Concern, addr string) error {
	t.Helper()
	form, err := f.svc.ConcernForm(f.ctx, demo.MunicipalityID)
	if err != nil {
		t.Fatalf("ConcernForm: %v", err)
	}
	f.clock.Advance(app.ConcernTokenMinAge + time.Second)
	return f.svc.SubmitConcern(f.ctx, demo.MunicipalityID, c, form.Token, addr)
}

// queued returns the signals in the triage queue of the lead whose text
// holds marker.
func (f *fixture) queued(t *testing.T, lead wijkregie.Actor, marker string) []wijkregie.Signal {
	t.Helper()
	items, _, err := f.svc.TriageQueue(f.ctx, lead, store.Page{Limit: store.MaxLimit})
	if err != nil {
		t.Fatalf("TriageQueue: %v", err)
	}
	var out []wijkregie.Signal
	for _, it := range items {
		if strings.Contains(it.Description, marker) {
			out = append(out, it.Signal)
		}
	}
	return out
}

// TestConcernLandsInTheTeamsQueue: a report becomes a zorgmelding from a
// neighbour in the triage queue of the team serving its postcode — not in
// the other's —, with the resident's answers, audited as
// zorgmelding.indienen on the signal and never with its text.
func TestConcernLandsInTheTeamsQueue(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		centrum := f.actor(wijkregie.RoleTeamLead)
		haven := f.teamMember(t, havenLead)
		public := policy.PublicActor(demo.MunicipalityID)

		c := concern("[centrum-1]")
		c.Subject = "Familie Verweij"
		c.Addition = "a"
		c.Topics = []string{"geld", "wonen", "geld"}
		c.Urgent = true
		c.ReporterName, c.Phone, c.Email = "Joke Buurman", "06 1234 5678", "joke@voorbeeld.nl"
		var got []entry
		var subject string
		got = f.audited(t, func() {
			if err := f.submit(t, c, "192.0.2.10"); err != nil {
				t.Fatalf("SubmitConcern: %v", err)
			}
		})
		sigs := f.queued(t, centrum, "[centrum-1]")
		if len(sigs) != 1 {
			t.Fatalf("Centrum's queue holds %d of the report; want 1", len(sigs))
		}
		sig := sigs[0]
		subject = sig.ID
		if n := len(f.queued(t, haven, "[centrum-1]")); n != 0 {
			t.Errorf("Havenkwartier's queue holds %d of Centrum's report; want 0", n)
		}
		if sig.Kind != wijkregie.SignalCareReport || sig.SourceKind != wijkregie.SourceNeighbour || sig.Urgency != wijkregie.UrgencyUrgent ||
			!sig.AnonymousToFamily || sig.CreatedBy != policy.PublicUserID || sig.Status != wijkregie.SignalNew {
			t.Errorf("signal %+v; want a new, urgent zorgmelding from a buurtbewoner, anonymous, by %s", sig, policy.PublicUserID)
		}
		if sig.ReporterName != "Joke Buurman" || sig.ReporterContact != "06 1234 5678, joke@voorbeeld.nl" {
			t.Errorf("reporter %q, %q; want the name, and phone and e-mail", sig.ReporterName, sig.ReporterContact)
		}
		if !slices.Equal(sig.Domains, []string{"financien", "huisvesting"}) {
			t.Errorf("domains %v; want financien, huisvesting", sig.Domains)
		}
		if !strings.HasPrefix(sig.Description, "Naam volgens de melder: Familie Verweij\n\nDe buurvrouw") {
			t.Errorf("description %q; want the family's name first", sig.Description)
		}
		if want := wijkregie.AddWorkingDays(f.clock.Now(), 0); !sig.TriageDeadline.Equal(want) {
			t.Errorf("deadline %s; want %s (urgent)", sig.TriageDeadline, want)
		}
		h, err := f.s.R().Household(f.ctx, demo.MunicipalityID, sig.HouseholdID)
		if err != nil {
			t.Fatal(err)
		}
		if want := (wijkregie.Address{Street: "Kerkstraat", Number: 14, Addition: "a", Postcode: "2581AB", Town: "Duinhaven"}); h.Address != want || h.TeamID != centrum.TeamID {
			t.Errorf("household %+v of team %s; want %+v (the town the municipality's) of team %s", h.Address, h.TeamID, want, centrum.TeamID)
		}
		want := []entry{
			rec(public, "huishouden.aanmaken", "huishouden", sig.HouseholdID, "", app.PurposeTask, wijkregie.AuditAllowed),
			rec(public, "signaal.registreren", "signaal", subject, "", app.PurposeTask, wijkregie.AuditAllowed),
			rec(public, "zorgmelding.indienen", "signaal", subject, "", app.PurposeTask, wijkregie.AuditAllowed),
		}
		if diff := diffEntries(got, want); diff != "" {
			t.Errorf("audit records (-got +want):\n%s", diff)
		}
		f.noTextInAudit(t, "Verweij", "buurvrouw", "Joke", "1234", "joke@")

		// Havenkwartier's address goes to Havenkwartier; not anonymous,
		// no topic (the default domain), no name: the contact alone.
		c = concern("[haven-1]")
		c.Street, c.Number, c.Postcode, c.Topics, c.Anonymous, c.Phone = "Havenkade", "3", havenPostcode, nil, false, "+31 6 12345678"
		if err := f.submit(t, c, "192.0.2.11"); err != nil {
			t.Fatalf("SubmitConcern: %v", err)
		}
		sigs = f.queued(t, haven, "[haven-1]")
		if len(sigs) != 1 || len(f.queued(t, centrum, "[haven-1]")) != 0 {
			t.Fatalf("Havenkwartier's report: %d in its queue, %d in Centrum's; want 1 and 0", len(sigs), len(f.queued(t, centrum, "[haven-1]")))
		}
		sig = sigs[0]
		if sig.AnonymousToFamily || !slices.Equal(sig.Domains, []string{app.ConcernDefaultDomain}) || sig.Urgency != wijkregie.UrgencyNormal ||
			sig.ReporterName != "" || sig.ReporterContact != "+31 6 12345678" {
			t.Errorf("signal %+v; want not anonymous, the default domain, normal, the phone only", sig)
		}

		// A second report at the same address joins its household.
		c = concern("[centrum-2]")
		c.Addition = "a"
		if err := f.submit(t, c, "192.0.2.12"); err != nil {
			t.Fatal(err)
		}
		if again := f.queued(t, centrum, "[centrum-2]"); len(again) != 1 || again[0].HouseholdID != h.ID {
			t.Errorf("second report at the address: %+v; want it on household %s", again, h.ID)
		}
	})
}

// noTextInAudit fails when any audit record holds one of the texts.
func (f *fixture) noTextInAudit(t *testing.T, texts ...string) {
	t.Helper()
	recs, _, err := f.s.R().Audit(f.ctx, demo.MunicipalityID, store.AuditFilter{Page: store.Page{Limit: store.MaxLimit}})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs {
		s := fmt.Sprintf("%+v", r)
		for _, x := range texts {
			if strings.Contains(s, x) {
				t.Errorf("audit record %d holds %q: %s", r.Seq, x, s)
			}
		}
	}
}

// concernFieldErrors returns a validation error's fields as name=message, or fails.
func concernFieldErrors(t *testing.T, err error) []string {
	t.Helper()
	var e *wijkregie.Error
	if !errors.As(err, &e) || e.Code != wijkregie.EINVALID {
		t.Fatalf("error %v; want a validation error", err)
	}
	var out []string
	for _, fe := range e.Fields {
		out = append(out, fe.Name+"="+fe.Message)
	}
	return out
}

// TestConcernFields: what the form requires, what it refuses, and that a
// refused report neither registers anything nor counts against the
// address.
func TestConcernFields(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		tests := []struct {
			name   string
			change func(c *app.Concern)
			want   []string
		}{
			{"empty", func(c *app.Concern) { *c = app.Concern{} }, []string{
				"straat=veld.zorgmelding.straat", "huisnummer=veld.zorgmelding.huisnummer",
				"postcode=veld.zorgmelding.postcode", "omschrijving=veld.zorgmelding.omschrijving"}},
			{"spaces only", func(c *app.Concern) { c.Noticed = " \n\t " }, []string{"omschrijving=veld.zorgmelding.omschrijving"}},
			{"house number in words", func(c *app.Concern) { c.Number = "veertien" }, []string{"huisnummer=veld.zorgmelding.huisnummer"}},
			{"malformed postcode", func(c *app.Concern) { c.Postcode = "258 AB" }, []string{"postcode=veld.zorgmelding.postcode"}},
			{"postcode no team serves", func(c *app.Concern) { c.Postcode = "9999 ZZ" }, []string{"postcode=veld.zorgmelding.postcode_gemeente"}},
			{"text too long", func(c *app.Concern) { c.Noticed = strings.Repeat("é", app.ConcernMaxText+1) }, []string{"omschrijving=veld.zorgmelding.max_4000"}},
			{"name too long", func(c *app.Concern) { c.Subject = strings.Repeat("x", 201) }, []string{"gezin=veld.zorgmelding.max_200"}},
			{"long addition", func(c *app.Concern) { c.Addition = "bovenwoning links" }, []string{"huisnummertoevoeging=veld.zorgmelding.toevoeging"}},
			{"unknown topic", func(c *app.Concern) { c.Topics = []string{"geld", "roddel"} }, []string{"onderwerpen=veld.keuze"}},
			{"phone with letters", func(c *app.Concern) { c.Phone = "bel me maar" }, []string{"melder_telefoon=veld.zorgmelding.telefoon"}},
			{"phone too short", func(c *app.Concern) { c.Phone = "112" }, []string{"melder_telefoon=veld.zorgmelding.telefoon"}},
			{"e-mail without a domain", func(c *app.Concern) { c.Email = "joke@" }, []string{"melder_email=veld.zorgmelding.email"}},
			{"a NUL byte in the text", func(c *app.Concern) { c.Noticed = "Zorgen\x00" }, []string{"omschrijving=veld.zorgmelding.tekens"}},
			{"no UTF-8, a control character", func(c *app.Concern) { c.Street, c.ReporterName = "Kerk\xffstraat", "Joke\x1b" },
				[]string{"straat=veld.zorgmelding.tekens", "melder_naam=veld.zorgmelding.tekens"}},
		}
		for _, tt := range tests {
			c := concern("[veld]")
			tt.change(c)
			got := concernFieldErrors(t, f.submit(t, c, "192.0.2.20"))
			if !slices.Equal(got, tt.want) {
				t.Errorf("%s: fields %v; want %v", tt.name, got, tt.want)
			}
		}
		if n := len(f.queued(t, f.actor(wijkregie.RoleTeamLead), "[veld]")); n != 0 {
			t.Errorf("%d refused reports registered; want 0", n)
		}
		// Exactly the longest text is accepted, and the refusals did not
		// count: five more go through from the same address.
		c := concern("[veld]")
		c.Noticed = strings.Repeat("é", app.ConcernMaxText-len("[veld]")) + "[veld]"
		for i := range app.ConcernsPerHour {
			if err := f.submit(t, c, "192.0.2.20"); err != nil {
				t.Fatalf("report %d after the refusals: %v", i+1, err)
			}
		}
	})
}

// tokenKey returns the catalogue key of a refused token, or fails.
func tokenKey(t *testing.T, err error) string {
	t.Helper()
	var e *wijkregie.Error
	if !errors.As(err, &e) || e.Code != wijkregie.EINVALID || len(e.Fields) != 0 {
		t.Fatalf("error %v; want a refused token", err)
	}
	return e.Message
}

// TestConcernToken: the form's token is refused when sent back too soon,
// after two hours, a second time, altered, or for another municipality —
// each with nothing registered and the report free to be sent again with
// a new token.
func TestConcernToken(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		mid := demo.MunicipalityID
		if err := f.s.Tx(f.ctx, func(q *store.Q) error {
			return q.CreateMunicipality(f.ctx, &wijkregie.Municipality{ID: "GM9902", Name: "Zandvoorde"})
		}); err != nil {
			t.Fatal(err)
		}
		form := func() string {
			t.Helper()
			cf, err := f.svc.ConcernForm(f.ctx, mid)
			if err != nil {
				t.Fatal(err)
			}
			return cf.Token
		}
		const addr = "192.0.2.30"

		tok := form()
		f.clock.Advance(time.Second)
		if got := tokenKey(t, f.svc.SubmitConcern(f.ctx, mid, concern("[token]"), tok, addr)); got != "zorgmelding.formulier.opnieuw" {
			t.Errorf("too soon: %s; want zorgmelding.formulier.opnieuw", got)
		}
		// The same token a moment later: now it is accepted.
		f.clock.Advance(app.ConcernTokenMinAge)
		if err := f.svc.SubmitConcern(f.ctx, mid, concern("[token]"), tok, addr); err != nil {
			t.Fatalf("after %s: %v", app.ConcernTokenMinAge+time.Second, err)
		}
		// Used: refused the second time.
		f.clock.Advance(time.Minute)
		if got := tokenKey(t, f.svc.SubmitConcern(f.ctx, mid, concern("[token]"), tok, addr)); got != "zorgmelding.formulier.al_verstuurd" {
			t.Errorf("used: %s; want zorgmelding.formulier.al_verstuurd", got)
		}

		tok = form()
		f.clock.Advance(app.ConcernTokenMaxAge + time.Second)
		if got := tokenKey(t, f.svc.SubmitConcern(f.ctx, mid, concern("[token]"), tok, addr)); got != "zorgmelding.formulier.verlopen" {
			t.Errorf("expired: %s; want zorgmelding.formulier.verlopen", got)
		}
		// Just within two hours it is accepted.
		tok = form()
		f.clock.Advance(app.ConcernTokenMaxAge)
		if err := f.svc.SubmitConcern(f.ctx, mid, concern("[token]"), tok, addr); err != nil {
			t.Errorf("at two hours: %v", err)
		}

		tok = form()
		f.clock.Advance(time.Minute)
		raw, err := base64.RawURLEncoding.DecodeString(tok)
		if err != nil {
			t.Fatal(err)
		}
		raw[5] ^= 1 // the issue time: a form that seems older
		tampered := map[string]string{
			"altered": base64.RawURLEncoding.EncodeToString(raw),
			"cut":     tok[:len(tok)-2],
			"empty":   "",
			"junk":    strings.Repeat("A", len(tok)),
		}
		for name, bad := range tampered {
			if got := tokenKey(t, f.svc.SubmitConcern(f.ctx, mid, concern("[token]"), bad, addr)); got != "zorgmelding.formulier.opnieuw" {
				t.Errorf("%s token: %s; want zorgmelding.formulier.opnieuw", name, got)
			}
		}
		// Another municipality's form does not post here.
		other, err := f.svc.ConcernForm(f.ctx, "GM9902")
		if err != nil {
			t.Fatal(err)
		}
		f.clock.Advance(time.Minute)
		if got := tokenKey(t, f.svc.SubmitConcern(f.ctx, mid, concern("[token]"), other.Token, addr)); got != "zorgmelding.formulier.opnieuw" {
			t.Errorf("another municipality's token: %s; want zorgmelding.formulier.opnieuw", got)
		}
		// The untouched token still works: the refusals used nothing.
		if err := f.svc.SubmitConcern(f.ctx, mid, concern("[token]"), tok, addr); err != nil {
			t.Errorf("the unaltered token after the refusals: %v", err)
		}
		if n := len(f.queued(t, f.actor(wijkregie.RoleTeamLead), "[token]")); n != 3 {
			t.Errorf("%d reports registered; want the 3 accepted", n)
		}
		// An unknown municipality is not found, with or without a token.
		if _, err := f.svc.ConcernForm(f.ctx, "GM0000"); code(err) != wijkregie.ENOTFOUND {
			t.Errorf("ConcernForm of an unknown municipality = %v; want not found", err)
		}
		if err := f.svc.SubmitConcern(f.ctx, "publiek", concern("[token]"), tok, addr); code(err) != wijkregie.ENOTFOUND {
			t.Errorf("SubmitConcern to no municipality = %v; want not found", err)
		}
	})
}

// throttledFor returns how long a refusal asks to wait, or fails.
func throttledFor(t *testing.T, err error) time.Duration {
	t.Helper()
	var th *app.ConcernThrottled
	if code(err) != wijkregie.ETHROTTLED || !errors.As(err, &th) {
		t.Fatalf("error %v; want throttled", err)
	}
	return th.RetryAfter
}

// TestConcernRateLimit: five reports an hour and twenty a day per client
// address (an IPv6 address by its /64), the sixth refused with how long
// to wait; other addresses are not affected.
func TestConcernRateLimit(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		const addr = "198.51.100.7"
		first := f.clock.Now()
		for i := range app.ConcernsPerHour {
			if err := f.submit(t, concern("[limiet]"), addr); err != nil {
				t.Fatalf("report %d: %v", i+1, err)
			}
		}
		// The sixth within the hour: refused before anything else, with
		// the time until the first leaves the hour.
		err := f.submit(t, concern("[limiet]"), addr)
		wait := throttledFor(t, err)
		firstAccepted := first.Add(app.ConcernTokenMinAge + time.Second)
		if want := firstAccepted.Add(time.Hour).Sub(f.clock.Now()); wait != want {
			t.Errorf("wait %s; want %s", wait, want)
		}
		if err := f.svc.SubmitConcern(f.ctx, demo.MunicipalityID, &app.Concern{}, "", addr); code(err) != wijkregie.ETHROTTLED {
			t.Errorf("an empty form from the address = %v; want throttled first", err)
		}
		// Another address is not affected.
		if err := f.submit(t, concern("[limiet]"), "198.51.100.8"); err != nil {
			t.Errorf("another address: %v", err)
		}
		// Once the first has left the hour, one more goes through.
		f.clock.Set(firstAccepted.Add(time.Hour))
		if err := f.submit(t, concern("[limiet]"), addr); err != nil {
			t.Errorf("after the hour: %v", err)
		}

		// Twenty a day: spread over the day the hour's limit never bites,
		// the day's does.
		const day = "2001:db8:1:2::10"
		dayStart := f.clock.Now()
		for i := range app.ConcernsPerDay {
			if err := f.submit(t, concern("[dag]"), day); err != nil {
				t.Fatalf("report %d of the day: %v", i+1, err)
			}
			f.clock.Advance(20 * time.Minute)
		}
		// The 21st, from another address of the same /64.
		wait = throttledFor(t, f.submit(t, concern("[dag]"), "2001:db8:1:2::beef"))
		if wait <= time.Hour || wait > 24*time.Hour {
			t.Errorf("wait %s for the day's limit; want more than an hour, at most a day", wait)
		}
		if err := f.submit(t, concern("[dag]"), "2001:db8:1:3::10"); err != nil {
			t.Errorf("another /64: %v", err)
		}
		f.clock.Set(dayStart.Add(24*time.Hour + time.Hour))
		if err := f.submit(t, concern("[dag]"), day); err != nil {
			t.Errorf("a day later: %v", err)
		}
		if n := len(f.queued(t, f.actor(wijkregie.RoleTeamLead), "[limiet]")); n != app.ConcernsPerHour+2 {
			t.Errorf("%d reports registered; want %d", n, app.ConcernsPerHour+2)
		}
	})
}

// TestPublicUser: every municipality has the form's user — the demo's,
// made after migration 0021, too —; nobody logs in as it, it is in no
// list of colleagues, and the store and the policy name it alike.
func TestPublicUser(t *testing.T) {
	if store.PublicUserID != policy.PublicUserID || store.PublicRole != string(policy.PublicRole) {
		t.Fatalf("store names the public user %s/%s, policy %s/%s", store.PublicUserID, store.PublicRole, policy.PublicUserID, policy.PublicRole)
	}
	each(t, func(t *testing.T, f *fixture) {
		u, err := f.s.R().User(f.ctx, demo.MunicipalityID, policy.PublicUserID)
		if err != nil {
			t.Fatalf("the demo municipality's public user: %v", err)
		}
		if u.Role != policy.PublicRole || u.Active || u.TeamID != "" || u.OrganisationID != "" {
			t.Errorf("public user %+v; want role publiek, inactive, no team or organisation", u)
		}
		for _, pw := range []string{"", demo.Password, "publiek"} {
			if _, _, err := f.svc.Login(f.ctx, demo.MunicipalityID, u.Email, pw, "192.0.2.40"); code(err) != wijkregie.EUNAUTHORIZED {
				t.Errorf("login as the public user with %q = %v; want unauthorized", pw, err)
			}
		}
		users, total, err := f.svc.Users(f.ctx, f.actor(wijkregie.RoleAdmin), store.UserFilter{Page: store.Page{Limit: store.MaxLimit}})
		if err != nil {
			t.Fatal(err)
		}
		for _, u := range users {
			if u.ID == policy.PublicUserID {
				t.Errorf("the users list holds the public user")
			}
		}
		if total != len(users) {
			t.Errorf("users: %d listed of %d; want all", len(users), total)
		}
		byRole, _, err := f.svc.Users(f.ctx, f.actor(wijkregie.RoleAdmin), store.UserFilter{Role: policy.PublicRole})
		if err != nil || len(byRole) != 0 {
			t.Errorf("users of role publiek = %d, %v; want none", len(byRole), err)
		}
		// The public actor is refused what CreateSignal and every other
		// use case asks of the policy.
		public := policy.PublicActor(demo.MunicipalityID)
		if err := f.svc.CreateSignal(f.ctx, public, &wijkregie.Signal{}, nil); code(err) != wijkregie.EFORBIDDEN {
			t.Errorf("CreateSignal as the public actor = %v; want forbidden", err)
		}
		if _, _, err := f.svc.Signals(f.ctx, public, store.SignalFilter{}); code(err) != wijkregie.EFORBIDDEN {
			t.Errorf("Signals as the public actor = %v; want forbidden", err)
		}
		if _, _, err := f.svc.TriageQueue(f.ctx, public, store.Page{}); code(err) != wijkregie.EFORBIDDEN {
			t.Errorf("TriageQueue as the public actor = %v; want forbidden", err)
		}
	})
}

// TestConcernIsNoParty: a resident's report is matched for the team that
// triages it — its page names who else works with the family — but the
// form's user is named to no one and told nothing, before or after.
func TestConcernIsNoParty(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		pro, lead := f.actor(wijkregie.RoleProfessional), f.actor(wijkregie.RoleTeamLead)
		addr := &wijkregie.Address{Street: "Kerkstraat", Number: 20, Postcode: "2581AB", Town: "Duinhaven"}
		earlier := &wijkregie.Signal{Kind: wijkregie.SignalHelpRequest, SourceKind: wijkregie.SourceSelf, Domains: []string{"financien"},
			Description: "Vraagt hulp bij post.", Urgency: wijkregie.UrgencyNormal}
		if err := f.svc.CreateSignal(f.ctx, pro, earlier, addr); err != nil {
			t.Fatal(err)
		}
		unread := func(a wijkregie.Actor) int {
			t.Helper()
			in, err := f.svc.Notifications(f.ctx, a, store.Page{})
			if err != nil {
				t.Fatal(err)
			}
			return in.Total
		}
		before := unread(pro)

		c := concern("[no-party]")
		c.Number = "20"
		if err := f.submit(t, c, "192.0.2.30"); err != nil {
			t.Fatalf("SubmitConcern: %v", err)
		}
		sigs := f.queued(t, lead, "[no-party]")
		if len(sigs) != 1 || sigs[0].HouseholdID != earlier.HouseholdID {
			t.Fatalf("report %+v; want one on the household of the earlier signal %s", sigs, earlier.HouseholdID)
		}
		v, err := f.svc.Signal(f.ctx, lead, sigs[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(v.Matches) != 1 || v.Matches[0].UserID != pro.UserID {
			t.Errorf("the report's matches %+v; want the professional of the earlier signal", v.Matches)
		}
		if n := unread(pro); n != before {
			t.Errorf("the professional has %d notifications after the report; want %d: the form is no party", n, before)
		}

		// A later signal by a professional names the professional only.
		later := &wijkregie.Signal{Kind: wijkregie.SignalCareReport, SourceKind: wijkregie.SourceSchool, Domains: []string{"financien"},
			Description: "School maakt zich zorgen.", Urgency: wijkregie.UrgencyNormal}
		if err := f.svc.CreateSignal(f.ctx, lead, later, addr); err != nil {
			t.Fatal(err)
		}
		in, err := f.svc.Notifications(f.ctx, lead, store.Page{Limit: store.MaxLimit})
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range in.Notifications {
			if n.OtherUserID == policy.PublicUserID {
				t.Errorf("notification %+v names the public form's user", n)
			}
		}
		ns, _, _, err := f.s.R().Notifications(f.ctx, demo.MunicipalityID, policy.PublicUserID, store.Page{Limit: store.MaxLimit})
		if err != nil {
			t.Fatal(err)
		}
		if len(ns) != 0 {
			t.Errorf("the public form's user has %d notifications; want none", len(ns))
		}
	})
}
