package demo

import (
	"context"
	"fmt"

	"wijkregie"
	"wijkregie/internal/store"
)

// Duinhaven's sociale kaart: the basic social infrastructure a team refers
// simple questions to. The services are the kinds most Dutch
// municipalities have; names, addresses and numbers are made up (0120 and
// .example, as for the organisations). Areas use the teams' postcodes:
// Centrum 2581–2583, Noord 2584–2586, Zuid 2587–2589, Havenkwartier
// 2590–2592; a service without areas serves the whole town.

// serviceSpec is a catalogue entry; inactive ones show beheer what a
// closed service looks like.
type serviceSpec struct {
	wijkregie.Service
	inactive bool
}

var catalogueSpecs = []serviceSpec{
	{Service: wijkregie.Service{
		Name:         "Inloopspreekuur Schuldhulp",
		Description:  "Zonder afspraak langskomen met post, rekeningen of aanmaningen. Een schuldhulpverlener kijkt mee, belt zo nodig schuldeisers en zet een betalingsregeling of schuldhulptraject in gang.",
		Domains:      []string{"financien"},
		TargetGroup:  wijkregie.TargetAdults,
		Phone:        "0120 42 11 11",
		Email:        "inloop@schuldhulpduinhaven.example",
		Website:      "https://schuldhulpduinhaven.example/inloop",
		Address:      "Marktstraat 4, Duinhaven",
		OpeningHours: "di en do 9.00–12.00, zonder afspraak",
	}},
	{Service: wijkregie.Service{
		Name:         "Voedselbank Duinhaven",
		Description:  "Wekelijks een voedselpakket voor huishoudens die onder de norm van de voedselbank leven. Aanmelden via het wijkteam of de schuldhulpverlening; die toetst het inkomen.",
		Domains:      []string{"financien"},
		TargetGroup:  wijkregie.TargetEveryone,
		Phone:        "0120 45 62 00",
		Email:        "intake@voedselbankduinhaven.example",
		Website:      "https://voedselbankduinhaven.example",
		Address:      "Havenkade 31, Duinhaven",
		OpeningHours: "uitgifte vr 13.00–16.00",
	}},
	{Service: wijkregie.Service{
		Name:         "Buurthuis De Vuurtoren",
		Description:  "Koffieochtenden, samen koken, handwerkclub, huiswerkbegeleiding en een biljartmiddag. Iedereen kan binnenlopen; de beheerder helpt nieuwe bezoekers op weg.",
		Domains:      []string{"tijdsbesteding", "sociaal-netwerk"},
		TargetGroup:  wijkregie.TargetEveryone,
		Areas:        []string{"2590", "2591-2592"},
		Phone:        "0120 43 77 21",
		Email:        "welkom@devuurtoren.example",
		Address:      "Vuurtorenplein 2, Duinhaven",
		OpeningHours: "ma–vr 9.00–22.00, za 10.00–16.00",
	}},
	{Service: wijkregie.Service{
		Name:         "Opvoedsteunpunt Duinhaven",
		Description:  "Vragen over opvoeden en opgroeien: slapen, eten, driftbuien, puberteit, scheiden. Een pedagoog denkt mee in één tot vijf gesprekken, thuis of op het steunpunt.",
		Domains:      []string{"huiselijke-relaties"},
		TargetGroup:  wijkregie.TargetFamilies,
		Phone:        "0120 44 12 30",
		Email:        "opvoedvragen@cjgduinhaven.example",
		Website:      "https://cjgduinhaven.example/opvoedsteunpunt",
		Address:      "Gasthuisstraat 18, Duinhaven",
		OpeningHours: "inloop ma, wo en vr 9.00–12.00; telefonisch ma–vr 9.00–17.00",
	}},
	{Service: wijkregie.Service{
		Name:         "Maatjesproject Samen Sterk",
		Description:  "Een vrijwillig maatje voor wie weinig mensen om zich heen heeft: samen wandelen, boodschappen doen of een kop koffie, een jaar lang één keer per week.",
		Domains:      []string{"sociaal-netwerk", "tijdsbesteding"},
		TargetGroup:  wijkregie.TargetAdults,
		Phone:        "0120 47 25 25",
		Email:        "maatjes@welzijnkustland.example",
		Website:      "https://welzijnkustland.example/maatjes",
		OpeningHours: "telefonisch ma–do 9.00–16.00",
	}},
	{Service: wijkregie.Service{
		Name:         "Taalcafé Havenkwartier",
		Description:  "Nederlands oefenen in een ontspannen groep, met vrijwilligers als gespreksleider. Geen aanmelding nodig; ook voor wie net begint.",
		Domains:      []string{"maatschappelijke-participatie", "werk-opleiding"},
		TargetGroup:  wijkregie.TargetAdults,
		Areas:        []string{"2590", "2591-2592"},
		Email:        "taalcafe@bibliotheekkust.example",
		Address:      "Bibliotheek Havenkwartier, Kompasstraat 8, Duinhaven",
		OpeningHours: "wo 19.00–21.00 en za 10.30–12.00",
	}},
	{Service: wijkregie.Service{
		Name:         "Mantelzorgsteunpunt Kustland",
		Description:  "Advies, lotgenotencontact en respijtzorg voor wie langdurig zorgt voor een naaste. Helpt ook bij het aanvragen van de mantelzorgwaardering.",
		Domains:      []string{"huiselijke-relaties", "geestelijke-gezondheid"},
		TargetGroup:  wijkregie.TargetAdults,
		Phone:        "0120 47 80 80",
		Email:        "mantelzorg@welzijnkustland.example",
		Website:      "https://welzijnkustland.example/mantelzorg",
		OpeningHours: "ma–vr 9.00–17.00",
	}},
	{Service: wijkregie.Service{
		Name:         "Sportbuurtcoach Noord",
		Description:  "Laagdrempelig sporten en bewegen in de wijk: voetbal op het Cruijff Court, buitenfitness en een beweeguur voor kinderen met overgewicht. Kosten kunnen via het sportfonds.",
		Domains:      []string{"lichamelijke-gezondheid", "tijdsbesteding"},
		TargetGroup:  wijkregie.TargetYouth,
		Areas:        []string{"2584", "2585-2586"},
		Phone:        "0120 49 31 17",
		Email:        "sportcoach.noord@duinhavenbeweegt.example",
		OpeningHours: "wo 14.00–17.00 en za 10.00–12.00 op het Cruijff Court Duindoornlaan",
	}},
	{Service: wijkregie.Service{
		Name:         "Formulierenbrigade",
		Description:  "Vrijwilligers helpen met formulieren en brieven: toeslagen, bijzondere bijstand, kwijtschelding, huurtoeslag, DigiD aanvragen.",
		Domains:      []string{"financien", "instrumentele-adl"},
		TargetGroup:  wijkregie.TargetEveryone,
		Phone:        "0120 42 33 44",
		Email:        "formulieren@welzijnkustland.example",
		Address:      "Bibliotheek Centrum, Kerkstraat 21, Duinhaven",
		OpeningHours: "ma 13.00–16.00 (bibliotheek Centrum), do 9.00–12.00 (Buurthuis De Vuurtoren)",
	}},
	{Service: wijkregie.Service{
		Name:         "Jongerenwerk Duinhaven",
		Description:  "Jongerenwerkers op straat en in het jongerencentrum: een plek om te chillen, hulp bij school, stage en werk, en een gesprek als het thuis niet lekker loopt.",
		Domains:      []string{"tijdsbesteding", "werk-opleiding", "middelengebruik"},
		TargetGroup:  wijkregie.TargetYouth,
		Phone:        "0120 46 70 70",
		Email:        "jongerenwerk@welzijnkustland.example",
		Address:      "Jongerencentrum The Dock, Dokweg 5, Duinhaven",
		OpeningHours: "di–za 15.00–22.00",
	}},
	{Service: wijkregie.Service{
		Name:         "Thuisadministratie",
		Description:  "Een getrainde vrijwilliger komt thuis om de administratie op orde te brengen en te houden: post sorteren, een overzicht van vaste lasten, een budgetplan.",
		Domains:      []string{"financien", "instrumentele-adl"},
		TargetGroup:  wijkregie.TargetAdults,
		Phone:        "0120 47 25 40",
		Email:        "thuisadministratie@welzijnkustland.example",
		OpeningHours: "aanmelden ma–vr 9.00–12.00",
	}},
	{Service: wijkregie.Service{
		Name:         "Ouderenadviseur",
		Description:  "Huisbezoek en advies over langer thuis wonen: hulpmiddelen, maaltijden, vervoer, een personenalarmering, en de weg naar de Wmo.",
		Domains:      []string{"instrumentele-adl", "huisvesting", "basale-adl"},
		TargetGroup:  wijkregie.TargetElderly,
		Phone:        "0120 47 25 60",
		Email:        "ouderenadvies@welzijnkustland.example",
		OpeningHours: "ma–vr 9.00–17.00, op afspraak",
	}},
	{Service: wijkregie.Service{
		Name:         "Wijkrestaurant De Zeester",
		Description:  "Twee keer per week een warme maaltijd voor € 5 aan lange tafels, gekookt door buurtbewoners. Vervoer kan met de buurtbus.",
		Domains:      []string{"sociaal-netwerk", "basale-adl"},
		TargetGroup:  wijkregie.TargetElderly,
		Areas:        []string{"2587-2589"},
		Phone:        "0120 43 15 90",
		Address:      "Rembrandtlaan 40, Duinhaven",
		OpeningHours: "di en do 12.00–13.30, reserveren een dag vooraf",
	}},
	{Service: wijkregie.Service{
		Name:         "Energiecoach",
		Description:  "Een energiecoach komt langs met tips en kleine maatregelen (tochtstrips, ledlampen, radiatorfolie) en kijkt naar de energierekening en de termijnbedragen.",
		Domains:      []string{"financien", "huisvesting"},
		TargetGroup:  wijkregie.TargetEveryone,
		Phone:        "0120 48 11 22",
		Email:        "energiecoach@duinhaven.example",
		Website:      "https://duinhaven.example/energiecoach",
		OpeningHours: "afspraak maken ma–vr 9.00–17.00",
	}},
	{Service: wijkregie.Service{
		Name:         "Werkcafé Centrum",
		Description:  "Samen met een werkcoach en andere werkzoekenden aan de slag met cv, sollicitaties, vrijwilligerswerk of een opleiding.",
		Domains:      []string{"werk-opleiding", "maatschappelijke-participatie"},
		TargetGroup:  wijkregie.TargetAdults,
		Areas:        []string{"2581-2583"},
		Email:        "werkcafe@duinhaven.example",
		Address:      "Stadhuisplein 1, Duinhaven",
		OpeningHours: "di 9.30–12.00",
	}},
	{Service: wijkregie.Service{
		Name:         "Spreekuur Sociaal Raadslieden",
		Description:  "Gratis advies over uitkeringen, toeslagen, huur, bezwaar en beroep, en brieven van instanties of deurwaarders.",
		Domains:      []string{"justitie", "financien"},
		TargetGroup:  wijkregie.TargetEveryone,
		Phone:        "0120 42 90 90",
		Email:        "raadslieden@welzijnkustland.example",
		Address:      "Marktstraat 4, Duinhaven",
		OpeningHours: "ma en wo 13.00–16.00, zonder afspraak",
	}},
	{Service: wijkregie.Service{
		Name:         "Herstelgroep Kustland",
		Description:  "Wekelijkse groep onder leiding van ervaringsdeskundigen voor wie wil minderen of stoppen met alcohol, drugs of gokken, of daarvan herstelt.",
		Domains:      []string{"middelengebruik", "geestelijke-gezondheid"},
		TargetGroup:  wijkregie.TargetAdults,
		Phone:        "0120 44 70 77",
		Email:        "herstel@ggzkustland.example",
		Address:      "Buurthuis De Vuurtoren, Vuurtorenplein 2, Duinhaven",
		OpeningHours: "do 19.30–21.00",
	}},
	{Service: wijkregie.Service{
		Name:        "Kledingbank De Kast",
		Description: "Gestopt. Kleding is nu verkrijgbaar bij de Voedselbank Duinhaven.",
		Domains:     []string{"financien"},
		TargetGroup: wijkregie.TargetFamilies,
		Address:     "Werfstraat 9, Duinhaven",
	}, inactive: true},
}

// createCatalogue writes the sociale kaart.
func createCatalogue(ctx context.Context, q *store.Q) error {
	for _, spec := range catalogueSpecs {
		sv := spec.Service
		sv.MunicipalityID = MunicipalityID
		if err := q.CreateService(ctx, &sv); err != nil {
			return fmt.Errorf("service %s: %w", sv.Name, err)
		}
		if spec.inactive {
			sv.Active = false
			if err := q.UpdateService(ctx, &sv); err != nil {
				return fmt.Errorf("service %s: %w", sv.Name, err)
			}
		}
	}
	return nil
}
