package demo

import (
	"fmt"
	"math/rand/v2"
	"time"

	"wijkregie"
)

// referenceDate is "today" for the generated ages and dates. It is fixed,
// not the clock, so a seed gives the same birth dates in every year; the
// cost is that the demo's residents age as the years pass.
var referenceDate = time.Date(2025, time.January, 1, 0, 0, 0, 0, time.UTC)

// resident is a generated person with their place in the household.
type resident struct {
	person   wijkregie.Person
	relation wijkregie.Relation
	from     time.Time
}

// people generates the members of households.
type people struct {
	r    *rand.Rand
	bsns *bsnPool
	used map[string]bool // given names in the current household
}

// household returns the members of one household. The compositions follow
// the Dutch mix loosely (many singles and couples, families with children,
// single parents), a little heavier on families than the country, as a
// neighbourhood team's caseload is.
func (g *people) household() []resident {
	r := g.r
	clear(g.used)
	o := pickOrigin(r)
	switch c := r.IntN(100); {
	case c < 31:
		return g.single(o)
	case c < 53:
		return g.couple(o)
	case c < 68:
		return g.family(o, 1, false)
	case c < 92:
		return g.family(o, 2, false)
	case c < 96:
		return g.family(o, 2, true)
	default:
		return g.family(o, 1, true)
	}
}

// single is one adult living alone. The glossary has no relation for that;
// "overig" is the one that claims nothing untrue.
func (g *people) single(o *origin) []resident {
	r := g.r
	var age int
	switch c := r.IntN(100); {
	case c < 15:
		age = 18 + r.IntN(12)
	case c < 45:
		age = 30 + r.IntN(25)
	case c < 75:
		age = 55 + r.IntN(20)
	default:
		age = 75 + r.IntN(20)
	}
	a := g.adult(o, r.IntN(2) == 0, age)
	since := g.since(a.person.BirthDate, 0)
	return []resident{{a.person, wijkregie.RelationOther, since}}
}

// couple is two partners without children at home: young, or with the
// children grown up and gone.
func (g *people) couple(o *origin) []resident {
	r := g.r
	age := 22 + r.IntN(14)
	if r.IntN(100) < 65 {
		age = 50 + r.IntN(36)
	}
	female := r.IntN(2) == 0
	a := g.adult(o, female, age)
	b := g.partnerOf(o, female, age, 20)
	since := g.since(youngest(a, b), 0)
	res := []resident{{a.person, wijkregie.RelationPartner, since}, {b.person, wijkregie.RelationPartner, since}}
	g.joinedLater(&res[1], since)
	return res
}

// family is one or two parents with children, perhaps with a grandparent
// living in. Children carry a parent's family name (or, with a single
// parent, often the other parent's); partners keep their own, as the
// population register records them.
func (g *people) family(o *origin, parents int, grandparent bool) []resident {
	r := g.r
	room := 6 - parents
	if grandparent {
		room--
	}
	kids := min(room, pickWeighted(r, kidCounts))
	age := 24 + r.IntN(28)
	female := parents == 1 && r.IntN(100) < 85 || parents == 2 && r.IntN(2) == 0
	a := g.adult(o, female, age)
	// Children were born when the parent was 19 or older, and are at most 21.
	oldest := 0
	kidAges := make([]int, kids)
	for i := range kidAges {
		kidAges[i] = r.IntN(min(age-19, 21) + 1)
		oldest = max(oldest, kidAges[i])
	}
	res := []resident{{a.person, wijkregie.RelationParent, time.Time{}}}
	kidPrefix, kidFamily := a.person.Prefix, a.person.FamilyName
	youngestAdult := a.person.BirthDate
	if parents == 2 {
		b := g.partnerOf(o, female, age, oldest+18)
		res = append(res, resident{b.person, wijkregie.RelationParent, time.Time{}})
		youngestAdult = youngest(a, b)
		if female && r.IntN(100) < 80 {
			kidPrefix, kidFamily = b.person.Prefix, b.person.FamilyName
		}
	} else if r.IntN(100) < 40 {
		kidPrefix, kidFamily = o.familyName(r)
	}
	since := g.since(youngestAdult, oldest)
	for i := range res {
		res[i].from = since
	}
	if parents == 2 {
		g.joinedLater(&res[1], since)
	}
	for _, k := range kidAges {
		birth := bornAt(r, k)
		p := g.person(o, r.IntN(2) == 0, birth, kidPrefix, kidFamily, k >= 16)
		res = append(res, resident{p, wijkregie.RelationChild, later(birth, since)})
	}
	if grandparent {
		gAge := min(age+22+r.IntN(13), 96)
		gp := g.adult(o, r.IntN(3) > 0, gAge)
		if r.IntN(2) == 0 {
			gp.person.Prefix, gp.person.FamilyName = a.person.Prefix, a.person.FamilyName
		}
		// The grandparent moved in later, often when care was needed.
		res = append(res, resident{gp.person, wijkregie.RelationOther, dayBetween(r, since, referenceDate)})
	}
	return res
}

var kidCounts = []weighted[int]{{40, 1}, {38, 2}, {15, 3}, {7, 4}}

// adult makes a person of the given age with a name of the tradition.
func (g *people) adult(o *origin, female bool, age int) resident {
	prefix, family := o.familyName(g.r)
	return resident{person: g.person(o, female, bornAt(g.r, age), prefix, family, true)}
}

// partnerOf makes a partner for someone of the given sex and age: mostly of
// the other sex, within a few years, at least minAge old, and mostly from
// the same tradition.
func (g *people) partnerOf(o *origin, female bool, age, minAge int) resident {
	r := g.r
	if r.IntN(100) < 92 {
		female = !female
	}
	if r.IntN(100) < 20 {
		o = pickOrigin(r)
	}
	return g.adult(o, female, max(age+r.IntN(11)-5, minAge, 20))
}

// person fills in a person. About one in ten has no known BSN, as when a
// family is registered before its details are checked; some adults and
// teenagers have a phone number or e-mail address.
func (g *people) person(o *origin, female bool, birth time.Time, prefix, family string, contactable bool) wijkregie.Person {
	r := g.r
	// Parents do not give a child a sibling's or their own name; a few
	// tries avoid that without a list per household.
	given := o.givenName(r, female, birth.Year())
	for try := 0; try < 8 && g.used[given]; try++ {
		given = o.givenName(r, female, birth.Year())
	}
	g.used[given] = true
	p := wijkregie.Person{
		MunicipalityID: MunicipalityID,
		GivenName:      given,
		Prefix:         prefix,
		FamilyName:     family,
		BirthDate:      birth,
	}
	if r.IntN(10) > 0 {
		p.BSN, _ = g.bsns.take()
	}
	if contactable && r.IntN(100) < 55 {
		// 06-9… is outside the mobile ranges (061–065, 068) of the Dutch
		// numbering plan, so a demo number should reach no one.
		p.Phone = fmt.Sprintf("06 9%03d %04d", r.IntN(1000), r.IntN(10000))
	}
	if contactable && r.IntN(100) < 35 {
		p.Email = fmt.Sprintf("%s.%s%s@%s", asciiFold(p.GivenName), asciiFold(prefix), asciiFold(family), mailDomains[r.IntN(len(mailDomains))])
	}
	return p
}

// mailDomains are residents' mail providers; .example reaches no inbox.
var mailDomains = []string{"mail.example", "post.example", "webmail.example", "kpn-mail.example"}

// since draws the day a household started living together: after the
// youngest adult turned 18 and within the last 30 years, and usually before
// the oldest child was born (oldestChild years ago), so most children live
// there from birth.
func (g *people) since(youngestAdult time.Time, oldestChild int) time.Time {
	r := g.r
	adult := youngestAdult.AddDate(18, 0, 0)
	maxYears := min(referenceDate.Year()-adult.Year(), 30)
	years := r.IntN(maxYears + 1)
	if oldestChild > 0 && oldestChild <= maxYears && r.IntN(10) < 7 {
		years = oldestChild + r.IntN(maxYears-oldestChild+1)
	}
	d := referenceDate.AddDate(-years, 0, -1-r.IntN(365))
	return later(d, adult)
}

// joinedLater lets one in five partners move in after the household began.
func (g *people) joinedLater(m *resident, since time.Time) {
	if g.r.IntN(100) < 20 {
		m.from = dayBetween(g.r, since, referenceDate)
	}
}

// bornAt returns a birth date of someone who is age years old on the
// reference date.
func bornAt(r *rand.Rand, age int) time.Time {
	return referenceDate.AddDate(-age, 0, -1-r.IntN(365))
}

// dayBetween returns a day from a up to (not including) b, or a when b is
// not after it.
func dayBetween(r *rand.Rand, a, b time.Time) time.Time {
	days := int(b.Sub(a).Hours() / 24)
	if days <= 0 {
		return a
	}
	return a.AddDate(0, 0, r.IntN(days))
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func youngest(a, b resident) time.Time {
	return later(a.person.BirthDate, b.person.BirthDate)
}
