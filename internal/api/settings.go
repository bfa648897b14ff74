package api

import (
	"encoding/json"
	"net/http"
	"time"

	"wijkregie"
	"wijkregie/internal/request"
)

// Instellingen are the municipality's own choices for triage and
// caseload: triage terms in working days, the thresholds of the
// suggestion's rules, the caseload weight of each case level, after how
// many weeks without contact a case stagnates, and the working days for
// the next Meldcode step, the outreach terms of vroegsignalering, and the
// capacity norm (a full-time week and the weighted caseload of one FTE).
// Until beheer saves its own, the platform's
// defaults apply (versie 0).
type Instellingen struct {
	TriageTermijnSpoed   int `json:"triageTermijnSpoed"`
	TriageTermijnNormaal int `json:"triageTermijnNormaal"`
	DrempelDomeinen      int `json:"drempelDomeinen"`
	DrempelBetrokkenen   int `json:"drempelBetrokkenen"`
	GewichtLicht         int `json:"gewichtLicht"`
	GewichtIntensief     int `json:"gewichtIntensief"`
	GewichtVeiligheid    int `json:"gewichtVeiligheid"`
	GeenContactWeken     int `json:"geenContactWeken"`
	MeldcodeStapTermijn  int `json:"meldcodeStapTermijn"`
	// The outreach terms of vroegsignalering: calendar days normally,
	// working days on a threatening and on an end-of-delivery report.
	OutreachTermijn              int `json:"outreachTermijn"`
	OutreachTermijnDreiging      int `json:"outreachTermijnDreiging"`
	OutreachTermijnEindeLevering int `json:"outreachTermijnEindeLevering"`
	// Capacity (API 1.8): the hours of a full-time week, and the weighted
	// caseload one FTE carries (Capaciteit).
	UrenPerFte    int        `json:"urenPerFte"`
	NormPerFte    int        `json:"normPerFte"`
	Versie        int        `json:"versie"`
	GewijzigdOp   *time.Time `json:"gewijzigdOp"`
	GewijzigdDoor *string    `json:"gewijzigdDoor"`
}

// instellingenInvoer is the body of a replacement: every setting of API
// 1.1 is required, those added since are kept when absent; the read-only
// fields may be sent back as they were read.
type instellingenInvoer struct {
	TriageTermijnSpoed           *int            `json:"triageTermijnSpoed"`
	TriageTermijnNormaal         *int            `json:"triageTermijnNormaal"`
	DrempelDomeinen              *int            `json:"drempelDomeinen"`
	DrempelBetrokkenen           *int            `json:"drempelBetrokkenen"`
	GewichtLicht                 *int            `json:"gewichtLicht"`
	GewichtIntensief             *int            `json:"gewichtIntensief"`
	GewichtVeiligheid            *int            `json:"gewichtVeiligheid"`
	GeenContactWeken             *int            `json:"geenContactWeken"`
	MeldcodeStapTermijn          *int            `json:"meldcodeStapTermijn"`
	OutreachTermijn              *int            `json:"outreachTermijn"`
	OutreachTermijnDreiging      *int            `json:"outreachTermijnDreiging"`
	OutreachTermijnEindeLevering *int            `json:"outreachTermijnEindeLevering"`
	UrenPerFte                   *int            `json:"urenPerFte"`
	NormPerFte                   *int            `json:"normPerFte"`
	Versie                       json.RawMessage `json:"versie"`        // read-only, ignored: If-Match names the version
	GewijzigdOp                  json.RawMessage `json:"gewijzigdOp"`   // read-only, ignored
	GewijzigdDoor                json.RawMessage `json:"gewijzigdDoor"` // read-only, ignored
}

func instellingen(s *wijkregie.Settings) Instellingen {
	return Instellingen{TriageTermijnSpoed: s.TriageDaysUrgent, TriageTermijnNormaal: s.TriageDaysNormal,
		DrempelDomeinen: s.MultipleDomains, DrempelBetrokkenen: s.MultipleParties, GewichtLicht: s.WeightLight,
		GewichtIntensief: s.WeightIntensive, GewichtVeiligheid: s.WeightSafety, GeenContactWeken: s.NoContactWeeks,
		MeldcodeStapTermijn: s.MeldcodeStepDays, OutreachTermijn: s.OutreachDaysNormal,
		OutreachTermijnDreiging: s.OutreachDaysThreat, OutreachTermijnEindeLevering: s.OutreachDaysEndOfDelivery,
		UrenPerFte: s.FTEHours, NormPerFte: s.NormPerFTE, Versie: s.Version,
		GewijzigdOp: moment(s.UpdatedAt), GewijzigdDoor: orNil(s.UpdatedBy)}
}

func (h *Handler) getSettings(w http.ResponseWriter, r *http.Request) error {
	s, err := h.svc.Settings(r.Context(), request.Actor(r))
	if err != nil {
		return err
	}
	return writeResource(w, r, http.StatusOK, instellingen(&s))
}

func (h *Handler) putSettings(w http.ResponseWriter, r *http.Request) error {
	ifm, err := ifMatch(r)
	if err != nil {
		return err
	}
	var in instellingenInvoer
	if err := decode(w, r, &in); err != nil {
		return err
	}
	var v wijkregie.Invalid
	fields := []struct {
		name string
		in   *int
	}{
		{"triageTermijnSpoed", in.TriageTermijnSpoed}, {"triageTermijnNormaal", in.TriageTermijnNormaal},
		{"drempelDomeinen", in.DrempelDomeinen}, {"drempelBetrokkenen", in.DrempelBetrokkenen},
		{"gewichtLicht", in.GewichtLicht}, {"gewichtIntensief", in.GewichtIntensief}, {"gewichtVeiligheid", in.GewichtVeiligheid},
	}
	for _, f := range fields {
		if f.in == nil {
			v.Field(f.name, "veld.verplicht")
		}
	}
	if err := v.Err(); err != nil {
		return err
	}
	ctx, actor := r.Context(), request.Actor(r)
	s, err := h.svc.Settings(ctx, actor)
	if err != nil {
		return err
	}
	if err := checkVersion(ifm, instellingen(&s)); err != nil {
		return err
	}
	s.TriageDaysUrgent, s.TriageDaysNormal = *in.TriageTermijnSpoed, *in.TriageTermijnNormaal
	s.MultipleDomains, s.MultipleParties = *in.DrempelDomeinen, *in.DrempelBetrokkenen
	s.WeightLight, s.WeightIntensive, s.WeightSafety = *in.GewichtLicht, *in.GewichtIntensief, *in.GewichtVeiligheid
	// The two settings of API 1.2 keep their value when a client of 1.1,
	// which does not know them, replaces the rest.
	if in.GeenContactWeken != nil {
		s.NoContactWeeks = *in.GeenContactWeken
	}
	if in.MeldcodeStapTermijn != nil {
		s.MeldcodeStepDays = *in.MeldcodeStapTermijn
	}
	// Likewise the outreach terms of API 1.6 and the capacity norm of 1.8.
	for _, f := range []struct {
		in  *int
		out *int
	}{{in.OutreachTermijn, &s.OutreachDaysNormal}, {in.OutreachTermijnDreiging, &s.OutreachDaysThreat},
		{in.OutreachTermijnEindeLevering, &s.OutreachDaysEndOfDelivery},
		{in.UrenPerFte, &s.FTEHours}, {in.NormPerFte, &s.NormPerFTE}} {
		if f.in != nil {
			*f.out = *f.in
		}
	}
	if err := h.svc.SaveSettings(ctx, actor, &s); err != nil {
		return staleAsPrecondition(err, "fout.instellingen.gewijzigd")
	}
	return writeResource(w, r, http.StatusOK, instellingen(&s))
}
