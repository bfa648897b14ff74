package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"wijkregie"
	"wijkregie/internal/store"
	"wijkregie/internal/testdb"
)

// mergePair returns a member of a household the demo professional may
// see, with a BSN and a birth date, and a second registration of the same
// person (same names and birth date, no BSN), made past the duplicate
// warning.
func mergePair(t *testing.T, e *env) (keep, dup *wijkregie.Person) {
	t.Helper()
	ctx := context.Background()
	pro := e.actor(wijkregie.RoleProfessional)
	hs, _, err := e.svc.Households(ctx, pro, store.Page{Limit: 20})
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range hs {
		_, ps, err := e.store.R().HouseholdMembers(ctx, pro.MunicipalityID, h.ID)
		if err != nil {
			t.Fatal(err)
		}
		for i := range ps {
			if ps[i].BSN != "" && !ps[i].BirthDate.IsZero() {
				keep = &ps[i]
				break
			}
		}
		if keep != nil {
			break
		}
	}
	if keep == nil {
		t.Fatal("the demo professional sees nobody with a BSN and a birth date")
	}
	dup, err = e.svc.RegisterPerson(ctx, pro, wijkregie.PersonInput{GivenName: keep.GivenName, Prefix: keep.Prefix, FamilyName: keep.FamilyName,
		BirthDate: keep.BirthDate.Format(time.DateOnly), Phone: "06 98765432"}, true)
	if err != nil {
		t.Fatal(err)
	}
	return keep, dup
}

func TestMergeForms(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		e := newEnv(t, s)
		keep, dup := mergePair(t, e)
		c := e.as(t, wijkregie.RoleProfessional)
		start := "/personen/" + keep.ID + "/samenvoegen"
		confirm := start + "/" + dup.ID

		// The person page offers the merge.
		r := c.get(t, "/personen/"+keep.ID)
		if len(elements(r.body, "a", "href", start)) != 1 {
			t.Errorf("the person page has no link to %s", start)
		}

		// The first step: the person that stays and the duplicate to pick.
		r = c.get(t, start)
		if r.status != http.StatusOK {
			t.Fatalf("GET %s: %d", start, r.status)
		}
		checkPage(t, e, start, r)
		if rows := rowsOf(t, r.body, "dubbelen-bijschrift"); len(rows) != 1 || !strings.Contains(rows[0], dup.FamilyName) {
			t.Errorf("likely duplicates %q; want the one", rows)
		}
		if len(elements(r.body, "a", "href", confirm)) != 1 {
			t.Errorf("no link to %s", confirm)
		}
		if len(elements(r.body, "a", "href", start+"/"+keep.ID)) != 0 {
			t.Error("the person is offered as their own duplicate")
		}

		// A search with an invalid BSN: the message beside the field, the
		// input kept, no BSN in any URL.
		r = c.post(t, start+"/zoeken", url.Values{"zoekwijze": {"bsn"}, "bsn": {"123456789"}})
		if r.status != http.StatusUnprocessableEntity || textOf(t, r.body, "bsn-fout") == "" || byID(t, r.body, "bsn").attrs["value"] != "123456789" {
			t.Errorf("invalid BSN: status %d", r.status)
		}
		checkPage(t, e, start+"/zoeken", r)
		checkNoBSN(t, "invalid BSN", r, "123456789")
		// A search by BSN finds the person that stays, who is not offered.
		r = c.post(t, start+"/zoeken", url.Values{"zoekwijze": {"bsn"}, "bsn": {keep.BSN.Digits()}})
		checkNoBSN(t, "search by BSN", r, keep.BSN.Digits())
		if r.status != http.StatusOK || len(elements(r.body, "a", "href", start+"/"+keep.ID)) != 0 {
			t.Errorf("search by the BSN of the person that stays: status %d, or offered as a duplicate", r.status)
		}
		r = c.post(t, start+"/zoeken", url.Values{"zoekwijze": {"naam"}, "achternaam": {dup.FamilyName}, "geboortedatum": {dup.BirthDate.Format(time.DateOnly)}})
		if rows := rowsOf(t, r.body, "resultaten-bijschrift"); r.status != http.StatusOK || len(rows) != 1 || len(elements(r.body, "a", "href", confirm)) != 2 {
			t.Errorf("search by name: status %d, results %q", r.status, rows)
		}

		// The confirmation: both side by side, the BSN masked.
		r = c.get(t, confirm)
		if r.status != http.StatusOK {
			t.Fatalf("GET %s: %d", confirm, r.status)
		}
		checkPage(t, e, confirm, r)
		table := textOf(t, r.body, "vergelijking-bijschrift")
		if table == "" || strings.Contains(r.body, keep.BSN.Digits()) || !strings.Contains(r.body, keep.BSN.Masked()) {
			t.Errorf("the comparison shows the BSN unmasked, or not at all")
		}
		if len(elements(r.body, "form", "method", "post", "action", confirm)) != 1 {
			t.Errorf("no form posting to %s", confirm)
		}

		// Not ticked: the error beside the box.
		r = c.post(t, confirm, url.Values{})
		if r.status != http.StatusUnprocessableEntity || !strings.Contains(textOf(t, r.body, "bevestig-fout"), e.t("veld.samenvoegen.bevestig")) {
			t.Errorf("unticked: status %d", r.status)
		}
		checkPage(t, e, confirm, r)

		// Ticked: merged, back to the person with a message.
		r = c.post(t, confirm, url.Values{"bevestig": {"ja"}})
		if r.status != http.StatusSeeOther || r.header.Get("Location") != "/personen/"+keep.ID {
			t.Fatalf("merge: status %d to %q", r.status, r.header.Get("Location"))
		}
		r = c.get(t, "/personen/"+keep.ID)
		if !strings.Contains(r.body, e.t("melding.persoon.samengevoegd")) {
			t.Error("the person page after the merge lacks the message")
		}
		// The phone number is taken over only where the person had none.
		if want := keep.Phone == ""; strings.Contains(r.body, "06 98765432") != want {
			t.Errorf("the duplicate's phone number on the page: %v; want %v (own number %q)", !want, want, keep.Phone)
		}
		// The merged record says where it went, and offers no merge.
		r = c.get(t, "/personen/"+dup.ID)
		if r.status != http.StatusOK {
			t.Fatalf("GET the merged record: %d", r.status)
		}
		checkPage(t, e, "/personen/"+dup.ID, r)
		if textOf(t, r.body, "samengevoegd-kop") == "" || len(elements(r.body, "a", "href", "/personen/"+keep.ID)) != 1 ||
			len(elements(r.body, "a", "href", "/personen/"+dup.ID+"/samenvoegen")) != 0 {
			t.Error("the merged record's page lacks the notice with the link, or offers a merge")
		}
		if r := c.get(t, confirm); r.status != http.StatusConflict {
			t.Errorf("confirming a merge done: status %d; want 409", r.status)
		}
		if r := c.get(t, "/personen/"+dup.ID+"/samenvoegen"); r.status != http.StatusConflict {
			t.Errorf("merging into a merged record: status %d; want 409", r.status)
		}

		// Others may not.
		partner := e.as(t, wijkregie.RolePartner)
		if r := partner.get(t, start); r.status != http.StatusForbidden {
			t.Errorf("partner: status %d; want 403", r.status)
		}
	})
}
