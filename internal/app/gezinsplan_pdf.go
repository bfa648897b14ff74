package app

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"wijkregie"
	"wijkregie/internal/locale"
	"wijkregie/internal/pdf"
	"wijkregie/internal/policy"
)

// The printable gezinsplan (docs/gezinsplan.md): the case's current plan
// version on A4, in plain Dutch, for the family meeting and for signing.
// PrintPlan gathers what it holds and audits the print as an export;
// PlanPrintPDF sets it. Whoever may read the plan may print it
// (policy.DecidePrintPlan); a network partner may not.

// PlanPrint is what the printed gezinsplan holds: the plan's version with
// the family it is for, who coordinates and who else is involved, and the
// consents in force — each as far as the reader sees it.
type PlanPrint struct {
	Municipality string
	Team         string // the case's team
	Case         *wijkregie.Case
	Household    *wijkregie.Household
	// Members are the household's members today, in member order.
	Members []PlanPrintMember
	// Coordinator is the regisseur (nil while the case has none), and
	// CoordinatorOrganisation their employer, whose phone number the
	// family can call.
	Coordinator             *wijkregie.User
	CoordinatorOrganisation *wijkregie.Organisation
	Plan                    *wijkregie.Plan
	// SafetyPlan is the Meldcode route's safety plan, part of the family
	// plan in a safety case (docs/casework.md); "" when there is none.
	SafetyPlan string
	// Organisations names the partner organisations goals belong to.
	Organisations map[string]string
	// Parties are the betrokkenen of the case today.
	Parties []PlanPrintParty
	// Consents are the members' consents in force when printed;
	// ConsentsHidden says the reader may not see the household's consents
	// (policy.DecideConsent), so the page says so instead of "none".
	Consents       []PlanPrintConsent
	ConsentsHidden bool
	PrintedAt      time.Time
	PrintedBy      string // the reader's name
}

// PlanPrintMember is a member of the household as the printed plan names
// them, and whether they sign it (wijkregie.SignsPlan).
type PlanPrintMember struct {
	Person   wijkregie.Person
	Relation wijkregie.Relation
	Signs    bool
}

// PlanPrintParty is a betrokkene: a professional with their organisation,
// or an organisation (Kind set, Organisation empty).
type PlanPrintParty struct {
	Name         string
	Organisation string
	Kind         wijkregie.OrganisationKind
	Role         wijkregie.PartyRole
	Note         string // what they do, in a few words
}

// PlanPrintConsent is a consent in force: whose, to whom (an organisation,
// or every organisation of Kind), what for, in which life domains, until
// when (zero: until withdrawn).
type PlanPrintConsent struct {
	ID        string // the consent's, for the audit record of its read
	Person    string // the member's name
	Recipient string
	Kind      wijkregie.OrganisationKind
	Purpose   wijkregie.ConsentPurpose
	Domains   []string
	GivenOn   time.Time
	Until     time.Time
}

// printEvent is the audit record of a print, of kind export (gezinsplan.go
// in the root package): on the case and, for each member the print
// names, on that person.
func printEvent(caseID, personID string) wijkregie.Event {
	return wijkregie.Event{Action: "gezinsplan.afdrukken", SubjectKind: "casus", SubjectID: caseID, PersonID: personID, Purpose: PurposeTask}
}

// PrintPlan returns what the printed gezinsplan of a case holds, for an
// actor who may print it (policy.DecidePrintPlan): not found for a case
// they may not see at all, forbidden for one whose content they do not
// see. A case without a plan is not found with fout.gezinsplan.geen_plan.
// The print is audited as an export on the case and on every member it
// names, with the reads of the consents it shows, before it is returned.
func (s *Service) PrintPlan(ctx context.Context, actor wijkregie.Actor, caseID string) (*PlanPrint, error) {
	subj, now, err := s.caseTakeOut(ctx, actor, policy.ViewCase, caseID, policy.DecidePrintPlan, printEvent(caseID, ""))
	if err != nil {
		return nil, err
	}
	c, r, mid := subj.Case, s.store.R(), actor.MunicipalityID
	plan, err := latestPlan(ctx, r, c)
	if err != nil {
		return nil, err
	}
	if plan == nil {
		// Nothing is printed, but the reader learned that the case has no
		// plan yet: a read of the case.
		if err := s.audit(ctx, actor, caseEvent(c.ID)); err != nil {
			return nil, err
		}
		return nil, wijkregie.Errorf(wijkregie.ENOTFOUND, "fout.gezinsplan.geen_plan")
	}
	p := &PlanPrint{Case: c, Plan: plan, Organisations: map[string]string{}, PrintedAt: now}
	m, err := r.Municipality(ctx, mid)
	if err != nil {
		return nil, err
	}
	p.Municipality = m.Name
	if c.TeamID != "" {
		team, err := r.Team(ctx, mid, c.TeamID)
		if err != nil {
			return nil, err
		}
		p.Team = team.Name
	}
	if p.Household, err = r.Household(ctx, mid, c.HouseholdID); err != nil {
		return nil, err
	}
	today := wijkregie.Today(now)
	ms, ps, err := r.HouseholdMembers(ctx, mid, c.HouseholdID)
	if err != nil {
		return nil, err
	}
	for i, mb := range ms {
		if mb.From.After(today) || !mb.Until.IsZero() && mb.Until.Before(today) {
			continue
		}
		p.Members = append(p.Members, PlanPrintMember{Person: ps[i], Relation: mb.Relation, Signs: wijkregie.SignsPlan(mb.Relation, ps[i].BirthDate, today)})
	}
	// As a family introduces itself: the parents and partners first,
	// then the children and the others, the eldest first.
	slices.SortStableFunc(p.Members, func(a, b PlanPrintMember) int {
		return cmp.Or(cmp.Compare(slices.Index(wijkregie.Relations, a.Relation), slices.Index(wijkregie.Relations, b.Relation)),
			cmpBirth(a.Person.BirthDate, b.Person.BirthDate))
	})
	switch route, err := r.Meldcode(ctx, mid, c.ID); {
	case err == nil:
		p.SafetyPlan = route.SafetyPlan
	case wijkregie.ErrorCode(err) != wijkregie.ENOTFOUND:
		return nil, err
	}
	parties, err := r.Parties(ctx, mid, c.ID)
	if err != nil {
		return nil, err
	}
	ids := []string{c.CoordinatorID, actor.UserID}
	for _, pt := range parties {
		ids = append(ids, pt.UserID)
	}
	users, err := r.UsersByID(ctx, mid, compact(ids))
	if err != nil {
		return nil, err
	}
	all, err := r.Organisations(ctx, mid)
	if err != nil {
		return nil, err
	}
	orgs := map[string]*wijkregie.Organisation{}
	for i := range all {
		orgs[all[i].ID] = &all[i]
		p.Organisations[all[i].ID] = all[i].Name
	}
	if u := users[c.CoordinatorID]; u != nil {
		p.Coordinator, p.CoordinatorOrganisation = u, orgs[u.OrganisationID]
	}
	if u := users[actor.UserID]; u != nil {
		p.PrintedBy = u.Name
	}
	for _, pt := range parties {
		if !pt.Until.IsZero() && !pt.Until.After(now) {
			continue
		}
		x := PlanPrintParty{Role: pt.Role, Note: pt.Note}
		switch {
		case pt.UserID != "" && users[pt.UserID] != nil:
			u := users[pt.UserID]
			x.Name = u.Name
			if o := orgs[u.OrganisationID]; o != nil {
				x.Organisation = o.Name
			}
		case orgs[pt.OrganisationID] != nil:
			x.Name, x.Kind = orgs[pt.OrganisationID].Name, orgs[pt.OrganisationID].Kind
		default:
			continue
		}
		p.Parties = append(p.Parties, x)
	}

	events := []wijkregie.Event{printEvent(c.ID, "")}
	for _, mb := range p.Members {
		events = append(events, printEvent(c.ID, mb.Person.ID))
	}
	// The consents through the registry's own read path: its policy
	// decides which the reader sees, and it names the reads to audit.
	hs, err := s.subject(ctx, actor, c.HouseholdID)
	if err != nil {
		return nil, err
	}
	switch cv, more, err := s.householdConsents(ctx, actor, hs); {
	case wijkregie.ErrorCode(err) == wijkregie.EFORBIDDEN:
		p.ConsentsHidden = true // the refusal is audited
	case err != nil:
		return nil, err
	default:
		// The list's read, and each consent printed: one that no longer
		// holds is not shown, so it was not read.
		p.Consents = consentsInForce(cv, p.Members, now)
		for _, ev := range more {
			if ev.SubjectKind != "toestemming" || slices.ContainsFunc(p.Consents, func(c PlanPrintConsent) bool { return c.ID == ev.SubjectID }) {
				events = append(events, ev)
			}
		}
	}
	if err := s.audit(ctx, actor, events...); err != nil {
		return nil, err
	}
	return p, nil
}

// cmpBirth orders birth dates the eldest first, an unknown one last.
func cmpBirth(a, b time.Time) int {
	switch {
	case a.IsZero() || b.IsZero():
		return cmp.Compare(boolRank(a.IsZero()), boolRank(b.IsZero()))
	default:
		return a.Compare(b)
	}
}

func boolRank(b bool) int {
	if b {
		return 1
	}
	return 0
}

// consentsInForce are the consents of the view that hold at now, of the
// members named, in the members' order, as the printed plan lists them.
func consentsInForce(cv *ConsentsView, members []PlanPrintMember, now time.Time) []PlanPrintConsent {
	names := map[string]string{}
	for _, m := range members {
		names[m.Person.ID] = m.Person.FullName()
	}
	order := func(personID string) int {
		return slices.IndexFunc(members, func(m PlanPrintMember) bool { return m.Person.ID == personID })
	}
	cs := slices.Clone(cv.Consents)
	slices.SortStableFunc(cs, func(a, b wijkregie.Consent) int { return cmp.Compare(order(a.PersonID), order(b.PersonID)) })
	var out []PlanPrintConsent
	for _, c := range cs {
		name, ok := names[c.PersonID]
		if !ok || c.StatusAt(now) != wijkregie.ConsentActive {
			continue
		}
		x := PlanPrintConsent{ID: c.ID, Person: name, Kind: c.OrganisationKind, Purpose: c.Purpose, Domains: c.Domains, GivenOn: c.GivenOn, Until: c.Until}
		if o := cv.Organisations[c.OrganisationID]; c.OrganisationID != "" && o != nil {
			x.Recipient, x.Kind = o.Name, ""
		}
		out = append(out, x)
	}
	return out
}

// PlanPrintPDF sets a printed gezinsplan as an A4 PDF in the catalogue's
// lang (Dutch for the family): the family and its regisseur first, then
// the plan in the method's order, who is involved, the consents in force,
// and the signature lines together on the last page. Every page's footer
// names the version, so loose pages find their plan again; no page names
// the family outside its body.
func PlanPrintPDF(p *PlanPrint, cat *locale.Catalogue, lang string) ([]byte, error) {
	zone, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		return nil, err
	}
	w := &planWriter{cat: cat, lang: lang, zone: zone}
	d := pdf.New(pdf.Info{Title: w.t("gezinsplan.pdf.titel"), Subject: w.t("gezinsplan.pdf.onderwerp", "versie", p.Plan.Version),
		Created: p.PrintedAt})
	d.Footer(func(n, total int) string {
		return w.t("gezinsplan.pdf.voettekst", "versie", p.Plan.Version, "pagina", n, "paginas", total)
	})
	w.f = pdf.NewFlow(d)
	w.write(p)
	return d.Bytes()
}

type planWriter struct {
	cat  *locale.Catalogue
	lang string
	zone *time.Location
	f    *pdf.Flow
}

func (w *planWriter) t(key string, args ...any) string { return w.cat.T(w.lang, key, args...) }

// label translates a stored code by prefix+code, or shows the code.
func (w *planWriter) label(prefix, code string) string {
	if code != "" && w.cat.Has(w.lang, prefix+code) {
		return w.t(prefix + code)
	}
	return code
}

// domain names a life domain: in Dutch in the residents' own words (the
// ZRM's client names, for what the family reads itself), otherwise by the
// catalogue.
func (w *planWriter) domain(code string) string {
	if d, ok := wijkregie.DomainByCode(code); ok && w.lang == locale.NL {
		return d.ClientName
	}
	return w.label("domein.", code)
}

// date writes a calendar day as a letter does: 12 maart 2026.
func (w *planWriter) date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return fmt.Sprintf("%d %s %d", t.Day(), w.t("gezinsplan.maand."+strconv.Itoa(int(t.Month()))), t.Year())
}

// moment writes a moment in Dutch civil time.
func (w *planWriter) moment(t time.Time) string {
	l := t.In(w.zone)
	return w.t("gezinsplan.moment", "datum", w.date(l), "tijd", fmt.Sprintf("%02d:%02d", l.Hour(), l.Minute()))
}

// fields sets label/value pairs as a two-column table, leaving out the
// empty values.
func (w *planWriter) fields(pairs ...string) {
	var rows [][]string
	for i := 0; i+1 < len(pairs); i += 2 {
		if pairs[i+1] != "" {
			rows = append(rows, []string{w.t(pairs[i]), pairs[i+1]})
		}
	}
	if len(rows) > 0 {
		w.f.Table(pdf.Table{Widths: []float64{1, 2.6}, Rows: rows, KeyColumn: true, Size: 10})
	}
}

// table sets a table with a header of catalogue keys, or the text of
// none when there are no rows.
func (w *planWriter) table(widths []float64, header []string, rows [][]string, none string) {
	if len(rows) == 0 {
		w.f.Paragraph(w.t(none))
		return
	}
	h := make([]string, len(header))
	for i, k := range header {
		h[i] = w.t(k)
	}
	w.f.Table(pdf.Table{Widths: widths, Header: h, Rows: rows})
}

// section sets a part of the plan: its heading and its text, or the text
// of none when the plan leaves it empty.
func (w *planWriter) section(heading, text string) {
	w.f.Heading(2, w.t(heading))
	if strings.TrimSpace(text) == "" {
		w.f.Paragraph(w.t("gezinsplan.leeg"))
		return
	}
	w.f.Paragraph(text)
}

func (w *planWriter) write(p *PlanPrint) {
	f, pl := w.f, p.Plan
	f.Heading(1, w.t("gezinsplan.pdf.titel"))
	f.Paragraph(w.t("gezinsplan.pdf.voor", "adres", addressLine(p.Household.Address)))
	f.Paragraph(w.t("gezinsplan.pdf.uitleg"))
	f.Paragraph(w.t("gezinsplan.pdf.afgedrukt", "moment", w.moment(p.PrintedAt), "naam", p.PrintedBy))
	if pl.Status == wijkregie.PlanClosed {
		f.Callout(w.t("gezinsplan.pdf.afgesloten"))
	}
	f.Callout(w.t("gezinsplan.pdf.vertrouwelijk"))

	f.Heading(2, w.t("gezinsplan.kop.gezin"))
	w.fields("gezinsplan.veld.adres", addressLine(p.Household.Address))
	var rows [][]string
	for _, m := range p.Members {
		rows = append(rows, []string{m.Person.FullName(), w.label("relatie.", string(m.Relation))})
	}
	w.table([]float64{2.6, 1}, []string{"gezinsplan.kolom.naam", "gezinsplan.kolom.relatie"}, rows, "gezinsplan.geen.leden")

	f.Heading(2, w.t("gezinsplan.kop.regisseur"))
	if rg := p.Coordinator; rg != nil {
		f.Paragraph(w.t("gezinsplan.regisseur.uitleg"))
		phone := ""
		if o := p.CoordinatorOrganisation; o != nil && o.Phone != "" {
			phone = w.t("gezinsplan.regisseur.telefoon", "telefoon", o.Phone, "organisatie", o.Name)
		}
		w.fields("gezinsplan.veld.naam", rg.Name, "gezinsplan.veld.team", p.Team, "gezinsplan.veld.email", rg.Email,
			"gezinsplan.veld.telefoon", phone)
	} else {
		f.Paragraph(w.t("gezinsplan.regisseur.geen", "team", p.Team))
	}

	f.Heading(2, w.t("gezinsplan.kop.plan"))
	met := ""
	if !pl.MeetingDate.IsZero() {
		met = w.t("gezinsplan.plan.vastgesteld", "datum", w.date(pl.MeetingDate), "deelnemers", pl.Participants)
	}
	agreed := w.t("gezinsplan.plan.nog_geen_instemming")
	if pl.Agreed() {
		agreed = w.t("gezinsplan.plan.instemming", "datum", w.date(pl.AgreedOn), "wijze", strings.ToLower(w.label("instemming.wijze.", string(pl.AgreedHow))))
	}
	w.fields("gezinsplan.veld.soort", w.label("plan.variant.", string(pl.Variant)),
		"gezinsplan.veld.versie", w.t("gezinsplan.plan.versie", "versie", pl.Version, "datum", w.date(w.civil(pl.SavedAt))),
		"gezinsplan.veld.vastgesteld", met, "gezinsplan.veld.instemming", agreed)
	if pl.EvaluationDate.IsZero() {
		f.Callout(w.t("gezinsplan.evaluatie.geen"))
	} else {
		f.Callout(w.t("gezinsplan.evaluatie.op", "datum", w.date(pl.EvaluationDate)))
	}

	w.section("gezinsplan.kop.gaat_goed", pl.GoingWell)
	f.Heading(2, w.t("gezinsplan.kop.zorgen"))
	worries := slices.Clone(pl.Worries)
	slices.SortStableFunc(worries, func(a, b wijkregie.Worry) int { return cmp.Compare(a.Priority, b.Priority) })
	if len(worries) == 0 {
		f.Paragraph(w.t("gezinsplan.leeg"))
	}
	for i, z := range worries {
		f.Paragraph(strconv.Itoa(i+1) + ". " + z.Text)
	}
	w.section("gezinsplan.kop.eigen_kracht", pl.OwnStrength)
	w.section("gezinsplan.kop.ondersteuning", pl.SupportNeeded)
	if strings.TrimSpace(p.SafetyPlan) != "" {
		f.Heading(2, w.t("gezinsplan.kop.veiligheidsplan"))
		f.Paragraph(w.t("gezinsplan.veiligheidsplan.uitleg"))
		f.Paragraph(p.SafetyPlan)
	}

	f.Heading(2, w.t("gezinsplan.kop.doelen"))
	f.Paragraph(w.t("gezinsplan.doelen.uitleg"))
	for i, g := range pl.Goals {
		w.goal(i+1, g, p.Organisations)
	}

	f.Heading(2, w.t("gezinsplan.kop.betrokkenen"))
	rows = nil
	for _, pt := range p.Parties {
		org := pt.Organisation
		if pt.Kind != "" {
			org = w.label("soort.", string(pt.Kind))
		}
		rows = append(rows, []string{pt.Name, org, w.label("casus.rol.", string(pt.Role)), pt.Note})
	}
	w.table([]float64{1.6, 1.6, 1, 2}, []string{"gezinsplan.kolom.naam", "gezinsplan.kolom.organisatie", "gezinsplan.kolom.rol",
		"gezinsplan.kolom.wat_zij_doen"}, rows, "gezinsplan.geen.betrokkenen")

	f.Heading(2, w.t("gezinsplan.kop.toestemmingen"))
	if p.ConsentsHidden {
		f.Paragraph(w.t("gezinsplan.toestemmingen.verborgen"))
	} else {
		f.Paragraph(w.t("gezinsplan.toestemmingen.uitleg"))
		rows = nil
		for _, c := range p.Consents {
			to := c.Recipient
			if c.Kind != "" {
				to = w.t("gezinsplan.toestemming.alle", "soort", w.label("soort.", string(c.Kind)))
			}
			domains := make([]string, len(c.Domains))
			for i, dm := range c.Domains {
				domains[i] = w.domain(dm)
			}
			until := w.t("gezinsplan.toestemming.tot_intrekking")
			if !c.Until.IsZero() {
				until = w.date(c.Until)
			}
			rows = append(rows, []string{c.Person, to, w.label("toestemming.doel.", string(c.Purpose)), strings.Join(domains, ", "), until})
		}
		w.table([]float64{1.3, 1.7, 1.3, 1.6, 1.3}, []string{"gezinsplan.kolom.van_wie", "gezinsplan.kolom.aan_wie", "gezinsplan.kolom.waarvoor",
			"gezinsplan.kolom.leefgebieden", "gezinsplan.kolom.geldig_tot"}, rows, "gezinsplan.geen.toestemmingen")
	}

	w.signatures(p)
}

// civil is the calendar day of a moment in Dutch civil time.
func (w *planWriter) civil(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return t.In(w.zone)
}

// goal sets one goal: what should change, when it is good enough, by when
// and whose it is, and the actions under it.
func (w *planWriter) goal(n int, g wijkregie.Goal, orgs map[string]string) {
	f := w.f
	f.Heading(3, w.t("gezinsplan.doel.kop", "nummer", n, "doel", g.Description))
	owner := w.label("doel.eigenaar.", string(g.Owner))
	if name := orgs[g.OrganisationID]; g.OrganisationID != "" && name != "" {
		owner += " (" + name + ")"
	}
	w.fields("gezinsplan.veld.leefgebied", w.domain(g.Domain), "gezinsplan.veld.goed_genoeg", g.SuccessCriterion,
		"gezinsplan.veld.streefdatum", w.date(g.TargetDate), "gezinsplan.veld.eigenaar", owner,
		"gezinsplan.veld.status", w.label("doel.status.", string(g.Status)))
	var rows [][]string
	for _, a := range g.Actions {
		rows = append(rows, []string{a.What, a.Who, w.date(a.Start), w.date(a.Due), w.label("actie.status.", string(a.Status))})
	}
	w.table([]float64{2.6, 1.6, 1.1, 1.1, 0.9}, []string{"gezinsplan.kolom.actie", "gezinsplan.kolom.wie", "gezinsplan.kolom.start",
		"gezinsplan.kolom.klaar_op", "gezinsplan.kolom.status"}, rows, "gezinsplan.geen.acties")
}

// The signature block's measures, in points: a name line, room to write,
// and the line with its label.
const (
	signatureBlock = 64.0
	signatureGap   = 18.0
)

// signatures sets the signature lines — each member who signs, then the
// regisseur — kept on one page with their heading: a signature belongs
// with the lines around it, not alone at the top of a page.
func (w *planWriter) signatures(p *PlanPrint) {
	type signer struct{ name, as string }
	var ss []signer
	for _, m := range p.Members {
		if m.Signs {
			ss = append(ss, signer{m.Person.FullName(), strings.ToLower(w.label("relatie.", string(m.Relation)))})
		}
	}
	if p.Coordinator != nil {
		ss = append(ss, signer{p.Coordinator.Name, w.t("gezinsplan.ondertekening.regisseur")})
	}
	f := w.f
	heading, intro := w.t("gezinsplan.kop.ondertekening"), w.t("gezinsplan.ondertekening.uitleg")
	hs, bs := 13.0, f.Body.Size // Flow's sizes of a level-2 heading and of the body
	h := hs*0.8 + float64(len(pdf.Wrap(pdf.HelveticaBold, hs, f.Width(), heading)))*hs*f.LineHeight + hs*0.3 +
		float64(len(pdf.Wrap(f.Body.Font, bs, f.Width(), intro)))*bs*f.LineHeight + bs*0.5 +
		float64(len(ss))*signatureBlock
	f.Need(h)
	f.Heading(2, heading)
	f.Paragraph(intro)
	name := pdf.TextStyle{Font: pdf.HelveticaBold, Size: 10, Color: pdf.Black}
	small := pdf.TextStyle{Font: pdf.Helvetica, Size: 8, Color: pdf.Gray}
	line := pdf.Outline(pdf.Black, 0.6)
	for _, s := range ss {
		pg, x, top, wd := f.Reserve(signatureBlock)
		pg.Text(x, top-14, name, s.name+" ("+s.as+")")
		y, col := top-44, wd*0.32
		pg.Line(x, y, x+col, y, line)
		pg.Line(x+col+signatureGap, y, x+wd, y, line)
		pg.Text(x, y-10, small, w.t("gezinsplan.ondertekening.datum"))
		pg.Text(x+col+signatureGap, y-10, small, w.t("gezinsplan.ondertekening.handtekening"))
	}
}

// addressLine writes an address as on an envelope's one line:
// Proefstraat 12-A, 2581 ZZ Duinhaven.
func addressLine(a wijkregie.Address) string {
	s := a.Street + " " + strconv.Itoa(a.Number)
	if a.Addition != "" {
		s += "-" + a.Addition
	}
	pc := a.Postcode
	if len(pc) == 6 {
		pc = pc[:4] + " " + pc[4:]
	}
	return s + ", " + pc + " " + a.Town
}

// caseTakeOut decides whether the actor may take a case's data out of
// the platform (print the gezinsplan, export the overdrachtspakket): the
// role may do action, and decide allows it on the case. A refusal is
// audited as refused (the event) and answered as forbidden to one who may
// read the case, as not found to anyone else.
func (s *Service) caseTakeOut(ctx context.Context, actor wijkregie.Actor, action policy.Action, caseID string,
	decide func(wijkregie.Actor, *policy.CaseSubject, time.Time) error, refused wijkregie.Event) (*policy.CaseSubject, time.Time, error) {
	if err := s.allow(actor, action); err != nil {
		return nil, time.Time{}, err
	}
	if !wijkregie.ValidID(caseID) {
		return nil, time.Time{}, wijkregie.NotFound()
	}
	subj, err := s.actorCaseSubject(ctx, actor, caseID)
	if err != nil {
		return nil, time.Time{}, err
	}
	now := s.Now()
	if err := decide(actor, subj, now); err != nil {
		refused.Result = wijkregie.AuditDenied
		if aerr := s.audit(ctx, actor, refused); aerr != nil {
			return nil, time.Time{}, aerr
		}
		if policy.DecideCase(actor, policy.ViewCase, subj, now) == nil {
			return nil, time.Time{}, err
		}
		return nil, time.Time{}, wijkregie.NotFound()
	}
	return subj, now, nil
}
