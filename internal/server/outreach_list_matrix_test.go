package server_test

import (
	"context"
	"time"

	"wijkregie"
	"wijkregie/internal/app"
)

// The matrices' rows of vroegsignalering's lists and figures
// (docs/outreach.md): who may read the team's list, the monitor and the
// creditors' feedback, written from the documents.
const (
	// The monitor's figures are aggregates: a lead (of any team), beleid,
	// toezicht and beheer.
	mxOutreachMonitor = "3 3 + + 3 | 3 3 3 3 3 | 3 3 | + + + 3"
	// The creditors and what they are told: a lead and beheer, who import
	// their reports.
	mxCreditorFeedback = "3 3 + + 3 | 3 3 3 3 3 | 3 3 | 3 3 + 3"
)

// creditor returns the id of a creditor of the matrix's municipality,
// made the first time it is asked for by a report the lead imports on an
// address of the team's own (not the family's): the creditor routes need
// one to name.
func (w *mxWorld) creditor() string {
	w.t.Helper()
	if id := w.ids["creditor"]; id != "" {
		return id
	}
	lead := wijkregie.ActorOf(w.users[uLead])
	row := app.ArrearsRow{Line: 2, Report: wijkregie.ArrearsReport{CreditorName: "Woonstichting Matrix", CreditorKind: wijkregie.CreditorHousingCorp,
		Reference: "MATRIX-1", Kind: wijkregie.ArrearsPlain, AmountCents: 10000, Terms: 2, Since: time.Now().AddDate(0, -2, 0),
		Debtor: wijkregie.Debtor{Surname: "Schuldeiserstest", BirthDate: time.Date(1975, 5, 5, 0, 0, 0, 0, time.UTC),
			Address: wijkregie.Address{Street: "Matrixlaan", Number: 99, Postcode: "2583MX", Town: "Duinhaven"}}}}
	ctx := context.Background()
	if sum, err := w.svc.ImportArrears(ctx, lead, []app.ArrearsRow{row}, app.ArrearsImport{}); err != nil || sum.Rejected != 0 {
		w.t.Fatalf("matrix creditor: %+v, %v", sum, err)
	}
	cs, err := w.svc.Creditors(ctx, lead)
	if err != nil {
		w.t.Fatal(err)
	}
	for _, c := range cs {
		if c.Name == "Woonstichting Matrix" {
			w.ids["creditor"] = c.ID
			return c.ID
		}
	}
	w.t.Fatal("the matrix's creditor was not made")
	return ""
}
