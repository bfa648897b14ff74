package app

import (
	"strconv"
	"strings"
	"time"

	"wijkregie"
	"wijkregie/internal/locale"
	"wijkregie/internal/pdf"
)

// HandoverPackagePDF sets an overdrachtspakket as the human-readable A4
// PDF for the receiving team (docs/overdrachtspakket.md): who sends it
// and how to reach them, the family, the case, the current plan version
// whole and the earlier versions as a list, the ZRM assessments, the
// parties, the consents as information and the history. It holds what
// the JSON holds and nothing more; the footer names the package's id, so
// loose pages find their package again, and no page names the family
// outside its body.
func HandoverPackagePDF(p *wijkregie.HandoverPackage, cat *locale.Catalogue, lang string) ([]byte, error) {
	zone, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		return nil, err
	}
	w := &planWriter{cat: cat, lang: lang, zone: zone}
	created := wijkregie.ParseHandoverMoment(p.CreatedAt)
	d := pdf.New(pdf.Info{Title: w.t("pakket.pdf.titel"), Subject: w.t("pakket.pdf.onderwerp", "gemeente", p.Sender.MunicipalityName), Created: created})
	d.Footer(func(n, total int) string {
		return w.t("pakket.pdf.voettekst", "pakket", p.ID, "pagina", n, "paginas", total)
	})
	w.f = pdf.NewFlow(d)
	writePackage(w, p, created)
	return d.Bytes()
}

func writePackage(w *planWriter, p *wijkregie.HandoverPackage, created time.Time) {
	f := w.f
	day := func(s string) string { return w.date(wijkregie.ParseHandoverDate(s)) }
	moment := func(s string) string { return w.date(w.civil(wijkregie.ParseHandoverMoment(s))) }
	names := map[string]string{}
	for _, x := range p.Persons {
		names[x.Ref] = strings.Join(strings.Fields(x.GivenName+" "+x.Prefix+" "+x.FamilyName), " ")
	}

	f.Heading(1, w.t("pakket.pdf.titel"))
	f.Heading(2, w.t("pakket.pdf.afzender"))
	s := p.Sender
	contact := func(c *wijkregie.HandoverContact) string {
		if c == nil {
			return ""
		}
		return strings.Join(nonEmpty(c.Name, c.Email, c.Phone), ", ")
	}
	w.fields("pakket.pdf.gemeente", s.MunicipalityName+" ("+s.MunicipalityCode+")", "pakket.pdf.team", s.Team,
		"pakket.pdf.regisseur", contact(s.Coordinator), "pakket.pdf.verstuurd_door", contact(&s.SentBy),
		"pakket.pdf.aangemaakt", w.moment(created), "pakket.pdf.controlegetal", p.Hash)

	f.Heading(2, w.t("pakket.pdf.huishouden"))
	a := p.Household.Address
	w.fields("pakket.pdf.adres", addressLine(wijkregie.Address{Street: a.Street, Number: a.Number, Addition: a.Addition, Postcode: a.Postcode, Town: a.Town}))
	var rows [][]string
	for _, m := range p.Household.Members {
		birth := ""
		for _, x := range p.Persons {
			if x.Ref == m.Person {
				birth = day(x.BirthDate)
			}
		}
		rows = append(rows, []string{names[m.Person], w.label("relatie.", m.Relation), birth, day(m.From)})
	}
	w.table([]float64{2.2, 1, 1.3, 1.3}, []string{"pakket.pdf.naam", "pakket.pdf.relatie", "pakket.pdf.geboortedatum", "pakket.pdf.vanaf"}, rows, "pakket.pdf.geen_betrokkenen")

	f.Heading(2, w.t("pakket.pdf.casus"))
	c := p.Case
	w.fields("pakket.pdf.status", w.label("casus.status.", c.Status), "pakket.pdf.niveau", w.label("casus.niveau.", c.Level),
		"pakket.pdf.geopend", moment(c.OpenedAt))
	if len(c.Signals) > 0 {
		f.Heading(3, w.t("pakket.pdf.signalen"))
		for _, sg := range c.Signals {
			f.Paragraph(moment(sg.ReceivedAt) + ": " + sg.Description)
		}
	}

	if n := len(p.PlanVersions); n == 0 {
		f.Heading(2, w.t("pakket.pdf.plan", "versie", 0))
		f.Paragraph(w.t("pakket.pdf.geen_plan"))
	} else {
		pv := p.PlanVersions[n-1]
		f.Heading(2, w.t("pakket.pdf.plan", "versie", pv.Version))
		w.section("gezinsplan.kop.gaat_goed", pv.GoingWell)
		f.Heading(3, w.t("pakket.pdf.zorgen"))
		for _, z := range pv.Worries {
			f.Paragraph(strconv.Itoa(z.Priority) + ". " + z.Text)
		}
		w.section("gezinsplan.kop.eigen_kracht", pv.OwnStrength)
		w.section("gezinsplan.kop.ondersteuning", pv.SupportNeeded)
		f.Heading(3, w.t("pakket.pdf.doelen"))
		for i, g := range pv.Goals {
			owner := w.label("doel.eigenaar.", g.Owner)
			if g.Organisation != "" {
				owner += " (" + g.Organisation + ")"
			}
			w.fields("pakket.pdf.doel", strconv.Itoa(i+1)+". "+g.Description, "pakket.pdf.domein", w.domain(g.Domain),
				"pakket.pdf.goed_genoeg", g.SuccessCriterion, "pakket.pdf.streefdatum", day(g.TargetDate),
				"pakket.pdf.rol", owner, "pakket.pdf.status", w.label("doel.status.", g.Status))
			var acts [][]string
			for _, x := range g.Actions {
				acts = append(acts, []string{x.What, x.Who, day(x.Due), w.label("actie.status.", x.Status)})
			}
			if len(acts) > 0 {
				w.table([]float64{2.4, 1.2, 1.2, 1}, []string{"pakket.pdf.acties", "pakket.pdf.door", "pakket.pdf.datum", "pakket.pdf.status"}, acts, "pakket.pdf.acties")
			}
		}
		w.fields("pakket.pdf.evaluatie", day(pv.EvaluationDate))
		f.Heading(3, w.t("pakket.pdf.eerdere_versies"))
		rows = nil
		for _, v := range p.PlanVersions {
			rows = append(rows, []string{strconv.Itoa(v.Version), moment(v.SavedAt), v.SavedBy, v.Note})
		}
		w.table([]float64{0.7, 1.3, 1.6, 2.6}, []string{"pakket.pdf.versie", "pakket.pdf.opgeslagen", "pakket.pdf.door", "pakket.pdf.notitie"}, rows, "pakket.pdf.geen_plan")
	}

	f.Heading(2, w.t("pakket.pdf.zrm"))
	if len(p.Assessments) == 0 {
		f.Paragraph(w.t("pakket.pdf.geen_zrm"))
	}
	for _, as := range p.Assessments {
		f.Heading(3, w.label("zrm.moment.", as.Moment)+", "+day(as.Date)+" ("+as.Assessor+")")
		rows = nil
		for _, sc := range as.Scores {
			rows = append(rows, []string{names[sc.Person], w.domain(sc.Domain), strconv.Itoa(sc.Level), sc.Rationale})
		}
		w.table([]float64{1.6, 1.6, 0.7, 2.6}, []string{"pakket.pdf.naam", "pakket.pdf.domein", "pakket.pdf.score", "pakket.pdf.notitie"}, rows, "pakket.pdf.geen_zrm")
	}

	f.Heading(2, w.t("pakket.pdf.betrokkenen"))
	rows = nil
	for _, pt := range p.Parties {
		rows = append(rows, []string{strings.Join(nonEmpty(pt.Organisation.Name, pt.Professional), ", "), w.label("casus.rol.", pt.Role),
			pt.Organisation.Phone, pt.Note})
	}
	w.table([]float64{2, 1, 1.2, 2}, []string{"pakket.pdf.naam", "pakket.pdf.rol", "pakket.pdf.telefoon", "pakket.pdf.notitie"}, rows, "pakket.pdf.geen_betrokkenen")

	f.Heading(2, w.t("pakket.pdf.toestemmingen"))
	rows = nil
	for _, cs := range p.Consents {
		domains := make([]string, len(cs.Domains))
		for i, dm := range cs.Domains {
			domains[i] = w.domain(dm)
		}
		rows = append(rows, []string{names[cs.Person], cs.Recipient, w.label("toestemming.doel.", cs.Purpose), strings.Join(domains, ", "),
			w.label("toestemming.status.", cs.Status)})
	}
	w.table([]float64{1.3, 1.7, 1.3, 1.6, 1.1}, []string{"pakket.pdf.naam", "pakket.pdf.betrokkenen", "pakket.pdf.wat", "pakket.pdf.domein", "pakket.pdf.status"},
		rows, "pakket.pdf.geen_toestemmingen")

	f.Heading(2, w.t("pakket.pdf.geschiedenis"))
	rows = nil
	for _, e := range p.History {
		rows = append(rows, []string{moment(e.At), e.Text})
	}
	w.table([]float64{1.2, 4}, []string{"pakket.pdf.datum", "pakket.pdf.wat"}, rows, "pakket.pdf.geen_zrm")
}

func nonEmpty(xs ...string) []string {
	var out []string
	for _, x := range xs {
		if strings.TrimSpace(x) != "" {
			out = append(out, x)
		}
	}
	return out
}
