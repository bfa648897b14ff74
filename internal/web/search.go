package web

import (
	"net/http"

	"wijkregie"
	"wijkregie/internal/request"
	"wijkregie/internal/store"
)

// searchFields are the fields of the three search forms, in page order.
// Their names differ, so one form state serves all three.
var searchFields = []field{
	{"bsn", "label.bsn"},
	{"achternaam", "label.achternaam"}, {"geboortedatum", "label.geboortedatum"},
	{"postcode", "label.postcode"}, {"huisnummer", "label.huisnummer"}, {"huisnummertoevoeging", "label.huisnummertoevoeging"},
}

// searchWays maps each search form's zoekwijze to the fields it sends.
var searchWays = map[string][]string{
	wijkregie.SearchByBSN:     {"bsn"},
	wijkregie.SearchByName:    {"achternaam", "geboortedatum"},
	wijkregie.SearchByAddress: {"postcode", "huisnummer", "huisnummertoevoeging"},
}

// searchInput keeps in f the fields of the search form that was posted
// (zoekwijze), and returns them as the search.
func searchInput(r *http.Request, f *form) wijkregie.PersonQueryInput {
	for _, name := range searchWays[formValue(r, "zoekwijze")] {
		f.Values.Set(name, formValue(r, name))
	}
	return wijkregie.PersonQueryInput{
		BSN: f.Value("bsn"), FamilyName: f.Value("achternaam"), BirthDate: f.Value("geboortedatum"),
		Postcode: f.Value("postcode"), Number: f.Value("huisnummer"), Addition: f.Value("huisnummertoevoeging"),
	}
}

// searchView is the search page: three forms (by BSN, by name and birth
// date, by address) and, after a search, its results.
type searchView struct {
	Form      *form
	Household string // the household a found person may be added to; "" for none
	Searched  bool
	Results   []store.PersonMatch
	Full      bool // the results were cut at store.MaxMatches
	Max       int
}

// householdParam reads the household a page is about from a query or
// form value; an id that is not one is no household.
func householdParam(s string) string {
	if wijkregie.ValidID(s) {
		return s
	}
	return ""
}

func (h *Handler) searchPage(w http.ResponseWriter, r *http.Request, status int, v *searchView) error {
	v.Max = store.MaxMatches
	p := newPage(r, "titel.personen.zoeken", "personen", v)
	if v.Form.Invalid() {
		p.Invalid = v.Form
	}
	return h.render(w, r, status, "personen-zoeken", p)
}

func (h *Handler) searchForm(w http.ResponseWriter, r *http.Request) error {
	v := &searchView{Form: newForm("", searchFields), Household: householdParam(r.URL.Query().Get("huishouden"))}
	return h.searchPage(w, r, http.StatusOK, v)
}

// search runs a search. The forms post, so that a BSN never lands in a
// URL, the browser's history or a proxy's log; the results are this POST's
// answer, and refreshing asks before sending the search again.
func (h *Handler) search(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	v := &searchView{Form: newForm("", searchFields), Household: householdParam(formValue(r, "huishouden"))}
	ms, err := h.svc.SearchPersons(r.Context(), request.Actor(r), searchInput(r, v.Form))
	if err != nil {
		if v.Form.fail(err) {
			return h.searchPage(w, r, http.StatusUnprocessableEntity, v)
		}
		return err
	}
	v.Searched, v.Results, v.Full = true, ms, len(ms) == store.MaxMatches
	return h.searchPage(w, r, http.StatusOK, v)
}

// matchTable is a table of persons as a search shows them, with the next
// step for each: picking them as the duplicate of the person that stays,
// adding them to the household at hand, or registering a household with
// them.
type matchTable struct {
	ID        string // prefix of the table's element ids
	Caption   string // catalogue key, with {aantal}
	Matches   []store.PersonMatch
	Keep      string // the person that stays in a merge; "" for none
	Household string // the household at hand; "" for none
	Signal    bool   // offer registering a signal on each person
}

// Table is the search's results table.
func (v *searchView) Table() matchTable {
	// Searching is team work, and the team registers signals: a found
	// person is the usual subject of one.
	return matchTable{ID: "resultaten", Caption: "zoeken.resultaten.bijschrift", Matches: v.Results, Household: v.Household, Signal: v.Household == ""}
}

// DupTable is the table of possible duplicates.
func (v personFormView) DupTable() matchTable {
	return matchTable{ID: "dubbel", Caption: "dubbel.bijschrift", Matches: v.Duplicates}
}

// DupTable is the table of possible duplicates of a new member.
func (v householdView) DupTable() matchTable {
	return matchTable{ID: "dubbel", Caption: "dubbel.bijschrift", Matches: v.Duplicates, Household: v.Household.ID}
}
