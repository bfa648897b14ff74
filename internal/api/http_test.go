package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"wijkregie"
	"wijkregie/internal/api"
	"wijkregie/internal/app"
	"wijkregie/internal/auth"
	"wijkregie/internal/demo"
	"wijkregie/internal/locale"
	"wijkregie/internal/metrics"
	"wijkregie/internal/server"
	"wijkregie/internal/store"
	"wijkregie/internal/testdb"
)

func TestMain(m *testing.M) { os.Exit(testdb.Main(m)) }

// cheap keeps password hashing in tests fast.
var cheap = auth.Params{Memory: 64, Time: 1, Threads: 1}

// fixture is the whole server on a demo municipality, with an API token
// for each demo role.
type fixture struct {
	t      *testing.T
	s      *store.Store
	svc    *app.Service
	srv    *httptest.Server
	tokens map[wijkregie.Role]string
	users  map[wijkregie.Role]*wijkregie.User
}

func newFixture(t *testing.T, s *store.Store) *fixture {
	t.Helper()
	ctx := context.Background()
	if _, err := demo.Load(ctx, s, demo.Options{Households: 30, PasswordParams: cheap}); err != nil {
		t.Fatal(err)
	}
	cat, err := locale.Load()
	if err != nil {
		t.Fatal(err)
	}
	svc := app.New(s, app.Options{PasswordParams: cheap})
	h, err := server.New(server.Config{App: svc, Catalogue: cat, Logger: slog.New(slog.DiscardHandler), Metrics: metrics.NewRegistry()})
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{t: t, s: s, svc: svc, srv: httptest.NewServer(h),
		tokens: map[wijkregie.Role]string{}, users: map[wijkregie.Role]*wijkregie.User{}}
	t.Cleanup(f.srv.Close)
	for _, a := range demo.Accounts() {
		u, _, err := s.R().UserByEmail(ctx, demo.MunicipalityID, a.Email)
		if err != nil {
			t.Fatalf("demo account %s: %v", a.Email, err)
		}
		tok, _, err := svc.CreateToken(ctx, wijkregie.ActorOf(u), u.ID, "test")
		if err != nil {
			t.Fatal(err)
		}
		f.tokens[a.Role], f.users[a.Role] = tok, u
	}
	return f
}

// response is what a test reads of an answer.
type response struct {
	status int
	header http.Header
	body   []byte
}

// do sends a request as role ("" for none) and checks what every API
// response must carry, errors included.
func (f *fixture) do(role wijkregie.Role, method, path string, body any, header ...string) *response {
	f.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	case []byte:
		rd = bytes.NewReader(b)
	default:
		data, err := json.Marshal(b)
		if err != nil {
			f.t.Fatal(err)
		}
		rd = bytes.NewReader(data)
	}
	req, err := http.NewRequest(method, f.srv.URL+path, rd)
	if err != nil {
		f.t.Fatal(err)
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if role != "" {
		req.Header.Set("Authorization", "Bearer "+f.tokens[role])
	}
	for i := 0; i+1 < len(header); i += 2 {
		if header[i+1] == "" {
			req.Header.Del(header[i])
		} else {
			req.Header.Set(header[i], header[i+1])
		}
	}
	res, err := f.srv.Client().Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	if err != nil {
		f.t.Fatal(err)
	}
	r := &response{status: res.StatusCode, header: res.Header, body: data}
	if got := res.Header.Get("API-Version"); got != api.Version {
		f.t.Errorf("%s %s: API-Version = %q, want %q", method, path, got, api.Version)
	}
	if res.StatusCode >= 400 {
		if got := res.Header.Get("Content-Type"); got != "application/problem+json" {
			f.t.Errorf("%s %s: %d with Content-Type %q, want application/problem+json", method, path, res.StatusCode, got)
		}
	}
	if res.StatusCode != http.StatusNotModified && res.StatusCode < 400 && !strings.HasSuffix(path, "/openapi.json") {
		if got := res.Header.Get("Cache-Control"); got != "no-store" {
			f.t.Errorf("%s %s: Cache-Control = %q, want no-store", method, path, got)
		}
	}
	return r
}

// want fails the test unless the response has the status.
func (r *response) want(t *testing.T, status int) *response {
	t.Helper()
	if r.status != status {
		t.Fatalf("status = %d, want %d; body: %s", r.status, status, r.body)
	}
	return r
}

func (r *response) decode(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(r.body, v); err != nil {
		t.Fatalf("body %s: %v", r.body, err)
	}
}

func (r *response) problem(t *testing.T) api.Problem {
	t.Helper()
	var p api.Problem
	r.decode(t, &p)
	if p.Status != r.status || p.Title == "" || p.Detail == "" {
		t.Errorf("problem %+v lacks status, title or detail", p)
	}
	return p
}

func paramNames(p api.Problem) []string {
	var names []string
	for _, ip := range p.InvalidParams {
		names = append(names, ip.Name)
	}
	return names
}

func TestAPI(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		t.Run("openapi", f.testOpenAPI)
		t.Run("unauthenticated", f.testUnauthenticated)
		t.Run("forbidden", f.testForbidden)
		t.Run("pagination", f.testPagination)
		t.Run("bad query", f.testBadQuery)
		t.Run("create", f.testCreate)
		t.Run("invalid create", f.testInvalidCreate)
		t.Run("bad bodies", f.testBadBodies)
		t.Run("conditional get", f.testConditionalGet)
		t.Run("conditional put", f.testConditionalPut)
		t.Run("household scope", f.testHouseholdScope)
		t.Run("user email is fixed", f.testUserEmailFixed)
		t.Run("person read is audited", f.testPersonAudited)
		t.Run("audit log", f.testAuditLog)
		t.Run("revoked token", f.testRevokedToken)
		t.Run("unknown path", f.testUnknownPath)
	})
}

func (f *fixture) sub(t *testing.T) *fixture {
	g := *f
	g.t = t
	return &g
}

func (f *fixture) testOpenAPI(t *testing.T) {
	f = f.sub(t)
	r := f.do("", "GET", "/api/v1/openapi.json", nil).want(t, http.StatusOK)
	var doc struct {
		OpenAPI string `json:"openapi"`
		Info    struct {
			Version string `json:"version"`
		} `json:"info"`
	}
	r.decode(t, &doc)
	if doc.Info.Version != api.Version || !strings.HasPrefix(doc.OpenAPI, "3.") {
		t.Errorf("document openapi %q version %q, want 3.x and %q", doc.OpenAPI, doc.Info.Version, api.Version)
	}
	if got := r.header.Get("Access-Control-Allow-Origin"); got != "*" {
		t.Errorf("Access-Control-Allow-Origin = %q, want *", got)
	}
	f.do("", "GET", "/api/v1/openapi.json", nil, "If-None-Match", r.header.Get("ETag")).want(t, http.StatusNotModified)
}

func (f *fixture) testUnauthenticated(t *testing.T) {
	f = f.sub(t)
	for _, tt := range []struct {
		name, authorization, challenge string
	}{
		{"no token", "", "Bearer"},
		{"bad token", "Bearer GM9901.onzin", `Bearer error="invalid_token"`},
		{"other scheme", "Basic YWRtaW46YWRtaW4=", `Bearer error="invalid_token"`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := f.sub(t)
			r := f.do("", "GET", "/api/v1/teams", nil, "Authorization", tt.authorization).want(t, http.StatusUnauthorized)
			r.problem(t)
			if got := r.header.Get("WWW-Authenticate"); got != tt.challenge {
				t.Errorf("WWW-Authenticate = %q, want %q", got, tt.challenge)
			}
		})
	}
}

func (f *fixture) testForbidden(t *testing.T) {
	f = f.sub(t)
	for _, tt := range []struct {
		role         wijkregie.Role
		method, path string
		body         any
	}{
		{wijkregie.RolePolicy, "GET", "/api/v1/huishoudens", nil},
		{wijkregie.RoleAdmin, "GET", "/api/v1/huishoudens", nil},
		{wijkregie.RoleProfessional, "GET", "/api/v1/auditlog", nil},
		{wijkregie.RolePartner, "GET", "/api/v1/medewerkers", nil},
		{wijkregie.RoleProfessional, "POST", "/api/v1/teams", map[string]any{"naam": "Wijkteam Stiekem"}},
		{wijkregie.RolePolicy, "GET", "/api/v1/toestemmingen", nil},
		{wijkregie.RoleAdmin, "GET", "/api/v1/toestemmingen/01890a5d-ac96-774b-bcce-b302099a8057", nil},
		{wijkregie.RolePartner, "POST", "/api/v1/toestemmingen", map[string]any{}},
		{wijkregie.RolePartner, "POST", "/api/v1/toestemmingen/01890a5d-ac96-774b-bcce-b302099a8057/intrekken", map[string]any{}},
	} {
		r := f.do(tt.role, tt.method, tt.path, tt.body).want(t, http.StatusForbidden)
		if p := r.problem(t); p.Instance != tt.path {
			t.Errorf("%s %s as %s: instance = %q, want %q", tt.method, tt.path, tt.role, p.Instance, tt.path)
		}
	}
}

type list[T any] struct {
	Resultaten []T            `json:"resultaten"`
	Paginering api.Paginering `json:"paginering"`
}

func (f *fixture) testPagination(t *testing.T) {
	f = f.sub(t)
	all, err := f.s.R().Organisations(context.Background(), demo.MunicipalityID)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) < 7 {
		t.Fatalf("demo has %d organisations; the test needs at least 7", len(all))
	}
	pages := (len(all) + 2) / 3
	var names []string
	for n := 1; n <= pages; n++ {
		path := "/api/v1/organisaties?paginaGrootte=3&pagina=" + strconv.Itoa(n)
		r := f.do(wijkregie.RoleProfessional, "GET", path, nil).want(t, http.StatusOK)
		var l list[api.Organisatie]
		r.decode(t, &l)
		want := api.Paginering{Pagina: n, PaginaGrootte: 3, Totaal: len(all), AantalPaginas: pages}
		if diff := cmp.Diff(l.Paginering, want); diff != "" {
			t.Errorf("page %d paginering (-got +want):\n%s", n, diff)
		}
		for _, o := range l.Resultaten {
			names = append(names, o.Naam)
		}
		link := r.header.Get("Link")
		hasNext := strings.Contains(link, `rel="next"`)
		hasPrev := strings.Contains(link, `rel="prev"`)
		if hasNext != (n < pages) || hasPrev != (n > 1) {
			t.Errorf("page %d of %d: Link %q", n, pages, link)
		}
		if n < pages && !strings.Contains(link, "pagina="+strconv.Itoa(n+1)) {
			t.Errorf("page %d: Link %q does not point to page %d", n, link, n+1)
		}
	}
	var want []string
	for _, o := range all {
		want = append(want, o.Name)
	}
	if diff := cmp.Diff(names, want); diff != "" {
		t.Errorf("organisations over all pages (-got +want):\n%s", diff)
	}

	// Users are paginated by the store.
	r := f.do(wijkregie.RoleAdmin, "GET", "/api/v1/medewerkers?rol=professional&paginaGrootte=2", nil).want(t, http.StatusOK)
	var users list[api.Medewerker]
	r.decode(t, &users)
	if len(users.Resultaten) != 2 || users.Paginering.Totaal < 3 {
		t.Fatalf("professionals page = %d of %d, want 2 of at least 3", len(users.Resultaten), users.Paginering.Totaal)
	}
	for _, u := range users.Resultaten {
		if u.Rol != "professional" {
			t.Errorf("rol=professional listed %s with rol %q", u.Email, u.Rol)
		}
	}
	if !strings.Contains(r.header.Get("Link"), "rol=professional") {
		t.Errorf("Link %q loses the filter", r.header.Get("Link"))
	}
	if strings.Contains(string(r.body), "wachtwoord") {
		t.Error("a user list shows a password field")
	}
}

func (f *fixture) testBadQuery(t *testing.T) {
	f = f.sub(t)
	for _, tt := range []struct {
		role   wijkregie.Role
		path   string
		params []string
	}{
		{wijkregie.RoleProfessional, "/api/v1/teams?pagina=0", []string{"pagina"}},
		{wijkregie.RoleProfessional, "/api/v1/huishoudens?pagina=x&paginaGrootte=201", []string{"pagina", "paginaGrootte"}},
		{wijkregie.RoleAdmin, "/api/v1/medewerkers?rol=baas&team=abc", []string{"rol", "team"}},
		{wijkregie.RoleAdmin, "/api/v1/auditlog?persoon=999990019", []string{"persoon"}},
	} {
		p := f.do(tt.role, "GET", tt.path, nil).want(t, http.StatusBadRequest).problem(t)
		if diff := cmp.Diff(paramNames(p), tt.params); diff != "" {
			t.Errorf("GET %s invalidParams (-got +want):\n%s", tt.path, diff)
		}
	}
}

func (f *fixture) testCreate(t *testing.T) {
	f = f.sub(t)
	r := f.do(wijkregie.RoleAdmin, "POST", "/api/v1/teams", map[string]any{"naam": "Wijkteam Strand", "werkgebied": []string{"2586", "2587-2589"}}).
		want(t, http.StatusCreated)
	var created api.Team
	r.decode(t, &created)
	loc := r.header.Get("Location")
	if loc != "/api/v1/teams/"+created.ID || !wijkregie.ValidID(created.ID) {
		t.Fatalf("Location = %q for team %q", loc, created.ID)
	}
	if r.header.Get("ETag") == "" {
		t.Error("201 without ETag")
	}
	got := f.do(wijkregie.RoleProfessional, "GET", loc, nil).want(t, http.StatusOK)
	if !bytes.Equal(got.body, r.body) || got.header.Get("ETag") != r.header.Get("ETag") {
		t.Errorf("GET %s = %s (ETag %s), want what POST returned: %s (ETag %s)", loc, got.body, got.header.Get("ETag"), r.body, r.header.Get("ETag"))
	}
	want := api.Team{ID: created.ID, Naam: "Wijkteam Strand", Werkgebied: []string{"2586", "2587-2589"}, Actief: true, AangemaaktOp: created.AangemaaktOp}
	if diff := cmp.Diff(created, want); diff != "" {
		t.Errorf("created team (-got +want):\n%s", diff)
	}

	// An organisation created inactive, and a user with a password that
	// never comes back.
	r = f.do(wijkregie.RoleAdmin, "POST", "/api/v1/organisaties", map[string]any{"naam": "Sportclub Duinhaven", "soort": "overig", "actief": false}).
		want(t, http.StatusCreated)
	var org api.Organisatie
	r.decode(t, &org)
	if org.Actief {
		t.Error("organisation created with actief false is active")
	}
	r = f.do(wijkregie.RoleAdmin, "POST", "/api/v1/medewerkers", map[string]any{
		"email": "Nieuw.Collega@Duinhaven.example", "naam": "Nieuwe Collega", "rol": "professional",
		"team": created.ID, "expertise": []string{"schulden"}, "wachtwoord": "een lang wachtwoord",
	}).want(t, http.StatusCreated)
	if strings.Contains(string(r.body), "wachtwoord") {
		t.Errorf("created user shows a password: %s", r.body)
	}
	var u api.Medewerker
	r.decode(t, &u)
	if u.Email != "nieuw.collega@duinhaven.example" || u.Team == nil || *u.Team != created.ID || u.Organisatie != nil {
		t.Errorf("created user = %+v", u)
	}
	f.do(wijkregie.RoleAdmin, "GET", r.header.Get("Location"), nil).want(t, http.StatusOK)
}

func (f *fixture) testInvalidCreate(t *testing.T) {
	f = f.sub(t)
	for _, tt := range []struct {
		path   string
		body   any
		params []string
	}{
		{"/api/v1/teams", map[string]any{"naam": " ", "werkgebied": []string{"25"}}, []string{"naam", "werkgebied"}},
		{"/api/v1/teams", map[string]any{"naam": "Wijkteam X", "id": "01890a5d-ac96-774b-bcce-b302099a8057"}, []string{"id"}},
		{"/api/v1/organisaties", map[string]any{"naam": "Club", "soort": "sportclub", "email": "geen-adres"}, []string{"soort", "email"}},
		{"/api/v1/medewerkers", map[string]any{"email": "x", "naam": "X", "rol": "professional", "wachtwoord": "kort"}, []string{"email", "team", "wachtwoord"}},
		{"/api/v1/medewerkers", map[string]any{"email": "beheer@duinhaven.example", "naam": "Dubbel", "rol": "beheer", "wachtwoord": "een lang wachtwoord"}, []string{"email"}},
		{"/api/v1/medewerkers", map[string]any{"email": "y@duinhaven.example", "naam": "Y", "rol": "professional", "team": "geen-id", "wachtwoord": "een lang wachtwoord"}, []string{"team"}},
	} {
		p := f.do(wijkregie.RoleAdmin, "POST", tt.path, tt.body).want(t, http.StatusBadRequest).problem(t)
		if diff := cmp.Diff(paramNames(p), tt.params); diff != "" {
			t.Errorf("POST %s %v invalidParams (-got +want):\n%s", tt.path, tt.body, diff)
		}
		for _, ip := range p.InvalidParams {
			if ip.Reason == "" || strings.HasPrefix(ip.Reason, "veld.") || strings.HasPrefix(ip.Reason, "api.") {
				t.Errorf("invalid param %+v has no Dutch reason", ip)
			}
		}
	}
}

func (f *fixture) testBadBodies(t *testing.T) {
	f = f.sub(t)
	huge := `{"naam":"` + strings.Repeat("x", api.MaxBody) + `"}`
	for _, tt := range []struct {
		name        string
		contentType string
		body        string
		status      int
		params      []string
	}{
		{"malformed", "application/json", `{"naam":`, 400, []string{"body"}},
		{"wrong type", "application/json", `{"naam":"X","werkgebied":2581}`, 400, []string{"werkgebied"}},
		{"unknown field", "application/json", `{"naam":"X","buurt":"Noord"}`, 400, []string{"buurt"}},
		{"too large", "application/json", huge, 413, nil},
		{"wrong media type", "text/plain", `{"naam":"X"}`, 415, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := f.sub(t)
			p := f.do(wijkregie.RoleAdmin, "POST", "/api/v1/teams", tt.body, "Content-Type", tt.contentType).want(t, tt.status).problem(t)
			if diff := cmp.Diff(paramNames(p), tt.params); diff != "" {
				t.Errorf("invalidParams (-got +want):\n%s", diff)
			}
		})
	}
}

func (f *fixture) firstTeam(t *testing.T) api.Team {
	t.Helper()
	var l list[api.Team]
	f.do(wijkregie.RoleAdmin, "GET", "/api/v1/teams?paginaGrootte=1", nil).want(t, http.StatusOK).decode(t, &l)
	if len(l.Resultaten) == 0 {
		t.Fatal("no teams")
	}
	return l.Resultaten[0]
}

func (f *fixture) testConditionalGet(t *testing.T) {
	f = f.sub(t)
	tm := f.firstTeam(t)
	path := "/api/v1/teams/" + tm.ID
	r := f.do(wijkregie.RoleProfessional, "GET", path, nil).want(t, http.StatusOK)
	tag := r.header.Get("ETag")
	if !strings.HasPrefix(tag, `"`) {
		t.Fatalf("ETag = %q, want a strong tag", tag)
	}
	nm := f.do(wijkregie.RoleProfessional, "GET", path, nil, "If-None-Match", tag).want(t, http.StatusNotModified)
	if len(nm.body) != 0 || nm.header.Get("ETag") != tag {
		t.Errorf("304 with body %q and ETag %q", nm.body, nm.header.Get("ETag"))
	}
	f.do(wijkregie.RoleProfessional, "GET", path, nil, "If-None-Match", `"iets-anders"`).want(t, http.StatusOK)
	f.do(wijkregie.RoleProfessional, "GET", "/api/v1/teams/01890a5d-ac96-774b-bcce-b302099a8057", nil).want(t, http.StatusNotFound).problem(t)
	f.do(wijkregie.RoleProfessional, "GET", "/api/v1/teams/geen-id", nil).want(t, http.StatusNotFound).problem(t)
}

func (f *fixture) testConditionalPut(t *testing.T) {
	f = f.sub(t)
	tm := f.firstTeam(t)
	path := "/api/v1/teams/" + tm.ID
	r := f.do(wijkregie.RoleAdmin, "GET", path, nil).want(t, http.StatusOK)
	tag := r.header.Get("ETag")
	var body map[string]any
	r.decode(t, &body) // sent back whole, read-only fields included
	body["naam"] = tm.Naam + " (vernieuwd)"

	f.do(wijkregie.RoleAdmin, "PUT", path, body).want(t, http.StatusPreconditionRequired).problem(t)
	f.do(wijkregie.RoleAdmin, "PUT", path, body, "If-Match", `"verouderd"`).want(t, http.StatusPreconditionFailed).problem(t)
	f.do(wijkregie.RoleAdmin, "PUT", path, body, "If-Match", "W/"+tag).want(t, http.StatusPreconditionFailed)

	missing := map[string]any{"naam": "Zonder actief"}
	p := f.do(wijkregie.RoleAdmin, "PUT", path, missing, "If-Match", tag).want(t, http.StatusBadRequest).problem(t)
	if diff := cmp.Diff(paramNames(p), []string{"actief"}); diff != "" {
		t.Errorf("PUT without actief: invalidParams (-got +want):\n%s", diff)
	}

	r = f.do(wijkregie.RoleAdmin, "PUT", path, body, "If-Match", tag).want(t, http.StatusOK)
	var got api.Team
	r.decode(t, &got)
	if got.Naam != tm.Naam+" (vernieuwd)" || r.header.Get("ETag") == tag || r.header.Get("ETag") == "" {
		t.Errorf("PUT gave %+v with ETag %q (old %q)", got, r.header.Get("ETag"), tag)
	}
	// The old tag is stale now: a second writer who read before the
	// change cannot overwrite it.
	f.do(wijkregie.RoleAdmin, "PUT", path, body, "If-Match", tag).want(t, http.StatusPreconditionFailed)
	f.do(wijkregie.RoleAdmin, "PUT", "/api/v1/teams/01890a5d-ac96-774b-bcce-b302099a8057", body, "If-Match", tag).want(t, http.StatusNotFound)
	f.do(wijkregie.RoleTeamLead, "PUT", path, body, "If-Match", tag).want(t, http.StatusForbidden)
}

func (f *fixture) testUserEmailFixed(t *testing.T) {
	f = f.sub(t)
	pro := f.users[wijkregie.RoleProfessional]
	path := "/api/v1/medewerkers/" + pro.ID
	r := f.do(wijkregie.RoleAdmin, "GET", path, nil).want(t, http.StatusOK)
	tag := r.header.Get("ETag")
	var body map[string]any
	r.decode(t, &body)

	body["email"] = "ander@duinhaven.example"
	p := f.do(wijkregie.RoleAdmin, "PUT", path, body, "If-Match", tag).want(t, http.StatusBadRequest).problem(t)
	if diff := cmp.Diff(paramNames(p), []string{"email"}); diff != "" {
		t.Errorf("changed email: invalidParams (-got +want):\n%s", diff)
	}
	body["email"] = strings.ToUpper(pro.Email) // the same login name
	body["expertise"] = []string{"jeugd", "schulden"}
	r = f.do(wijkregie.RoleAdmin, "PUT", path, body, "If-Match", tag).want(t, http.StatusOK)
	var got api.Medewerker
	r.decode(t, &got)
	if got.Email != pro.Email || !slices.Equal(got.Expertise, []string{"jeugd", "schulden"}) {
		t.Errorf("PUT gave %+v", got)
	}

	// An administrator cannot lock themself out.
	admin := f.users[wijkregie.RoleAdmin]
	r = f.do(wijkregie.RoleAdmin, "GET", "/api/v1/medewerkers/"+admin.ID, nil).want(t, http.StatusOK)
	body = map[string]any{}
	r.decode(t, &body)
	body["actief"] = false
	f.do(wijkregie.RoleAdmin, "PUT", "/api/v1/medewerkers/"+admin.ID, body, "If-Match", r.header.Get("ETag")).want(t, http.StatusConflict).problem(t)
}

// allHouseholds reads every household of the demo, in no one's scope.
func (f *fixture) allHouseholds(t *testing.T) []string {
	t.Helper()
	hs, _, err := f.s.R().Households(context.Background(), demo.MunicipalityID, wijkregie.HouseholdScope{All: true}, store.Page{Limit: store.MaxLimit})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, h := range hs {
		ids = append(ids, h.ID)
	}
	return ids
}

// visible lists the ids of the households role sees through the API.
func (f *fixture) visible(t *testing.T, role wijkregie.Role) []string {
	t.Helper()
	var ids []string
	for n := 1; ; n++ {
		var l list[api.HuishoudenSamenvatting]
		f.do(role, "GET", "/api/v1/huishoudens?paginaGrootte=7&pagina="+strconv.Itoa(n), nil).want(t, http.StatusOK).decode(t, &l)
		for _, h := range l.Resultaten {
			ids = append(ids, h.ID)
		}
		if n >= l.Paginering.AantalPaginas {
			if len(ids) != l.Paginering.Totaal {
				t.Fatalf("read %d households, paginering says %d", len(ids), l.Paginering.Totaal)
			}
			return ids
		}
	}
}

func (f *fixture) testHouseholdScope(t *testing.T) {
	f = f.sub(t)
	all := f.allHouseholds(t)
	mine := f.visible(t, wijkregie.RoleProfessional)
	if len(mine) == 0 || len(mine) == len(all) {
		t.Fatalf("professional sees %d of %d households; the test needs some but not all", len(mine), len(all))
	}
	var outside string
	for _, id := range all {
		if !slices.Contains(mine, id) {
			outside = id
			break
		}
	}
	pro := f.users[wijkregie.RoleProfessional]
	for _, id := range mine {
		var h api.Huishouden
		f.do(wijkregie.RoleProfessional, "GET", "/api/v1/huishoudens/"+id, nil).want(t, http.StatusOK).decode(t, &h)
		involved := false
		for _, b := range h.Betrokkenen {
			involved = involved || b.Medewerker == pro.ID
		}
		if !involved {
			t.Errorf("professional sees household %s without being involved", id)
		}
	}
	p := f.do(wijkregie.RoleProfessional, "GET", "/api/v1/huishoudens/"+outside, nil).want(t, http.StatusNotFound).problem(t)
	if strings.Contains(p.Detail, outside) {
		t.Errorf("404 detail %q names the household", p.Detail)
	}
	// The team lead sees the whole team, which is more.
	if lead := f.visible(t, wijkregie.RoleTeamLead); len(lead) <= len(mine)/2 {
		t.Errorf("team lead sees %d households, professional %d", len(lead), len(mine))
	}
}

func (f *fixture) testPersonAudited(t *testing.T) {
	f = f.sub(t)
	mine := f.visible(t, wijkregie.RoleProfessional)
	r := f.do(wijkregie.RoleProfessional, "GET", "/api/v1/huishoudens/"+mine[0], nil).want(t, http.StatusOK)
	var h api.Huishouden
	r.decode(t, &h)
	if len(h.Leden) == 0 {
		t.Fatalf("household %s has no members", h.ID)
	}
	person := h.Leden[0].Persoon
	var p api.Persoon
	r = f.do(wijkregie.RoleProfessional, "GET", "/api/v1/personen/"+person.ID, nil).want(t, http.StatusOK)
	r.decode(t, &p)
	if p.ID != person.ID || p.Huishouden == nil || *p.Huishouden != h.ID || p.Achternaam != person.Achternaam {
		t.Errorf("person = %+v, want %+v in household %s", p, person, h.ID)
	}
	for _, b := range []*string{p.BSNGemaskeerd, person.BSNGemaskeerd} {
		if b != nil && !regexp.MustCompile(`^\*{6}[0-9]{3}$`).MatchString(*b) {
			t.Errorf("bsnGemaskeerd = %q; want six stars and the last three digits", *b)
		}
	}
	if strings.Contains(string(r.body), `"bsn"`) {
		t.Error("the response has an unmasked bsn field")
	}

	var l list[api.InzageRegel]
	f.do(wijkregie.RoleProfessional, "GET", "/api/v1/personen/"+person.ID+"/auditlog?paginaGrootte=200", nil).want(t, http.StatusOK).decode(t, &l)
	pro := f.users[wijkregie.RoleProfessional]
	found := false
	for _, rec := range l.Resultaten {
		if rec.Actie == "persoon.lezen" && rec.Medewerker == pro.ID && rec.Resultaat == wijkregie.AuditAllowed {
			found = true
			if rec.Naam == nil || *rec.Naam != pro.Name || rec.Rol != string(pro.Role) {
				t.Errorf("access record %+v does not name %s", rec, pro.Name)
			}
		}
	}
	if !found {
		t.Errorf("no persoon.lezen record by %s in %+v", pro.ID, l.Resultaten)
	}

	// Beheer sees the log (to answer the person), not the person.
	f.do(wijkregie.RoleAdmin, "GET", "/api/v1/personen/"+person.ID+"/auditlog", nil).want(t, http.StatusOK)
	f.do(wijkregie.RoleAdmin, "GET", "/api/v1/personen/"+person.ID, nil).want(t, http.StatusForbidden)
}

func (f *fixture) testAuditLog(t *testing.T) {
	f = f.sub(t)
	pro := f.users[wijkregie.RoleProfessional]
	var l list[api.AuditRegel]
	f.do(wijkregie.RoleAdmin, "GET", "/api/v1/auditlog?paginaGrootte=5&medewerker="+pro.ID, nil,
		api.SecondFactorHeader, f.secondFactor(t, wijkregie.RoleAdmin).code(t)).want(t, http.StatusOK).decode(t, &l)
	if len(l.Resultaten) == 0 {
		t.Fatal("no audit records of the professional")
	}
	for i, rec := range l.Resultaten {
		if rec.Medewerker != pro.ID || len(rec.Hash) != 64 || len(rec.VorigeHash) != 64 {
			t.Errorf("record %+v", rec)
		}
		if i > 0 && rec.Volgnummer >= l.Resultaten[i-1].Volgnummer {
			t.Errorf("records not newest first: %d after %d", rec.Volgnummer, l.Resultaten[i-1].Volgnummer)
		}
	}
}

func (f *fixture) testRevokedToken(t *testing.T) {
	f = f.sub(t)
	ctx := context.Background()
	u := f.users[wijkregie.RoleTeamLead]
	actor := wijkregie.ActorOf(u)
	tok, meta, err := f.svc.CreateToken(ctx, actor, u.ID, "intrekken")
	if err != nil {
		t.Fatal(err)
	}
	f.do("", "GET", "/api/v1/teams", nil, "Authorization", "Bearer "+tok).want(t, http.StatusOK)
	if err := f.svc.RevokeToken(ctx, actor, u.ID, meta.ID); err != nil {
		t.Fatal(err)
	}
	r := f.do("", "GET", "/api/v1/teams", nil, "Authorization", "Bearer "+tok).want(t, http.StatusUnauthorized)
	r.problem(t)
	if got := r.header.Get("WWW-Authenticate"); !strings.HasPrefix(got, "Bearer") {
		t.Errorf("WWW-Authenticate = %q", got)
	}
}

func (f *fixture) testUnknownPath(t *testing.T) {
	f = f.sub(t)
	f.do(wijkregie.RoleAdmin, "GET", "/api/v1/gezinnen", nil).want(t, http.StatusNotFound).problem(t)
	f.do(wijkregie.RoleAdmin, "GET", "/api/v1/teams/", nil).want(t, http.StatusNotFound).problem(t)
}
