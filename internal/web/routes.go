package web

import (
	"wijkregie/internal/policy"
	"wijkregie/internal/route"
)

// routes is the whole web UI in one table: each pattern with the policy
// action the server checks before the handler runs. Subject-level checks
// (involvement with a household) happen inside internal/app.
func (h *Handler) routes() []route.Route {
	// The case work's pages come before the catch-all at the end: the
	// assessment and plan pages (plan.go), the journal, tasks,
	// Meldcode, closure and overview pages (work.go), and the consent
	// registry's (toestemmingen.go).
	rs := append(h.planRoutes(), h.workRoutes()...)
	rs = append(rs, h.printPlanRoutes()...) // gezinsplan.go
	rs = append(rs, h.consentRoutes()...)   // toestemmingen.go
	rs = append(rs, h.emergencyRoutes()...) // noodtoegang.go
	rs = append(rs, h.groundRoutes()...)    // grondslag.go
	rs = append(rs, h.partnerRoutes()...)   // partner.go
	rs = append(rs, h.inzageRoutes()...)    // inzage.go
	rs = append(rs, h.rightsRoutes()...)    // rechten.go
	rs = append(rs, h.outreachRoutes()...)  // vroegsignaal.go: one outreach
	rs = append(rs, h.concernRoutes()...)   // zorgmelding.go: public, no login
	// The team's outreach lists, the monitor and the creditors' feedback (vroegsignalering.go).
	rs = append(rs, h.outreachListRoutes()...)
	rs = append(rs, h.importRoutes()...)    // inlezen.go: a creditors' file
	rs = append(rs, h.dashboardRoutes()...) // dashboard.go: outcomes and workload
	rs = append(rs, h.capacityRoutes()...)  // capacity.go: the lead sets the team's hours
	// The composed reports as downloads from the dashboard (dashboard_report.go).
	rs = append(rs, h.dashboardReportRoutes()...)
	// The overdrachtspakket: downloads and the upload (overdrachtspakket.go).
	rs = append(rs, h.handoverPackageRoutes()...)
	// Handover and the household's move (overdracht.go).
	rs = append(rs, h.handoverRoutes()...)
	// Handing out an inlogcode for Mijn Plan (inloggen_inwoner.go).
	rs = append(rs, h.loginCodeRoutes()...)
	rs = append(rs, h.mijnPlanCaseRoutes()...) // mijnplan_case.go: the family's messages read
	return append(rs, []route.Route{
		{Pattern: "GET /static/{file...}", Action: policy.Public, Handle: h.serveStatic, Anonymous: true},

		{Pattern: "GET /inloggen", Action: policy.Public, Handle: h.loginForm},
		{Pattern: "POST /inloggen", Action: policy.Public, Handle: h.login},
		{Pattern: "POST /uitloggen", Action: policy.ViewOwnAccount, Handle: h.logout},

		{Pattern: "GET /{$}", Action: policy.ViewHome, Handle: h.home},

		{Pattern: "GET /huishoudens", Action: policy.ListHouseholds, Handle: h.households},
		{Pattern: "GET /huishoudens/nieuw", Action: policy.RegisterPersons, Handle: h.newHousehold},
		{Pattern: "POST /huishoudens", Action: policy.RegisterPersons, Handle: h.createHousehold},
		{Pattern: "GET /huishoudens/{id}", Action: policy.ViewHousehold, Handle: h.household},
		{Pattern: "GET /huishoudens/{id}/leden/nieuw", Action: policy.ChangeHousehold, Handle: h.newMember},
		{Pattern: "POST /huishoudens/{id}/leden", Action: policy.ChangeHousehold, Handle: h.addMember},
		{Pattern: "POST /huishoudens/{id}/leden/{persoon}/beeindigen", Action: policy.ChangeHousehold, Handle: h.endMember},
		// Searching posts, so that a BSN never lands in a URL.
		{Pattern: "GET /personen/zoeken", Action: policy.SearchPersons, Handle: h.searchForm},
		{Pattern: "POST /personen/zoeken", Action: policy.SearchPersons, Handle: h.search},
		{Pattern: "GET /personen/nieuw", Action: policy.RegisterPersons, Handle: h.newPerson},
		{Pattern: "POST /personen", Action: policy.RegisterPersons, Handle: h.createPerson},
		{Pattern: "GET /personen/{id}", Action: policy.ViewPerson, Handle: h.person},
		{Pattern: "GET /personen/{id}/auditlog", Action: policy.ViewPersonAccessLog, Handle: h.personAccessLog},
		{Pattern: "GET /personen/{id}/samenvoegen", Action: policy.MergePersons, Handle: h.mergeStart},
		{Pattern: "POST /personen/{id}/samenvoegen/zoeken", Action: policy.MergePersons, Handle: h.mergeSearch},
		{Pattern: "GET /personen/{id}/samenvoegen/{duplicaat}", Action: policy.MergePersons, Handle: h.mergeConfirm},
		{Pattern: "POST /personen/{id}/samenvoegen/{duplicaat}", Action: policy.MergePersons, Handle: h.merge},

		{Pattern: "GET /signalen", Action: policy.ViewSignal, Handle: h.signals},
		{Pattern: "GET /signalen/nieuw", Action: policy.CreateSignal, Handle: h.newSignal},
		{Pattern: "POST /signalen", Action: policy.CreateSignal, Handle: h.createSignal},
		{Pattern: "GET /signalen/{id}", Action: policy.ViewSignal, Handle: h.signal},
		{Pattern: "GET /signalen/{id}/triage", Action: policy.ViewTriageQueue, Handle: h.triageScreen},
		{Pattern: "POST /signalen/{id}/triage", Action: policy.TriageSignal, Handle: h.decideTriage},
		{Pattern: "GET /triage", Action: policy.ViewTriageQueue, Handle: h.triageQueue},

		{Pattern: "GET /casussen", Action: policy.ListCases, Handle: h.cases},
		{Pattern: "GET /casussen/{id}", Action: policy.ViewCase, Handle: h.showCase},
		{Pattern: "POST /casussen/{id}/status", Action: policy.ChangeCase, Handle: h.moveCase},
		{Pattern: "POST /casussen/{id}/niveau", Action: policy.ChangeCase, Handle: h.scaleCase},
		{Pattern: "POST /casussen/{id}/betrokkenen", Action: policy.ChangeCase, Handle: h.addParty},
		{Pattern: "POST /casussen/{id}/betrokkenen/{betrokkene}/beeindigen", Action: policy.ChangeCase, Handle: h.endParty},
		{Pattern: "GET /casussen/{id}/regisseur", Action: policy.AssignCoordinator, Handle: h.assignForm},
		{Pattern: "POST /casussen/{id}/regisseur", Action: policy.AssignCoordinator, Handle: h.assign},
		{Pattern: "POST /casussen/{id}/opschalingen", Action: policy.UseMandate, Handle: h.escalate},
		{Pattern: "POST /casussen/{id}/opschalingen/{opschaling}", Action: policy.UseMandate, Handle: h.answerEscalation},
		{Pattern: "POST /casussen/{id}/doorzettingsmacht", Action: policy.UseMandate, Handle: h.enforce},

		{Pattern: "GET /instellingen", Action: policy.ViewSettings, Handle: h.settings},
		{Pattern: "POST /instellingen", Action: policy.ManageSettings, Handle: h.saveSettings},
		{Pattern: "GET /bewaartermijnen", Action: policy.ViewRetention, Handle: h.retention},
		{Pattern: "POST /bewaartermijnen", Action: policy.ManageRetention, Handle: h.saveRetention},
		{Pattern: "POST /bewaartermijnen/proefdraai", Action: policy.ViewRetention, Handle: h.retentionDryRun},

		{Pattern: "GET /inbox", Action: policy.ViewInbox, Handle: h.inbox},
		{Pattern: "POST /inbox/{id}/gelezen", Action: policy.ChangeInbox, Handle: h.markRead},

		{Pattern: "GET /sociale-kaart", Action: policy.ViewCatalogue, Handle: h.services},
		{Pattern: "GET /sociale-kaart/{id}", Action: policy.ViewCatalogue, Handle: h.service},
		{Pattern: "GET /beheer/sociale-kaart/nieuw", Action: policy.ManageCatalogue, Handle: h.newService},
		{Pattern: "POST /beheer/sociale-kaart", Action: policy.ManageCatalogue, Handle: h.createService},
		{Pattern: "GET /beheer/sociale-kaart/{id}", Action: policy.ManageCatalogue, Handle: h.editService},
		{Pattern: "POST /beheer/sociale-kaart/{id}", Action: policy.ManageCatalogue, Handle: h.updateService},

		{Pattern: "GET /beheer/organisaties", Action: policy.ViewDirectory, Handle: h.organisations},
		{Pattern: "GET /beheer/organisaties/nieuw", Action: policy.ManageDirectory, Handle: h.newOrganisation},
		{Pattern: "POST /beheer/organisaties", Action: policy.ManageDirectory, Handle: h.createOrganisation},
		{Pattern: "GET /beheer/organisaties/{id}", Action: policy.ManageDirectory, Handle: h.editOrganisation},
		{Pattern: "POST /beheer/organisaties/{id}", Action: policy.ManageDirectory, Handle: h.updateOrganisation},

		{Pattern: "GET /beheer/teams", Action: policy.ViewDirectory, Handle: h.teams},
		{Pattern: "GET /beheer/teams/nieuw", Action: policy.ManageDirectory, Handle: h.newTeam},
		{Pattern: "POST /beheer/teams", Action: policy.ManageDirectory, Handle: h.createTeam},
		{Pattern: "GET /beheer/teams/{id}", Action: policy.ManageDirectory, Handle: h.editTeam},
		{Pattern: "POST /beheer/teams/{id}", Action: policy.ManageDirectory, Handle: h.updateTeam},

		{Pattern: "GET /beheer/medewerkers", Action: policy.ViewUsers, Handle: h.users},
		{Pattern: "GET /beheer/medewerkers/nieuw", Action: policy.ManageUsers, Handle: h.newUser},
		{Pattern: "POST /beheer/medewerkers", Action: policy.ManageUsers, Handle: h.createUser},
		{Pattern: "GET /beheer/medewerkers/{id}", Action: policy.ManageUsers, Handle: h.editUser},
		{Pattern: "POST /beheer/medewerkers/{id}", Action: policy.ManageUsers, Handle: h.updateUser},
		{Pattern: "POST /beheer/medewerkers/{id}/wachtwoord", Action: policy.ManageUsers, Handle: h.resetPassword},
		{Pattern: "POST /beheer/medewerkers/{id}/tokens/{token}/intrekken", Action: policy.ManageUsers, Handle: h.revokeUserToken},

		{Pattern: "GET /account", Action: policy.ViewOwnAccount, Handle: h.account},
		{Pattern: "POST /account/tokens", Action: policy.ManageOwnTokens, Handle: h.createOwnToken},
		{Pattern: "POST /account/tokens/{id}/intrekken", Action: policy.ManageOwnTokens, Handle: h.revokeOwnToken},
		// The second factor the audit log's readers need (tweedefactor.go).
		{Pattern: "GET /account/tweede-factor", Action: policy.ViewAuditLog, Handle: h.secondFactor},
		{Pattern: "POST /account/tweede-factor", Action: policy.ViewAuditLog, Handle: h.startSecondFactor},
		{Pattern: "POST /account/tweede-factor/bevestigen", Action: policy.ViewAuditLog, Handle: h.confirmSecondFactor},
		{Pattern: "GET /account/tweede-factor/controle", Action: policy.ViewAuditLog, Handle: h.stepUpForm},
		{Pattern: "POST /account/tweede-factor/controle", Action: policy.ViewAuditLog, Handle: h.stepUp},
		{Pattern: "POST /beheer/medewerkers/{id}/tweede-factor/verwijderen", Action: policy.ManageUsers, Handle: h.removeUserSecondFactor},

		{Pattern: "GET /beheer/auditlog", Action: policy.ViewAuditLog, Handle: h.auditLog},
		{Pattern: "POST /beheer/auditlog/controle", Action: policy.VerifyAuditChain, Handle: h.verifyAudit},

		// Everything else is the friendly Dutch 404 page.
		{Pattern: "/", Action: policy.Public, Handle: h.notFound},
	}...)
}
