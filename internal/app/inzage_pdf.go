package app

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"wijkregie/internal/locale"
	"wijkregie/internal/pdf"
)

// InzagePDF sets an export as a PDF for the person to read: Dutch (or the
// catalogue's lang), a short explanation of what it is and how to ask for
// a correction, then every section of the export as headings and tables,
// the access log last. The texts come from the catalogue (inzage.*.json).
func InzagePDF(z *Inzage, cat *locale.Catalogue, lang string) ([]byte, error) {
	zone, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		return nil, err
	}
	w := &inzageWriter{cat: cat, lang: lang, zone: zone}
	made, _ := time.Parse(time.RFC3339, z.MadeAt)
	d := pdf.New(pdf.Info{Title: w.t("inzage.pdf.titel"), Subject: w.t("inzage.pdf.onderwerp"), Created: made})
	d.Footer(func(n, total int) string {
		return w.t("inzage.pdf.voettekst", "pagina", n, "paginas", total, "naam", z.Person.Name)
	})
	w.f = pdf.NewFlow(d)
	w.write(z)
	return d.Bytes()
}

type inzageWriter struct {
	cat  *locale.Catalogue
	lang string
	zone *time.Location
	f    *pdf.Flow
}

func (w *inzageWriter) t(key string, args ...any) string { return w.cat.T(w.lang, key, args...) }

// label translates a stored code by prefix+code, or shows the code.
func (w *inzageWriter) label(prefix, code string) string {
	if code != "" && w.cat.Has(w.lang, prefix+code) {
		return w.t(prefix + code)
	}
	return code
}

// at shows a moment of the export in Dutch civil time.
func (w *inzageWriter) at(s string) string {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return s
	}
	l := t.In(w.zone)
	return fmt.Sprintf("%d %s %d %02d:%02d", l.Day(), w.t(fmt.Sprintf("maand.%d", l.Month())), l.Year(), l.Hour(), l.Minute())
}

// date shows a day of the export.
func (w *inzageWriter) date(s string) string {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return s
	}
	return fmt.Sprintf("%d %s %d", t.Day(), w.t(fmt.Sprintf("maand.%d", t.Month())), t.Year())
}

func (w *inzageWriter) who(p InzageWho) string {
	var more []string
	if p.Role != "" {
		more = append(more, w.label("rol.", p.Role))
	}
	if p.Organisation != "" {
		more = append(more, p.Organisation)
	}
	if len(more) == 0 {
		return p.Name
	}
	return p.Name + " (" + strings.Join(more, ", ") + ")"
}

func (w *inzageWriter) yes(b bool) string {
	if b {
		return w.t("inzage.ja")
	}
	return w.t("inzage.nee")
}

// fields sets label/value pairs as a two-column table, leaving out the
// empty values.
func (w *inzageWriter) fields(pairs ...string) {
	var rows [][]string
	for i := 0; i+1 < len(pairs); i += 2 {
		if pairs[i+1] != "" {
			rows = append(rows, []string{w.t(pairs[i]), pairs[i+1]})
		}
	}
	w.f.Table(pdf.Table{Widths: []float64{1, 2.6}, Rows: rows, KeyColumn: true})
}

// table sets a table with a header of catalogue keys, or says there is
// nothing when there are no rows.
func (w *inzageWriter) table(widths []float64, header []string, rows [][]string) {
	if len(rows) == 0 {
		w.f.Text(pdf.TextStyle{Font: pdf.Helvetica, Size: 9, Color: pdf.Gray}, w.t("inzage.geen"))
		return
	}
	h := make([]string, len(header))
	for i, k := range header {
		h[i] = w.t(k)
	}
	w.f.Table(pdf.Table{Widths: widths, Header: h, Rows: rows})
}

func (w *inzageWriter) write(z *Inzage) {
	f := w.f
	f.Heading(1, w.t("inzage.pdf.titel"))
	f.Paragraph(w.t("inzage.pdf.opgesteld", "datum", w.at(z.MadeAt), "gemeente", z.Municipality))
	f.Paragraph(w.t("inzage.pdf.uitleg", "gemeente", z.Municipality))
	f.Paragraph(w.t("inzage.pdf.correctie", "kenmerk", z.Person.ID))
	f.Paragraph(w.t("inzage.pdf.anderen"))

	f.Heading(2, w.t("inzage.sectie.samenvatting"))
	var sum [][]string
	for _, s := range z.Summary {
		sum = append(sum, []string{w.t("inzage.telling." + s.Section), strconv.Itoa(s.Count)})
	}
	w.table([]float64{3, 1}, []string{"inzage.kop.onderdeel", "inzage.kop.aantal"}, sum)

	f.Heading(2, w.t("inzage.sectie.persoon"))
	w.person(z.Person)
	if len(z.Merged) > 0 {
		f.Heading(3, w.t("inzage.sectie.samengevoegd"))
		f.Paragraph(w.t("inzage.pdf.samengevoegd"))
		for _, p := range z.Merged {
			w.person(p)
		}
	}

	f.Heading(2, w.t("inzage.sectie.huishoudens"))
	if len(z.Households) == 0 {
		w.table(nil, nil, nil)
	}
	for _, h := range z.Households {
		f.Heading(3, h.Address.Line())
		w.fields("inzage.veld.relatie", w.label("relatie.", h.Relation), "inzage.veld.van", w.date(h.From), "inzage.veld.tot", w.date(h.Until),
			"inzage.veld.team", h.Team)
		var rows [][]string
		for _, inv := range h.Involvements {
			rows = append(rows, []string{w.who(inv.Who), inv.Kind, w.at(inv.From), w.at(inv.Until)})
		}
		w.table([]float64{3, 1.2, 1.4, 1.4}, []string{"inzage.kop.betrokkene", "inzage.kop.soort", "inzage.kop.van", "inzage.kop.tot"}, rows)
	}

	f.Heading(2, w.t("inzage.sectie.signalen"))
	if len(z.Signals) == 0 {
		w.table(nil, nil, nil)
	}
	for _, s := range z.Signals {
		f.Heading(3, w.t("inzage.signaal.kop", "soort", s.Kind, "datum", w.at(s.ReceivedAt)))
		reporter := s.Reporter
		if s.ReporterShielded {
			reporter = w.t("inzage.melder.afgeschermd")
		}
		var matches []string
		for _, m := range s.Matches {
			matches = append(matches, w.who(m.Who))
		}
		var triage string
		if s.Triage != nil {
			triage = strings.TrimSpace(s.Triage.Decision + ": " + s.Triage.Reason + " " + s.Triage.Answer)
		}
		w.fields("inzage.veld.over", s.About, "inzage.veld.bron", strings.TrimSpace(s.Source+" "+s.SourceOrg), "inzage.veld.melder", reporter,
			"inzage.veld.leefgebieden", strings.Join(s.Domains, ", "), "inzage.veld.omschrijving", s.Description, "inzage.veld.urgentie", s.Urgency,
			"inzage.veld.status", s.Status, "inzage.veld.geregistreerd_door", w.who(s.RegisteredBy), "inzage.veld.triage", triage,
			"inzage.veld.matches", strings.Join(matches, "; "))
	}

	f.Heading(2, w.t("inzage.sectie.casussen"))
	if len(z.Cases) == 0 {
		w.table(nil, nil, nil)
	}
	for i := range z.Cases {
		w.caseOf(&z.Cases[i])
	}

	f.Heading(2, w.t("inzage.sectie.toestemmingen"))
	w.consents(z.Consents)
	if len(z.ConsentsFor) > 0 {
		f.Heading(3, w.t("inzage.sectie.toestemmingen_anderen"))
		w.consents(z.ConsentsFor)
	}

	f.Heading(2, w.t("inzage.sectie.meldingen"))
	f.Paragraph(w.t("inzage.pdf.meldingen"))
	var rows [][]string
	for _, n := range z.Notified {
		rows = append(rows, []string{w.at(n.At), w.who(n.To), n.Other})
	}
	w.table([]float64{1.3, 2.5, 2.5}, []string{"inzage.kop.wanneer", "inzage.kop.aan", "inzage.kop.over_wie"}, rows)

	// The requests under art. 16-21 and the notices sent (rights.go).
	f.Heading(2, w.t("inzage.sectie.rechtenverzoeken"))
	rows = nil
	for _, x := range z.RightsRequests {
		rows = append(rows, []string{w.date(x.ReceivedOn), w.label("rechten.soort.", x.Kind), x.Request, w.label("rechten.status.", x.Status), x.Reason})
	}
	w.table([]float64{1.1, 1.1, 2.4, 1.1, 2.2}, []string{"inzage.kop.wanneer", "rechten.kop.soort", "rechten.kop.verzoek", "rechten.kop.status", "rechten.kop.reden"}, rows)
	f.Heading(2, w.t("inzage.sectie.informatieverstrekkingen"))
	rows = nil
	for _, n := range z.Notices {
		rows = append(rows, []string{w.date(n.SentOn), w.label("rechten.wijze.", n.Method), w.who(n.By)})
	}
	w.table([]float64{1.2, 1.2, 3}, []string{"inzage.kop.wanneer", "rechten.kop.wijze", "inzage.kop.wie"}, rows)

	w.outreaches(z.Outreaches) // outreach_inzage.go
	w.arrears(z.Arrears)       // arrears_inzage.go
	w.mijnPlan(z.MijnPlan)     // mijnplan_inzage.go

	f.Heading(2, w.t("inzage.sectie.toegang"))
	f.Paragraph(w.t("inzage.pdf.toegang"))
	rows = nil
	for _, a := range z.Access {
		what := w.label("actie.", a.Action)
		if a.Result != "" && a.Result != "toegestaan" {
			what += " (" + a.Result + ")"
		}
		rows = append(rows, []string{w.at(a.At), w.who(a.Who), what, w.label("inzage.doel.", a.Purpose)})
	}
	w.table([]float64{1.3, 2.4, 2.2, 1.3}, []string{"inzage.kop.wanneer", "inzage.kop.wie", "inzage.kop.wat", "inzage.kop.doel"}, rows)
}

func (w *inzageWriter) person(p InzagePerson) {
	w.fields("inzage.veld.naam", p.Name, "inzage.veld.bsn", p.BSN, "inzage.veld.geboortedatum", w.date(p.BirthDate),
		"inzage.veld.telefoon", p.Phone, "inzage.veld.email", p.Email, "inzage.veld.geregistreerd_op", w.at(p.RegisteredAt),
		"inzage.veld.samengevoegd_op", w.at(p.MergedAt))
}

func (w *inzageWriter) consents(cs []InzageConsent) {
	if len(cs) == 0 {
		w.table(nil, nil, nil)
	}
	for _, c := range cs {
		withdrawn := ""
		if c.WithdrawnAt != "" {
			withdrawn = strings.TrimSpace(w.at(c.WithdrawnAt) + " " + c.Reason)
		}
		w.fields("inzage.veld.betreft", c.Subject, "inzage.veld.ontvanger", c.Recipient, "inzage.veld.doel", w.label("toestemming.doel.", c.Purpose),
			"inzage.veld.leefgebieden", strings.Join(c.Domains, ", "), "inzage.veld.gegeven_op", w.date(c.GivenOn), "inzage.veld.wijze", c.Method,
			"inzage.veld.gegeven_door", strings.Join(c.GivenBy, "; "), "inzage.veld.tot", w.date(c.Until),
			"inzage.veld.vastgelegd_door", w.who(c.RecordedBy), "inzage.veld.ingetrokken", withdrawn)
	}
}

func (w *inzageWriter) caseOf(c *InzageCase) {
	f := w.f
	f.Heading(2, w.t("inzage.casus.kop", "datum", w.at(c.OpenedAt)))
	w.fields("inzage.veld.status", c.Status, "inzage.veld.niveau", c.Level, "inzage.veld.team", c.Team,
		"inzage.veld.leefgebieden", strings.Join(c.Domains, ", "), "inzage.veld.geopend_door", w.who(c.OpenedBy),
		"inzage.veld.gesloten_op", w.at(c.ClosedAt), "inzage.veld.sluitreden", c.ClosureReason,
		"inzage.veld.grondslag", strings.TrimSpace(c.LegalGround+" "+c.LegalGroundNote))

	f.Heading(3, w.t("inzage.sectie.regisseurs"))
	var rows [][]string
	for _, r := range c.Coordinators {
		rows = append(rows, []string{w.who(r.Who), strings.TrimSpace(r.Decide + " " + r.EscalateTo), w.at(r.From), w.at(r.Until)})
	}
	w.table([]float64{2, 3, 1.3, 1.3}, []string{"inzage.kop.regisseur", "inzage.kop.mandaat", "inzage.kop.van", "inzage.kop.tot"}, rows)

	f.Heading(3, w.t("inzage.sectie.gebeurtenissen"))
	rows = nil
	for _, e := range c.Events {
		what := e.Kind
		if e.From != "" || e.To != "" {
			what += ": " + e.From + " → " + e.To
		}
		rows = append(rows, []string{w.at(e.At), what, e.Reason, w.who(e.By)})
	}
	w.table([]float64{1.3, 2, 2.5, 2}, []string{"inzage.kop.wanneer", "inzage.kop.wat", "inzage.kop.reden", "inzage.kop.door"}, rows)

	f.Heading(3, w.t("inzage.sectie.betrokkenen"))
	rows = nil
	for _, p := range c.Parties {
		rows = append(rows, []string{w.who(p.Who), p.Role, p.Note, w.at(p.From), w.at(p.Until)})
	}
	w.table([]float64{2.2, 1, 2, 1.3, 1.3}, []string{"inzage.kop.betrokkene", "inzage.kop.rol", "inzage.kop.toelichting", "inzage.kop.van", "inzage.kop.tot"}, rows)

	if len(c.Escalations) > 0 || len(c.Enforcements) > 0 {
		f.Heading(3, w.t("inzage.sectie.mandaat"))
		for _, e := range c.Escalations {
			w.fields("inzage.veld.opschaling", e.Organisation+": "+e.About, "inzage.veld.aan", e.ToWhom, "inzage.veld.op", w.at(e.RaisedAt),
				"inzage.veld.door", w.who(e.RaisedBy), "inzage.veld.antwoord", e.Answer, "inzage.veld.uitkomst", e.Outcome, "inzage.veld.status", e.Status)
		}
		for _, e := range c.Enforcements {
			w.fields("inzage.veld.besluit", e.Decision, "inzage.veld.reden", e.Reason, "inzage.veld.organisaties", strings.Join(e.Organisations, ", "),
				"inzage.veld.op", w.at(e.DecidedAt), "inzage.veld.door", w.who(e.DecidedBy))
		}
	}
	if len(c.SharingGrounds) > 0 {
		f.Heading(3, w.t("inzage.sectie.deelgrondslagen"))
		for _, g := range c.SharingGrounds {
			w.fields("inzage.veld.organisatie", g.Organisation, "inzage.veld.grondslag", g.Ground, "inzage.veld.doel", strings.Join(g.Purposes, ", "),
				"inzage.veld.toelichting", g.Justification, "inzage.veld.op", w.at(g.RecordedAt), "inzage.veld.tot", w.at(g.EndedAt))
		}
	}
	if len(c.Emergency) > 0 {
		f.Heading(3, w.t("inzage.sectie.noodtoegang"))
		rows = nil
		for _, e := range c.Emergency {
			rows = append(rows, []string{w.who(e.Who), e.Reason, w.at(e.From), e.Verdict})
		}
		w.table([]float64{2, 3, 1.3, 1.2}, []string{"inzage.kop.wie", "inzage.kop.reden", "inzage.kop.van", "inzage.kop.oordeel"}, rows)
	}

	f.Heading(3, w.t("inzage.sectie.zrm"))
	if len(c.Assessments) == 0 {
		w.table(nil, nil, nil)
	}
	for _, a := range c.Assessments {
		f.Text(pdf.TextStyle{Font: pdf.HelveticaBold, Size: 10}, w.t("inzage.zrm.kop", "moment", a.Moment, "datum", w.date(a.Date), "door", w.who(a.Assessor)))
		rows = nil
		for _, s := range a.Scores {
			target := ""
			if s.Target > 0 {
				target = strconv.Itoa(s.Target)
			}
			rows = append(rows, []string{s.Domain, strconv.Itoa(s.Level), target, s.Rationale})
		}
		w.table([]float64{2, 0.7, 0.8, 4}, []string{"inzage.kop.leefgebied", "inzage.kop.score", "inzage.kop.doelniveau", "inzage.kop.onderbouwing"}, rows)
	}

	f.Heading(3, w.t("inzage.sectie.plannen"))
	if len(c.Plans) == 0 {
		w.table(nil, nil, nil)
	}
	for _, p := range c.Plans {
		for _, v := range p.Versions {
			f.Text(pdf.TextStyle{Font: pdf.HelveticaBold, Size: 10}, w.t("inzage.plan.kop", "versie", v.Version, "datum", w.at(v.SavedAt), "door", w.who(v.SavedBy)))
			w.fields("inzage.veld.goed", v.GoingWell, "inzage.veld.zorgen", strings.Join(v.Worries, "; "), "inzage.veld.eigen_kracht", v.OwnStrength,
				"inzage.veld.ondersteuning", v.SupportNeeded, "inzage.veld.gesprek", w.date(v.MeetingDate), "inzage.veld.deelnemers", v.Participants,
				"inzage.veld.afgesproken", strings.TrimSpace(w.date(v.AgreedOn)+" "+v.AgreedHow), "inzage.veld.evaluatie", w.date(v.EvaluationDate),
				"inzage.veld.toelichting", v.Note)
			rows = nil
			for _, g := range v.Goals {
				var acts []string
				for _, a := range g.Actions {
					acts = append(acts, strings.TrimSpace(a.What+" ("+strings.TrimSpace(a.Who+" "+w.date(a.Due))+", "+a.Status+")"))
				}
				rows = append(rows, []string{g.Domain, g.Description + "\n" + g.SuccessCriterion, strings.TrimSpace(g.Owner + " " + g.Organisation), g.Status, strings.Join(acts, "\n")})
			}
			w.table([]float64{1.3, 2.5, 1.1, 0.8, 2.5}, []string{"inzage.kop.leefgebied", "inzage.kop.doel", "inzage.kop.eigenaar", "inzage.kop.status", "inzage.kop.acties"}, rows)
		}
	}

	f.Heading(3, w.t("inzage.sectie.journaal"))
	rows = nil
	for _, n := range c.Notes {
		rows = append(rows, []string{w.date(n.Date), w.who(n.Author), n.Text, w.label("zichtbaarheid.", n.Visibility)})
	}
	w.table([]float64{1.1, 1.8, 4, 1.1}, []string{"inzage.kop.datum", "inzage.kop.auteur", "inzage.kop.tekst", "inzage.kop.zichtbaarheid"}, rows)

	f.Heading(3, w.t("inzage.sectie.taken"))
	rows = nil
	for _, t := range c.Tasks {
		who := ""
		if t.For != nil {
			who = w.who(*t.For)
		}
		rows = append(rows, []string{t.Kind, w.at(t.Due), who, w.at(t.DoneAt)})
	}
	w.table([]float64{1.5, 1.5, 2.5, 1.5}, []string{"inzage.kop.soort", "inzage.kop.termijn", "inzage.kop.voor", "inzage.kop.gereed"}, rows)

	if m := c.Meldcode; m != nil {
		f.Heading(3, w.t("inzage.sectie.meldcode"))
		f.Callout(w.t("inzage.meldcode.beoordeling"))
		w.fields("inzage.veld.stap", strconv.Itoa(m.Step), "inzage.veld.gestart", w.at(m.StartedAt)+", "+w.who(m.StartedBy),
			"inzage.veld.gemeld", strings.TrimSpace(w.date(m.ReportedOn)+" "+m.ReportRef), "inzage.veld.veiligheidsplan", m.SafetyPlan,
			"inzage.veld.uitkomst", m.Outcome, "inzage.veld.gesloten_op", w.at(m.ClosedAt))
		rows = nil
		for _, s := range m.Steps {
			rows = append(rows, []string{w.t("inzage.meldcode.stap", "n", s.Number), w.date(s.Date), w.who(s.By), s.Rationale})
		}
		for _, a := range m.Answers {
			rows = append(rows, []string{w.t("inzage.meldcode.vraag", "n", a.Number, "antwoord", w.yes(a.Yes != nil && *a.Yes)), w.date(a.Date), w.who(a.By), a.Rationale})
		}
		for _, cn := range m.Consultations {
			rows = append(rows, []string{w.t("inzage.meldcode.consultatie", "met", cn.With), w.date(cn.Date), w.who(cn.By), cn.Summary})
		}
		w.table([]float64{1.6, 1.1, 2, 3}, []string{"inzage.kop.wat", "inzage.kop.datum", "inzage.kop.door", "inzage.kop.onderbouwing"}, rows)
	}
	if cl := c.Closure; cl != nil {
		f.Heading(3, w.t("inzage.sectie.afsluiting"))
		rating := ""
		if cl.Rating > 0 {
			rating = strconv.Itoa(cl.Rating)
		}
		w.fields("inzage.veld.reden", cl.Reason, "inzage.veld.op", w.at(cl.ClosedAt), "inzage.veld.door", w.who(cl.ClosedBy),
			"inzage.veld.waardering", rating, "inzage.veld.opmerking", cl.Remark, "inzage.veld.samenvatting", cl.Summary)
	}
}
