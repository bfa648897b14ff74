package request

// SessionCookie is the name of the web UI's session cookie. Its value is
// the session secret (internal/auth); only its hash is stored.
const SessionCookie = "wijkregie_sessie"
