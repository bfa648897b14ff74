package api

import "testing"

// TestCaseworkSchemasMatchTypes keeps the documented schemas of working
// the case — ZRM, the plan, the journal, tasks, the Meldcode route, the
// closure and the team overview — equal to the JSON fields of the Go types
// that write (or read) them.
func TestCaseworkSchemasMatchTypes(t *testing.T) {
	checkSchemas(t, []schemaCase{
		{"ZrmMeting", ZRMMeting{}, nil},
		{"ZrmScore", ZRMScore{}, nil},
		{"ZrmMetingNieuw", ZRMMetingNieuw{}, nil},
		{"ZrmScoreNieuw", ZRMScoreNieuw{}, nil},
		{"ZrmMetingLijst", ZRMMetingLijst{}, nil},
		{"ZrmVerandering", ZRMVerandering{}, nil},
		{"Plan", Plan{}, nil},
		{"Plan", planInvoer{}, nil},
		{"Zorg", Zorg{}, nil},
		{"Doel", Doel{}, nil},
		{"Doel", doelInvoer{}, nil},
		{"Actie", Actie{}, nil},
		{"Actie", actieInvoer{}, nil},
		{"Instemming", Instemming{}, nil},
		{"PlanVersie", PlanVersie{}, nil},
		{"PlanVergelijking", PlanVergelijking{}, nil},
		{"PlanWijziging", PlanWijziging{}, nil},
		{"Notitie", Notitie{}, nil},
		{"NotitieNieuw", NotitieNieuw{}, nil},
		{"Taak", Taak{}, nil},
		{"TaakDetail", TaakDetail{}, nil},
		{"TaakGebeurtenis", TaakGebeurtenis{}, nil},
		{"TaakReden", TaakReden{}, nil},
		{"TaakVerlenging", TaakVerlenging{}, nil},
		{"TaakAfronding", TaakAfronding{}, nil},
		{"Meldcoderoute", Meldcoderoute{}, nil},
		{"MeldcodeStap", MeldcodeStap{}, nil},
		{"Afwegingsvraag", Afwegingsvraag{}, nil},
		{"VolgendeVraag", VolgendeVraag{}, nil},
		{"Consultatie", Consultatie{}, nil},
		{"VeiligThuisMelding", VeiligThuisMelding{}, nil},
		{"VeiligThuisMelding", meldingInvoer{}, nil},
		{"Veiligheidsplan", Veiligheidsplan{}, nil},
		{"Veiligheidsplan", veiligheidsplanInvoer{}, nil},
		{"MeldcodeStapNieuw", MeldcodeStapNieuw{}, nil},
		{"AfwegingsvraagNieuw", AfwegingsvraagNieuw{}, nil},
		{"ConsultatieNieuw", ConsultatieNieuw{}, nil},
		{"Afsluiting", Afsluiting{}, nil},
		{"AfsluitingNieuw", AfsluitingNieuw{}, nil},
		{"Teamoverzicht", Teamoverzicht{}, nil},
		{"Telling", Telling{}, nil},
		{"Wachtlijst", Wachtlijst{}, nil},
		{"CaseloadRegel", CaseloadRegel{}, nil},
	})
}
