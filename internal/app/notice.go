package app

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"wijkregie"
	"wijkregie/internal/locale"
	"wijkregie/internal/pdf"
	"wijkregie/internal/policy"
	"wijkregie/internal/store"
)

// The information notice (AVG art. 13/14; docs/privacy.md, "Rechten van
// betrokkenen"). A signal from someone other than the person — a
// neighbour, the GP, the school, a creditor — registers them without
// their asking, so the municipality must tell them: who processes, what,
// why, on which ground, where it came from, how long it is kept and what
// they may do. The team that works with the family produces the letter
// and records that it went; until then the household page says a notice
// is due. Art. 14(2)(f) asks for the source: the letter names its kind,
// and an organisation by name; a reporter who asked to stay anonymous to
// the family is never named, nor is any private reporter.

// NoticeDue is a member of a household to whom a notice is due.
type NoticeDue struct {
	PersonID string
	Name     string
	Signals  int       // signals from others since the last notice
	LastSent time.Time // zero when none was sent
}

// HouseholdRights is what the household page shows of the members'
// rights: whose processing is restricted, and to whom an information
// notice is due (for the team only).
type HouseholdRights struct {
	Restrictions map[string]wijkregie.Restriction
	NoticesDue   []NoticeDue
}

// HouseholdRights reads the restrictions on the household's members and,
// for a team member who may produce it, the notices due. It is part of
// the household page, whose read is audited by Household; it is decided
// as that read.
func (s *Service) HouseholdRights(ctx context.Context, actor wijkregie.Actor, householdID string) (*HouseholdRights, error) {
	if err := s.allow(actor, policy.ViewHousehold); err != nil {
		return nil, err
	}
	if !wijkregie.ValidID(householdID) {
		return nil, wijkregie.NotFound()
	}
	subj, err := s.subject(ctx, actor, householdID)
	if err != nil {
		return nil, err
	}
	if err := policy.Decide(actor, policy.ViewHousehold, subj, s.Now()); err != nil {
		return nil, wijkregie.NotFound()
	}
	out := &HouseholdRights{}
	err = s.store.ReadTx(ctx, func(q *store.Q) error {
		members, persons, err := q.HouseholdMembers(ctx, actor.MunicipalityID, householdID)
		if err != nil {
			return err
		}
		var ids []string
		for i, m := range members {
			if current(m, s.Now()) {
				ids = append(ids, persons[i].ID)
			}
		}
		if out.Restrictions, err = q.Restrictions(ctx, actor.MunicipalityID, ids); err != nil {
			return err
		}
		if !policy.Allows(actor, policy.ProduceNotice) {
			return nil
		}
		for i, m := range members {
			if !current(m, s.Now()) {
				continue
			}
			p := persons[i]
			due, err := noticeDue(ctx, q, &p)
			if err != nil {
				return err
			}
			if due != nil {
				out.NoticesDue = append(out.NoticesDue, *due)
			}
		}
		return nil
	})
	return out, err
}

// current reports whether the membership holds today.
func current(m wijkregie.Member, now time.Time) bool {
	return m.Until.IsZero() || !wijkregie.Today(now).After(m.Until)
}

// noticeDue returns the notice due to the person, or nil.
func noticeDue(ctx context.Context, q *store.Q, p *wijkregie.Person) (*NoticeDue, error) {
	sent, err := q.NoticesSent(ctx, p.MunicipalityID, []string{p.ID})
	if err != nil {
		return nil, err
	}
	var last time.Time
	if len(sent) > 0 {
		last = sent[len(sent)-1].SentOn
	}
	sigs, err := q.NoticeSignals(ctx, p.MunicipalityID, p.ID, last)
	if err != nil || len(sigs) == 0 {
		return nil, err
	}
	return &NoticeDue{PersonID: p.ID, Name: p.FullName(), Signals: len(sigs), LastSent: last}, nil
}

// InformationNotice is the content of the letter.
type InformationNotice struct {
	MadeAt       time.Time
	Municipality string
	Team         string
	Name         string
	Address      string // the household's, as the letter is addressed
	// Data are the kinds of data registered ("naam", "adres",
	// "geboortedatum", "bsn", "contact", "zorgen", "casus").
	Data    []string
	Domains []string // the life domains of the worries, as names
	// Ground is the case's recorded ground; "" for the general statutory
	// task.
	Ground  wijkregie.LegalGround
	Sources []NoticeSource
	Periods wijkregie.RetentionPeriods
	// Privacy is how to reach the privacy officer.
	PrivacyName, PrivacyEmail string
}

// NoticeSource is where data came from: its kind, and the organisation
// when one reported. A private reporter is never named.
type NoticeSource struct {
	Kind         wijkregie.SourceKind
	Organisation string
}

// InformationNotice produces the content of the notice to a person, for
// a member of the team that works with their household (seen as
// ViewPerson decides, and allowed ProduceNotice). It is audited as an
// export (a letter printed).
func (s *Service) InformationNotice(ctx context.Context, actor wijkregie.Actor, personID string) (*InformationNotice, error) {
	if err := s.allow(actor, policy.ProduceNotice); err != nil {
		return nil, err
	}
	ev := wijkregie.Event{Action: string(policy.ProduceNotice), SubjectKind: "persoon", SubjectID: personID, PersonID: personID, Purpose: PurposeTask}
	p, subj, err := s.visiblePerson(ctx, actor, policy.ViewPerson, personID, ev)
	if err != nil {
		return nil, err
	}
	n := &InformationNotice{MadeAt: s.Now(), Name: p.FullName(), Data: []string{"naam"}}
	err = s.store.ReadTx(ctx, func(q *store.Q) error {
		m, err := q.Municipality(ctx, actor.MunicipalityID)
		if err != nil {
			return err
		}
		n.Municipality = m.Name
		h := subj.Household
		a := h.Address
		n.Address = InzageAddress{Street: a.Street, Number: a.Number, Addition: a.Addition, Postcode: a.Postcode, Town: a.Town}.Line()
		n.Data = append(n.Data, "adres")
		if h.TeamID != "" {
			if t, err := q.Team(ctx, actor.MunicipalityID, h.TeamID); err == nil {
				n.Team = t.Name
			} else if wijkregie.ErrorCode(err) != wijkregie.ENOTFOUND {
				return err
			}
		}
		if !p.BirthDate.IsZero() {
			n.Data = append(n.Data, "geboortedatum")
		}
		if p.BSN != "" {
			n.Data = append(n.Data, "bsn")
		}
		if p.Phone != "" || p.Email != "" {
			n.Data = append(n.Data, "contact")
		}
		sigs, err := q.NoticeSignals(ctx, actor.MunicipalityID, p.ID, time.Time{})
		if err != nil {
			return err
		}
		orgs := map[string]string{}
		if os, err := q.Organisations(ctx, actor.MunicipalityID); err != nil {
			return err
		} else {
			for _, o := range os {
				orgs[o.ID] = o.Name
			}
		}
		var domains []string
		for _, sg := range sigs {
			src := NoticeSource{Kind: sg.SourceKind}
			if !sg.AnonymousToFamily {
				src.Organisation = orgs[sg.SourceOrganisationID]
			}
			if !slices.Contains(n.Sources, src) {
				n.Sources = append(n.Sources, src)
			}
			for _, d := range sg.Domains {
				if !slices.Contains(domains, d) {
					domains = append(domains, d)
				}
			}
		}
		if len(sigs) > 0 {
			n.Data = append(n.Data, "zorgen")
		}
		n.Domains = domainNames(domains)
		cases, err := q.HouseholdCases(ctx, actor.MunicipalityID, h.ID)
		if err != nil {
			return err
		}
		// Newest first; an anonymised case points to a stand-in
		// household, never to this one.
		if len(cases) > 0 {
			n.Data = append(n.Data, "casus")
			n.Ground = cases[0].LegalGround
		}
		if n.Periods, err = q.RetentionPeriods(ctx, actor.MunicipalityID); err != nil {
			return err
		}
		us, _, err := q.Users(ctx, actor.MunicipalityID, store.UserFilter{Role: wijkregie.RolePrivacy, Page: store.Page{Limit: 1}})
		if err != nil {
			return err
		}
		if len(us) > 0 {
			n.PrivacyName, n.PrivacyEmail = us[0].Name, us[0].Email
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if err := s.audit(ctx, actor, ev); err != nil {
		return nil, err
	}
	return n, nil
}

// RecordNoticeSent records that the notice went to the person, which
// clears it from the household page until a new signal from someone
// else comes in. Audited as a create on the person.
func (s *Service) RecordNoticeSent(ctx context.Context, actor wijkregie.Actor, personID string, n *wijkregie.NoticeSent) error {
	if err := s.allow(actor, policy.RecordNoticeSent); err != nil {
		return err
	}
	ev := wijkregie.Event{Action: string(policy.RecordNoticeSent), SubjectKind: "persoon", SubjectID: personID, PersonID: personID, Purpose: PurposeTask}
	p, _, err := s.visiblePerson(ctx, actor, policy.ViewPerson, personID, ev)
	if err != nil {
		return err
	}
	n.MunicipalityID, n.PersonID, n.RecordedBy = actor.MunicipalityID, p.ID, actor.UserID
	if err := n.Validate(s.Now()); err != nil {
		return err
	}
	return s.store.Tx(ctx, func(q *store.Q) error {
		if err := q.CreateNoticeSent(ctx, n); err != nil {
			return err
		}
		return q.AppendAudit(ctx, actor.Record(ev))
	})
}

// NoticePDF sets the notice as a letter in plain Dutch (B1), from the
// catalogue (rechten.*.json).
func NoticePDF(n *InformationNotice, cat *locale.Catalogue, lang string) ([]byte, error) {
	zone, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		return nil, err
	}
	t := func(key string, args ...any) string { return cat.T(lang, key, args...) }
	day := func(d time.Time) string {
		d = d.In(zone)
		return fmt.Sprintf("%d %s %d", d.Day(), t(fmt.Sprintf("maand.%d", d.Month())), d.Year())
	}
	years := func(p wijkregie.Period) string {
		if p.Months == 0 {
			return t("rechten.brief.jaren", "n", p.Years)
		}
		return t("rechten.brief.maanden", "n", p.InMonths())
	}
	d := pdf.New(pdf.Info{Title: t("rechten.brief.titel"), Subject: t("rechten.brief.onderwerp"), Created: n.MadeAt})
	d.Footer(func(page, pages int) string { return t("rechten.brief.voettekst", "pagina", page, "paginas", pages) })
	f := pdf.NewFlow(d)
	team := n.Team
	if team == "" {
		team = t("rechten.brief.het_wijkteam")
	}
	f.Paragraph(n.Name + "\n" + n.Address)
	f.Paragraph(t("rechten.brief.datum", "gemeente", n.Municipality, "datum", day(n.MadeAt)))
	f.Heading(1, t("rechten.brief.titel"))
	f.Paragraph(t("rechten.brief.aanhef", "naam", n.Name))
	f.Paragraph(t("rechten.brief.inleiding", "gemeente", n.Municipality, "team", team))

	f.Heading(2, t("rechten.brief.kop.wie"))
	f.Paragraph(t("rechten.brief.wie", "gemeente", n.Municipality, "team", team))

	f.Heading(2, t("rechten.brief.kop.welke"))
	var data []string
	for _, k := range n.Data {
		data = append(data, "• "+t("rechten.brief.gegeven."+k))
	}
	f.Paragraph(strings.Join(data, "\n"))
	if len(n.Domains) > 0 {
		f.Paragraph(t("rechten.brief.leefgebieden", "leefgebieden", strings.Join(n.Domains, ", ")))
	}

	f.Heading(2, t("rechten.brief.kop.waarvoor"))
	f.Paragraph(t("rechten.brief.doel"))

	f.Heading(2, t("rechten.brief.kop.grondslag"))
	if n.Ground != "" {
		f.Paragraph(t("rechten.brief.grondslag." + string(n.Ground)))
	} else {
		f.Paragraph(t("rechten.brief.grondslag.algemeen"))
	}

	f.Heading(2, t("rechten.brief.kop.bron"))
	var srcs []string
	for _, src := range n.Sources {
		line := "• " + t("rechten.brief.bron."+string(src.Kind))
		if src.Organisation != "" {
			line += " (" + src.Organisation + ")"
		}
		srcs = append(srcs, line)
	}
	if len(srcs) == 0 {
		srcs = append(srcs, "• "+t("rechten.brief.bron.onbekend"))
	}
	f.Paragraph(t("rechten.brief.bron") + "\n" + strings.Join(srcs, "\n"))

	f.Heading(2, t("rechten.brief.kop.bewaren"))
	f.Paragraph(t("rechten.brief.bewaren", "signaal", years(n.Periods.Signal), "dossier", years(n.Periods.SocialCase), "jeugd", years(n.Periods.YouthCase)))

	f.Heading(2, t("rechten.brief.kop.rechten"))
	var rights []string
	for _, k := range []string{"inzage", "rectificatie", "beperking", "wissing", "bezwaar", "klacht"} {
		rights = append(rights, "• "+t("rechten.brief.recht."+k))
	}
	f.Paragraph(strings.Join(rights, "\n"))

	f.Heading(2, t("rechten.brief.kop.contact"))
	f.Paragraph(t("rechten.brief.contact.team", "team", team, "gemeente", n.Municipality))
	if n.PrivacyEmail != "" {
		f.Paragraph(t("rechten.brief.contact.privacy", "naam", n.PrivacyName, "email", n.PrivacyEmail))
	} else {
		f.Paragraph(t("rechten.brief.contact.privacy_gemeente", "gemeente", n.Municipality))
	}
	f.Paragraph(t("rechten.brief.groet", "team", team, "gemeente", n.Municipality))
	return d.Bytes()
}
