package wijkregie

import (
	"slices"
	"strings"
	"time"
)

// The grounds of processing, beside consent (consent.go). A case records
// the ground on which the team processes the family's data at all; a
// sharing ground records why a partner organisation may see or work on
// part of the case without the family's consent. Both carry their
// justification, so the case can show on what it rests and the privacy
// officer can check it.

// CaseGrounds are the grounds a case's own processing can rest on: the
// statutory tasks and the Meldcode. Consent is not one of them: the team's
// work with a family does not depend on a yes (the AP's 2016 finding).
var CaseGrounds = []LegalGround{GroundWmo, GroundJeugdwet, GroundWgs, GroundParticipatiewet, GroundMeldcode}

// ValidCaseGround reports whether g may be a case's ground.
func ValidCaseGround(g LegalGround) bool { return slices.Contains(CaseGrounds, g) }

// MaxJustification bounds the text of a justification.
const MaxJustification = 2000

// ValidateCaseGround checks a case's ground and its justification, as
// the regisseur records them.
func ValidateCaseGround(g LegalGround, note string) error {
	var v Invalid
	if !ValidCaseGround(g) {
		v.Field("grondslag", "veld.keuze")
	}
	if strings.TrimSpace(note) == "" {
		v.Field("toelichting", "veld.verplicht")
	} else if len(note) > MaxJustification {
		v.Field("toelichting", "veld.toelichting.te_lang")
	}
	return v.Err()
}

// SharingGround lets a partner organisation take part in a case on a
// legal ground instead of consent: for the purposes named, for every
// person of the household, from when it is recorded until it is ended.
// Its ground is one of CaseGrounds, never consent.
type SharingGround struct {
	MunicipalityID string
	ID             string
	CaseID         string
	OrganisationID string
	Ground         LegalGround
	Purposes       []ConsentPurpose
	Justification  string

	RecordedBy string
	RecordedAt time.Time

	EndedAt   time.Time // zero while current
	EndedBy   string
	EndReason string
}

// Validate checks a sharing ground to be recorded; it names every field
// in error.
func (g *SharingGround) Validate() error {
	var v Invalid
	if g.OrganisationID == "" {
		v.Field("organisatie", "veld.verplicht")
	} else if !ValidID(g.OrganisationID) {
		v.Field("organisatie", "veld.keuze")
	}
	if !ValidCaseGround(g.Ground) {
		v.Field("grondslag", "veld.keuze")
	}
	if len(g.Purposes) == 0 {
		v.Field("doelen", "veld.verplicht")
	}
	for i, p := range g.Purposes {
		if !p.Valid() || slices.Contains(g.Purposes[:i], p) {
			v.Field("doelen", "veld.keuze")
			break
		}
	}
	if strings.TrimSpace(g.Justification) == "" {
		v.Field("toelichting", "veld.verplicht")
	} else if len(g.Justification) > MaxJustification {
		v.Field("toelichting", "veld.toelichting.te_lang")
	}
	return v.Err()
}

// CurrentAt reports whether the ground holds at t.
func (g *SharingGround) CurrentAt(t time.Time) bool {
	return !t.Before(g.RecordedAt) && (g.EndedAt.IsZero() || t.Before(g.EndedAt))
}

// Covers reports whether the ground, at t, lets the organisation act for
// purpose p on the case.
func (g *SharingGround) Covers(organisationID string, p ConsentPurpose, t time.Time) bool {
	return g.CurrentAt(t) && g.OrganisationID == organisationID && slices.Contains(g.Purposes, p)
}

// End ends the ground at now, with a reason; an ended ground is a
// conflict.
func (g *SharingGround) End(userID, reason string, now time.Time) error {
	if !g.EndedAt.IsZero() {
		return Conflict("fout.grondslag.beeindigd")
	}
	if strings.TrimSpace(reason) == "" {
		return InvalidField("reden", "veld.verplicht")
	}
	if len(reason) > MaxJustification {
		return InvalidField("reden", "veld.toelichting.te_lang")
	}
	g.EndedAt, g.EndedBy, g.EndReason = now, userID, reason
	return nil
}
