package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"wijkregie"
	"wijkregie/internal/demo"
	"wijkregie/internal/server"
	"wijkregie/internal/store"
	"wijkregie/internal/testdb"
)

// TestLoginSlipAddress: with the public address set (--publiek-adres),
// the inlogcode slip prints that address whatever host the request names,
// so a Host header rewritten on the way cannot send residents elsewhere.
func TestLoginSlipAddress(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		e := newEnvServer(t, s, demo.Options{Households: 30}, server.Config{PublicURL: "https://wijkregie.duinhaven.example/"})
		caseID, personID, _ := residentCase(t, e)
		pro := e.as(t, wijkregie.RoleProfessional)
		req, err := http.NewRequest(http.MethodPost, e.srv.URL+"/casussen/"+caseID+"/inlogcode",
			strings.NewReader(url.Values{"persoon": {personID}}.Encode()))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Host = "wijkregie.nep.example"
		// The client's jar keys cookies by the Host it sends: the
		// session's cookie goes along by hand.
		for _, ck := range pro.c.Jar.Cookies(req.URL) {
			req.AddCookie(ck)
		}
		r := pro.do(t, req)
		if r.status != http.StatusCreated {
			t.Fatalf("making the code: %d %s", r.status, r.header.Get("Location"))
		}
		want := "https://wijkregie.duinhaven.example/mijnplan/inloggen?gemeente=" + demo.MunicipalityID
		if !strings.Contains(r.body, want) || strings.Contains(r.body, "nep.example") {
			t.Errorf("the slip does not print %s alone:\n%s", want, r.body)
		}
	})
}
