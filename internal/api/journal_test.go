package api_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"wijkregie"
	"wijkregie/internal/api"
)

// journalOf reads the whole journal of the case as get returns it, with
// the total the list gives.
func (w *work) journalOf(get func(path string) *response) []api.Notitie {
	w.t.Helper()
	var l api.List[api.Notitie]
	r := get(w.casePath + "/journaal?paginaGrootte=200")
	r.want(w.t, http.StatusOK)
	w.conforms(w.t, r, "NotitieLijst")
	r.decode(w.t, &l)
	if l.Paginering.Totaal != len(l.Resultaten) {
		w.t.Errorf("journal: %d notes on one page of %d", l.Paginering.Totaal, len(l.Resultaten))
	}
	return l.Resultaten
}

func texts(ns []api.Notitie) []string {
	out := make([]string, len(ns))
	for i, n := range ns {
		out[i] = n.Tekst
	}
	slices.Sort(out)
	return out
}

// journal writes notes at each visibility, by the regisseur and by the
// partner, and proves each reader sees exactly the notes their place in
// the case allows — in the list and in its count — and that a contact
// note moves the case's last contact.
func (w *work) journal() {
	t := w.t
	path := w.casePath + "/journaal"
	notes := []struct {
		role wijkregie.Role
		body map[string]any
	}{
		{pro, map[string]any{"soort": "contact", "contactvorm": "huisbezoek", "datum": day(-1), "tekst": "Huisbezoek: moeder vertelt over de schulden.", "zichtbaarheid": "team"}},
		{pro, map[string]any{"soort": "voortgang", "datum": day(0), "tekst": "Eigen aantekening: vraag naar de ex-partner.", "zichtbaarheid": "alleen-ik"}},
		{pro, map[string]any{"soort": "voortgang", "datum": day(0), "tekst": "Aanmelding bij de schuldhulp is gedaan.", "zichtbaarheid": "betrokkenen"}},
		{partner, map[string]any{"soort": "voortgang", "datum": day(0), "tekst": "Huisarts: moeder heeft een afspraak bij de POH-GGZ.", "zichtbaarheid": "betrokkenen"}},
		{partner, map[string]any{"soort": "voortgang", "datum": day(0), "tekst": "Huisarts: eigen notitie.", "zichtbaarheid": "alleen-ik"}},
	}
	for _, n := range notes {
		r := w.do(n.role, "POST", path, n.body).want(t, http.StatusCreated)
		w.conforms(t, r, "Notitie")
		var got api.Notitie
		r.decode(t, &got)
		if got.Tekst != n.body["tekst"] || got.Auteur != w.users[n.role].ID || got.AuteurNaam != w.users[n.role].Name || got.ID == "" {
			t.Errorf("note %+v", got)
		}
	}
	for _, tt := range []struct {
		body   map[string]any
		params []string
	}{
		{map[string]any{"soort": "contact", "datum": day(0), "tekst": "x", "zichtbaarheid": "team"}, []string{"contactvorm"}},
		{map[string]any{"soort": "voortgang", "contactvorm": "telefoon", "datum": day(0), "tekst": "x", "zichtbaarheid": "team"}, []string{"contactvorm"}},
		{map[string]any{"soort": "voortgang", "datum": day(2), "tekst": " ", "zichtbaarheid": "iedereen"}, []string{"datum", "tekst", "zichtbaarheid"}},
		{map[string]any{"soort": "gerucht", "datum": "eergisteren", "tekst": "x", "zichtbaarheid": "team"}, []string{"datum", "soort"}},
		{map[string]any{"soort": "voortgang", "datum": day(0), "tekst": strings.Repeat("x", 20001), "zichtbaarheid": "team"}, []string{"tekst"}},
	} {
		t.Run("bad note", func(t *testing.T) { wantParams(t, w.sub(t).do(pro, "POST", path, tt.body), tt.params...) })
	}
	for _, o := range []other{w.noord, w.noordLead, w.colleague} {
		w.as(o, "POST", path, notes[0].body).want(t, http.StatusNotFound)
	}

	mine := []string{
		"Aanmelding bij de schuldhulp is gedaan.", "Eigen aantekening: vraag naar de ex-partner.",
		"Huisarts: moeder heeft een afspraak bij de POH-GGZ.", "Huisbezoek: moeder vertelt over de schulden.",
	}
	for _, tt := range []struct {
		name string
		get  func(p string) *response
		want []string
	}{
		{"the regisseur", func(p string) *response { return w.do(pro, "GET", p, nil) }, mine},
		{"the team lead", func(p string) *response { return w.do(lead, "GET", p, nil) }, []string{
			"Aanmelding bij de schuldhulp is gedaan.", "Huisarts: moeder heeft een afspraak bij de POH-GGZ.",
			"Huisbezoek: moeder vertelt over de schulden."}},
		// Without informatie-delen the partner reads its own notes only
		// (need-to-know: docs/privacy.md)...
		{"the partner without consent", func(p string) *response { return w.do(partner, "GET", p, nil) }, []string{
			"Huisarts: eigen notitie.", "Huisarts: moeder heeft een afspraak bij de POH-GGZ."}},
		// ... and once the mother agreed to share with every GP, the notes
		// for all betrokkenen too.
		{"the partner with informatie-delen", func(p string) *response {
			w.do(pro, "POST", "/api/v1/toestemmingen", map[string]any{"persoon": w.fam.mother, "organisatiesoort": "huisarts",
				"doel": "informatie-delen", "domeinen": []string{"financien"}, "gegevenOp": day(0), "wijze": "mondeling",
				"gegevenDoor": []map[string]any{{"persoon": w.fam.mother, "hoedanigheid": "betrokkene"}}}).want(w.t, http.StatusCreated)
			return w.do(partner, "GET", p, nil)
		}, []string{"Aanmelding bij de schuldhulp is gedaan.", "Huisarts: eigen notitie.", "Huisarts: moeder heeft een afspraak bij de POH-GGZ."}},
	} {
		got := w.journalOf(tt.get)
		if !slices.Equal(texts(got), tt.want) {
			t.Errorf("%s reads %q; want %q", tt.name, texts(got), tt.want)
		}
		for i := 1; i < len(got); i++ {
			if got[i].Datum > got[i-1].Datum {
				t.Errorf("%s: journal not newest first at %d: %s after %s", tt.name, i, got[i].Datum, got[i-1].Datum)
			}
		}
	}
	// Paged as it is counted: two per page, the same notes.
	var page api.List[api.Notitie]
	w.do(lead, "GET", path+"?paginaGrootte=2&pagina=2", nil).want(t, http.StatusOK).decode(t, &page)
	if page.Paginering.Totaal != 3 || page.Paginering.AantalPaginas != 2 || len(page.Resultaten) != 1 {
		t.Errorf("the lead's journal, page 2 of 2: %+v", page.Paginering)
	}
	for _, o := range []other{w.noord, w.noordLead, w.colleague} {
		w.as(o, "GET", path, nil).want(t, http.StatusNotFound).problem(t)
	}
	w.do(admin, "GET", path, nil).want(t, http.StatusForbidden)

	// The contact note moved the case's last contact.
	var c api.Casus
	w.do(pro, "GET", w.casePath, nil).want(t, http.StatusOK).decode(t, &c)
	if c.LaatsteContact == nil || *c.LaatsteContact != day(-1) {
		t.Errorf("laatsteContact %v; want %s", c.LaatsteContact, day(-1))
	}
}
