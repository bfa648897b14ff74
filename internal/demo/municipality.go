package demo

import "wijkregie"

// The fixed part of Duinhaven: its teams, partner organisations and staff.
// These do not depend on the seed, so the accounts the README documents and
// the names a demo presenter mentions are always the same.

// municipalityName is the name of the fictional municipality.
const municipalityName = "Duinhaven"

// town is the place name in every demo address.
const town = "Duinhaven"

// emailDomain is the demo organisations' mail domain. .example is reserved
// for documentation (RFC 2606), so no demo address can reach a real inbox.
const emailDomain = "duinhaven.example"

// streetKind is a type of housing: it decides which house-number additions a
// street has. Dutch additions tell apart the dwellings behind one number: an
// upstairs flat "12A", the floors of a walk-up "12-2-hoog".
type streetKind struct {
	additions []string
}

var (
	houses   = streetKind{additions: []string{""}}                               // eengezinswoningen
	upstairs = streetKind{additions: []string{"", "A"}}                          // beneden- en bovenwoning
	corner   = streetKind{additions: []string{"", "A", "B"}}                     // hoekpand met twee bovenwoningen
	walkUp   = streetKind{additions: []string{"", "1-hoog", "2-hoog", "3-hoog"}} // portiekflat
)

// teamSpec describes a neighbourhood team and the neighbourhood it serves:
// its postcode areas, its streets and the mix of housing along them.
type teamSpec struct {
	name    string
	areas   []string
	streets []string
	housing []weighted[streetKind]
}

type weighted[T any] struct {
	weight int
	value  T
}

// The postcodes are made up: 2581–2592 stands in for a coastal city's range.
// Each team's areas are disjoint, so Team.Serves names one team per address.
var teamSpecs = []teamSpec{
	{
		name:  "Wijkteam Centrum",
		areas: []string{"2581-2583"},
		streets: []string{
			"Marktstraat", "Kerkstraat", "Hoogstraat", "Molenstraat", "Lange Nieuwstraat", "Korte Nieuwstraat",
			"Brouwersgracht", "Oude Gracht", "Nieuwe Gracht", "Gasthuisstraat", "Begijnhof", "Wevershof",
			"Smedenstraat", "Raamstraat", "Vestingwal", "Poortstraat", "Bakkerssteeg", "Kloosterplein",
			"Burgwal", "Torenstraat", "Paardenmarkt", "Koornmarkt", "Sint Jorisstraat", "Boterstraat",
			"Stadhuisplein", "Prinsessewal",
		},
		housing: []weighted[streetKind]{{30, houses}, {40, upstairs}, {20, corner}, {10, walkUp}},
	},
	{
		name:  "Wijkteam Noord",
		areas: []string{"2584", "2585-2586"},
		streets: []string{
			"Duinroosweg", "Helmgrasstraat", "Zeereepweg", "Duindoornlaan", "Kievitstraat", "Tureluurweg",
			"Scholeksterlaan", "Strandloperstraat", "Meeuwenlaan", "Wulpstraat", "Zandhaverpad", "Duinpieperhof",
			"Konijnenberg", "Dennenlaan", "Berkenrode", "Heidebloemstraat", "Zonnedauwstraat", "Kamperfoeliehof",
			"Lijsterbeslaan", "Reigerstraat", "Merelhof", "Zwaluwweg", "Noordduinseweg", "Vogelenzangweg",
		},
		housing: []weighted[streetKind]{{70, houses}, {10, upstairs}, {20, walkUp}},
	},
	{
		name:  "Wijkteam Zuid",
		areas: []string{"2587-2589"},
		streets: []string{
			"Rembrandtlaan", "Vermeerstraat", "Frans Halsstraat", "Jan Steenstraat", "Mondriaanplein", "Breitnerstraat",
			"Israëlsstraat", "Mesdaglaan", "Jongkindstraat", "Sweelinckstraat", "Diepenbrockstraat", "Multatulilaan",
			"Vondelstraat", "Bilderdijkstraat", "Da Costastraat", "Potgieterlaan", "Busken Huetstraat", "Hildebrandstraat",
			"Tooropstraat", "Weissenbruchstraat", "Van Goghstraat", "Anton Mauvelaan", "Couperusstraat", "Annie M.G. Schmidtplein",
		},
		housing: []weighted[streetKind]{{40, houses}, {30, upstairs}, {30, walkUp}},
	},
	{
		name:  "Wijkteam Havenkwartier",
		areas: []string{"2590", "2591-2592"},
		streets: []string{
			"Ankerstraat", "Kaapstanderweg", "Loodsenkade", "Vissersplein", "Zeilmakerstraat", "Touwslagerslaan",
			"Havenkade", "Dokweg", "Kraanmeesterstraat", "Sleepbootpad", "Boeiplein", "Kompasstraat",
			"Roerstraat", "Stuurmanslaan", "Bootsmanstraat", "Visafslagweg", "Netboetstersstraat", "Scheepmakersdijk",
			"Werfstraat", "Pierweg", "Golfbrekerkade", "Vuurtorenplein", "Zeemanshof", "Kustwachtstraat",
		},
		housing: []weighted[streetKind]{{20, houses}, {20, upstairs}, {60, walkUp}},
	},
}

// centrum is the team of the documented professional and team lead.
const centrum = "Wijkteam Centrum"

// municipalOrganisation employs the teams; it is a partner of kind gemeente.
const municipalOrganisation = "Gemeente Duinhaven — Sociaal Domein"

// gpPractice employs the documented partner account.
const gpPractice = "Huisartsenpraktijk De Duinroos"

// The phone numbers use the 0120 area code, which we believe the Dutch
// numbering plan gives to no region, so a demo number should ring no one.
var organisationSpecs = []wijkregie.Organisation{
	{Name: municipalOrganisation, Kind: wijkregie.OrgGemeente, Phone: "14 0120", Email: "sociaaldomein@" + emailDomain},
	{Name: gpPractice, Kind: wijkregie.OrgHuisarts, Phone: "0120 41 22 80", Email: "assistentie@deduinroos.example"},
	{Name: "Gezondheidscentrum Havenkwartier", Kind: wijkregie.OrgHuisarts, Phone: "0120 47 90 10", Email: "info@gc-havenkwartier.example"},
	{Name: "Basisschool De Zeester", Kind: wijkregie.OrgSchool, Phone: "0120 43 15 62", Email: "directie@dezeester.example"},
	{Name: "Kindcentrum Het Kompas", Kind: wijkregie.OrgSchool, Phone: "0120 48 03 33", Email: "zorgcoordinator@hetkompas.example"},
	{Name: "Woonstichting Duinwonen", Kind: wijkregie.OrgWoningcorporatie, Phone: "0120 40 60 00", Email: "wijkconsulent@duinwonen.example"},
	{Name: "GGZ Kustland", Kind: wijkregie.OrgGGZ, Phone: "0120 44 70 70", Email: "aanmelding@ggzkustland.example"},
	{Name: "Veilig Thuis Kustregio", Kind: wijkregie.OrgVeiligThuis, Phone: "0120 48 50 50", Email: "advies@veiligthuis-kustregio.example"},
	{Name: "Schuldhulp Duinhaven", Kind: wijkregie.OrgSchuldhulp, Phone: "0120 42 11 11", Email: "vroegsignalering@schuldhulpduinhaven.example"},
	{Name: "Zeewind Energie", Kind: wijkregie.OrgEnergie, Phone: "0120 49 88 00", Email: "betalingsregeling@zeewind.example"},
	{Name: "Waterbedrijf Duin en Polder", Kind: wijkregie.OrgWater, Phone: "0120 45 30 30", Email: "klantenservice@duinenpolder.example"},
	{Name: "Zorgverzekeraar Kustzorg", Kind: wijkregie.OrgZorgverzekeraar, Phone: "0120 46 12 34", Email: "premieachterstand@kustzorg.example"},
	{Name: "Politie Basisteam Duinhaven", Kind: wijkregie.OrgPolitie, Phone: "0120 40 88 44", Email: "wijkagenten.duinhaven@politie.example"},
	{Name: "Buurthuis De Vuurtoren", Kind: wijkregie.OrgOverig, Phone: "0120 43 77 21", Email: "welkom@devuurtoren.example"},
}

// staffSpec is a demo user. Team and Organisation are names, resolved to
// ids once those records exist.
type staffSpec struct {
	Account
	expertise []string
}

// staff lists every demo user. The first seven are the documented accounts,
// one per role, in the order of wijkregie.Roles; Accounts returns them.
var staff = []staffSpec{
	{Account{"professional@" + emailDomain, "Sanne Visser", wijkregie.RoleProfessional, centrum, municipalOrganisation}, []string{"jeugd", "huiselijk-geweld"}},
	{Account{"teamleider@" + emailDomain, "Karim El Idrissi", wijkregie.RoleTeamLead, centrum, municipalOrganisation}, nil},
	{Account{"partner@" + emailDomain, "Annelies van Wijk", wijkregie.RolePartner, "", gpPractice}, nil},
	{Account{"beleid@" + emailDomain, "Esther Ramdin", wijkregie.RolePolicy, "", municipalOrganisation}, nil},
	// The inspector works for the inspectorates (Toezicht Sociaal Domein),
	// not for the municipality or one of its partners.
	{Account{"toezicht@" + emailDomain, "Pieter Zwart", wijkregie.RoleInspection, "", ""}, nil},
	{Account{"beheer@" + emailDomain, "Nadia Benali", wijkregie.RoleAdmin, "", municipalOrganisation}, nil},
	{Account{"privacy@" + emailDomain, "Wendy Kok", wijkregie.RolePrivacy, "", municipalOrganisation}, nil},

	pro("m.bakkali", "Mohamed Bakkali", centrum, "schulden", "werk-en-inkomen"),
	pro("i.pinas", "Ingrid Pinas", centrum, "ggz", "verslaving"),
	pro("t.vanderlinden", "Thomas van der Linden", centrum, "wmo", "ouderen"),
	pro("e.aydin", "Elif Aydın", centrum, "jeugd", "lvb"),

	lead("m.dehaan", "Marjolein de Haan", "Wijkteam Noord"),
	pro("y.tahiri", "Youssef Tahiri", "Wijkteam Noord", "jeugd", "huiselijk-geweld"),
	pro("a.brouwer", "Anouk Brouwer", "Wijkteam Noord", "wmo", "ouderen"),
	pro("r.ramsaran", "Rajesh Ramsaran", "Wijkteam Noord", "schulden", "werk-en-inkomen"),
	pro("l.dijkstra", "Lotte Dijkstra", "Wijkteam Noord", "ggz", "lvb"),
	pro("s.koc", "Serkan Koç", "Wijkteam Noord", "verslaving", "ggz"),

	lead("r.martina", "Roberto Martina", "Wijkteam Zuid"),
	pro("f.azzouzi", "Fatima Azzouzi", "Wijkteam Zuid", "jeugd", "lvb"),
	pro("j.hoekstra", "Jeroen Hoekstra", "Wijkteam Zuid", "schulden"),
	pro("s.jagesar", "Shanti Jagesar", "Wijkteam Zuid", "ggz", "huiselijk-geweld"),
	pro("m.yildiz", "Merve Yıldız", "Wijkteam Zuid", "wmo", "werk-en-inkomen"),
	pro("b.verhoeven", "Bas Verhoeven", "Wijkteam Zuid", "ouderen", "wmo"),

	lead("h.kramer", "Henriëtte Kramer", "Wijkteam Havenkwartier"),
	pro("h.ouali", "Hamza Ouali", "Wijkteam Havenkwartier", "werk-en-inkomen", "schulden"),
	pro("g.doelwijt", "Gracia Doelwijt", "Wijkteam Havenkwartier", "jeugd", "huiselijk-geweld"),
	pro("a.nowak", "Agnieszka Nowak", "Wijkteam Havenkwartier", "ggz", "verslaving"),
	pro("d.kuipers", "Daan Kuipers", "Wijkteam Havenkwartier", "lvb", "jeugd"),
	pro("z.arslan", "Zeynep Arslan", "Wijkteam Havenkwartier", "ouderen", "wmo"),
}

func pro(mailbox, name, team string, expertise ...string) staffSpec {
	return staffSpec{Account{mailbox + "@" + emailDomain, name, wijkregie.RoleProfessional, team, municipalOrganisation}, expertise}
}

func lead(mailbox, name, team string) staffSpec {
	return staffSpec{Account{mailbox + "@" + emailDomain, name, wijkregie.RoleTeamLead, team, municipalOrganisation}, nil}
}

// Accounts returns the documented demo logins, one per role in the order of
// wijkregie.Roles. Every one has the password Password.
func Accounts() []Account {
	out := make([]Account, len(wijkregie.Roles))
	for i := range out {
		out[i] = staff[i].Account
	}
	return out
}
