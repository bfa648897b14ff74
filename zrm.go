package wijkregie

// Domain is a life domain (leefgebied) of the Zelfredzaamheid-Matrix: the
// unit in which a household's problems are mapped, a goal is set and a
// catalogue service says what it helps with. Signals, assessments, goals
// and the sociale kaart all name domains by Code, so one list serves them
// all.
//
// Source: ZRM-Handleiding 2017 (GGD Amsterdam), as quoted by
// movisie.nl/tool/zelfredzaamheid-matrix-zrm, zrmtraining.nl and
// mijnzrm.nl. Only the names are shipped: the per-level criteria texts are
// GGD Amsterdam's, for a municipality to load under its own licence.
type Domain struct {
	// Code is stable and kebab-case ASCII: it is stored, sent in the API
	// and used as a catalogue key suffix (domein.<code>). Never rename one.
	Code string
	// Name is the professional name of ZRM 2017, in Dutch.
	Name string
	// ClientName is the name in the residents' own words (Mijn ZRM), for
	// anything the family reads itself.
	ClientName string
}

// DomainsVersion names the instrument version Domains follows. A score
// must record it: the older ZRM had 11 domains (dagbesteding, verslaving,
// one ADL domain) and is still in use, so scores of the two versions do not
// compare domain by domain.
const DomainsVersion = "zrm-2017"

// Domains lists the 13 ZRM 2017 domains in the instrument's own order,
// which is the order forms and reports show them in.
var Domains = []Domain{
	{Code: "financien", Name: "Financiën", ClientName: "Geldzaken"},
	{Code: "werk-opleiding", Name: "Werk & opleiding", ClientName: "Werk en opleiding"},
	{Code: "tijdsbesteding", Name: "Tijdsbesteding", ClientName: "Tijdsbesteding"},
	{Code: "huisvesting", Name: "Huisvesting", ClientName: "Woning"},
	{Code: "huiselijke-relaties", Name: "Huiselijke relaties", ClientName: "Relaties thuis"},
	{Code: "geestelijke-gezondheid", Name: "Geestelijke gezondheid", ClientName: "Geestelijke gezondheid"},
	{Code: "lichamelijke-gezondheid", Name: "Lichamelijke gezondheid", ClientName: "Lichamelijke gezondheid"},
	{Code: "middelengebruik", Name: "Middelengebruik", ClientName: "Verslaving"},
	{Code: "basale-adl", Name: "Basale ADL", ClientName: "Zelfzorg"},
	{Code: "instrumentele-adl", Name: "Instrumentele ADL", ClientName: "Dagelijkse activiteiten"},
	{Code: "sociaal-netwerk", Name: "Sociaal netwerk", ClientName: "Sociaal netwerk"},
	{Code: "maatschappelijke-participatie", Name: "Maatschappelijke participatie", ClientName: "Inzet voor de maatschappij"},
	{Code: "justitie", Name: "Justitie", ClientName: "Justitie"},
}

// DomainByCode returns the domain with the code; ok is false for a code
// that is not a ZRM 2017 domain.
func DomainByCode(code string) (d Domain, ok bool) {
	for _, d := range Domains {
		if d.Code == code {
			return d, true
		}
	}
	return Domain{}, false
}

// ValidDomain reports whether code is one of Domains.
func ValidDomain(code string) bool {
	_, ok := DomainByCode(code)
	return ok
}

// DomainCodes returns the codes of Domains, in order.
func DomainCodes() []string {
	out := make([]string, len(Domains))
	for i, d := range Domains {
		out[i] = d.Code
	}
	return out
}
