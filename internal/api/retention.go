package api

import (
	"encoding/json"
	"net/http"
	"time"

	"wijkregie"
	"wijkregie/internal/request"
)

// Bewaartermijnen are the municipality's retention periods, each in years
// and months: a Jeugdwet file's from its closure (at least 20 years), any
// other file's from its closure, a signal's that never became a case from
// its triage. Until beheer saves its own, the platform's defaults apply
// (versie 0).
type Bewaartermijnen struct {
	JeugddossierJaren     int        `json:"jeugddossierJaren"`
	JeugddossierMaanden   int        `json:"jeugddossierMaanden"`
	SociaalDossierJaren   int        `json:"sociaalDossierJaren"`
	SociaalDossierMaanden int        `json:"sociaalDossierMaanden"`
	SignaalJaren          int        `json:"signaalJaren"`
	SignaalMaanden        int        `json:"signaalMaanden"`
	Versie                int        `json:"versie"`
	GewijzigdOp           *time.Time `json:"gewijzigdOp"`
	GewijzigdDoor         *string    `json:"gewijzigdDoor"`
}

// bewaartermijnenInvoer is the body of a replacement: every period is
// required; the read-only fields may be sent back as they were read.
type bewaartermijnenInvoer struct {
	JeugddossierJaren     *int            `json:"jeugddossierJaren"`
	JeugddossierMaanden   *int            `json:"jeugddossierMaanden"`
	SociaalDossierJaren   *int            `json:"sociaalDossierJaren"`
	SociaalDossierMaanden *int            `json:"sociaalDossierMaanden"`
	SignaalJaren          *int            `json:"signaalJaren"`
	SignaalMaanden        *int            `json:"signaalMaanden"`
	Versie                json.RawMessage `json:"versie"`        // read-only, ignored: If-Match names the version
	GewijzigdOp           json.RawMessage `json:"gewijzigdOp"`   // read-only, ignored
	GewijzigdDoor         json.RawMessage `json:"gewijzigdDoor"` // read-only, ignored
}

func bewaartermijnen(r *wijkregie.RetentionPeriods) Bewaartermijnen {
	return Bewaartermijnen{
		JeugddossierJaren: r.YouthCase.Years, JeugddossierMaanden: r.YouthCase.Months,
		SociaalDossierJaren: r.SocialCase.Years, SociaalDossierMaanden: r.SocialCase.Months,
		SignaalJaren: r.Signal.Years, SignaalMaanden: r.Signal.Months,
		Versie: r.Version, GewijzigdOp: moment(r.UpdatedAt), GewijzigdDoor: orNil(r.UpdatedBy),
	}
}

func (h *Handler) getRetention(w http.ResponseWriter, r *http.Request) error {
	p, err := h.svc.RetentionPeriods(r.Context(), request.Actor(r))
	if err != nil {
		return err
	}
	return writeResource(w, r, http.StatusOK, bewaartermijnen(&p))
}

func (h *Handler) putRetention(w http.ResponseWriter, r *http.Request) error {
	ifm, err := ifMatch(r)
	if err != nil {
		return err
	}
	var in bewaartermijnenInvoer
	if err := decode(w, r, &in); err != nil {
		return err
	}
	var v wijkregie.Invalid
	for _, f := range []struct {
		name string
		in   *int
	}{
		{"jeugddossierJaren", in.JeugddossierJaren}, {"jeugddossierMaanden", in.JeugddossierMaanden},
		{"sociaalDossierJaren", in.SociaalDossierJaren}, {"sociaalDossierMaanden", in.SociaalDossierMaanden},
		{"signaalJaren", in.SignaalJaren}, {"signaalMaanden", in.SignaalMaanden},
	} {
		if f.in == nil {
			v.Field(f.name, "veld.verplicht")
		}
	}
	if err := v.Err(); err != nil {
		return err
	}
	ctx, actor := r.Context(), request.Actor(r)
	p, err := h.svc.RetentionPeriods(ctx, actor)
	if err != nil {
		return err
	}
	if err := checkVersion(ifm, bewaartermijnen(&p)); err != nil {
		return err
	}
	p.YouthCase = wijkregie.Period{Years: *in.JeugddossierJaren, Months: *in.JeugddossierMaanden}
	p.SocialCase = wijkregie.Period{Years: *in.SociaalDossierJaren, Months: *in.SociaalDossierMaanden}
	p.Signal = wijkregie.Period{Years: *in.SignaalJaren, Months: *in.SignaalMaanden}
	if err := h.svc.SaveRetentionPeriods(ctx, actor, &p); err != nil {
		return staleAsPrecondition(err, "fout.bewaartermijnen.gewijzigd")
	}
	return writeResource(w, r, http.StatusOK, bewaartermijnen(&p))
}

// Bewaartermijnuitvoering is the report of a retention run: per kind of
// record how many had expired, and of those how many the run anonymised
// or removed (none in a dry run). It names no record.
type Bewaartermijnuitvoering struct {
	Proefdraai      bool                `json:"proefdraai"`
	Moment          time.Time           `json:"moment"`
	Bewaartermijnen Bewaartermijnen     `json:"bewaartermijnen"`
	Jeugddossiers   Bewaartermijnaantal `json:"jeugddossiers"`
	SocialeDossiers Bewaartermijnaantal `json:"socialeDossiers"`
	Signalen        Bewaartermijnaantal `json:"signalen"`
	Huishoudens     Bewaartermijnaantal `json:"huishoudens"`
	Personen        Bewaartermijnaantal `json:"personen"`
	Toestemmingen   Bewaartermijnaantal `json:"toestemmingen"`
}

// Bewaartermijnaantal counts one kind of record in a run.
type Bewaartermijnaantal struct {
	Verlopen       int `json:"verlopen"`
	Geanonimiseerd int `json:"geanonimiseerd"`
	Verwijderd     int `json:"verwijderd"`
}

func aantal(c wijkregie.RetentionCount) Bewaartermijnaantal {
	return Bewaartermijnaantal{Verlopen: c.Expired, Geanonimiseerd: c.Anonymised, Verwijderd: c.Removed}
}

func (h *Handler) runRetention(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Proefdraai *bool `json:"proefdraai"`
	}
	if err := decode(w, r, &in); err != nil {
		return err
	}
	var v wijkregie.Invalid
	requiredBool(&v, "proefdraai", in.Proefdraai)
	if err := v.Err(); err != nil {
		return err
	}
	rep, err := h.svc.RunRetention(r.Context(), request.Actor(r), *in.Proefdraai, nil)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, Bewaartermijnuitvoering{
		Proefdraai: rep.DryRun, Moment: utc(rep.At), Bewaartermijnen: bewaartermijnen(&rep.Periods),
		Jeugddossiers: aantal(rep.YouthCases), SocialeDossiers: aantal(rep.SocialCases), Signalen: aantal(rep.Signals),
		Huishoudens: aantal(rep.Households), Personen: aantal(rep.Persons), Toestemmingen: aantal(rep.Consents),
	})
}
