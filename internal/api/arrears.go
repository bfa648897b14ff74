package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	"wijkregie"
	"wijkregie/internal/app"
	"wijkregie/internal/locale"
	"wijkregie/internal/request"
	"wijkregie/internal/store"
)

// The arrears intake: /betalingsachterstanden (docs/vroegsignalering.md).
// A creditor's delivery comes as JSON ({"meldingen": […]}, at most
// MaxMeldingen) or as the CSV file the upload page and the command line
// take. Each report is checked on its own: the good ones are kept, the bad
// ones listed by line and field. At least one good: 201 with the delivery's
// summary; none: 422, each bad row in invalidParams.

// MaxMeldingen bounds a JSON delivery: a larger one goes as a file.
const MaxMeldingen = 1000

// MaxCSVBody bounds a CSV delivery through the API, as the upload page's.
const MaxCSVBody = 50 << 20

// BetalingsachterstandMelding is one report in a JSON delivery: the CSV
// file's columns, with bedrag a number in euros (two decimals at most)
// and the dates YYYY-MM-DD.
type BetalingsachterstandMelding struct {
	Schuldeiser          string      `json:"schuldeiser"`
	SoortSchuldeiser     string      `json:"soortSchuldeiser"`
	Referentie           string      `json:"referentie"`
	Achternaam           string      `json:"achternaam"`
	Voorletters          string      `json:"voorletters"`
	Tussenvoegsel        string      `json:"tussenvoegsel"`
	Geboortedatum        string      `json:"geboortedatum"`
	Straat               string      `json:"straat"`
	Huisnummer           int         `json:"huisnummer"`
	Huisnummertoevoeging string      `json:"huisnummertoevoeging"`
	Postcode             string      `json:"postcode"`
	Woonplaats           string      `json:"woonplaats"`
	BSN                  string      `json:"bsn"`
	Bedrag               json.Number `json:"bedrag"`
	Termijnen            int         `json:"termijnen"`
	DatumAchterstand     string      `json:"datumAchterstand"`
	Soort                string      `json:"soort"`
	DatumEinde           string      `json:"datumEinde"`
}

// BetalingsachterstandMeldingen is the body of a JSON delivery.
type BetalingsachterstandMeldingen struct {
	Meldingen []json.RawMessage `json:"meldingen"`
}

// Levering is a delivery as stored: what became of its rows, counts only.
type Levering struct {
	ID              string     `json:"id"`
	Bron            string     `json:"bron"`
	BestandHash     *string    `json:"bestandHash"`
	Gelezen         int        `json:"gelezen"`
	Nieuw           int        `json:"nieuw"`
	Bijgewerkt      int        `json:"bijgewerkt"`
	Ongewijzigd     int        `json:"ongewijzigd"`
	Gebundeld       int        `json:"gebundeld"`
	Afgewezen       int        `json:"afgewezen"`
	AangeleverdDoor string     `json:"aangeleverdDoor"`
	BegonnenOp      time.Time  `json:"begonnenOp"`
	AfgerondOp      *time.Time `json:"afgerondOp"`
}

// LeveringResultaat is the answer to a delivery: the delivery, the
// outreaches it opened, its rejected rows (at most app.MaxArrearsRejections)
// and when the same file came before.
type LeveringResultaat struct {
	Levering
	Vroegsignalen       int              `json:"vroegsignalen"`
	AfgewezenRegels     []AfgewezenRegel `json:"afgewezenRegels"`
	EerderAangeleverdOp *time.Time       `json:"eerderAangeleverdOp"`
}

// AfgewezenRegel is one rejected row's problem: the line (the file's, or
// the report's place in meldingen counted from 1), the field ("" for the
// row as a whole), the message's code and its Dutch text. Never the row's
// content.
type AfgewezenRegel struct {
	Regel   int    `json:"regel"`
	Veld    string `json:"veld"`
	Code    string `json:"code"`
	Melding string `json:"melding"`
}

func levering(d *store.ArrearsDelivery) Levering {
	return Levering{ID: d.ID, Bron: d.Source, BestandHash: orNil(d.FileHash), Gelezen: d.Read, Nieuw: d.New, Bijgewerkt: d.Updated,
		Ongewijzigd: d.Unchanged, Gebundeld: d.Bundled, Afgewezen: d.Rejected, AangeleverdDoor: d.DeliveredBy,
		BegonnenOp: utc(d.StartedAt), AfgerondOp: moment(d.FinishedAt)}
}

// rejectionText is a rejection's Dutch text: a duplicate names the line
// the contract came on first.
func rejectionText(cat *locale.Catalogue, lang string, r app.ArrearsRejection) string {
	return cat.T(lang, r.Message, "regel", r.FirstLine)
}

// createArrears takes a delivery, as JSON or as a CSV file.
func (h *Handler) createArrears(w http.ResponseWriter, r *http.Request) error {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil {
		return errMediaType
	}
	ctx, actor := r.Context(), request.Actor(r)
	var sum *app.ArrearsSummary
	byFile := false
	switch mt {
	case "application/json":
		rows, err := h.arrearsRows(w, r)
		if err != nil {
			return err
		}
		sum, err = h.svc.ImportArrears(ctx, actor, rows, app.ArrearsImport{Source: app.DeliveryAPI, DiscardIfNoneTaken: true})
		if err != nil {
			return err
		}
	case "text/csv":
		byFile = true
		body := http.MaxBytesReader(w, r.Body, MaxCSVBody)
		sum, err = h.svc.ImportArrearsFile(ctx, actor, body, app.ArrearsImport{Source: app.DeliveryFile})
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return errTooLarge
		}
		if err != nil {
			return err
		}
	default:
		return errMediaType
	}
	if sum.New+sum.Updated+sum.Unchanged == 0 {
		return h.noneTaken(w, r, sum, byFile)
	}
	d, err := h.svc.ArrearsDelivery(ctx, actor, sum.DeliveryID)
	if err != nil {
		return err
	}
	out := LeveringResultaat{Levering: levering(d), Vroegsignalen: sum.Outreaches, AfgewezenRegels: []AfgewezenRegel{},
		EerderAangeleverdOp: moment(sum.EarlierDelivery)}
	for _, rej := range sum.Rejections {
		out.AfgewezenRegels = append(out.AfgewezenRegels, AfgewezenRegel{Regel: rej.Line, Veld: rej.Field,
			Code: strings.TrimPrefix(rej.Message, "api."), Melding: rejectionText(h.cat, locale.NL, rej)})
	}
	return created(w, r, Base+"/betalingsachterstanden/leveringen/"+d.ID, out)
}

// noneTaken answers a delivery of which no row was good: 422, each bad row
// named, meldingen[i].veld for JSON (i from 0) and "regel N: veld" for a
// file.
func (h *Handler) noneTaken(w http.ResponseWriter, r *http.Request, sum *app.ArrearsSummary, byFile bool) error {
	p := Problem{Type: "about:blank", Title: h.cat.T(locale.NL, "api.status.422"), Status: http.StatusUnprocessableEntity,
		Detail: h.cat.T(locale.NL, "api.fout.inlezen.geen_goede_regel"), Instance: r.URL.Path}
	if sum.Read == 0 {
		p.Detail = h.cat.T(locale.NL, "api.fout.inlezen.leeg")
	}
	for _, rej := range sum.Rejections {
		var name string
		switch {
		case byFile && rej.Field == "":
			name = fmt.Sprintf("regel %d", rej.Line)
		case byFile:
			name = fmt.Sprintf("regel %d: %s", rej.Line, rej.Field)
		case rej.Field == "":
			name = fmt.Sprintf("meldingen[%d]", rej.Line-1)
		default:
			name = fmt.Sprintf("meldingen[%d].%s", rej.Line-1, rej.Field)
		}
		p.InvalidParams = append(p.InvalidParams, InvalidParam{Name: name, Code: strings.TrimPrefix(rej.Message, "api."),
			Reason: rejectionText(h.cat, locale.NL, rej)})
	}
	body, err := json.Marshal(p)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Language", locale.NL)
	writeBody(w, p.Status, "application/problem+json", body)
	return nil
}

// arrearsRows reads a JSON delivery. A body that is no delivery at all is
// 400; a report whose field has the wrong type is a rejected row, as a
// file's unreadable row is.
func (h *Handler) arrearsRows(w http.ResponseWriter, r *http.Request) ([]app.ArrearsRow, error) {
	var in BetalingsachterstandMeldingen
	if err := decode(w, r, &in); err != nil {
		return nil, err
	}
	switch {
	case in.Meldingen == nil:
		return nil, wijkregie.InvalidField("meldingen", "veld.verplicht")
	case len(in.Meldingen) > MaxMeldingen:
		return nil, wijkregie.InvalidField("meldingen", "api.veld.inlezen.te_veel")
	}
	rows := make([]app.ArrearsRow, len(in.Meldingen))
	for i, raw := range in.Meldingen {
		rows[i] = h.arrearsRow(i+1, raw)
	}
	return rows, nil
}

// arrearsRow reads one report of a JSON delivery.
func (h *Handler) arrearsRow(line int, raw json.RawMessage) app.ArrearsRow {
	var m BetalingsachterstandMelding
	dec := json.NewDecoder(strings.NewReader(string(raw)))
	dec.DisallowUnknownFields()
	dec.UseNumber()
	if err := dec.Decode(&m); err != nil {
		return app.ArrearsRow{Line: line, Err: meldingError(err)}
	}
	var v wijkregie.Invalid
	rep := wijkregie.ArrearsReport{CreditorName: m.Schuldeiser, CreditorKind: wijkregie.CreditorKind(m.SoortSchuldeiser),
		Reference: m.Referentie, Kind: wijkregie.ArrearsKind(m.Soort),
		Debtor: wijkregie.Debtor{Surname: m.Achternaam, Initials: m.Voorletters, Prefix: m.Tussenvoegsel,
			BirthDate: dateIn(&v, "geboortedatum", m.Geboortedatum), BSN: wijkregie.BSN(m.BSN),
			Address: wijkregie.Address{Street: m.Straat, Number: m.Huisnummer, Addition: m.Huisnummertoevoeging, Postcode: m.Postcode, Town: m.Woonplaats}},
		Terms: m.Termijnen, Since: dateIn(&v, "datumAchterstand", m.DatumAchterstand), EndDate: dateIn(&v, "datumEinde", m.DatumEinde)}
	var ok bool
	if rep.AmountCents, ok = cents(m.Bedrag); !ok {
		v.Field("bedrag", "veld.vroeg.bedrag")
	}
	if err := v.Err(); err != nil {
		return app.ArrearsRow{Line: line, Err: h.svc.ArrearsRowInvalid(&rep, err)}
	}
	return app.ArrearsRow{Line: line, Report: rep}
}

// meldingError names the field of a report the JSON decoder refused.
func meldingError(err error) error {
	var typ *json.UnmarshalTypeError
	if errors.As(err, &typ) && typ.Field != "" {
		return wijkregie.InvalidField(typ.Field, "api.veld.type")
	}
	if rest, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		if name, uerr := strconv.Unquote(rest); uerr == nil {
			return wijkregie.InvalidField(name, "api.veld.onbekend")
		}
	}
	return wijkregie.InvalidField("", "api.veld.json")
}

// eurosPattern is an amount in euros with at most two decimals.
var eurosPattern = regexp.MustCompile(`^(-?)(\d{1,12})(?:\.(\d{1,2}))?$`)

// cents reads a JSON number of euros into cents; "" is 0 (Validate says
// whether an amount is needed). A negative amount is read, for Validate
// to refuse by its field.
func cents(n json.Number) (int64, bool) {
	if n == "" {
		return 0, true
	}
	m := eurosPattern.FindStringSubmatch(string(n))
	if m == nil {
		return 0, false
	}
	whole, _ := strconv.ParseInt(m[2], 10, 64)
	frac := int64(0)
	if m[3] != "" {
		frac, _ = strconv.ParseInt((m[3] + "0")[:2], 10, 64)
	}
	v := whole*100 + frac
	if m[1] == "-" {
		v = -v
	}
	return v, true
}

// getArrearsDelivery shows one delivery's counts.
func (h *Handler) getArrearsDelivery(w http.ResponseWriter, r *http.Request) error {
	d, err := h.svc.ArrearsDelivery(r.Context(), request.Actor(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeResource(w, r, http.StatusOK, levering(d))
}
