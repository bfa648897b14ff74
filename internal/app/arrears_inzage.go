package app

import (
	"context"
	"fmt"

	"wijkregie"
)

// The arrears in a person's inzage (AVG art. 15): every report a creditor
// made that was matched to the person (or a record merged into theirs),
// as the creditor delivered it — the person may see what was said about
// them and by whom. The outreach it led to is the outreaches' section.

// InzageArrears is one creditor's report on one contract, as last
// reported.
type InzageArrears struct {
	Creditor      string `json:"schuldeiser"`
	CreditorKind  string `json:"soortSchuldeiser"`
	Reference     string `json:"referentie"`
	Kind          string `json:"soort"`
	Status        string `json:"status"`
	Surname       string `json:"achternaam"`
	Initials      string `json:"voorletters,omitempty"`
	Prefix        string `json:"tussenvoegsel,omitempty"`
	BirthDate     string `json:"geboortedatum"`
	BSN           string `json:"bsn,omitempty"`
	Address       string `json:"adres"`
	Amount        string `json:"bedrag"` // euros, two decimals
	Terms         int    `json:"termijnen"`
	Since         string `json:"datumAchterstand"`
	EndDate       string `json:"datumEinde,omitempty"`
	FirstReported string `json:"eersteMelding"`
	LastReported  string `json:"laatsteMelding"`
	Reports       int    `json:"aantalMeldingen"`
	ClosedAt      string `json:"afgeslotenOp,omitempty"`
	Outreach      string `json:"vroegsignaal"`
}

// arrears reads the arrears matched to the person's records ids.
func (r *inzageReader) arrears(ctx context.Context, ids []string) ([]InzageArrears, error) {
	out := []InzageArrears{}
	creditors := map[string]*wijkregie.Creditor{}
	for _, id := range ids {
		as, err := r.q.PersonArrears(ctx, r.mid, id)
		if err != nil {
			return nil, err
		}
		for _, a := range as {
			c, ok := creditors[a.CreditorID]
			if !ok {
				if c, err = r.q.CreditorByID(ctx, r.mid, a.CreditorID); err != nil {
					return nil, err
				}
				creditors[a.CreditorID] = c
			}
			d, ad := a.Debtor, a.Debtor.Address
			addr := fmt.Sprintf("%s %d", ad.Street, ad.Number)
			if ad.Addition != "" {
				addr += " " + ad.Addition
			}
			addr += ", " + ad.Postcode + " " + ad.Town
			out = append(out, InzageArrears{Creditor: c.Name, CreditorKind: string(c.Kind), Reference: a.Reference, Kind: string(a.Kind),
				Status: string(a.Status), Surname: d.Surname, Initials: d.Initials, Prefix: d.Prefix, BirthDate: day(d.BirthDate),
				BSN: d.BSN.Digits(), Address: addr, Amount: fmt.Sprintf("%d.%02d", a.AmountCents/100, a.AmountCents%100), Terms: a.Terms,
				Since: day(a.Since), EndDate: day(a.EndDate), FirstReported: ts(a.FirstReported), LastReported: ts(a.LastReported),
				Reports: a.Reports, ClosedAt: ts(a.ClosedAt), Outreach: a.OutreachID})
		}
	}
	return out, nil
}

// arrears sets the creditors' reports in the PDF, one block each.
func (w *inzageWriter) arrears(as []InzageArrears) {
	f := w.f
	f.Heading(2, w.t("inlezen.inzage.kop"))
	f.Paragraph(w.t("inlezen.inzage.uitleg"))
	if len(as) == 0 {
		w.table(nil, nil, nil)
	}
	for _, a := range as {
		f.Heading(3, w.t("inlezen.inzage.melding", "schuldeiser", a.Creditor, "referentie", a.Reference))
		name := a.Surname
		if a.Prefix != "" {
			name = a.Prefix + " " + name
		}
		if a.Initials != "" {
			name = a.Initials + " " + name
		}
		closed := ""
		if a.ClosedAt != "" {
			closed = w.at(a.ClosedAt)
		}
		w.fields("inlezen.inzage.soort_schuldeiser", w.label("vroegsignaal.schuldeiser.", a.CreditorKind),
			"inlezen.inzage.soort", w.label("vroegsignaal.melding.", a.Kind), "inlezen.inzage.naam", name,
			"inlezen.inzage.geboortedatum", w.date(a.BirthDate), "inlezen.inzage.bsn", a.BSN, "inlezen.inzage.adres", a.Address,
			"inlezen.inzage.bedrag", "€ "+a.Amount, "inlezen.inzage.termijnen", fmt.Sprint(a.Terms),
			"inlezen.inzage.sinds", w.date(a.Since), "inlezen.inzage.einde", w.date(a.EndDate),
			"inlezen.inzage.gemeld", w.t("inlezen.inzage.gemeld_waarde", "eerste", w.at(a.FirstReported), "laatste", w.at(a.LastReported), "aantal", a.Reports),
			"inlezen.inzage.afgesloten", closed)
	}
}
