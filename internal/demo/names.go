package demo

import (
	"math/rand/v2"
	"strings"
)

// origin is a naming tradition. Duinhaven is a coastal city in the Randstad,
// so its residents' names are mostly Dutch, with the Moroccan-, Turkish-,
// Surinamese- and Antillean-Dutch, Polish and newer Syrian and Eritrean
// communities such a city has. The weights are rough shares, not statistics.
type origin struct {
	weight   int
	families []string // with a Dutch tussenvoegsel where there is one: "van der Meer"
	// Given names by the decade of birth, because names date people: a
	// "Gerda" of six would look wrong on a screen. Traditions whose names
	// changed less have one list for all ages (older and middle left nil).
	youngMale, youngFemale   []string // born 1995 or later
	middleMale, middleFemale []string // born 1965–1994
	olderMale, olderFemale   []string // born before 1965
}

var origins = []origin{
	{
		weight: 62,
		families: []string{
			"de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Janssen", "Visser", "Smit",
			"Meijer", "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen",
			"Dekker", "Brouwer", "de Wit", "Dijkstra", "Smits", "de Graaf", "van der Meer", "van der Linden",
			"Kok", "Jacobs", "de Haan", "Vermeulen", "van den Heuvel", "van der Veen", "van den Broek",
			"de Bruijn", "Schouten", "van Beek", "Willems", "van Vliet", "Hoekstra", "Maas", "Verhoeven",
			"Koster", "Prins", "Blom", "Huisman", "Kuipers", "van Wijk", "Post", "Kramer", "van der Heijden",
			"Zwart", "Duijvestein", "Dorrestijn", "Groenewegen", "van Rijn", "ter Horst", "Veenstra",
		},
		youngMale:    []string{"Daan", "Sem", "Lucas", "Levi", "Finn", "Milan", "Noah", "Jesse", "Thijs", "Bram", "Luuk", "Ruben", "Stijn", "Lars", "Mees", "Siem", "Julian", "Tygo"},
		youngFemale:  []string{"Emma", "Julia", "Tess", "Sophie", "Zoë", "Mila", "Sara", "Anna", "Evi", "Noor", "Lotte", "Fenna", "Lieke", "Fleur", "Isa", "Saar", "Liv", "Roos"},
		middleMale:   []string{"Mark", "Dennis", "Jeroen", "Martijn", "Bas", "Rick", "Sander", "Erik", "Patrick", "Michiel", "Wouter", "Joost", "Robin", "Niels", "Remco", "Arjan"},
		middleFemale: []string{"Linda", "Marieke", "Kim", "Esther", "Anouk", "Sandra", "Monique", "Chantal", "Petra", "Femke", "Inge", "Mirjam", "Sanne", "Judith", "Wendy", "Ilse"},
		olderMale:    []string{"Henk", "Kees", "Jan", "Piet", "Gerrit", "Wim", "Theo", "Cor", "Hans", "Ton", "Johan", "Frans", "Bert", "Klaas"},
		olderFemale:  []string{"Gerda", "Wilma", "Ria", "Annie", "Truus", "Joke", "Ineke", "Greet", "Corrie", "Tineke", "Marja", "Riet", "Els", "Hennie"},
	},
	{
		weight:       9,
		families:     []string{"El Amrani", "Bouzid", "Benali", "El Idrissi", "Ait Taleb", "Ouali", "Azzouzi", "El Khatib", "Boukhari", "Bakkali", "Chaouch", "Tahiri", "Ziani", "El Ouardi", "Haddouch"},
		youngMale:    []string{"Mohamed", "Ahmed", "Youssef", "Karim", "Hamza", "Bilal", "Ayoub", "Mustafa", "Said", "Rachid", "Adam", "Imran", "Zakaria", "Anass"},
		youngFemale:  []string{"Fatima", "Khadija", "Nadia", "Samira", "Malika", "Yasmina", "Amira", "Salma", "Nora", "Hajar", "Ikram", "Soumaya", "Aya", "Ilham"},
		middleMale:   nil,
		middleFemale: nil,
	},
	{
		weight:      8,
		families:    []string{"Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Öztürk", "Aydın", "Arslan", "Doğan", "Kılıç", "Koç", "Aksoy", "Erdoğan"},
		youngMale:   []string{"Mehmet", "Mustafa", "Emre", "Yusuf", "Kerem", "Burak", "Murat", "Ali", "Hasan", "Enes", "Deniz", "Efe", "Orhan", "Serkan"},
		youngFemale: []string{"Ayşe", "Elif", "Zeynep", "Fatma", "Emine", "Merve", "Büşra", "Esra", "Derya", "Hatice", "Ebru", "Defne", "Sibel", "Gül"},
	},
	{
		weight: 7,
		families: []string{"Ramdin", "Sewnath", "Kanhai", "Biharie", "Mahabier", "Ramsaran", "Jagesar", "Pinas", "Doelwijt",
			"Sabajo", "Kromodimedjo", "Wongsodikromo", "Tjon A Fong", "Lie A Ling", "Amatmoekrim", "Karijodikromo", "Fernandes"},
		youngMale:   []string{"Rajesh", "Ravi", "Anil", "Sunil", "Dwight", "Romano", "Glenn", "Ricardo", "Sergio", "Jermaine", "Sutrisno", "Arjun", "Kevin", "Rishi"},
		youngFemale: []string{"Shanti", "Priya", "Asha", "Kavita", "Sharmila", "Ingrid", "Jennifer", "Gracia", "Sharon", "Melissa", "Sri", "Wati", "Anjali", "Naomi"},
	},
	{
		weight:      3,
		families:    []string{"Martina", "Isenia", "Maduro", "Rosaria", "Statia", "Pietersz", "Römer", "Anthonia", "Girigorie", "Wawoe"},
		youngMale:   []string{"Jurgen", "Ruthsel", "Shurandy", "Giovanni", "Edsel", "Jayden", "Quincy", "Rudsel"},
		youngFemale: []string{"Shurenska", "Jesenia", "Ruthmila", "Jeandra", "Shanaira", "Gisela", "Dianne", "Jeanine"},
	},
	{
		weight: 4,
		// Names without a feminine form only: -ski/-ska would need the
		// person's sex to be spelt right.
		families:    []string{"Nowak", "Wójcik", "Kowalczyk", "Mazur", "Krawczyk", "Zając", "Król", "Wróbel", "Pawlak", "Michalak"},
		youngMale:   []string{"Piotr", "Tomasz", "Krzysztof", "Paweł", "Marcin", "Jakub", "Kacper", "Michał", "Łukasz"},
		youngFemale: []string{"Agnieszka", "Katarzyna", "Magdalena", "Joanna", "Anna", "Zuzanna", "Julia", "Ewa", "Monika"},
	},
	{
		weight:      4,
		families:    []string{"Al-Hassan", "Haddad", "Khalil", "Ibrahim", "Tesfamariam", "Haile", "Mohamud", "Kidane", "Al-Ahmad", "Ghebremedhin", "Darwish"},
		youngMale:   []string{"Ahmad", "Omar", "Khaled", "Tesfay", "Yonas", "Abdi", "Hussein", "Mahmoud", "Filmon", "Samir"},
		youngFemale: []string{"Rasha", "Lina", "Huda", "Mariam", "Selam", "Hiwot", "Hodan", "Amal", "Saba", "Rawan"},
	},
}

var originWeightTotal = func() int {
	n := 0
	for _, o := range origins {
		n += o.weight
	}
	return n
}()

// pickOrigin draws a naming tradition by weight.
func pickOrigin(r *rand.Rand) *origin {
	n := r.IntN(originWeightTotal)
	for i := range origins {
		if n < origins[i].weight {
			return &origins[i]
		}
		n -= origins[i].weight
	}
	return &origins[0]
}

// givenName draws a first name fitting the tradition, sex and year of birth.
func (o *origin) givenName(r *rand.Rand, female bool, born int) string {
	var list []string
	switch {
	case born < 1965 && o.olderMale != nil:
		list = pick2(female, o.olderFemale, o.olderMale)
	case born < 1995 && o.middleMale != nil:
		list = pick2(female, o.middleFemale, o.middleMale)
	default:
		list = pick2(female, o.youngFemale, o.youngMale)
	}
	return list[r.IntN(len(list))]
}

func pick2(first bool, a, b []string) []string {
	if first {
		return a
	}
	return b
}

// familyName draws a family name and splits off its tussenvoegsel, which
// Dutch registers keep apart: "van der Meer" sorts under M.
func (o *origin) familyName(r *rand.Rand) (prefix, name string) {
	return splitPrefix(o.families[r.IntN(len(o.families))])
}

var tussenvoegsels = []string{"van der", "van den", "van de", "van", "de", "den", "ter", "te"}

func splitPrefix(s string) (prefix, name string) {
	for _, p := range tussenvoegsels {
		if strings.HasPrefix(s, p+" ") {
			return p, s[len(p)+1:]
		}
	}
	return "", s
}

// asciiFold spells a name for an e-mail address: lower case, letters only,
// diacritics dropped (ı, ş, ç, ł, … have no decomposition to strip, so they
// are listed).
func asciiFold(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z':
			b.WriteRune(r)
		case strings.ContainsRune("àáâäą", r):
			b.WriteByte('a')
		case strings.ContainsRune("çć", r):
			b.WriteByte('c')
		case strings.ContainsRune("èéêëę", r):
			b.WriteByte('e')
		case r == 'ğ':
			b.WriteByte('g')
		case strings.ContainsRune("ìíîïı", r):
			b.WriteByte('i')
		case r == 'ł':
			b.WriteByte('l')
		case r == 'ń':
			b.WriteByte('n')
		case strings.ContainsRune("òóôö", r):
			b.WriteByte('o')
		case strings.ContainsRune("şśš", r):
			b.WriteByte('s')
		case strings.ContainsRune("ùúûü", r):
			b.WriteByte('u')
		case strings.ContainsRune("źżž", r):
			b.WriteByte('z')
		}
	}
	return b.String()
}
