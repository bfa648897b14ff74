package api

import (
	"encoding/json"
	"net/http"
	"time"

	"wijkregie"
	"wijkregie/internal/app"
	"wijkregie/internal/policy"
	"wijkregie/internal/request"
)

// Handover (overdracht, docs/overdracht.md): /casussen/{id}/overdracht
// for the sender (the case's handovers, and a new offer), /overdrachten
// for the team's sent and received offers, and each step of an offer as
// a POST on a sub-resource named for the step (acceptatie, afwijzing,
// intrekking, afronding), with If-Match: the ETag of the offer as read.
// The household's move is PUT /huishoudens/{id}/adres.

// OverdrachtPartij is one side of a handover: the municipality, the team
// and the regisseur, with their names (each side reads the other's names,
// never more of it). For an offer outside the platform the receiver has
// only a name.
type OverdrachtPartij struct {
	Gemeente      *string `json:"gemeente"`
	GemeenteNaam  *string `json:"gemeenteNaam"`
	Team          *string `json:"team"`
	TeamNaam      *string `json:"teamNaam"`
	Regisseur     *string `json:"regisseur"`
	RegisseurNaam *string `json:"regisseurNaam"`
}

// Overdracht is a handover: its kind and status, both sides as they were
// (the sender at the offer, the receiver at acceptance), the reason, the
// decline's reason, the overlap, the case it became in the receiving
// municipality, and who did what when.
type Overdracht struct {
	ID             string           `json:"id"`
	Casus          string           `json:"casus"`
	Soort          string           `json:"soort"`
	Status         string           `json:"status"`
	Afzender       OverdrachtPartij `json:"afzender"`
	Ontvanger      OverdrachtPartij `json:"ontvanger"`
	Reden          string           `json:"reden"`
	RedenAfwijzing *string          `json:"redenAfwijzing"`
	OverlapDagen   int              `json:"overlapDagen"`
	OverlapTot     *time.Time       `json:"overlapTot"`
	OntvangenCasus *string          `json:"ontvangenCasus"`
	AangebodenOp   time.Time        `json:"aangebodenOp"`
	AangebodenDoor string           `json:"aangebodenDoor"`
	BesluitOp      *time.Time       `json:"besluitOp"`
	BesluitDoor    *string          `json:"besluitDoor"`
	AfgeslotenOp   *time.Time       `json:"afgeslotenOp"`
	AfgeslotenDoor *string          `json:"afgeslotenDoor"`
	Versie         int              `json:"versie"`
}

// OverdrachtInLijst is a handover in the team's list, with which way it
// went: verzonden (the team sent it) or ontvangen (offered to the team).
type OverdrachtInLijst struct {
	Overdracht
	Richting string `json:"richting"`
}

// OverdrachtKandidaat is a member of the receiving team who can become
// the regisseur.
type OverdrachtKandidaat struct {
	ID   string `json:"id"`
	Naam string `json:"naam"`
}

// OverdrachtMogelijk says which steps the reader may take now.
type OverdrachtMogelijk struct {
	Accepteren bool `json:"accepteren"`
	Afwijzen   bool `json:"afwijzen"`
	Intrekken  bool `json:"intrekken"`
	Afronden   bool `json:"afronden"`
}

// OverdrachtDetail is one handover as its reader sees it: for the lead of
// the receiving team, while the offer is open, also what it offers (the
// handover package: plan versions, assessments, parties as far as
// consent allows, history) and whom they can choose as regisseur.
type OverdrachtDetail struct {
	Overdracht
	Aanbod     *wijkregie.HandoverPackage `json:"aanbod"`
	Kandidaten []OverdrachtKandidaat      `json:"kandidaten"`
	Mogelijk   OverdrachtMogelijk         `json:"mogelijk"`
}

// CasusOverdracht is a case's handovers for the sender: the running one,
// all (the latest first), whether a new one may be offered, and the move
// that proposes one.
type CasusOverdracht struct {
	Casus        string              `json:"casus"`
	Lopend       *Overdracht         `json:"lopend"`
	Overdrachten []Overdracht        `json:"overdrachten"`
	MagAanbieden bool                `json:"magAanbieden"`
	Voorstel     *OverdrachtVoorstel `json:"voorstel"`
}

// OverdrachtVoorstel is the move that proposes a handover: when, the new
// postcode, and the team whose area holds it (null: outside the
// municipality).
type OverdrachtVoorstel struct {
	VerhuisdOp     time.Time `json:"verhuisdOp"`
	Postcode       string    `json:"postcode"`
	Team           *string   `json:"team"`
	TeamNaam       *string   `json:"teamNaam"`
	BuitenGemeente bool      `json:"buitenGemeente"`
}

// OverdrachtNieuw is the body of an offer. soort team: team (of this
// municipality); gemeente: gemeente and team (on this platform); extern:
// ontvanger (the name of the municipality outside it). overlapDagen:
// 0–90, 14 when absent.
type OverdrachtNieuw struct {
	Soort        string `json:"soort"`
	Gemeente     string `json:"gemeente"`
	Team         string `json:"team"`
	Ontvanger    string `json:"ontvanger"`
	Reden        string `json:"reden"`
	OverlapDagen *int   `json:"overlapDagen"`
}

// OverdrachtAcceptatie names the new regisseur, a member of the
// receiving team.
type OverdrachtAcceptatie struct {
	Regisseur string `json:"regisseur"`
}

// OverdrachtAfwijzing says why the offer is declined (required).
type OverdrachtAfwijzing struct {
	Reden string `json:"reden"`
}

// OverdrachtAfronding is the sending case's closure outcome, asked when
// completing closes it (soort gemeente or extern): ja, deels or nee.
type OverdrachtAfronding struct {
	ProblemenVerminderd string `json:"problemenVerminderd"`
	DoelenBereikt       string `json:"doelenBereikt"`
}

func named(n app.HandoverNames, id string) *string {
	if id == "" {
		return nil
	}
	return orNil(n.Name(id))
}

func overdracht(h *wijkregie.Handover, n app.HandoverNames) Overdracht {
	out := Overdracht{ID: h.ID, Casus: h.CaseID, Soort: string(h.Kind), Status: string(h.Status), Reden: h.Reason,
		RedenAfwijzing: orNil(h.DeclineReason), OverlapDagen: h.OverlapDays, OverlapTot: moment(h.OverlapUntil),
		OntvangenCasus: orNil(h.ReceivedCaseID), AangebodenOp: utc(h.OfferedAt), AangebodenDoor: h.OfferedBy,
		BesluitOp: moment(h.DecidedAt), BesluitDoor: orNil(h.DecidedBy), AfgeslotenOp: moment(h.ClosedAt), AfgeslotenDoor: orNil(h.ClosedBy),
		Versie: h.Version,
		Afzender: OverdrachtPartij{Gemeente: orNil(h.MunicipalityID), GemeenteNaam: named(n, h.MunicipalityID), Team: orNil(h.FromTeamID),
			TeamNaam: named(n, h.FromTeamID), Regisseur: orNil(h.FromCoordinatorID), RegisseurNaam: named(n, h.FromCoordinatorID)},
		Ontvanger: OverdrachtPartij{Gemeente: orNil(h.ToMunicipalityID), GemeenteNaam: named(n, h.ToMunicipalityID), Team: orNil(h.ToTeamID),
			TeamNaam: named(n, h.ToTeamID), Regisseur: orNil(h.ToCoordinatorID), RegisseurNaam: named(n, h.ToCoordinatorID)}}
	if h.Kind == wijkregie.HandoverExternal {
		out.Ontvanger.GemeenteNaam = orNil(h.ToName)
	}
	return out
}

// getCaseHandovers shows the case's handovers to the sender.
func (h *Handler) getCaseHandovers(w http.ResponseWriter, r *http.Request) error {
	v, err := h.svc.CaseHandovers(r.Context(), request.Actor(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	out := CasusOverdracht{Casus: v.Case.ID, MagAanbieden: v.CanOffer, Overdrachten: []Overdracht{}}
	for i := range v.History {
		o := overdracht(&v.History[i], v.Names)
		out.Overdrachten = append(out.Overdrachten, o)
		if v.Open != nil && v.Open.ID == o.ID {
			out.Lopend = &o
		}
	}
	if p := v.Proposal; p != nil {
		out.Voorstel = &OverdrachtVoorstel{VerhuisdOp: utc(p.ChangedAt), Postcode: p.New.Postcode, Team: orNil(p.ProposedTeamID),
			TeamNaam: orNil(v.Proposed), BuitenGemeente: v.Outside}
	}
	return writeResource(w, r, http.StatusOK, out)
}

// createHandover offers the case for handover: 201 with the new offer.
func (h *Handler) createHandover(w http.ResponseWriter, r *http.Request) error {
	var in OverdrachtNieuw
	if err := decode(w, r, &in); err != nil {
		return err
	}
	ctx, actor := r.Context(), request.Actor(r)
	ho, err := h.svc.OfferHandover(ctx, actor, r.PathValue("id"), app.HandoverOffer{Kind: wijkregie.HandoverKind(in.Soort),
		ToMunicipalityID: in.Gemeente, ToTeamID: in.Team, ToName: in.Ontvanger, Reason: in.Reden, OverlapDays: in.OverlapDagen})
	if err != nil {
		return err
	}
	v, err := h.svc.Handover(ctx, actor, ho.ID)
	if err != nil {
		return err
	}
	w.Header().Set("Location", Base+"/overdrachten/"+ho.ID)
	return h.writeHandover(w, r, http.StatusCreated, v)
}

// listHandovers lists the handovers of the actor's team: sent and
// received, the running ones first; ?richting=verzonden|ontvangen keeps
// one way.
func (h *Handler) listHandovers(w http.ResponseWriter, r *http.Request) error {
	var v wijkregie.Invalid
	p := parsePage(r, &v)
	dir, byDir := query(r.URL.Query(), "richting")
	if byDir && dir != "verzonden" && dir != "ontvangen" {
		v.Field("richting", "veld.keuze")
	}
	if err := v.Err(); err != nil {
		return err
	}
	tv, err := h.svc.TeamHandovers(r.Context(), request.Actor(r))
	if err != nil {
		return err
	}
	var all []OverdrachtInLijst
	if dir != "ontvangen" {
		for i := range tv.Sent {
			all = append(all, OverdrachtInLijst{Overdracht: overdracht(&tv.Sent[i], tv.Names), Richting: "verzonden"})
		}
	}
	if dir != "verzonden" {
		for i := range tv.Received {
			all = append(all, OverdrachtInLijst{Overdracht: overdracht(&tv.Received[i], tv.Names), Richting: "ontvangen"})
		}
	}
	return writeList(w, r, pageOf(all, p), p, len(all))
}

func (h *Handler) overdrachtDetail(v *app.HandoverView) OverdrachtDetail {
	out := OverdrachtDetail{Overdracht: overdracht(v.Handover, v.Names), Aanbod: v.Offer, Kandidaten: []OverdrachtKandidaat{},
		Mogelijk: OverdrachtMogelijk{Accepteren: v.CanAccept, Afwijzen: v.CanDecline, Intrekken: v.CanWithdraw, Afronden: v.CanComplete}}
	for _, u := range v.Candidates {
		out.Kandidaten = append(out.Kandidaten, OverdrachtKandidaat{ID: u.ID, Naam: u.Name})
	}
	return out
}

// currentHandover reads the request's handover record as GET shows it,
// for an actor about to take action a on it. The version compared is the
// record's (Overdracht), whose tag GET sends: the offer's content is
// built anew at each read, and is not what a step changes — nor read for
// the check (app.HandoverRecord).
func (h *Handler) currentHandover(r *http.Request, a policy.Action) reader[Overdracht] {
	return func() (Overdracht, int, error) {
		ho, names, err := h.svc.HandoverRecord(r.Context(), request.Actor(r), a, r.PathValue("id"))
		if err != nil {
			return Overdracht{}, 0, err
		}
		return overdracht(ho, names), ho.Version, nil
	}
}

// writeHandover writes the handover as its reader sees it, with the ETag
// of the record (currentHandover), or 304.
func (h *Handler) writeHandover(w http.ResponseWriter, r *http.Request, status int, v *app.HandoverView) error {
	d := h.overdrachtDetail(v)
	tag, err := currentETag(d.Overdracht)
	if err != nil {
		return err
	}
	body, err := json.Marshal(d)
	if err != nil {
		return err
	}
	w.Header().Set("ETag", tag)
	if status == http.StatusOK && matchesAny(r.Header.Get("If-None-Match"), tag, false) {
		setHeaders(w.Header())
		w.WriteHeader(http.StatusNotModified)
		return nil
	}
	writeBody(w, status, "application/json", body)
	return nil
}

func (h *Handler) getHandover(w http.ResponseWriter, r *http.Request) error {
	v, err := h.svc.Handover(r.Context(), request.Actor(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	return h.writeHandover(w, r, http.StatusOK, v)
}

// stepHandover runs one step of the offer over the version the client
// read (If-Match) and answers with the offer as it stands then.
func (h *Handler) stepHandover(w http.ResponseWriter, r *http.Request, a policy.Action, body any, step func(version int) error) error {
	// Who may not take the step hears so before anything about the body
	// or the tag (as a route's policy check would have it); the record
	// alone decides it, the offer's content is not read for it.
	if _, _, err := h.svc.HandoverRecord(r.Context(), request.Actor(r), a, r.PathValue("id")); err != nil {
		return err
	}
	ifm, err := ifMatch(r)
	if err != nil {
		return err
	}
	if body != nil && r.ContentLength != 0 {
		if err := decode(w, r, body); err != nil {
			return err
		}
	}
	if err := changeOver(ifm, h.currentHandover(r, a), "fout.overdracht.gewijzigd", step); err != nil {
		return err
	}
	v, err := h.svc.Handover(r.Context(), request.Actor(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	return h.writeHandover(w, r, http.StatusOK, v)
}

// acceptHandover accepts the offer with the new regisseur.
func (h *Handler) acceptHandover(w http.ResponseWriter, r *http.Request) error {
	var in OverdrachtAcceptatie
	return h.stepHandover(w, r, policy.AcceptHandover, &in, func(version int) error {
		_, err := h.svc.AcceptHandover(r.Context(), request.Actor(r), r.PathValue("id"), version, in.Regisseur)
		return err
	})
}

// declineHandover declines the offer with a reason.
func (h *Handler) declineHandover(w http.ResponseWriter, r *http.Request) error {
	var in OverdrachtAfwijzing
	return h.stepHandover(w, r, policy.DeclineHandover, &in, func(version int) error {
		_, err := h.svc.DeclineHandover(r.Context(), request.Actor(r), r.PathValue("id"), version, in.Reden)
		return err
	})
}

// withdrawHandover takes the offer back.
func (h *Handler) withdrawHandover(w http.ResponseWriter, r *http.Request) error {
	var in struct{}
	return h.stepHandover(w, r, policy.WithdrawHandover, &in, func(version int) error {
		_, err := h.svc.WithdrawHandover(r.Context(), request.Actor(r), r.PathValue("id"), version)
		return err
	})
}

// completeHandover completes the handover.
func (h *Handler) completeHandover(w http.ResponseWriter, r *http.Request) error {
	var in OverdrachtAfronding
	return h.stepHandover(w, r, policy.CompleteHandover, &in, func(version int) error {
		_, err := h.svc.CompleteHandover(r.Context(), request.Actor(r), r.PathValue("id"), version,
			app.HandoverOutcome{ProblemsReduced: wijkregie.Answer3(in.ProblemenVerminderd), GoalsAchieved: wijkregie.Answer3(in.DoelenBereikt)})
		return err
	})
}

// currentAddress reads the household's address as GET
// /huishoudens/{id}/adres shows it.
func (h *Handler) currentAddress(r *http.Request) (Adres, error) {
	hv, err := h.svc.Household(r.Context(), request.Actor(r), r.PathValue("id"))
	if err != nil {
		return Adres{}, err
	}
	return adres(hv.Household.Address), nil
}

func (h *Handler) getHouseholdAddress(w http.ResponseWriter, r *http.Request) error {
	a, err := h.currentAddress(r)
	if err != nil {
		return err
	}
	return writeResource(w, r, http.StatusOK, a)
}

// putHouseholdAddress records the household's move, over the address the
// client read (If-Match: its ETag). A move out of the area of the open
// case's team proposes a handover (GET /casussen/{id}/overdracht).
func (h *Handler) putHouseholdAddress(w http.ResponseWriter, r *http.Request) error {
	ifm, err := ifMatch(r)
	if err != nil {
		return err
	}
	var in Adres
	if err := decode(w, r, &in); err != nil {
		return err
	}
	cur, err := h.currentAddress(r)
	if err != nil {
		return err
	}
	if err := checkVersion(ifm, cur); err != nil {
		return err
	}
	ch, err := h.svc.ChangeAddress(r.Context(), request.Actor(r), r.PathValue("id"), wijkregie.Address{Street: in.Straat, Number: in.Huisnummer,
		Addition: in.Huisnummertoevoeging, Postcode: in.Postcode, Town: in.Woonplaats})
	if err != nil {
		return err
	}
	return writeResource(w, r, http.StatusOK, adres(ch.New))
}
