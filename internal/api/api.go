// Package api is wijkregie's JSON API under /api/v1, built to the NL API
// Design Rules (Logius, ADR): Dutch resource and field names, the full
// version in an API-Version header, problem+json errors, the OpenAPI
// document at /api/v1/openapi.json, pagination, and ETags for conditional
// requests.
//
// Handlers only parse, call internal/app and render: authorisation, audit
// and validation happen in the use cases, so the API can show nothing the
// web UI would not. internal/server authenticates each request by its
// bearer token and checks the route's policy action before a handler runs.
package api

import (
	"bytes"
	"encoding/json"
	"fmt"

	"wijkregie/internal/app"
	"wijkregie/internal/locale"
	"wijkregie/internal/policy"
	"wijkregie/internal/route"
)

// Version is the API's full semantic version, returned in the API-Version
// header of every response (ADR /core/version-header) and equal to
// info.version of the OpenAPI document. The major version is in the path.
const Version = "1.8.0"

// Base is the path every route of the API starts with (ADR /core/uri-version).
const Base = "/api/v1"

// Handler serves the API.
type Handler struct {
	svc     *app.Service
	cat     *locale.Catalogue
	doc     []byte // the OpenAPI document, compacted
	docETag string
}

// New returns the API's handler. It fails when the embedded OpenAPI
// document is not valid JSON or names another version than Version.
func New(svc *app.Service, cat *locale.Catalogue) (*Handler, error) {
	var head struct {
		Info struct {
			Version string `json:"version"`
		} `json:"info"`
	}
	if err := json.Unmarshal(openapiJSON, &head); err != nil {
		return nil, fmt.Errorf("openapi.json: %w", err)
	}
	if head.Info.Version != Version {
		return nil, fmt.Errorf("openapi.json: info.version %q, want %q", head.Info.Version, Version)
	}
	var doc bytes.Buffer
	if err := json.Compact(&doc, openapiJSON); err != nil {
		return nil, fmt.Errorf("openapi.json: %w", err)
	}
	return &Handler{svc: svc, cat: cat, doc: doc.Bytes(), docETag: etagOf(doc.Bytes())}, nil
}

// Set returns the API's routes for internal/server to mount. Every route
// names the policy action the server checks before the handler runs; the
// use case then checks the subject (involvement with a household).
func (h *Handler) Set() route.Set {
	return route.Set{
		Name: "api",
		Auth: route.Bearer,
		Routes: []route.Route{
			{Pattern: "GET " + Base + "/openapi.json", Action: policy.Public, Handle: h.openAPI, Anonymous: true},

			{Pattern: "GET " + Base + "/organisaties", Action: policy.ViewDirectory, Handle: h.listOrganisations},
			{Pattern: "POST " + Base + "/organisaties", Action: policy.ManageDirectory, Handle: h.createOrganisation},
			{Pattern: "GET " + Base + "/organisaties/{id}", Action: policy.ViewDirectory, Handle: h.getOrganisation},
			{Pattern: "PUT " + Base + "/organisaties/{id}", Action: policy.ManageDirectory, Handle: h.updateOrganisation},

			{Pattern: "GET " + Base + "/teams", Action: policy.ViewDirectory, Handle: h.listTeams},
			{Pattern: "POST " + Base + "/teams", Action: policy.ManageDirectory, Handle: h.createTeam},
			{Pattern: "GET " + Base + "/teams/{id}", Action: policy.ViewDirectory, Handle: h.getTeam},
			{Pattern: "PUT " + Base + "/teams/{id}", Action: policy.ManageDirectory, Handle: h.updateTeam},
			{Pattern: "GET " + Base + "/teams/{id}/overzicht", Action: policy.ViewTeamOverview, Handle: h.getOverview},
			// The hours of the team's professionals, for its lead (capaciteit.go).
			{Pattern: "GET " + Base + "/teams/{id}/capaciteit", Action: policy.ViewCapacity, Handle: h.getCapacity},
			{Pattern: "PUT " + Base + "/teams/{id}/capaciteit", Action: policy.SetCapacity, Handle: h.putCapacity},

			{Pattern: "GET " + Base + "/sociale-kaart", Action: policy.ViewCatalogue, Handle: h.listServices},
			{Pattern: "POST " + Base + "/sociale-kaart", Action: policy.ManageCatalogue, Handle: h.createService},
			{Pattern: "GET " + Base + "/sociale-kaart/{id}", Action: policy.ViewCatalogue, Handle: h.getService},
			{Pattern: "PUT " + Base + "/sociale-kaart/{id}", Action: policy.ManageCatalogue, Handle: h.updateService},

			{Pattern: "GET " + Base + "/medewerkers", Action: policy.ViewUsers, Handle: h.listUsers},
			{Pattern: "POST " + Base + "/medewerkers", Action: policy.ManageUsers, Handle: h.createUser},
			{Pattern: "GET " + Base + "/medewerkers/{id}", Action: policy.ViewUsers, Handle: h.getUser},
			{Pattern: "PUT " + Base + "/medewerkers/{id}", Action: policy.ManageUsers, Handle: h.updateUser},

			{Pattern: "GET " + Base + "/huishoudens", Action: policy.ListHouseholds, Handle: h.listHouseholds},
			{Pattern: "POST " + Base + "/huishoudens", Action: policy.RegisterPersons, Handle: h.createHousehold},
			{Pattern: "GET " + Base + "/huishoudens/{id}", Action: policy.ViewHousehold, Handle: h.getHousehold},
			{Pattern: "POST " + Base + "/huishoudens/{id}/leden", Action: policy.ChangeHousehold, Handle: h.addMember},
			{Pattern: "GET " + Base + "/huishoudens/{id}/leden/{persoon}", Action: policy.ViewHousehold, Handle: h.getMember},
			{Pattern: "PUT " + Base + "/huishoudens/{id}/leden/{persoon}", Action: policy.ChangeHousehold, Handle: h.updateMember},

			{Pattern: "POST " + Base + "/personen", Action: policy.RegisterPersons, Handle: h.createPerson},
			{Pattern: "POST " + Base + "/personen/zoeken", Action: policy.SearchPersons, Handle: h.searchPersons},
			{Pattern: "GET " + Base + "/personen/{id}", Action: policy.ViewPerson, Handle: h.getPerson},
			{Pattern: "GET " + Base + "/personen/{id}/auditlog", Action: policy.ViewPersonAccessLog, Handle: h.personAccessLog},
			{Pattern: "POST " + Base + "/personen/{id}/samenvoegen", Action: policy.MergePersons, Handle: h.mergePersons},

			// The right of access (AVG art. 15): the privacy officer only.
			{Pattern: "POST " + Base + "/inzageverzoeken", Action: policy.ExportInzage, Handle: h.createInzageRequest},
			{Pattern: "GET " + Base + "/personen/{id}/inzage", Action: policy.ExportInzage, Handle: h.getInzage},
			// The other rights (AVG art. 16-21) and the notice of art. 13/14 (rights.go).
			{Pattern: "GET " + Base + "/rechtenverzoeken", Action: policy.ViewRightsRequests, Handle: h.listRightsRequests},
			{Pattern: "POST " + Base + "/rechtenverzoeken", Action: policy.RecordRightsRequest, Handle: h.createRightsRequest},
			{Pattern: "GET " + Base + "/rechtenverzoeken/{id}", Action: policy.ViewRightsRequests, Handle: h.getRightsRequest},
			{Pattern: "POST " + Base + "/rechtenverzoeken/{id}/besluit", Action: policy.DecideRightsRequest, Handle: h.decideRightsRequest},
			{Pattern: "POST " + Base + "/rechtenverzoeken/{id}/verlenging", Action: policy.ExtendRightsRequest, Handle: h.extendRightsRequest},
			{Pattern: "GET " + Base + "/personen/{id}/informatieverstrekking", Action: policy.ProduceNotice, Handle: h.getInformationNotice},
			{Pattern: "POST " + Base + "/personen/{id}/informatieverstrekking/verzending", Action: policy.RecordNoticeSent, Handle: h.recordNoticeSent},

			{Pattern: "GET " + Base + "/signalen", Action: policy.ViewSignal, Handle: h.listSignals},
			{Pattern: "POST " + Base + "/signalen", Action: policy.CreateSignal, Handle: h.createSignal},
			{Pattern: "GET " + Base + "/signalen/{id}", Action: policy.ViewSignal, Handle: h.getSignal},
			{Pattern: "GET " + Base + "/signalen/{id}/triage", Action: policy.TriageSignal, Handle: h.getTriage},
			{Pattern: "POST " + Base + "/signalen/{id}/triage", Action: policy.TriageSignal, Handle: h.createTriage},

			{Pattern: "GET " + Base + "/triage", Action: policy.ViewTriageQueue, Handle: h.triageQueue},

			{Pattern: "GET " + Base + "/casussen", Action: policy.ListCases, Handle: h.listCases},
			{Pattern: "GET " + Base + "/casussen/{id}", Action: policy.ViewCase, Handle: h.getCase},
			{Pattern: "GET " + Base + "/casussen/{id}/gebeurtenissen", Action: policy.ViewCase, Handle: h.caseEvents},
			{Pattern: "PUT " + Base + "/casussen/{id}/status", Action: policy.ChangeCase, Handle: h.putCaseStatus},
			{Pattern: "PUT " + Base + "/casussen/{id}/niveau", Action: policy.ChangeCase, Handle: h.putCaseLevel},
			{Pattern: "GET " + Base + "/casussen/{id}/regisseur", Action: policy.ViewCase, Handle: h.getCoordinator},
			{Pattern: "PUT " + Base + "/casussen/{id}/regisseur", Action: policy.AssignCoordinator, Handle: h.putCoordinator},
			{Pattern: "GET " + Base + "/casussen/{id}/regisseur/kandidaten", Action: policy.AssignCoordinator, Handle: h.listCandidates},
			{Pattern: "GET " + Base + "/casussen/{id}/betrokkenen", Action: policy.ViewCase, Handle: h.listParties},
			{Pattern: "POST " + Base + "/casussen/{id}/betrokkenen", Action: policy.ChangeCase, Handle: h.createParty},
			{Pattern: "GET " + Base + "/casussen/{id}/betrokkenen/{betrokkene}", Action: policy.ViewCase, Handle: h.getParty},
			{Pattern: "DELETE " + Base + "/casussen/{id}/betrokkenen/{betrokkene}", Action: policy.ChangeCase, Handle: h.deleteParty},
			{Pattern: "GET " + Base + "/casussen/{id}/opschalingen", Action: policy.ViewCase, Handle: h.listEscalations},
			{Pattern: "POST " + Base + "/casussen/{id}/opschalingen", Action: policy.UseMandate, Handle: h.createEscalation},
			{Pattern: "GET " + Base + "/casussen/{id}/opschalingen/{opschaling}", Action: policy.ViewCase, Handle: h.getEscalation},
			{Pattern: "PUT " + Base + "/casussen/{id}/opschalingen/{opschaling}", Action: policy.UseMandate, Handle: h.updateEscalation},
			{Pattern: "GET " + Base + "/casussen/{id}/doorzettingsbesluiten", Action: policy.ViewCase, Handle: h.listEnforcements},
			{Pattern: "POST " + Base + "/casussen/{id}/doorzettingsbesluiten", Action: policy.UseMandate, Handle: h.createEnforcement},
			{Pattern: "GET " + Base + "/casussen/{id}/doorzettingsbesluiten/{besluit}", Action: policy.ViewCase, Handle: h.getEnforcement},

			// Working the case. Reading the plan, the assessments, the
			// Meldcode route and the closure is ViewCase here; the use case
			// also requires that the actor sees the case's content, which a
			// partner does not.
			{Pattern: "GET " + Base + "/casussen/{id}/zrm-metingen", Action: policy.ViewCase, Handle: h.listAssessments},
			{Pattern: "POST " + Base + "/casussen/{id}/zrm-metingen", Action: policy.AssessCase, Handle: h.createAssessment},
			{Pattern: "GET " + Base + "/casussen/{id}/zrm-metingen/{meting}", Action: policy.ViewCase, Handle: h.getAssessment},
			{Pattern: "GET " + Base + "/casussen/{id}/plan", Action: policy.ViewCase, Handle: h.getPlan},
			{Pattern: "POST " + Base + "/casussen/{id}/plan", Action: policy.ChangePlan, Handle: h.createPlan},
			{Pattern: "PUT " + Base + "/casussen/{id}/plan", Action: policy.ChangePlan, Handle: h.putPlan},
			{Pattern: "GET " + Base + "/casussen/{id}/plan/versies", Action: policy.ViewCase, Handle: h.listPlanVersions},
			{Pattern: "GET " + Base + "/casussen/{id}/plan/versies/{versie}", Action: policy.ViewCase, Handle: h.getPlanVersion},
			{Pattern: "GET " + Base + "/casussen/{id}/plan/vergelijking", Action: policy.ViewCase, Handle: h.comparePlan},
			// The printable gezinsplan, a PDF (gezinsplan.go).
			{Pattern: "GET " + Base + "/casussen/{id}/plan/gezinsplan", Action: policy.ViewCase, Handle: h.getPlanPrint},
			// The overdrachtspakket, JSON or PDF, and reading one in (handover_package.go).
			{Pattern: "GET " + Base + "/casussen/{id}/overdrachtspakket", Action: policy.ExportHandoverPackage, Handle: h.getHandoverPackage},
			{Pattern: "POST " + Base + "/overdrachtspakketten", Action: policy.ImportHandoverPackage, Handle: h.importHandoverPackage},
			{Pattern: "GET " + Base + "/casussen/{id}/journaal", Action: policy.ViewCase, Handle: h.listNotes},
			{Pattern: "POST " + Base + "/casussen/{id}/journaal", Action: policy.WriteNote, Handle: h.createNote},
			// An inlogcode for Mijn Plan, for a member of the household (inlogcodes.go).
			{Pattern: "POST " + Base + "/casussen/{id}/inlogcodes", Action: policy.IssueLoginCode, Handle: h.createLoginCode},
			{Pattern: "GET " + Base + "/casussen/{id}/meldcode", Action: policy.ViewCase, Handle: h.getMeldcode},
			{Pattern: "POST " + Base + "/casussen/{id}/meldcode/stappen", Action: policy.WorkMeldcode, Handle: h.createMeldcodeStep},
			{Pattern: "POST " + Base + "/casussen/{id}/meldcode/afwegingsvragen", Action: policy.WorkMeldcode, Handle: h.createMeldcodeAnswer},
			{Pattern: "POST " + Base + "/casussen/{id}/meldcode/consultaties", Action: policy.WorkMeldcode, Handle: h.createConsultation},
			{Pattern: "PUT " + Base + "/casussen/{id}/meldcode/melding", Action: policy.WorkMeldcode, Handle: h.putReport},
			{Pattern: "PUT " + Base + "/casussen/{id}/meldcode/veiligheidsplan", Action: policy.WorkMeldcode, Handle: h.putSafetyPlan},
			{Pattern: "GET " + Base + "/casussen/{id}/afsluiting", Action: policy.ViewCase, Handle: h.getClosure},
			{Pattern: "POST " + Base + "/casussen/{id}/afsluiting", Action: policy.CloseCase, Handle: h.createClosure},
			{Pattern: "PUT " + Base + "/casussen/{id}/grondslag", Action: policy.RecordGround, Handle: h.putCaseGround},
			{Pattern: "GET " + Base + "/casussen/{id}/deelgrondslagen", Action: policy.ViewCase, Handle: h.listSharingGrounds},
			{Pattern: "GET " + Base + "/casussen/{id}/berichten", Action: policy.ReadMijnPlanMessages, Handle: h.listMijnPlanMessages},   // mijnplan.go
			{Pattern: "GET " + Base + "/casussen/{id}/beoordelingen", Action: policy.ReadMijnPlanRatings, Handle: h.listMijnPlanRatings}, // mijnplan.go
			{Pattern: "POST " + Base + "/casussen/{id}/deelgrondslagen", Action: policy.RecordGround, Handle: h.createSharingGround},
			{Pattern: "POST " + Base + "/casussen/{id}/deelgrondslagen/{grondslag}/beeindiging", Action: policy.RecordGround, Handle: h.endSharingGround},
			{Pattern: "POST " + Base + "/casussen/{id}/plan/doelen/{doel}/voortgang", Action: policy.WorkPartnerGoal, Handle: h.updateGoalProgress},

			// A network partner's own work: its families and its goals.
			{Pattern: "GET " + Base + "/partnerwerk", Action: policy.WorkPartnerGoal, Handle: h.partnerWork},

			{Pattern: "GET " + Base + "/taken", Action: policy.ViewTasks, Handle: h.listTasks},
			{Pattern: "GET " + Base + "/taken/{id}", Action: policy.ViewTasks, Handle: h.getTask},
			{Pattern: "POST " + Base + "/taken/{id}/opschorten", Action: policy.ChangeTask, Handle: h.suspendTask},
			{Pattern: "POST " + Base + "/taken/{id}/hervatten", Action: policy.ChangeTask, Handle: h.resumeTask},
			{Pattern: "POST " + Base + "/taken/{id}/verlengen", Action: policy.ChangeTask, Handle: h.extendTask},
			{Pattern: "POST " + Base + "/taken/{id}/afronden", Action: policy.ChangeTask, Handle: h.completeTask},

			// The consent registry: read, recorded and withdrawn through
			// the household of the consent's subject.
			{Pattern: "GET " + Base + "/toestemmingen", Action: policy.ViewConsents, Handle: h.listConsents},
			{Pattern: "POST " + Base + "/toestemmingen", Action: policy.RecordConsent, Handle: h.createConsent},
			{Pattern: "GET " + Base + "/toestemmingen/{id}", Action: policy.ViewConsents, Handle: h.getConsent},
			{Pattern: "POST " + Base + "/toestemmingen/{id}/intrekken", Action: policy.WithdrawConsent, Handle: h.withdrawConsent},

			// One outreach (vroegsignaal): read, its contact attempts, its
			// assignment and its closing with an outcome (outreach.go); the
			// use case decides on the outreach's team, assignee and case.
			{Pattern: "GET " + Base + "/vroegsignalen/{id}", Action: policy.ViewOutreach, Handle: h.getOutreach},
			{Pattern: "POST " + Base + "/vroegsignalen/{id}/contactpogingen", Action: policy.WorkOutreach, Handle: h.createContactAttempt},
			{Pattern: "POST " + Base + "/vroegsignalen/{id}/toewijzing", Action: policy.WorkOutreach, Handle: h.assignOutreach},
			{Pattern: "POST " + Base + "/vroegsignalen/{id}/afronding", Action: policy.WorkOutreach, Handle: h.closeOutreach},

			// Emergency access: taken by the team's staff outside a case,
			// reviewed by the privacy officer (emergency.go).
			{Pattern: "POST " + Base + "/casussen/{id}/nood-toegangen", Action: policy.RequestEmergencyAccess, Handle: h.createEmergencyAccess},
			{Pattern: "GET " + Base + "/nood-toegangen", Action: policy.ReviewEmergencyAccess, Handle: h.listEmergencyAccesses},
			{Pattern: "GET " + Base + "/nood-toegangen/{id}", Action: policy.ReviewEmergencyAccess, Handle: h.getEmergencyAccess},
			{Pattern: "POST " + Base + "/nood-toegangen/{id}/beoordeling", Action: policy.ReviewEmergencyAccess, Handle: h.reviewEmergencyAccess},

			// Vroegsignalering: the team's list of its outreaches, the
			// monitoring figures (aggregates) and what creditors are told
			// (outreach_list.go).
			{Pattern: "GET " + Base + "/vroegsignalen", Action: policy.ListOutreach, Handle: h.listOutreaches},
			{Pattern: "GET " + Base + "/vroegsignalering/monitor", Action: policy.ViewOutreachMonitor, Handle: h.getOutreachMonitor},
			{Pattern: "GET " + Base + "/schuldeisers", Action: policy.ExportCreditorFeedback, Handle: h.listCreditors},
			{Pattern: "GET " + Base + "/schuldeisers/{id}/terugmeldingen", Action: policy.ExportCreditorFeedback, Handle: h.getCreditorFeedback},
			// Reports of outcomes and workload: aggregates with small cells
			// withheld (rapportages.go).
			{Pattern: "GET " + Base + "/rapportages/uitkomsten", Action: policy.ViewOutcomes, Handle: h.getOutcomeReport},
			{Pattern: "GET " + Base + "/rapportages/werklast", Action: policy.ViewWorkload, Handle: h.getWorkloadReport},
			// The composed reports as PDF, CSV or JSON; policy.DecideReport
			// decides the kind (rapporten.go).
			{Pattern: "GET " + Base + "/rapportages/teammaand", Action: policy.ViewOutcomes, Handle: h.getTeamMonthReport},
			{Pattern: "GET " + Base + "/rapportages/raad", Action: policy.MakeCouncilReport, Handle: h.getCouncilReport},
			// The creditors' reports of arrears: a delivery as JSON or CSV,
			// and its counts (arrears.go).
			{Pattern: "POST " + Base + "/betalingsachterstanden", Action: policy.ImportArrears, Handle: h.createArrears},
			{Pattern: "GET " + Base + "/betalingsachterstanden/leveringen/{id}", Action: policy.ImportArrears, Handle: h.getArrearsDelivery},

			// Handover (handover.go): the sender's view of a case's
			// handovers and the offer; the team's list; each step of an
			// offer; the household's move.
			{Pattern: "GET " + Base + "/casussen/{id}/overdracht", Action: policy.ViewHandover, Handle: h.getCaseHandovers},
			{Pattern: "POST " + Base + "/casussen/{id}/overdracht", Action: policy.OfferHandover, Handle: h.createHandover},
			{Pattern: "GET " + Base + "/overdrachten", Action: policy.ListHandovers, Handle: h.listHandovers},
			{Pattern: "GET " + Base + "/overdrachten/{id}", Action: policy.ViewHandover, Handle: h.getHandover},
			{Pattern: "POST " + Base + "/overdrachten/{id}/acceptatie", Action: policy.AcceptHandover, Handle: h.acceptHandover},
			{Pattern: "POST " + Base + "/overdrachten/{id}/afwijzing", Action: policy.DeclineHandover, Handle: h.declineHandover},
			{Pattern: "POST " + Base + "/overdrachten/{id}/intrekking", Action: policy.WithdrawHandover, Handle: h.withdrawHandover},
			{Pattern: "POST " + Base + "/overdrachten/{id}/afronding", Action: policy.CompleteHandover, Handle: h.completeHandover},
			{Pattern: "GET " + Base + "/huishoudens/{id}/adres", Action: policy.ViewHousehold, Handle: h.getHouseholdAddress},
			{Pattern: "PUT " + Base + "/huishoudens/{id}/adres", Action: policy.ChangeAddress, Handle: h.putHouseholdAddress},

			{Pattern: "GET " + Base + "/instellingen", Action: policy.ViewSettings, Handle: h.getSettings},
			{Pattern: "PUT " + Base + "/instellingen", Action: policy.ManageSettings, Handle: h.putSettings},

			// Retention: beheer sets the periods and runs them; the privacy
			// officer reads them and tries a dry run (the use case decides
			// which run the actor may start).
			{Pattern: "GET " + Base + "/bewaartermijnen", Action: policy.ViewRetention, Handle: h.getRetention},
			{Pattern: "PUT " + Base + "/bewaartermijnen", Action: policy.ManageRetention, Handle: h.putRetention},
			{Pattern: "POST " + Base + "/bewaartermijnen/uitvoeringen", Action: policy.ViewRetention, Handle: h.runRetention},

			{Pattern: "GET " + Base + "/meldingen", Action: policy.ViewInbox, Handle: h.listNotifications},
			{Pattern: "GET " + Base + "/meldingen/{id}", Action: policy.ViewInbox, Handle: h.getNotification},
			{Pattern: "PUT " + Base + "/meldingen/{id}", Action: policy.ChangeInbox, Handle: h.updateNotification},

			{Pattern: "GET " + Base + "/auditlog", Action: policy.ViewAuditLog, Handle: h.auditLog},
		},
		Error: h.Error,
	}
}
