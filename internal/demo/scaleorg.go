package demo

import (
	"fmt"

	"wijkregie"
)

// A larger demo gets a larger organisation. Duinhaven's four teams and
// their staff fit a town; a million households served by four teams of a
// few professionals would make every team overview and every caseload a
// hundred times what any real team carries, and the benchmarks would
// measure a municipality that cannot exist. So the demo adds
// neighbourhood teams until each serves about householdsPerTeam
// households, and professionals until each coordinates about
// casesPerProfessional cases. Up to 20,000 households the four teams stay
// as they are; professionals are added from about 4,000 households on, so
// the small demos the tests and the README use keep their fixed staff.
const (
	// householdsPerTeam is about the size of a Dutch neighbourhood team's
	// area: a postcode area or two (a Dutch four-digit postcode area holds
	// some 2,000–5,000 households).
	householdsPerTeam = 5000
	// casesPerProfessional is a heavy regisseur's caseload, open and
	// closed together; real caseloads are 20–40 open families.
	casesPerProfessional = 60
	// caseShare is the share of households that get a case (involvement.go:
	// about one in three).
	caseShare = 3
	// extraPostcodeBase is the first four-digit postcode of the added teams;
	// the fixed teams use 2581–2592.
	extraPostcodeBase = 2600
)

// neighbourhoods name the added teams; quarters tell apart the teams of
// one neighbourhood.
var (
	neighbourhoods = []string{
		"Duinzoom", "Bloemenbuurt", "Vogelwijk", "Schildersbuurt", "Bomenbuurt", "Zeeheldenbuurt",
		"Waterkwartier", "Stationsbuurt", "Parkwijk", "Molenwijk", "Polderwijk", "Oostduin",
		"Westduin", "Badhuiswijk", "Kruidenbuurt", "Componistenbuurt", "Sterrenwijk", "Rivierenbuurt",
		"Vissersbuurt", "Spoorwijk", "Heideveld", "Strandwijk", "Boswijk", "Laakwijk", "Kerkbuurt",
	}
	quarters  = []string{"", " Noord", " Oost", " Zuid", " West", " Midden", " Binnen", " Buiten"}
	expertise = []string{"jeugd", "huiselijk-geweld", "schulden", "werk-en-inkomen", "ggz", "verslaving", "wmo", "ouderen", "lvb"}
)

// organisation is the demo's teams and staff for a number of households.
type organisation struct {
	teams []teamSpec
	staff []staffSpec
}

// maxTeams is how many teams the demo can name.
var maxTeams = len(teamSpecs) + len(neighbourhoods)*len(quarters)

// organisationFor returns the teams and staff for n households: the fixed
// ones, and for a large demo the added teams (each with its own postcode,
// the streets and housing of a fixed team, and a team lead) and the added
// professionals. The fixed staff comes first, in its order, so the
// documented accounts stay where Accounts looks.
func organisationFor(n int) organisation {
	o := organisation{teams: append([]teamSpec(nil), teamSpecs...), staff: append([]staffSpec(nil), staff...)}
	want := min(maxTeams, max(len(teamSpecs), (n+householdsPerTeam-1)/householdsPerTeam))
	for k := len(teamSpecs); k < want; k++ {
		i := k - len(teamSpecs)
		like := teamSpecs[i%len(teamSpecs)]
		name := "Wijkteam " + neighbourhoods[i%len(neighbourhoods)] + quarters[i/len(neighbourhoods)]
		o.teams = append(o.teams, teamSpec{
			name:    name,
			areas:   []string{fmt.Sprint(extraPostcodeBase + i)},
			streets: like.streets,
			housing: like.housing,
		})
		o.staff = append(o.staff, lead(fmt.Sprintf("teamleider.%d", k+1), staffName(k, 0), name))
	}
	perTeam := (n/len(o.teams)/caseShare + casesPerProfessional - 1) / casesPerProfessional
	for k, t := range o.teams {
		have := 0
		for _, st := range o.staff {
			if st.Team == t.name && st.Role == wijkregie.RoleProfessional {
				have++
			}
		}
		for j := have; j < perTeam; j++ {
			e := (k + j) % len(expertise)
			o.staff = append(o.staff, pro(fmt.Sprintf("medewerker.%d.%d", k+1, j+1), staffName(k, j+1), t.name,
				expertise[e], expertise[(e+1)%len(expertise)]))
		}
	}
	return o
}

// staffName gives the j-th added staff member of team k a name, drawn
// without chance from the residents' naming traditions so that the same
// demo always has the same colleagues.
func staffName(k, j int) string {
	or := &origins[(k+j)%len(origins)]
	given := or.middleFemale
	if (k+j)%2 == 1 {
		given = or.middleMale
	}
	if len(given) == 0 {
		given = or.youngFemale
		if (k+j)%2 == 1 {
			given = or.youngMale
		}
	}
	return given[(k*7+j)%len(given)] + " " + or.families[(k*13+j*5)%len(or.families)]
}
