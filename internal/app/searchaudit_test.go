package app_test

import (
	"reflect"
	"strings"
	"testing"

	"wijkregie"
	"wijkregie/internal/app"
	"wijkregie/internal/demo"
	"wijkregie/internal/store"
)

// TestSearchesAreAudited runs every search and list of personal data and
// checks that each leaves a record of kind zoeken saying what was
// searched on and how many were found, and that no record holds a search
// term that identifies someone: the BSN, the name, the birth date.
func TestSearchesAreAudited(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		pro, lead := f.actor(wijkregie.RoleProfessional), f.actor(wijkregie.RoleTeamLead)
		privacy, partner := f.actor(wijkregie.RolePrivacy), f.actor(wijkregie.RolePartner)
		if _, err := f.svc.RegisterPerson(f.ctx, pro, sanne, false); err != nil {
			t.Fatalf("RegisterPerson: %v", err)
		}
		before, err := f.s.R().AuditLength(f.ctx, demo.MunicipalityID)
		if err != nil {
			t.Fatal(err)
		}
		type search struct {
			name    string
			action  string
			search  string // the Search wanted; "" to check only that it is set
			results int    // -1: any
			run     func() error
		}
		tests := []search{
			{"person by BSN", "personen.zoeken", "bsn", 1, func() error {
				_, err := f.svc.SearchPersons(f.ctx, lead, wijkregie.PersonQueryInput{BSN: "999990019"})
				return err
			}},
			{"person by name and birth date", "personen.zoeken", "achternaam geboortedatum", 1, func() error {
				_, err := f.svc.SearchPersons(f.ctx, lead, wijkregie.PersonQueryInput{FamilyName: "Meer", BirthDate: "2012-05-17"})
				return err
			}},
			{"households", "huishoudens.zoeken", "alle", -1, func() error {
				_, _, err := f.svc.Households(f.ctx, pro, store.Page{Limit: 10})
				return err
			}},
			{"cases", "casussen.zoeken", "status=open", -1, func() error {
				_, _, err := f.svc.Cases(f.ctx, lead, store.CaseFilter{Open: true, Page: store.Page{Limit: 10}})
				return err
			}},
			{"signals", "signalen.zoeken", "alle", -1, func() error {
				_, _, err := f.svc.Signals(f.ctx, pro, store.SignalFilter{Page: store.Page{Limit: 10}})
				return err
			}},
			{"tasks", "taken.bekijken", "alle", -1, func() error {
				_, _, err := f.svc.Tasks(f.ctx, pro, app.TaskFilter{Page: store.Page{Limit: 10}})
				return err
			}},
			{"triage queue", "triage.bekijken", "team=" + pro.TeamID, -1, func() error {
				_, _, err := f.svc.TriageQueue(f.ctx, pro, store.Page{Limit: 10})
				return err
			}},
			{"inzage", "inzage.zoeken", "bsn geboortedatum", 1, func() error {
				_, err := f.svc.FindPersonForInzage(f.ctx, privacy, "999990019", "2012-05-17")
				return err
			}},
			{"emergency accesses", "nood-toegangen.zoeken", "alle", 0, func() error {
				_, err := f.svc.ListEmergencyAccesses(f.ctx, privacy, store.EmergencyFilter{Page: store.Page{Limit: 10}})
				return err
			}},
			{"partner portal", "casussen.zoeken", "status=open", -1, func() error {
				_, err := f.svc.PartnerWork(f.ctx, partner)
				return err
			}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				n, err := f.s.R().AuditLength(f.ctx, demo.MunicipalityID)
				if err != nil {
					t.Fatal(err)
				}
				if err := tt.run(); err != nil {
					t.Fatalf("%s: %v", tt.name, err)
				}
				recs, _, err := f.s.R().Audit(f.ctx, demo.MunicipalityID, store.AuditFilter{Kind: wijkregie.KindSearch, Page: store.Page{Limit: store.MaxLimit}})
				if err != nil {
					t.Fatal(err)
				}
				var found []wijkregie.AuditRecord
				for _, r := range recs {
					if r.Seq > n && r.Search != "" {
						found = append(found, r)
					}
				}
				if len(found) != 1 {
					t.Fatalf("%s left %d described searches; want 1: %+v", tt.name, len(found), found)
				}
				r := found[0]
				if r.Action != tt.action || r.Kind() != wijkregie.KindSearch || r.Search != tt.search {
					t.Errorf("%s: record %s %q (kind %s); want %s %q", tt.name, r.Action, r.Search, r.Kind(), tt.action, tt.search)
				}
				if tt.results >= 0 && r.Results != tt.results {
					t.Errorf("%s: %d results recorded; want %d", tt.name, r.Results, tt.results)
				}
			})
		}
		// Nothing written holds the BSN, the name or the birth date.
		recs, _, err := f.s.R().Audit(f.ctx, demo.MunicipalityID, store.AuditFilter{Page: store.Page{Limit: store.MaxLimit}})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range recs {
			if r.Seq <= before {
				continue
			}
			v := reflect.ValueOf(r)
			for i := range v.NumField() {
				if v.Field(i).Kind() != reflect.String {
					continue
				}
				s := v.Field(i).String()
				for _, term := range []string{"999990019", "Meer", "2012-05-17", "Sanne"} {
					if strings.Contains(s, term) {
						t.Errorf("audit record %d (%s) holds %q in %s", r.Seq, r.Action, term, v.Type().Field(i).Name)
					}
				}
			}
		}
	})
}
