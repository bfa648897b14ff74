package app_test

import (
	"testing"
	"time"

	"wijkregie"
	"wijkregie/internal/app"
	"wijkregie/internal/demo"
	"wijkregie/internal/store"
)

// arrearsReport is a plain report by a creditor on a contract of the
// household at the address, the debtor born in 1980.
func arrearsReport(creditor string, kind wijkregie.CreditorKind, ref string, addr wijkregie.Address) wijkregie.ArrearsReport {
	return wijkregie.ArrearsReport{CreditorName: creditor, CreditorKind: kind, Reference: ref, Kind: wijkregie.ArrearsPlain,
		Debtor:      wijkregie.Debtor{Surname: "Proef", Initials: "A.", BirthDate: time.Date(1980, 5, 1, 0, 0, 0, 0, time.UTC), Address: addr},
		AmountCents: 45_000, Terms: 2, Since: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
}

// importArrears imports reports as the team lead, numbered from line 2 as
// in a file with a header; it fails the test on an error.
func (f *fixture) importArrears(t *testing.T, reports ...wijkregie.ArrearsReport) *app.ArrearsSummary {
	t.Helper()
	rows := make([]app.ArrearsRow, len(reports))
	for i, r := range reports {
		rows[i] = app.ArrearsRow{Line: i + 2, Report: r}
	}
	sum, err := f.svc.ImportArrears(f.ctx, f.actor(wijkregie.RoleTeamLead), rows, app.ArrearsImport{})
	if err != nil {
		t.Fatalf("ImportArrears: %v", err)
	}
	return sum
}

// openOutreach returns a household's open outreach and its arrears.
func (f *fixture) openOutreach(t *testing.T, householdID string) (*wijkregie.Outreach, []wijkregie.Arrears) {
	t.Helper()
	var o *wijkregie.Outreach
	err := f.s.Tx(f.ctx, func(q *store.Q) (err error) {
		w := q.ArrearsWriter()
		defer w.Close()
		o, err = w.OpenOutreach(f.ctx, demo.MunicipalityID, householdID)
		return err
	})
	if err != nil {
		t.Fatalf("open outreach of the household: %v", err)
	}
	arr, err := f.s.R().OutreachArrears(f.ctx, demo.MunicipalityID, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	return o, arr
}

func TestImportArrearsBundlesThreeCreditorsIntoOneOutreach(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		h, _ := f.newHousehold(t, f.users[wijkregie.RoleProfessional].TeamID)
		sum := f.importArrears(t,
			arrearsReport("Woonstede", wijkregie.CreditorHousingCorp, "HUUR-1", h.Address),
			arrearsReport("Duinstroom Energie", wijkregie.CreditorEnergy, "E-77", h.Address),
			arrearsReport("Zorgverzekeraar Kust", wijkregie.CreditorHealth, "ZV-9", h.Address))
		if sum.Read != 3 || sum.New != 3 || sum.Bundled != 2 || sum.Outreaches != 1 || sum.Rejected != 0 {
			t.Errorf("summary %+v; want 3 read, 3 new, 2 bundled, 1 outreach", sum)
		}
		o, arr := f.openOutreach(t, h.ID)
		if len(arr) != 3 {
			t.Errorf("the outreach holds %d arrears; want 3", len(arr))
		}
		if o.TeamID != h.TeamID || o.Threatening || o.CaseID != "" {
			t.Errorf("outreach %+v; want the household's team, not threatening, no case", o)
		}
	})
}
