package api

import (
	"testing"

	"wijkregie/internal/app"
)

// TestInzageSchemasMatchTypes keeps the inzage's schemas equal to the
// JSON fields of the types that write and read them: the export is
// app.Inzage itself, so a field added there must be documented here.
func TestInzageSchemasMatchTypes(t *testing.T) {
	checkSchemas(t, []schemaCase{
		{"InzageverzoekNieuw", InzageverzoekNieuw{}, nil},
		{"Inzageverzoek", Inzageverzoek{}, nil},
		{"InzageverzoekPersoon", InzageverzoekPersoon{}, nil},
		{"Inzage", app.Inzage{}, nil},
		{"InzageMedewerker", app.InzageWho{}, nil},
		{"InzagePersoonsgegevens", app.InzagePerson{}, nil},
		{"InzageAdres", app.InzageAddress{}, nil},
		{"InzageHuishouden", app.InzageHousehold{}, nil},
		{"InzageBetrokkenheid", app.InzageInvolvement{}, nil},
		{"InzageSignaal", app.InzageSignal{}, nil},
		{"InzageTriage", app.InzageTriage{}, nil},
		{"InzageMatch", app.InzageMatchParty{}, nil},
		{"InzageCasus", app.InzageCase{}, nil},
		{"InzageRegisseur", app.InzageCoordinator{}, nil},
		{"InzageGebeurtenis", app.InzageCaseEvent{}, nil},
		{"InzageBetrokkene", app.InzageParty{}, nil},
		{"InzageOpschaling", app.InzageEscalation{}, nil},
		{"InzageDoorzettingsbesluit", app.InzageEnforcement{}, nil},
		{"InzageDeelgrondslag", app.InzageSharing{}, nil},
		{"InzageNoodtoegang", app.InzageEmergency{}, nil},
		{"InzageZrmMeting", app.InzageAssessment{}, nil},
		{"InzageScore", app.InzageScore{}, nil},
		{"InzagePlan", app.InzagePlan{}, nil},
		{"InzagePlanversie", app.InzagePlanVersion{}, nil},
		{"InzageDoel", app.InzageGoal{}, nil},
		{"InzageActie", app.InzageAction{}, nil},
		{"InzageNotitie", app.InzageNote{}, nil},
		{"InzageTaak", app.InzageTask{}, nil},
		{"InzageTaakgebeurtenis", app.InzageTaskEvent{}, nil},
		{"InzageMeldcode", app.InzageMeldcode{}, nil},
		{"InzageMeldcodeStap", app.InzageMeldcodeStep{}, nil},
		{"InzageConsultatie", app.InzageConsultation{}, nil},
		{"InzageAfsluiting", app.InzageClosure{}, nil},
		{"InzageToestemming", app.InzageConsent{}, nil},
		{"InzageBericht", app.InzageNotified{}, nil},
		{"InzageToegang", app.InzageAccess{}, nil},
		{"InzageTelling", app.InzageSectionSize{}, nil},
	})
}
