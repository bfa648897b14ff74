package web

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"wijkregie"
	"wijkregie/internal/policy"
	"wijkregie/internal/request"
	"wijkregie/internal/store"
)

// householdsView is the household list.
type householdsView struct {
	Rows  []householdRow
	Pager pager
}

type householdRow struct {
	store.HouseholdSummary
	Team string
}

// teamNames maps team ids to names, for lists that show the team.
func (h *Handler) teamNames(ctx context.Context, actor wijkregie.Actor) (map[string]string, error) {
	ts, err := h.svc.Teams(ctx, actor)
	if err != nil {
		return nil, err
	}
	m := make(map[string]string, len(ts))
	for _, t := range ts {
		m[t.ID] = t.Name
	}
	return m, nil
}

func (h *Handler) households(w http.ResponseWriter, r *http.Request) error {
	actor := request.Actor(r)
	pg, n := pageParam(r)
	hs, total, err := h.svc.Households(r.Context(), actor, pg)
	if err != nil {
		return err
	}
	teams, err := h.teamNames(r.Context(), actor)
	if err != nil {
		return err
	}
	v := householdsView{Pager: newPager(r, n, total)}
	for _, s := range hs {
		v.Rows = append(v.Rows, householdRow{HouseholdSummary: s, Team: teams[s.TeamID]})
	}
	return h.render(w, r, http.StatusOK, "huishoudens", newPage(r, "titel.huishoudens", "huishoudens", v))
}

// householdView is one household with its members and who is involved,
// and, for those who may change it, the forms to add and end members.
type householdView struct {
	Household *wijkregie.Household
	Team      string
	Members   []memberRow
	Involved  []involvedRow
	// MembersHidden: a partner sees the household's frame only.
	MembersHidden bool
	CanChange     bool
	Add           *form // a new person joining
	Duplicates    []store.PersonMatch
	Relations     []option
	Consents      *consentSection // nil for a role that sees no consents
	// Rights: restricted members and notices due (rechten.go); nil when
	// the members are hidden.
	Rights *householdRightsView
}

type memberRow struct {
	Member wijkregie.Member
	Person wijkregie.Person
	End    *form // ending the membership; nil when it has ended
}

// memberRows pairs a household's memberships with their persons, as the
// use cases return them (persons[i] is members[i]'s person).
func memberRows(members []wijkregie.Member, persons []wijkregie.Person) []memberRow {
	var out []memberRow
	for i := range members {
		out = append(out, memberRow{Member: members[i], Person: persons[i]})
	}
	return out
}

type involvedRow struct {
	Name string // "" when the actor may not look the user up
	Role wijkregie.Role
	Kind wijkregie.InvolvementKind
}

// memberFields are a membership's fields.
var memberFields = []field{{"relatie", "label.relatie"}, {"vanaf", "label.vanaf"}}

// addFields are the household page's form for a new member: the person
// and the membership.
var addFields = append(append([]field{}, personFields[:len(personFields)-1]...), append(memberFields, personFields[len(personFields)-1])...)

var endFields = []field{{"tot", "label.tot"}}

// endForm is the form that ends a person's membership; its ids carry the
// person's id, as every current member has one.
func endForm(personID string) *form { return newForm("einde-"+personID+"-", endFields) }

func (h *Handler) relationOptions() []option {
	opts := []option{{Value: "", Text: h.t("keuze.kies_relatie")}}
	for _, rel := range wijkregie.Relations {
		opts = append(opts, option{Value: string(rel), Text: h.label("relatie.", rel)})
	}
	return opts
}

// today is the calendar day in the Netherlands, as a date field's value.
func (h *Handler) today() string { return h.svc.Now().In(h.zone).Format(time.DateOnly) }

// memberInput reads a membership's fields into f.
func memberInput(r *http.Request, f *form, householdID, personID string) wijkregie.Member {
	f.Values.Set("relatie", formValue(r, "relatie"))
	f.Values.Set("vanaf", formValue(r, "vanaf"))
	from, _ := wijkregie.ParseDate(f.Value("vanaf")) // a bad date is a zero one, which Validate names
	return wijkregie.Member{HouseholdID: householdID, PersonID: personID, Relation: wijkregie.Relation(f.Value("relatie")), From: from}
}

func (h *Handler) household(w http.ResponseWriter, r *http.Request) error {
	return h.householdPage(w, r, http.StatusOK, r.PathValue("id"), nil, nil, nil)
}

// householdPage renders the household page with the status. add is the
// new-member form as posted (nil: empty), with dups its possible
// duplicates; end is an end form that came back with errors.
func (h *Handler) householdPage(w http.ResponseWriter, r *http.Request, status int, id string, add *form, dups []store.PersonMatch, end *form) error {
	actor := request.Actor(r)
	hv, cv, err := h.svc.HouseholdWithConsents(r.Context(), actor, id)
	if err != nil {
		return err
	}
	v := householdView{Household: hv.Household, CanChange: policy.Allows(actor, policy.ChangeHousehold), Add: add, Duplicates: dups,
		MembersHidden: hv.MembersHidden}
	if hv.Household.TeamID != "" {
		t, err := h.svc.Team(r.Context(), actor, hv.Household.TeamID)
		if err != nil && wijkregie.ErrorCode(err) != wijkregie.ENOTFOUND {
			return err
		}
		if t != nil {
			v.Team = t.Name
		}
	}
	v.Members = memberRows(hv.Members, hv.Persons)
	for i := range v.Members {
		row := &v.Members[i]
		if v.CanChange && row.Member.Until.IsZero() {
			row.End = endForm(row.Person.ID)
			if end != nil && end.Prefix == row.End.Prefix {
				row.End = end
			} else {
				row.End.Values.Set("tot", h.today())
			}
		}
	}
	if v.CanChange {
		v.Relations = h.relationOptions()
		if v.Add == nil {
			v.Add = newForm("lid-", addFields)
			v.Add.Values.Set("vanaf", h.today())
		}
	}
	// Names of the involved come from the user directory, which partners
	// may not read (policy.ViewUsers); they see the kind of involvement.
	canLookUp := policy.Allows(actor, policy.ViewUsers)
	for _, inv := range hv.Involvements {
		row := involvedRow{Kind: inv.Kind}
		if canLookUp || inv.UserID == actor.UserID {
			u, err := h.svc.User(r.Context(), actor, inv.UserID)
			if err != nil && wijkregie.ErrorCode(err) != wijkregie.ENOTFOUND {
				return err
			}
			if u != nil {
				row.Name, row.Role = u.Name, u.Role
			}
		}
		v.Involved = append(v.Involved, row)
	}
	v.Consents = h.consentSection(cv, v.Members)
	if !v.MembersHidden {
		if v.Rights, err = h.householdRights(r, id, v.Members); err != nil {
			return err
		}
	}
	p := newPage(r, "titel.huishouden", "huishoudens", v)
	switch {
	case add != nil && add.Invalid():
		p.Invalid = add
	case end != nil && end.Invalid():
		p.Invalid = end
	}
	if f, ok := r.Context().Value(noticeFormKey{}).(*form); ok && f.Invalid() {
		p.Invalid = f
	}
	return h.render(w, r, status, "huishouden", p)
}

var addressFields = []field{
	{"straat", "label.straat"}, {"huisnummer", "label.huisnummer"}, {"huisnummertoevoeging", "label.huisnummertoevoeging"},
	{"postcode", "label.postcode"}, {"woonplaats", "label.woonplaats"},
}

// householdFields are the registration form of a household: the address
// and, when it starts from a person found or just registered, that
// person's membership.
var householdFields = append(append([]field{}, addressFields...), memberFields...)

// householdFormView is the registration form of a household.
type householdFormView struct {
	Form      *form
	Person    *store.PersonMatch // the first member; nil for none
	Relations []option
}

func (h *Handler) householdForm(w http.ResponseWriter, r *http.Request, status int, f *form) error {
	v := householdFormView{Form: f, Relations: h.relationOptions()}
	if id := f.Value("persoon"); id != "" {
		m, err := h.svc.FoundPerson(r.Context(), request.Actor(r), id)
		if err != nil {
			return err
		}
		v.Person = m
	}
	p := newPage(r, "titel.huishouden.nieuw", "huishoudens", v)
	if f.Invalid() {
		p.Invalid = f
	}
	return h.render(w, r, status, "huishouden-nieuw", p)
}

func (h *Handler) newHousehold(w http.ResponseWriter, r *http.Request) error {
	f := newForm("", householdFields)
	if id := r.URL.Query().Get("persoon"); id != "" {
		f.Values.Set("persoon", id)
		f.Values.Set("vanaf", h.today())
	}
	return h.householdForm(w, r, http.StatusOK, f)
}

// createHousehold registers a household, with the person the form started
// from as its first member, and shows it: the registering professional is
// involved with it now.
func (h *Handler) createHousehold(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := newForm("", householdFields)
	for _, fl := range addressFields {
		f.Values.Set(fl.name, formValue(r, fl.name))
	}
	number, _ := strconv.Atoi(f.Value("huisnummer")) // not a number is 0, which Validate names
	hh := &wijkregie.Household{Address: wijkregie.Address{Street: f.Value("straat"), Number: number,
		Addition: f.Value("huisnummertoevoeging"), Postcode: f.Value("postcode"), Town: f.Value("woonplaats")}}
	var members []wijkregie.Member
	if id := formValue(r, "persoon"); id != "" {
		f.Values.Set("persoon", id)
		members = append(members, memberInput(r, f, "", id))
	}
	if err := h.svc.RegisterHousehold(r.Context(), request.Actor(r), hh, members); err != nil {
		if f.fail(err) {
			return h.householdForm(w, r, http.StatusUnprocessableEntity, f)
		}
		return err
	}
	return h.redirect(w, r, "/huishoudens/"+hh.ID, "melding.huishouden.geregistreerd")
}

// memberFormView is the form that adds a person found by a search to a
// household.
type memberFormView struct {
	Household *wijkregie.Household
	Person    *store.PersonMatch
	Form      *form
	Relations []option
}

func (h *Handler) memberForm(w http.ResponseWriter, r *http.Request, status int, id string, f *form) error {
	actor := request.Actor(r)
	hv, err := h.svc.Household(r.Context(), actor, id)
	if err != nil {
		return err
	}
	m, err := h.svc.FoundPerson(r.Context(), actor, f.Value("persoon"))
	if err != nil {
		return err
	}
	p := newPage(r, "titel.lid.nieuw", "huishoudens", memberFormView{Household: hv.Household, Person: m, Form: f, Relations: h.relationOptions()})
	if f.Invalid() {
		p.Invalid = f
	}
	return h.render(w, r, status, "lid-nieuw", p)
}

func (h *Handler) newMember(w http.ResponseWriter, r *http.Request) error {
	f := newForm("", memberFields)
	f.Values.Set("persoon", r.URL.Query().Get("persoon"))
	f.Values.Set("vanaf", h.today())
	return h.memberForm(w, r, http.StatusOK, r.PathValue("id"), f)
}

// addMember adds a member: a person found by a search (the form has
// persoon), or a new person registered on the household page.
func (h *Handler) addMember(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	ctx, actor, id := r.Context(), request.Actor(r), r.PathValue("id")
	if pid := formValue(r, "persoon"); pid != "" {
		f := newForm("", memberFields)
		f.Values.Set("persoon", pid)
		m := memberInput(r, f, id, pid)
		if err := h.svc.AddMember(ctx, actor, &m); err != nil {
			if f.fail(err) {
				return h.memberForm(w, r, http.StatusUnprocessableEntity, id, f)
			}
			return err
		}
		return h.redirect(w, r, "/huishoudens/"+id, "melding.lid.toegevoegd")
	}
	f := newForm("lid-", addFields)
	in, confirmed := personInput(r, f)
	m := memberInput(r, f, id, "")
	_, err := h.svc.AddNewMember(ctx, actor, in, confirmed, &m)
	if dups, ok := duplicatesOf(err); ok {
		return h.householdPage(w, r, http.StatusConflict, id, f, dups, nil)
	}
	if err != nil {
		if f.fail(err) {
			return h.householdPage(w, r, http.StatusUnprocessableEntity, id, f, nil, nil)
		}
		return err
	}
	return h.redirect(w, r, "/huishoudens/"+id, "melding.lid.toegevoegd")
}

// endMember ends a person's membership on the date given: the last day
// they belong to the household.
func (h *Handler) endMember(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	id, pid := r.PathValue("id"), r.PathValue("persoon")
	f := endForm(pid)
	f.Values.Set("tot", formValue(r, "tot"))
	until, _ := wijkregie.ParseDate(f.Value("tot")) // a bad date is a zero one, which End names
	if err := h.svc.EndMember(r.Context(), request.Actor(r), id, pid, until); err != nil {
		if f.fail(err) {
			return h.householdPage(w, r, http.StatusUnprocessableEntity, id, nil, nil, f)
		}
		return err
	}
	return h.redirect(w, r, "/huishoudens/"+id, "melding.lid.beeindigd")
}
