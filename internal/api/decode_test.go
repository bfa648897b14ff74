package api

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"wijkregie"
	"wijkregie/internal/request"
)

// render writes err as the API would and returns the status and the
// names in invalidParams.
func render(t *testing.T, h *Handler, r *http.Request, err error) (int, []string, Problem) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.Error(rec, r, err)
	if got := rec.Header().Get("Content-Type"); got != "application/problem+json" {
		t.Errorf("Content-Type = %q, want application/problem+json", got)
	}
	if got := rec.Header().Get("API-Version"); got != Version {
		t.Errorf("API-Version = %q, want %q", got, Version)
	}
	var p Problem
	if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil {
		t.Fatalf("problem body %q: %v", rec.Body, err)
	}
	if p.Status != rec.Code || p.Title == "" || p.Detail == "" || p.Type == "" {
		t.Errorf("problem %+v with status %d lacks a member", p, rec.Code)
	}
	var names []string
	for _, ip := range p.InvalidParams {
		if ip.Code == "" || ip.Reason == "" || strings.HasPrefix(ip.Reason, "api.") || strings.HasPrefix(ip.Reason, "veld.") {
			t.Errorf("invalid param %+v has no code or no text", ip)
		}
		names = append(names, ip.Name)
	}
	return rec.Code, names, p
}

func TestDecodeErrors(t *testing.T) {
	h := newHandler(t)
	big := `{"naam":"` + strings.Repeat("x", MaxBody) + `"}`
	tests := []struct {
		name        string
		contentType string
		body        string
		into        func() any
		status      int
		params      []string
	}{
		{"valid", "application/json", `{"naam":"Wijkteam Noord","werkgebied":["2581"]}`, teamBody, 0, nil},
		{"charset is fine", "application/json; charset=utf-8", `{"naam":"Noord"}`, teamBody, 0, nil},
		{"malformed", "application/json", `{"naam":`, teamBody, 400, []string{"body"}},
		{"empty", "application/json", ``, teamBody, 400, []string{"body"}},
		{"not an object", "application/json", `["naam"]`, teamBody, 400, []string{"body"}},
		{"two values", "application/json", `{"naam":"a"} {"naam":"b"}`, teamBody, 400, []string{"body"}},
		{"trailing garbage", "application/json", `{"naam":"a"} x`, teamBody, 400, []string{"body"}},
		{"number for a string", "application/json", `{"naam":12}`, teamBody, 400, []string{"naam"}},
		{"string for a list", "application/json", `{"werkgebied":"2581"}`, teamBody, 400, []string{"werkgebied"}},
		{"string for a flag", "application/json", `{"actief":"ja"}`, teamBody, 400, []string{"actief"}},
		{"unknown field", "application/json", `{"naam":"a","wijk":"Noord"}`, teamBody, 400, []string{"wijk"}},
		{"embedded field of a new user", "application/json", `{"naam":["a"]}`, newUserBody, 400, []string{"naam"}},
		{"password on a replace", "application/json", `{"naam":"a","wachtwoord":"geheimgeheim12"}`, userBody, 400, []string{"wachtwoord"}},
		{"password on a create", "application/json", `{"naam":"a","wachtwoord":"geheimgeheim12"}`, newUserBody, 0, nil},
		{"too large", "application/json", big, teamBody, 413, nil},
		{"too large after a value", "application/json", `{"naam":"a"}` + strings.Repeat(" ", MaxBody), teamBody, 413, nil},
		{"no content type", "", `{"naam":"a"}`, teamBody, 415, nil},
		{"form", "application/x-www-form-urlencoded", `naam=a`, teamBody, 415, nil},
		{"text", "text/plain", `{"naam":"a"}`, teamBody, 415, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest(http.MethodPost, Base+"/teams", strings.NewReader(tt.body))
			if tt.contentType != "" {
				r.Header.Set("Content-Type", tt.contentType)
			}
			err := decode(httptest.NewRecorder(), r, tt.into())
			if tt.status == 0 {
				if err != nil {
					t.Fatalf("decode = %v, want nil", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("decode = nil, want an error with status %d", tt.status)
			}
			status, names, _ := render(t, h, r, err)
			if status != tt.status {
				t.Errorf("status = %d, want %d", status, tt.status)
			}
			if diff := cmp.Diff(names, tt.params); diff != "" {
				t.Errorf("invalidParams names (-got +want):\n%s", diff)
			}
		})
	}
}

func teamBody() any    { return new(teamInvoer) }
func userBody() any    { return new(medewerkerInvoer) }
func newUserBody() any { return new(medewerkerNieuw) }

func TestPageQuery(t *testing.T) {
	h := newHandler(t)
	tests := []struct {
		query  string
		want   pageQuery
		params []string
	}{
		{"", pageQuery{1, 20}, nil},
		{"pagina=3&paginaGrootte=50", pageQuery{3, 50}, nil},
		{"paginaGrootte=200", pageQuery{1, 200}, nil},
		{"pagina=0", pageQuery{}, []string{"pagina"}},
		{"pagina=-1", pageQuery{}, []string{"pagina"}},
		{"pagina=een", pageQuery{}, []string{"pagina"}},
		{"pagina=1.5", pageQuery{}, []string{"pagina"}},
		{"pagina=", pageQuery{}, []string{"pagina"}},
		{"pagina=99999999999999999999", pageQuery{}, []string{"pagina"}},
		{"paginaGrootte=201", pageQuery{}, []string{"paginaGrootte"}},
		{"paginaGrootte=0", pageQuery{}, []string{"paginaGrootte"}},
		{"pagina=0&paginaGrootte=1000", pageQuery{}, []string{"pagina", "paginaGrootte"}},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			r := httptest.NewRequest(http.MethodGet, Base+"/teams?"+tt.query, nil)
			var v wijkregie.Invalid
			got := parsePage(r, &v)
			err := v.Err()
			if tt.params == nil {
				if err != nil {
					t.Fatalf("parsePage: %v", err)
				}
				if got != tt.want {
					t.Errorf("parsePage = %+v, want %+v", got, tt.want)
				}
				return
			}
			if err == nil {
				t.Fatalf("parsePage(%q) accepted %+v, want an error", tt.query, got)
			}
			status, names, _ := render(t, h, r, err)
			if status != http.StatusBadRequest {
				t.Errorf("status = %d, want 400", status)
			}
			if diff := cmp.Diff(names, tt.params); diff != "" {
				t.Errorf("invalidParams names (-got +want):\n%s", diff)
			}
		})
	}
}

func TestPageOf(t *testing.T) {
	all := []int{1, 2, 3, 4, 5}
	tests := []struct {
		p    pageQuery
		want []int
	}{
		{pageQuery{1, 2}, []int{1, 2}},
		{pageQuery{3, 2}, []int{5}},
		{pageQuery{4, 2}, []int{}},
		{pageQuery{1, 20}, []int{1, 2, 3, 4, 5}},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(pageOf(all, tt.p), tt.want); diff != "" {
			t.Errorf("pageOf(%+v) (-got +want):\n%s", tt.p, diff)
		}
	}
}

func TestErrorStatuses(t *testing.T) {
	h := newHandler(t)
	tests := []struct {
		err    error
		status int
	}{
		{wijkregie.InvalidField("naam", "veld.verplicht"), 400},
		{wijkregie.Errorf(wijkregie.EUNAUTHORIZED, "fout.niet_ingelogd"), 401},
		{wijkregie.Forbidden(), 403},
		{wijkregie.NotFound(), 404},
		{wijkregie.Conflict("fout.conflict"), 409},
		{errStaleIfMatch, 412},
		{errTooLarge, 413},
		{errMediaType, 415},
		{errNeedIfMatch, 428},
		{wijkregie.Errorf(wijkregie.ETHROTTLED, "fout.te_veel_pogingen"), 429},
		{errors.New("database on fire"), 500},
		{wijkregie.Errorf(wijkregie.EINTERNAL, "fout.intern"), 500},
	}
	for _, tt := range tests {
		r := httptest.NewRequest(http.MethodGet, Base+"/teams", nil)
		status, _, p := render(t, h, r, tt.err)
		if status != tt.status {
			t.Errorf("%v: status = %d, want %d", tt.err, status, tt.status)
		}
		if p.Instance != Base+"/teams" {
			t.Errorf("%v: instance = %q, want the request path", tt.err, p.Instance)
		}
	}
}

// TestInternalErrorShowsOnlyTheIncident keeps a driver's error text, which
// may name tables and values, out of the response.
func TestInternalErrorShowsOnlyTheIncident(t *testing.T) {
	h := newHandler(t)
	r := httptest.NewRequest(http.MethodGet, Base+"/teams", nil)
	r = r.WithContext(request.WithIncident(r.Context()))
	_, _, p := render(t, h, r, errors.New(`pq: relation "teams" does not exist`))
	if !strings.Contains(p.Detail, request.Incident(r)) {
		t.Errorf("detail %q does not name incident %q", p.Detail, request.Incident(r))
	}
	if strings.Contains(p.Detail, "teams") || strings.Contains(p.Title, "teams") {
		t.Errorf("problem %+v shows the internal error", p)
	}
}

func TestUnauthorizedNamesTheScheme(t *testing.T) {
	h := newHandler(t)
	err := wijkregie.Errorf(wijkregie.EUNAUTHORIZED, "fout.niet_ingelogd")
	for _, tt := range []struct{ authorization, want string }{
		{"", "Bearer"},
		{"Bearer onzin", `Bearer error="invalid_token"`},
	} {
		r := httptest.NewRequest(http.MethodGet, Base+"/teams", nil)
		if tt.authorization != "" {
			r.Header.Set("Authorization", tt.authorization)
		}
		rec := httptest.NewRecorder()
		h.Error(rec, r, err)
		if got := rec.Header().Get("WWW-Authenticate"); got != tt.want {
			t.Errorf("Authorization %q: WWW-Authenticate = %q, want %q", tt.authorization, got, tt.want)
		}
	}
}

func TestMatchesAny(t *testing.T) {
	tag := `"abc"`
	tests := []struct {
		header string
		strong bool
		want   bool
	}{
		{`"abc"`, true, true},
		{`"abc"`, false, true},
		{`W/"abc"`, false, true},
		{`W/"abc"`, true, false},
		{`"x", "abc"`, true, true},
		{`"x",W/"y"`, false, false},
		{`*`, true, true},
		{``, true, false},
		{`abc`, true, false},
		{`"abc`, true, false},
	}
	for _, tt := range tests {
		if got := matchesAny(tt.header, tag, tt.strong); got != tt.want {
			t.Errorf("matchesAny(%q, strong=%v) = %v, want %v", tt.header, tt.strong, got, tt.want)
		}
	}
}
