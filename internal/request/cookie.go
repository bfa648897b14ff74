package request

// SessionCookie is the name of the web UI's session cookie. Its value is
// the session secret (internal/auth); only its hash is stored.
const SessionCookie = "wijkregie_sessie"

// ResidentCookie is the name of Mijn Plan's session cookie for residents.
// It is a different cookie from SessionCookie, read only by the resident
// route set, so that neither kind of session can open the other's pages.
const ResidentCookie = "wijkregie_inwoner"

// ResidentOIDCCookie binds a resident's DigiD (OpenID Connect) login to the
// browser that started it: it holds a hash of the login's state, for the
// callback only (Path /mijnplan/digid), and lives as long as the state.
const ResidentOIDCCookie = "wijkregie_digid"
