package server_test

import (
	"context"
	"time"

	"wijkregie"
	"wijkregie/internal/app"
	"wijkregie/internal/demo"
)

// The matrices' rows of one outreach (docs/outreach.md, "Wie ziet en doet
// wat"): read and worked by the professionals and the lead of the team
// whose area holds the address, by the professional it is assigned to and
// by the regisseur of the open case it joined; another team does not find
// it (a family's arrears are not another team's to know of), partners and
// the other roles may not at all. The matrix's outreach is the family's:
// a creditor reports the mother's arrears at H, so it joins the open case
// C, assigned to its regisseur R; the colleague C and the lead L read it as
// the team.
const mxOutreach = "+ + + 4 4 | 3 3 3 3 3 | 3 3 | 3 3 3 3"

// outreach returns the id of the family's outreach, made the first time
// it is asked for by a report the lead imports on the mother at H's
// address (after the fixture is built, so the notification it brings the
// regisseur is not the one the inbox's cells use).
func (w *mxWorld) outreach() string {
	w.t.Helper()
	if id := w.ids["outreach"]; id != "" {
		return id
	}
	ctx := context.Background()
	h, err := w.s.R().Household(ctx, demo.MunicipalityID, w.ids["household"])
	if err != nil {
		w.t.Fatal(err)
	}
	row := app.ArrearsRow{Line: 2, Report: wijkregie.ArrearsReport{CreditorName: "Zeewind Energie", CreditorKind: wijkregie.CreditorEnergy,
		Reference: "MATRIX-GEZIN-1", Kind: wijkregie.ArrearsPlain, AmountCents: 31415, Terms: 3, Since: time.Now().AddDate(0, -3, 0),
		Debtor: wijkregie.Debtor{Surname: mxName, Initials: "Y.", BirthDate: time.Date(1986, 5, 14, 0, 0, 0, 0, time.UTC), Address: h.Address}}}
	if sum, err := w.svc.ImportArrears(ctx, wijkregie.ActorOf(w.users[uLead]), []app.ArrearsRow{row}, app.ArrearsImport{}); err != nil || sum.Rejected != 0 {
		w.t.Fatalf("matrix outreach: %+v, %v", sum, err)
	}
	os, err := w.s.R().HouseholdOutreaches(ctx, demo.MunicipalityID, []string{h.ID})
	if err != nil || len(os) != 1 || os[0].CaseID != w.ids["case"] || os[0].AssignedTo != w.users[uRegisseur].ID {
		w.t.Fatalf("matrix outreach %+v, %v; want one, joined to C and assigned to its regisseur", os, err)
	}
	w.ids["outreach"] = os[0].ID
	return os[0].ID
}
