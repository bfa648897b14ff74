package web

import (
	"slices"

	"wijkregie"
	"wijkregie/internal/chart"
)

// The caseload tables on the workload dashboard carry capacity and
// bezetting (docs/uitkomsten.md, "Capaciteit"): their chart draws the
// bezetting where any is shown — who has room for a new case — and their
// summary says the capacity, and of how many it is not set.

// isCaseloadTable reports whether the table is one of the caseload tables.
func isCaseloadTable(id string) bool {
	return id == "caseload-per-team" || id == "caseload-per-medewerker"
}

// capacityChart returns the bezetting per row of a caseload table, or nil
// when no row has one shown (no capacity set, or all withheld): the chart
// then draws the cases, as before.
func capacityChart(t wijkregie.Table) *chart.Bars {
	if !isCaseloadTable(t.ID) {
		return nil
	}
	b, err := chart.FromTable(t, "bezetting")
	if err != nil {
		return nil
	}
	if b = b.WithoutTotal(); !b.Shown() {
		return nil
	}
	return b
}

// capacityCell returns the row's figure of the column with key, and whether the
// table has that column.
func capacityCell(t wijkregie.Table, row wijkregie.TableRow, key string) (wijkregie.Figure, bool) {
	i := slices.IndexFunc(t.Columns, func(c wijkregie.Column) bool { return c.Key == key })
	if i < 0 || i >= len(row.Cells) {
		return wijkregie.Figure{}, false
	}
	return row.Cells[i], true
}

// capacitySummary is the sentence a caseload table's summary ends with:
// the team's capacity and bezetting, or the professional with the highest
// bezetting; and how many have no capacity set, so that "." is never
// read as 0 %.
func (h *Handler) capacitySummary(t wijkregie.Table) string {
	if !isCaseloadTable(t.ID) || len(t.Rows) == 0 {
		return ""
	}
	if t.ID == "caseload-per-team" {
		// The total row, or the one team's row.
		row := t.Rows[len(t.Rows)-1]
		hours, _ := capacityCell(t, row, "capaciteitUren")
		fte, _ := capacityCell(t, row, "capaciteitFte")
		occ, _ := capacityCell(t, row, "bezetting")
		switch {
		case hours.Missing && len(t.Rows) > 1:
			unknown := 0
			for _, r := range t.Rows[:len(t.Rows)-1] {
				if c, _ := capacityCell(t, r, "capaciteitUren"); c.Missing {
					unknown++
				}
			}
			return h.t("capaciteit.samenvatting.teams_onbekend", "aantal", unknown, "teams", len(t.Rows)-1)
		case hours.Missing:
			return h.t("capaciteit.samenvatting.team_onbekend")
		case occ.Suppressed:
			return h.t("capaciteit.samenvatting.team_te_klein", "uren", hours.Display(), "fte", fte.Display())
		case occ.Missing:
			return h.t("capaciteit.samenvatting.team_nul")
		}
		return h.t("capaciteit.samenvatting.team", "uren", hours.Display(), "fte", fte.Display(), "bezetting", occ.Display())
	}
	unset, best := 0, -1
	var bestOcc wijkregie.Figure
	for i, row := range t.Rows {
		occ, _ := capacityCell(t, row, "bezetting")
		if hours, _ := capacityCell(t, row, "capaciteitUren"); hours.Missing {
			unset++
		}
		if occ.Shown() && (best < 0 || occ.Value > bestOcc.Value) {
			best, bestOcc = i, occ
		}
	}
	var s string
	if best >= 0 {
		s = h.t("capaciteit.samenvatting.medewerkers", "naam", t.Rows[best].Label, "bezetting", bestOcc.Display())
	}
	switch {
	case unset == len(t.Rows):
		return joinSentences(s, h.t("capaciteit.samenvatting.geen_vastgelegd"))
	case unset == 1:
		return joinSentences(s, h.t("capaciteit.samenvatting.niet_vastgelegd_een"))
	case unset > 1:
		return joinSentences(s, h.t("capaciteit.samenvatting.niet_vastgelegd", "aantal", unset))
	}
	return s
}

// joinSentences puts two sentences together, either of which may be empty.
func joinSentences(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + " " + b
}
