package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"wijkregie"
	"wijkregie/internal/store"
	"wijkregie/internal/testdb"
)

func TestStaticFiles(t *testing.T) {
	e := newEnv(t, testdb.SQLite(t, testdb.Options{}))
	c := e.anon(t)
	// The login page names the files with a version, so they can be
	// cached for a year.
	page := c.get(t, "/inloggen")
	var css, js string
	for _, l := range elements(page.body, "link", "rel", "stylesheet") {
		css = l.attrs["href"]
	}
	for _, s := range elements(page.body, "script") {
		js = s.attrs["src"]
	}
	for _, f := range []struct{ url, ctype string }{{css, "text/css; charset=utf-8"}, {js, "text/javascript; charset=utf-8"}} {
		if !strings.HasPrefix(f.url, "/static/") || !strings.Contains(f.url, "?v=") {
			t.Errorf("asset URL %q; want /static/…?v=…", f.url)
			continue
		}
		r := c.get(t, f.url)
		if r.status != http.StatusOK || r.header.Get("Content-Type") != f.ctype {
			t.Errorf("GET %s = %d, %q; want 200, %q", f.url, r.status, r.header.Get("Content-Type"), f.ctype)
		}
		if cc := r.header.Get("Cache-Control"); !strings.Contains(cc, "max-age=31536000") {
			t.Errorf("GET %s: Cache-Control %q; want a year", f.url, cc)
		}
		if r := c.get(t, f.url, "If-None-Match", r.header.Get("ETag")); r.status != http.StatusNotModified {
			t.Errorf("GET %s again with its ETag = %d; want 304", f.url, r.status)
		}
	}
	for _, p := range []string{"/static/VENDORED.md", "/static/bestaat-niet.css", "/static/"} {
		if r := c.get(t, p); r.status != http.StatusNotFound {
			t.Errorf("GET %s = %d; want 404", p, r.status)
		}
	}
}

func TestNotFound(t *testing.T) {
	e := newEnv(t, testdb.SQLite(t, testdb.Options{}))
	for _, c := range []*client{e.anon(t), e.as(t, wijkregie.RoleProfessional)} {
		for _, p := range []string{"/bestaat/niet", "/huishoudens/0190a000-0000-7000-8000-000000000000", "/personen/geen-id", "/beheer"} {
			r := c.get(t, p)
			if p != "/bestaat/niet" && r.status == http.StatusSeeOther {
				continue // without login, a real route asks to log in first
			}
			if r.status != http.StatusNotFound {
				t.Errorf("GET %s = %d; want 404", p, r.status)
				continue
			}
			checkPage(t, e, p, r)
			if h1 := texts(r.body, "h1"); len(h1) != 1 || h1[0] != e.t("titel.fout.niet_gevonden") {
				t.Errorf("GET %s: h1 %q", p, h1)
			}
		}
	}
	// htmx gets the message alone.
	r := e.as(t, wijkregie.RoleAdmin).get(t, "/bestaat/niet", "HX-Request", "true", "HX-Target", "lijst")
	if r.status != http.StatusNotFound || strings.Contains(r.body, "<html") || len(elements(r.body, "div", "role", "alert")) != 1 {
		t.Errorf("htmx 404 = %d: %s; want a fragment with role=alert", r.status, r.body)
	}
}

func TestAuditLog(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		e := newEnv(t, s)
		c := e.as(t, wijkregie.RoleAdmin)
		c.stepUp(t) // the log asks for the second factor
		r := c.get(t, "/beheer/auditlog")
		caption := textOf(t, r.body, "auditlog-bijschrift")
		if !strings.HasPrefix(caption, "Auditlog: ") {
			t.Errorf("caption = %q", caption)
		}
		// Page 2, and with htmx only the list. Every household search is
		// audited, so thirty of them make a second page.
		pro := e.as(t, wijkregie.RoleProfessional)
		for range 30 {
			pro.get(t, "/huishoudens")
		}
		r = c.get(t, "/beheer/auditlog?pagina=2")
		cur := elements(r.body, "a", "aria-current", "page", "href", "/beheer/auditlog?pagina=2")
		if r.status != http.StatusOK || len(cur) != 1 {
			t.Errorf("page 2 = %d, %d current page links; want 200 and 1", r.status, len(cur))
		}
		r = c.get(t, "/beheer/auditlog?pagina=2", "HX-Request", "true", "HX-Target", "lijst")
		if strings.Contains(r.body, "<html") || len(elements(r.body, "table")) != 1 {
			t.Error("htmx page 2 is not the list fragment")
		}

		ctx := context.Background()
		n, err := s.R().AuditLength(ctx, e.users[wijkregie.RoleAdmin].MunicipalityID)
		if err != nil {
			t.Fatal(err)
		}
		r = c.post(t, "/beheer/auditlog/controle", nil)
		if want := e.t("auditlog.controle.intact", "aantal", n); r.status != http.StatusOK || !strings.Contains(text(r.body), want) {
			t.Errorf("chain check = %d; want 200 saying %q", r.status, want)
		}
		checkPage(t, e, "chain check", r)
		r = c.post(t, "/beheer/auditlog/controle", nil, "HX-Request", "true", "HX-Target", "keten-resultaat")
		if strings.Contains(r.body, "<html") || !strings.Contains(text(r.body), e.t("auditlog.controle.intact", "aantal", n)) {
			t.Errorf("htmx chain check is not the result fragment: %s", r.body)
		}

		testdb.Tamper(t, s, fmt.Sprintf(`UPDATE audit_log SET purpose = 'iets anders' WHERE municipality_id = '%s' AND seq = 3`, e.users[wijkregie.RoleAdmin].MunicipalityID))
		r = c.post(t, "/beheer/auditlog/controle", nil)
		if want := e.t("auditlog.controle.verbroken", "nummer", 3, "reden", e.t("keten.reden.hash")); !strings.Contains(text(r.body), want) {
			t.Errorf("chain check after tampering does not say %q", want)
		}
		if r := e.as(t, wijkregie.RoleTeamLead).post(t, "/beheer/auditlog/controle", nil); r.status != http.StatusForbidden {
			t.Errorf("chain check by a team lead = %d; want 403", r.status)
		}
	})
}

// TestReadingLeavesATrace: a professional reads a person; the person's
// access log shows it, with the professional's name.
func TestReadingLeavesATrace(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		e := newEnv(t, s)
		id := e.ids(t)
		pro := e.as(t, wijkregie.RoleProfessional)
		if r := pro.get(t, "/personen/"+id.person); r.status != http.StatusOK {
			t.Fatalf("GET person = %d; want 200", r.status)
		}
		for _, role := range []wijkregie.Role{wijkregie.RoleProfessional, wijkregie.RoleAdmin} {
			r := e.as(t, role).get(t, "/personen/"+id.person+"/auditlog")
			if r.status != http.StatusOK {
				t.Fatalf("access log as %s = %d; want 200", role, r.status)
			}
			want := e.users[wijkregie.RoleProfessional].Name + " (" + e.t("rol.professional") + ") "
			found := false
			for _, tr := range elements(r.body, "tr") {
				row := text(inner(r.body, tr))
				if strings.Contains(row, want+e.t("actie.persoon.lezen")+" "+e.t("doel.uitvoering-taak")+" "+e.t("resultaat.toegestaan")) {
					found = true
				}
			}
			if !found {
				t.Errorf("access log as %s has no row for the professional's read", role)
			}
		}
	})
}

// TestNoBSNInPagesOrURLs visits every page the demo roles can reach, with
// every household and person in their view, and looks for any resident's
// BSN in bodies, titles and redirect targets. Masked numbers must show.
func TestNoBSNInPagesOrURLs(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		e := newEnv(t, s)
		ctx := context.Background()
		mid := e.users[wijkregie.RoleAdmin].MunicipalityID
		hs, _, err := s.R().Households(ctx, mid, wijkregie.HouseholdScope{All: true}, store.Page{Limit: 200})
		if err != nil {
			t.Fatal(err)
		}
		var bsns []string
		masked := map[string]string{} // person id → masked BSN
		for _, h := range hs {
			_, ps, err := s.R().HouseholdMembers(ctx, mid, h.ID)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range ps {
				if p.BSN != "" {
					bsns = append(bsns, p.BSN.Digits())
					masked[p.ID] = p.BSN.Masked()
				}
			}
		}
		if len(bsns) < 20 {
			t.Fatalf("the demo has %d BSNs; want a real sample", len(bsns))
		}
		check := func(where, s string) {
			t.Helper()
			for _, b := range bsns {
				if strings.Contains(s, b) {
					t.Errorf("%s shows a full BSN", where)
				}
			}
		}
		shownMasked := 0
		for _, role := range wijkregie.Roles {
			c := e.as(t, role)
			paths := []string{"/", "/huishoudens", "/account", "/beheer/medewerkers", "/beheer/auditlog"}
			for i := 0; i < len(paths); i++ {
				p := paths[i]
				r := c.get(t, p)
				check(fmt.Sprintf("GET %s as %s", p, role), r.body)
				check(fmt.Sprintf("redirect of %s as %s", p, role), r.header.Get("Location"))
				for _, a := range elements(r.body, "a") {
					href := a.attrs["href"]
					check("link "+href, href)
					u, err := url.Parse(href)
					if err != nil || u.Host != "" {
						continue
					}
					if (strings.HasPrefix(u.Path, "/huishoudens/") || strings.HasPrefix(u.Path, "/personen/") || strings.HasPrefix(href, "/huishoudens?pagina=")) && !contains(paths, href) {
						paths = append(paths, href)
					}
				}
				if pid, ok := strings.CutPrefix(p, "/personen/"); ok && r.status == http.StatusOK && !strings.Contains(pid, "/") {
					if m := masked[pid]; m != "" {
						if !strings.Contains(r.body, m) {
							t.Errorf("GET %s as %s does not show the masked BSN", p, role)
						}
						shownMasked++
					}
				}
			}
		}
		if shownMasked == 0 {
			t.Error("no person page with a masked BSN was visited")
		}
	})
}
