package server_test

// The matrix's rows of the composed reports (docs/uitkomsten.md, "Rapporten
// als PDF"), written from the document. The team's month is asked for the
// case's team (Wijkteam Centrum): its lead, beleid and toezicht make it;
// the lead of another team may not. The council's report is for beleid and
// toezicht only. Nobody else makes either.
const (
	mxTeamMonth = "3 3 + 3 3 | 3 3 3 3 3 | 3 3 | + + 3 3"
	mxCouncil   = "3 3 3 3 3 | 3 3 3 3 3 | 3 3 | + + 3 3"
)
