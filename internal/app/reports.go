package app

import (
	"bytes"
	"context"
	"time"

	"wijkregie"
	"wijkregie/internal/locale"
	"wijkregie/internal/policy"
)

// Composed reports (docs/uitkomsten.md, "Rapporten als PDF"): the monthly
// team report and the periodic report for the council and the
// inspectorate, each a document of the outcome and workload reports'
// tables. Nothing is measured here: the parts are OutcomeReport and
// WorkloadReport, decided, suppressed and audited (as exports) as they
// are; policy.DecideReport decides who may make which document.

// ComposedQuery chooses a composed report.
type ComposedQuery struct {
	Kind policy.ReportKind
	// Month is a teammaand's calendar month, "2026-10"; "" for the last
	// whole month.
	Month string
	// Period is a raad report's period: whole calendar months. Zero: the
	// last whole quarter.
	Period Period
	// TeamID is a teammaand's team; "" for a lead's own team.
	TeamID string
}

// Composed is a composed report: what it covers and its parts.
type Composed struct {
	Kind         policy.ReportKind
	Municipality *wijkregie.Municipality
	Team         *wijkregie.Team // nil: the municipality, teams as rows
	Period       Period
	Made         time.Time
	// Parts are the outcome report and the workload report, in that order.
	Parts []*Report
}

// Suppressed reports whether every part withholds small cells.
func (c *Composed) Suppressed() bool {
	for _, p := range c.Parts {
		if !p.Suppressed {
			return false
		}
	}
	return true
}

// Tables returns the number of tables over all parts.
func (c *Composed) Tables() int {
	n := 0
	for _, p := range c.Parts {
		n += len(p.Tables)
	}
	return n
}

// perProfessional is the one table a composed report leaves out
// (policy.DecideReport: a document names no one's caseload).
const perProfessional = "caseload-per-medewerker"

// ComposeReport makes a composed report in the actor's name. step, when
// not nil, is called after each part (a long query on a large store), for
// a progress bar.
func (s *Service) ComposeReport(ctx context.Context, actor wijkregie.Actor, q ComposedQuery, step func()) (*Composed, error) {
	now := s.Now()
	today := wijkregie.Today(now)
	thisMonth := time.Date(today.Year(), today.Month(), 1, 0, 0, 0, 0, time.UTC)
	c := &Composed{Kind: q.Kind, Made: now}
	var v wijkregie.Invalid
	switch q.Kind {
	case policy.ReportTeamMonth:
		first := thisMonth.AddDate(0, -1, 0)
		if q.Month != "" {
			m, err := time.Parse("2006-01", q.Month)
			if err != nil || m.After(thisMonth) {
				v.Field("maand", "veld.rapport.maand")
			}
			first = m
		}
		c.Period = Period{From: first, To: first.AddDate(0, 1, -1)}
		if q.TeamID == "" && actor.Role == wijkregie.RoleTeamLead {
			q.TeamID = actor.TeamID
		}
		switch {
		case q.TeamID == "" || q.TeamID == AllTeams:
			v.Field("team", "veld.rapport.team")
		case !wijkregie.ValidID(q.TeamID):
			v.Field("team", "veld.keuze")
		}
	case policy.ReportCouncil:
		if q.TeamID != "" && q.TeamID != AllTeams {
			v.Field("team", "veld.rapport.raadTeam")
		}
		q.TeamID = ""
		c.Period = q.Period
		if c.Period == (Period{}) {
			// The last whole quarter.
			first := time.Date(today.Year(), (today.Month()-1)/3*3+1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, -3, 0)
			c.Period = Period{From: first, To: first.AddDate(0, 3, -1)}
		}
		// Whole months only: a free period would let two overlapping
		// reports be subtracted to reveal a withheld cell.
		if p := c.Period; !p.From.IsZero() && p.From.Day() != 1 {
			v.Field("van", "veld.rapport.eersteDag")
		}
		if p := c.Period; !p.To.IsZero() && p.To.AddDate(0, 0, 1).Day() != 1 {
			v.Field("tot", "veld.rapport.laatsteDag")
		}
		if p := c.Period; !p.To.IsZero() && !p.To.Before(thisMonth.AddDate(0, 1, 0)) {
			v.Field("tot", "veld.rapport.toekomst")
		}
		if err := c.Period.validate(); err != nil {
			v.Add(err)
		}
	default:
		v.Field("soort", "veld.keuze")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	if err := policy.DecideReport(actor, q.Kind, q.TeamID); err != nil {
		return nil, err
	}
	m, err := s.store.R().Municipality(ctx, actor.MunicipalityID)
	if err != nil {
		return nil, err
	}
	c.Municipality = m
	team := q.TeamID
	if team == "" {
		team = AllTeams
	}
	out, err := s.OutcomeReport(ctx, actor, ReportQuery{Period: c.Period, TeamID: team, Export: true})
	if err != nil {
		return nil, err
	}
	c.Team = out.Team
	c.Parts = append(c.Parts, out)
	if step != nil {
		step()
	}
	// The workload is a snapshot of the moment the report is made, with the
	// deadlines of the coming four weeks: a past month's workload is not
	// kept.
	work, err := s.WorkloadReport(ctx, actor, ReportQuery{TeamID: team, Export: true})
	if err != nil {
		return nil, err
	}
	kept := work.Tables[:0]
	for _, t := range work.Tables {
		if t.ID != perProfessional {
			kept = append(kept, t)
		}
	}
	work.Tables = kept
	c.Parts = append(c.Parts, work)
	if step != nil {
		step()
	}
	return c, nil
}

// Label fills in the labels of every part's tables (Report.Label).
func (c *Composed) Label(cat *locale.Catalogue, lang string) {
	for _, p := range c.Parts {
		p.Label(cat, lang)
	}
}

// ComposedCSV writes a composed report as one CSV in ReportCSV's long
// form: the outcome part's lines, then the workload part's under the same
// header (the table ids tell them apart).
func ComposedCSV(c *Composed, cat *locale.Catalogue, lang string) ([]byte, error) {
	var out bytes.Buffer
	for i, p := range c.Parts {
		b, err := ReportCSV(p, cat, lang)
		if err != nil {
			return nil, err
		}
		if i > 0 {
			if _, rest, ok := bytes.Cut(b, []byte("\r\n")); ok {
				b = rest
			}
		}
		out.Write(b)
	}
	return out.Bytes(), nil
}

// ComposedFileName is a composed report's file name with the extension
// ext: its kind, the team (or gemeente) and the period — no one's name.
func ComposedFileName(c *Composed, ext string) string {
	who := "gemeente"
	if c.Team != nil {
		who = "team-" + c.Team.ID
	}
	when := c.Period.From.Format("2006-01")
	if c.Kind == policy.ReportCouncil {
		when += "-" + c.Period.To.Format("2006-01")
	}
	return "rapport-" + string(c.Kind) + "-" + who + "-" + when + "." + ext
}
