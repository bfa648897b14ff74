package server_test

import (
	"context"
	"time"

	"wijkregie"
	"wijkregie/internal/app"
)

// The matrices' rows of the arrears intake (docs/vroegsignalering.md, Wie
// mag inlezen): a lead of any team and beheer deliver creditors' reports
// and read what became of a delivery; nobody else.
const mxImportArrears = "3 3 + + 3 | 3 3 3 3 3 | 3 3 | 3 3 + 3"

// delivery returns the id of a delivery of the matrix's municipality,
// made the first time it is asked for by the lead, with one report on an
// address of no family of the matrix.
func (w *mxWorld) delivery() string {
	w.t.Helper()
	if id := w.ids["delivery"]; id != "" {
		return id
	}
	row := app.ArrearsRow{Line: 2, Report: wijkregie.ArrearsReport{CreditorName: "Waterbedrijf Matrix", CreditorKind: wijkregie.CreditorWater,
		Reference: "MATRIX-LEVERING-1", Kind: wijkregie.ArrearsPlain, AmountCents: 2500, Terms: 1, Since: time.Now().AddDate(0, -1, 0),
		Debtor: wijkregie.Debtor{Surname: "Leveringstest", BirthDate: time.Date(1970, 7, 7, 0, 0, 0, 0, time.UTC),
			Address: wijkregie.Address{Street: "Leveringslaan", Number: 98, Postcode: "2583MX", Town: "Duinhaven"}}}}
	sum, err := w.svc.ImportArrears(context.Background(), wijkregie.ActorOf(w.users[uLead]), []app.ArrearsRow{row}, app.ArrearsImport{})
	if err != nil || sum.Rejected != 0 || sum.DeliveryID == "" {
		w.t.Fatalf("matrix delivery: %+v, %v", sum, err)
	}
	w.ids["delivery"] = sum.DeliveryID
	return sum.DeliveryID
}
