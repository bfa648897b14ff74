package server_test

// The matrix's rows of the team's capacity (docs/uitkomsten.md,
// "Capaciteit"; docs/privacy.md), written from the document: the lead of
// the team reads and sets its professionals' hours; the lead of another
// team is refused that team's (the API names the team), every other role
// — beheer, beleid and toezicht included — is refused. The web page is
// the lead's own team, so every lead opens it.
const (
	mxCapacity = "3 3 + 3 3 | 3 3 3 3 3 | 3 3 | 3 3 3 3"
	wxCapacity = "3 3 + + 3 | 3 3 3 3 3 | 3 3 | 3 3 3 3"
)
