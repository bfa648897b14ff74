package web_test

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"wijkregie"
	"wijkregie/internal/app"
	"wijkregie/internal/demo"
	"wijkregie/internal/locale"
	"wijkregie/internal/metrics"
	"wijkregie/internal/server"
	"wijkregie/internal/store"
	"wijkregie/internal/testdb"
)

// concernClock is the fake clock of the concern form's tests: the form's
// token counts seconds and hours, which no test should sleep through.
type concernClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *concernClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *concernClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// eachConcern runs fn on both stores, with the demo municipality behind a
// server on the fake clock; proxies are the server's trusted proxies.
func eachConcern(t *testing.T, fn func(t *testing.T, e *env, clk *concernClock), proxies ...net.IP) {
	clk := &concernClock{}
	testdb.EachWith(t, testdb.Options{Now: clk.Now}, func(t *testing.T, s *store.Store) {
		clk.now = time.Now().UTC().Truncate(time.Second)
		fn(t, newConcernEnv(t, s, clk, proxies...), clk)
	})
}

// newConcernEnv is newEnv with the service on the clock.
func newConcernEnv(t *testing.T, s *store.Store, clk *concernClock, proxies ...net.IP) *env {
	t.Helper()
	ctx := context.Background()
	if _, err := demo.Load(ctx, s, demo.Options{Households: 30, PasswordParams: cheap}); err != nil {
		t.Fatalf("demo.Load: %v", err)
	}
	cat, err := locale.Load()
	if err != nil {
		t.Fatal(err)
	}
	e := &env{store: s, svc: app.New(s, app.Options{PasswordParams: cheap, Now: clk.Now}), cat: cat, users: map[wijkregie.Role]*wijkregie.User{}}
	h, err := server.New(server.Config{App: e.svc, Catalogue: cat, Metrics: metrics.NewRegistry(), TrustedProxies: proxies})
	if err != nil {
		t.Fatalf("server.New: %v", err)
	}
	e.srv = httptest.NewServer(h)
	t.Cleanup(e.srv.Close)
	for _, a := range demo.Accounts() {
		u, err := e.svc.UserByEmail(ctx, wijkregie.SystemActor(demo.MunicipalityID), a.Email)
		if err != nil {
			t.Fatalf("demo account %s: %v", a.Email, err)
		}
		e.users[a.Role] = u
	}
	return e
}

// formPath is the demo municipality's form.
var formPath = "/zorgmelding/" + demo.MunicipalityID

// concernValues is a whole report as a resident fills it in, every value
// distinctive so a page that repeats one is caught.
func concernValues(marker string) url.Values {
	return url.Values{
		"gezin": {"Familie Ooievaar"}, "straat": {"Kerkstraat"}, "huisnummer": {"27"}, "huisnummertoevoeging": {"bis"},
		"postcode": {"2582 QX"}, "woonplaats": {"Duinhaven-Zuid"},
		"omschrijving": {"De kinderen staan 's avonds vaak buiten te wachten. " + marker},
		"onderwerpen":  {"kinderen", "thuis"}, "spoed": {"nee"}, "anoniem": {"ja"},
		"melder_naam": {"Truus Tuinhek"}, "melder_telefoon": {"06 9876 5432"}, "melder_email": {"truus@tuinhek.example"},
	}
}

// echoed are the values of concernValues a page must never show.
var echoed = []string{"Ooievaar", "Kerkstraat", "27", "bis", "2582", "QX", "Duinhaven-Zuid", "kinderen staan", "Truus", "Tuinhek", "9876", "truus@"}

// formToken fetches the form and returns its token.
func formToken(t *testing.T, c *client) string {
	t.Helper()
	r := c.get(t, formPath)
	if r.status != http.StatusOK {
		t.Fatalf("GET %s: %d", formPath, r.status)
	}
	return tokenOf(t, r.body)
}

func tokenOf(t *testing.T, body string) string {
	t.Helper()
	els := elements(body, "input", "name", "formulier", "type", "hidden")
	if len(els) != 1 || els[0].attrs["value"] == "" {
		t.Fatalf("the page has %d token fields; want 1 with a value", len(els))
	}
	return els[0].attrs["value"]
}

// send posts a report with the token, as the browser does from the form.
func send(t *testing.T, c *client, form url.Values, token string, headers ...string) *response {
	t.Helper()
	f := url.Values{}
	for k, v := range form {
		f[k] = v
	}
	f.Set("formulier", token)
	return c.post(t, formPath, f, headers...)
}

// TestConcernFormPage: the form needs no login, shows the lines for
// danger first, asks in fieldsets with legends, and has no menu.
func TestConcernFormPage(t *testing.T) {
	eachConcern(t, func(t *testing.T, e *env, clk *concernClock) {
		c := e.anon(t)
		for _, path := range []string{"/zorgmelding", formPath} {
			r := c.get(t, path)
			if r.status != http.StatusOK {
				t.Fatalf("GET %s: %d", path, r.status)
			}
			if got := dangerText(t, r.body); !strings.Contains(got, "Is er direct gevaar? Bel 112.") ||
				!strings.Contains(got, "Bel Veilig Thuis: 0800-2000 (gratis, dag en nacht).") {
				t.Errorf("%s: the danger lines read %q", path, got)
			}
			forms := elements(r.body, "form", "method", "post")
			if len(forms) != 1 || forms[0].attrs["action"] != formPath {
				t.Fatalf("%s: forms %v; want one posting to %s", path, forms, formPath)
			}
			if len(elements(r.body, "nav")) != 0 {
				t.Errorf("%s: the public page shows a menu", path)
			}
			// The header's name leads a resident back to the form, not to
			// the staff's login.
			if home := elements(r.body, "a", "class", "app-naam"); len(home) != 1 || home[0].attrs["href"] != "/zorgmelding" {
				t.Errorf("%s: the header's link %v; want one to /zorgmelding", path, home)
			}
			if r.header.Get("Cache-Control") != "no-store" {
				t.Errorf("%s: Cache-Control %q; want no-store", path, r.header.Get("Cache-Control"))
			}
			legends := texts(r.body, "legend")
			for _, want := range []string{"zorgmelding.wie.kop", "zorgmelding.wat.kop", "zorgmelding.label.onderwerpen",
				"zorgmelding.label.spoed", "zorgmelding.label.anoniem", "zorgmelding.melder.kop"} {
				if !contains(legends, e.t(want)) {
					t.Errorf("%s: legends %q lack %q", path, legends, e.t(want))
				}
			}
			// Every control has its label.
			for _, el := range elements(r.body, "input") {
				if el.attrs["type"] == "hidden" {
					continue
				}
				if len(elements(r.body, "label", "for", el.attrs["id"])) != 1 {
					t.Errorf("%s: input %s has no label", path, el.attrs["id"])
				}
			}
			// The family's address is not the resident's own: no autofill.
			for _, id := range []string{"gezin", "straat", "huisnummer", "postcode", "woonplaats"} {
				if got := byID(t, r.body, id).attrs["autocomplete"]; got != "off" {
					t.Errorf("%s: #%s autocomplete %q; want off", path, id, got)
				}
			}
			// The safe answers are chosen: anonymous, not urgent.
			for _, id := range []string{"anoniem", "spoed-nee"} {
				if !byID(t, r.body, id).has("checked") {
					t.Errorf("%s: #%s is not chosen", path, id)
				}
			}
		}
		// Two forms get two tokens.
		if a, b := formToken(t, c), formToken(t, c); a == b {
			t.Errorf("two forms share the token %s", a)
		}
		if r := c.get(t, "/zorgmelding/GM0000"); r.status != http.StatusNotFound {
			t.Errorf("an unknown municipality's form: %d; want 404", r.status)
		}
		if r := c.get(t, "/zorgmelding/onzin"); r.status != http.StatusNotFound {
			t.Errorf("no municipality code: %d; want 404", r.status)
		}

		// With a second municipality, /zorgmelding lists both.
		if err := e.store.Tx(context.Background(), func(q *store.Q) error {
			return q.CreateMunicipality(context.Background(), &wijkregie.Municipality{ID: "GM9902", Name: "Zandvoorde"})
		}); err != nil {
			t.Fatal(err)
		}
		r := c.get(t, "/zorgmelding")
		if r.status != http.StatusOK {
			t.Fatalf("GET /zorgmelding with two municipalities: %d", r.status)
		}
		var links []string
		for _, a := range elements(inner(r.body, byID(t, r.body, "gemeenten")), "a") {
			links = append(links, a.attrs["href"])
		}
		if strings.Join(links, " ") != "/zorgmelding/"+demo.MunicipalityID+" /zorgmelding/GM9902" {
			t.Errorf("the list links to %v; want both forms", links)
		}
		if r := c.get(t, "/zorgmelding/GM9902"); r.status != http.StatusOK || len(elements(r.body, "form", "action", "/zorgmelding/GM9902")) != 1 {
			t.Errorf("the second municipality's form: %d", r.status)
		}
	})
}

// dangerText is the text of the lines about danger, as a reader reads
// it: the link to 112 is part of its sentence.
func dangerText(t *testing.T, body string) string {
	t.Helper()
	return strings.ReplaceAll(textOf(t, body, "direct-gevaar"), " .", ".")
}

// queuedAt returns the id of the signal in the client's /triage whose
// household is at the address, walking the pages; "" when none is.
func queuedAt(t *testing.T, c *client, address string) string {
	t.Helper()
	for n := 1; n < 100; n++ {
		q := c.get(t, "/triage?pagina="+strconv.Itoa(n))
		if q.status != http.StatusOK {
			t.Fatalf("/triage page %d: %d", n, q.status)
		}
		rows := elements(q.body, "tr")
		if len(rows) <= 1 {
			return ""
		}
		for _, tr := range rows {
			row := inner(q.body, tr)
			if !strings.Contains(text(row), address) {
				continue
			}
			for _, a := range elements(row, "a") {
				if href := a.attrs["href"]; strings.HasPrefix(href, "/signalen/") && strings.HasSuffix(href, "/triage") {
					return strings.TrimSuffix(strings.TrimPrefix(href, "/signalen/"), "/triage")
				}
			}
		}
		if !strings.Contains(q.body, "pagina="+strconv.Itoa(n+1)) {
			return ""
		}
	}
	return ""
}

// TestConcernReachesTriage: a resident sends a report; the answer is a
// redirect to a fixed page that thanks them and repeats nothing; a
// professional of the team serving the postcode finds it in /triage and
// reads it, anonymous to the family; another team's does not see it.
func TestConcernReachesTriage(t *testing.T) {
	eachConcern(t, func(t *testing.T, e *env, clk *concernClock) {
		c := e.anon(t)
		tok := formToken(t, c)
		clk.Advance(10 * time.Second)
		r := send(t, c, concernValues("[triage-web]"), tok, "Origin", e.srv.URL, "Sec-Fetch-Site", "same-origin")
		if r.status != http.StatusSeeOther {
			t.Fatalf("POST the report: %d; want 303. Page: %s", r.status, text(r.body))
		}
		thanks := "/zorgmelding/" + demo.MunicipalityID + "/ontvangen"
		if loc := r.header.Get("Location"); loc != thanks {
			t.Errorf("redirect to %q; want %q", loc, thanks)
		}
		p := c.get(t, thanks)
		if p.status != http.StatusOK || !strings.Contains(textOf(t, p.body, "inhoud"), "Bedankt. Uw melding is ontvangen.") {
			t.Fatalf("thank-you page: %d, %q", p.status, text(p.body))
		}
		for _, page := range []*response{r, p} {
			for _, v := range append(echoed, "[triage-web]") {
				if strings.Contains(page.body, v) || strings.Contains(page.header.Get("Location"), v) {
					t.Errorf("the answer repeats %q", v)
				}
			}
		}

		// Centrum's professional finds it in the triage queue.
		pro := e.as(t, wijkregie.RoleProfessional)
		id := queuedAt(t, pro, "Kerkstraat 27 bis")
		if id == "" {
			t.Fatalf("/triage does not list the report at Kerkstraat 27 bis")
		}
		s := pro.get(t, "/signalen/"+id)
		if s.status != http.StatusOK {
			t.Fatalf("the signal's page: %d", s.status)
		}
		page := text(s.body)
		for _, want := range []string{"[triage-web]", "Naam volgens de melder: Familie Ooievaar", "Truus Tuinhek, 06 9876 5432, truus@tuinhek.example",
			e.t("signaal.anoniem"), e.t("bron.buurtbewoner"), e.t("signaalsoort.zorgmelding")} {
			if !strings.Contains(page, want) {
				t.Errorf("the signal's page lacks %q", want)
			}
		}

		// Another team's lead does not see it.
		other := e.anon(t)
		if l := other.post(t, "/inloggen", url.Values{"gemeente": {demo.MunicipalityID}, "email": {"h.kramer@duinhaven.example"}, "wachtwoord": {demo.Password}}); l.status != http.StatusSeeOther {
			t.Fatalf("login as Havenkwartier's lead: %d", l.status)
		}
		if queuedAt(t, other, "Kerkstraat 27 bis") != "" {
			t.Errorf("Havenkwartier's queue shows Centrum's report")
		}
		if s := other.get(t, "/signalen/"+id); s.status != http.StatusNotFound {
			t.Errorf("Havenkwartier's lead opens the signal: %d; want 404", s.status)
		}
	})
}

// TestConcernFormErrors: a report with mistakes comes back with the
// messages beside the fields, listed at the top with links, the input
// kept and a new token; a refused token explains itself and keeps the
// input too.
func TestConcernFormErrors(t *testing.T) {
	eachConcern(t, func(t *testing.T, e *env, clk *concernClock) {
		c := e.anon(t)
		tok := formToken(t, c)
		clk.Advance(10 * time.Second)
		bad := concernValues("[fout]")
		bad.Set("straat", "")
		bad.Set("postcode", "9999 ZZ")
		bad.Set("omschrijving", strings.Repeat("x", app.ConcernMaxText+1))
		bad.Set("melder_email", "truus@")
		r := send(t, c, bad, tok)
		if r.status != http.StatusUnprocessableEntity {
			t.Fatalf("a report with mistakes: %d; want 422", r.status)
		}
		byID(t, r.body, "foutoverzicht-kop")
		var links []string
		for _, a := range elements(r.body, "a") {
			if strings.HasPrefix(a.attrs["href"], "#") && a.attrs["href"] != "#inhoud" {
				links = append(links, a.attrs["href"])
			}
		}
		if want := "#straat #postcode #omschrijving #melder_email"; strings.Join(links, " ") != want {
			t.Errorf("the summary links to %v; want %s", links, want)
		}
		for id, key := range map[string]string{"straat-fout": "veld.zorgmelding.straat", "postcode-fout": "veld.zorgmelding.postcode_gemeente",
			"omschrijving-fout": "veld.zorgmelding.max_4000", "melder_email-fout": "veld.zorgmelding.email"} {
			if got := textOf(t, r.body, id); !strings.Contains(got, e.t(key)) {
				t.Errorf("#%s reads %q; want %q", id, got, e.t(key))
			}
		}
		if got := byID(t, r.body, "straat").attrs["aria-invalid"]; got != "true" {
			t.Errorf("#straat aria-invalid %q", got)
		}
		// The input is kept, the long text too.
		if got := byID(t, r.body, "gezin").attrs["value"]; got != "Familie Ooievaar" {
			t.Errorf("#gezin kept %q", got)
		}
		if got := text(inner(r.body, byID(t, r.body, "omschrijving"))); len(got) != app.ConcernMaxText+1 {
			t.Errorf("the text kept has %d characters; want %d", len(got), app.ConcernMaxText+1)
		}
		for _, id := range []string{"onderwerpen-kinderen", "onderwerpen-thuis", "anoniem", "spoed-nee"} {
			if !byID(t, r.body, id).has("checked") {
				t.Errorf("#%s lost its tick", id)
			}
		}
		next := tokenOf(t, r.body)
		if next == tok {
			t.Errorf("the form came back with the same token")
		}

		// Bytes no keyboard types: refused beside the field, never a 500.
		junk := concernValues("[fout]")
		junk.Set("omschrijving", "Zorgen\x00\xff")
		if r := send(t, c, junk, tokenOf(t, r.body)); r.status != http.StatusUnprocessableEntity ||
			!strings.Contains(textOf(t, r.body, "omschrijving-fout"), e.t("veld.zorgmelding.tekens")) {
			t.Errorf("a NUL byte and no UTF-8: %d; want 422 and the message beside the field", r.status)
		}

		// Sent back at once with a new token: too soon for a person.
		r = send(t, c, concernValues("[fout]"), next)
		if r.status != http.StatusUnprocessableEntity || !strings.Contains(text(r.body), e.t("zorgmelding.formulier.opnieuw")) {
			t.Errorf("too soon: %d, %q", r.status, text(r.body))
		}
		if got := byID(t, r.body, "melder_naam").attrs["value"]; got != "Truus Tuinhek" {
			t.Errorf("too soon: the name kept is %q", got)
		}
		// An altered token.
		clk.Advance(10 * time.Second)
		r = send(t, c, concernValues("[fout]"), next[:len(next)-4]+"AAAA")
		if r.status != http.StatusUnprocessableEntity || !strings.Contains(text(r.body), e.t("zorgmelding.formulier.opnieuw")) {
			t.Errorf("altered token: %d, %q", r.status, text(r.body))
		}
		// Expired: the text is kept and can be sent with the new token.
		old := next
		clk.Advance(app.ConcernTokenMaxAge)
		r = send(t, c, concernValues("[fout]"), old)
		if r.status != http.StatusUnprocessableEntity || !strings.Contains(text(r.body), e.t("zorgmelding.formulier.verlopen")) {
			t.Errorf("expired: %d, %q", r.status, text(r.body))
		}
		if got := text(inner(r.body, byID(t, r.body, "omschrijving"))); !strings.Contains(got, "[fout]") {
			t.Errorf("expired: the text kept is %q", got)
		}
		fresh := tokenOf(t, r.body)
		clk.Advance(10 * time.Second)
		if r := send(t, c, concernValues("[fout]"), fresh); r.status != http.StatusSeeOther {
			t.Fatalf("sent again with the new token: %d", r.status)
		}
		// The same token once more: used.
		clk.Advance(10 * time.Second)
		r = send(t, c, concernValues("[fout]"), fresh)
		if r.status != http.StatusUnprocessableEntity || !strings.Contains(text(r.body), e.t("zorgmelding.formulier.al_verstuurd")) {
			t.Errorf("used: %d, %q", r.status, text(r.body))
		}
	})
}

// TestConcernLimits: the sixth report from one address within the hour
// gets the Dutch 429 page with Retry-After; behind a trusted proxy the
// address is the one it names; a body over the limit is a 413 page, never
// a 500.
func TestConcernLimits(t *testing.T) {
	eachConcern(t, func(t *testing.T, e *env, clk *concernClock) {
		c := e.anon(t)
		from := func(addr string) []string { return []string{"X-Forwarded-For", addr} }
		for i := range app.ConcernsPerHour {
			tok := formToken(t, c)
			clk.Advance(10 * time.Second)
			if r := send(t, c, concernValues("[limiet]"), tok, from("203.0.113.5")...); r.status != http.StatusSeeOther {
				t.Fatalf("report %d: %d", i+1, r.status)
			}
		}
		tok := formToken(t, c)
		clk.Advance(10 * time.Second)
		r := send(t, c, concernValues("[limiet]"), tok, from("203.0.113.5")...)
		if r.status != http.StatusTooManyRequests {
			t.Fatalf("the sixth report: %d; want 429", r.status)
		}
		secs, err := strconv.Atoi(r.header.Get("Retry-After"))
		if err != nil || secs <= 0 || secs > 3600 {
			t.Errorf("Retry-After %q; want the seconds until the hour's first report leaves it", r.header.Get("Retry-After"))
		}
		if got := textOf(t, r.body, "inhoud"); !strings.Contains(got, e.t("zorgmelding.te_veel.kop")) || !strings.Contains(dangerText(t, r.body), "Is er direct gevaar? Bel 112.") {
			t.Errorf("the 429 page reads %q", got)
		}
		for _, v := range echoed {
			if strings.Contains(r.body, v) {
				t.Errorf("the 429 page repeats %q", v)
			}
		}
		// Another address behind the same proxy is not refused.
		if r := send(t, c, concernValues("[limiet]"), tok, from("203.0.113.6")...); r.status != http.StatusSeeOther {
			t.Errorf("another address behind the proxy: %d", r.status)
		}

		// Too large to read: 413, the page in Dutch.
		tok = formToken(t, c)
		clk.Advance(10 * time.Second)
		huge := concernValues("[groot]")
		huge.Set("omschrijving", strings.Repeat("€", 30_000))
		r = send(t, c, huge, tok, from("203.0.113.7")...)
		if r.status != http.StatusRequestEntityTooLarge || !strings.Contains(text(r.body), e.t("zorgmelding.te_groot.kop")) {
			t.Errorf("a huge report: %d, %q; want 413 and the page", r.status, text(r.body))
		}
		// The longest text allowed, in the widest characters, fits.
		widest := concernValues("[breed]")
		widest.Set("omschrijving", strings.Repeat("😟", app.ConcernMaxText-len("[breed]"))+"[breed]")
		if r := send(t, c, widest, tok, from("203.0.113.7")...); r.status != http.StatusSeeOther {
			t.Errorf("4000 characters of emoji: %d; want 303", r.status)
		}
	}, net.ParseIP("127.0.0.1"))
}

// TestConcernForgedForwardedFor: without a trusted proxy X-Forwarded-For
// is not believed: the connection's address is counted.
func TestConcernForgedForwardedFor(t *testing.T) {
	eachConcern(t, func(t *testing.T, e *env, clk *concernClock) {
		c := e.anon(t)
		for i := range app.ConcernsPerHour + 1 {
			tok := formToken(t, c)
			clk.Advance(10 * time.Second)
			r := send(t, c, concernValues("[vals]"), tok, "X-Forwarded-For", "203.0.113."+strconv.Itoa(i+10))
			want := http.StatusSeeOther
			if i == app.ConcernsPerHour {
				want = http.StatusTooManyRequests
			}
			if r.status != want {
				t.Errorf("report %d with a forged X-Forwarded-For: %d; want %d", i+1, r.status, want)
			}
		}
	})
}

// TestConcernCrossOrigin: the form's post is refused from another origin,
// as every form post is (CrossOriginProtection).
func TestConcernCrossOrigin(t *testing.T) {
	eachConcern(t, func(t *testing.T, e *env, clk *concernClock) {
		c := e.anon(t)
		tok := formToken(t, c)
		clk.Advance(10 * time.Second)
		r := send(t, c, concernValues("[csrf]"), tok, "Origin", "https://elders.example", "Sec-Fetch-Site", "cross-site")
		if r.status != http.StatusForbidden {
			t.Errorf("a cross-origin post: %d; want 403", r.status)
		}
		pro := e.as(t, wijkregie.RoleTeamLead)
		if queuedAt(t, pro, "Kerkstraat 27 bis") != "" {
			t.Errorf("the cross-origin report was registered")
		}
	})
}
