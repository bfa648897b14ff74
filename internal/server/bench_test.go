package server_test

import (
	"context"
	"io"
	"net/http"
	"testing"

	"wijkregie"
	"wijkregie/internal/demo"
	"wijkregie/internal/policy"
	"wijkregie/internal/request"
	"wijkregie/internal/store"
	"wijkregie/internal/testdb"
)

// BenchmarkRequests measures whole requests through the server (routing,
// authentication, policy, store, audit, rendering) on both engines, over
// the demo municipality. Each read of personal data includes its audit
// write, so these are the figures a user feels.
func BenchmarkRequests(b *testing.B) {
	for _, eng := range []struct {
		name string
		open func(testing.TB, testdb.Options) *store.Store
	}{{"sqlite", testdb.SQLite}, {"postgres", testdb.Postgres}} {
		b.Run(eng.name, func(b *testing.B) {
			s := eng.open(b, testdb.Options{})
			f := newFixture(b, s)
			ctx := context.Background()
			prof, _, err := s.R().UserByEmail(ctx, demo.MunicipalityID, "professional@duinhaven.example")
			if err != nil {
				b.Fatal(err)
			}
			hs, _, err := s.R().Households(ctx, demo.MunicipalityID, policy.Scope(wijkregie.ActorOf(prof)), store.Page{Limit: 1})
			if err != nil || len(hs) == 0 {
				b.Fatalf("no household for the professional: %v", err)
			}
			for _, sc := range []struct {
				name, path string
				role       wijkregie.Role
				bearer     bool
			}{
				{"home", "/", wijkregie.RoleProfessional, false},
				{"household-page", "/huishoudens/" + hs[0].ID, wijkregie.RoleProfessional, false},
				{"households-api", "/api/v1/huishoudens", wijkregie.RoleProfessional, true},
				{"users-api", "/api/v1/medewerkers", wijkregie.RoleAdmin, true},
			} {
				b.Run(sc.name, func(b *testing.B) {
					req, _ := http.NewRequest("GET", f.srv.URL+sc.path, nil)
					if sc.bearer {
						req.Header.Set("Authorization", "Bearer "+f.tokens[sc.role])
					} else {
						req.AddCookie(&http.Cookie{Name: request.SessionCookie, Value: f.cookies[sc.role]})
					}
					for b.Loop() {
						resp, err := http.DefaultClient.Do(req)
						if err != nil {
							b.Fatal(err)
						}
						io.Copy(io.Discard, resp.Body)
						resp.Body.Close()
						if resp.StatusCode != http.StatusOK {
							b.Fatalf("GET %s = %d", sc.path, resp.StatusCode)
						}
					}
				})
			}
		})
	}
}
