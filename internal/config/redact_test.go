package config_test

import (
	"errors"
	"strings"
	"testing"

	"wijkregie/internal/config"
)

func TestRedactURL(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"./wijkregie-data", "./wijkregie-data"},
		{"postgres://wr@db/wijkregie", "postgres://wr@db/wijkregie"},
		{"postgres://wr:geheim@db:5432/wijkregie?sslmode=require", "postgres://wr:****@db:5432/wijkregie?sslmode=require"},
		{"postgres://wr@db/wijkregie?sslmode=require&password=geheim", "postgres://wr@db/wijkregie?sslmode=require&password=****"},
		{"postgres://wr:ge/heim@db:port/x", "postgres://****@db:port/x"}, // unparsable
		{"host=db user=wr password=geheim", "host=db user=wr password=****"},
	}
	for _, tt := range tests {
		if got := config.RedactURL(tt.in); got != tt.want {
			t.Errorf("RedactURL(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestStoreErrorNamesTheSettingInUse(t *testing.T) {
	cause := errors.New("dial tcp: connection refused (password geheim)")
	c := config.Config{DataDir: "./data", DB: "postgres://wr:geheim@db/wr"}
	var ce *config.Error
	if err := c.StoreError(cause); !errors.As(err, &ce) || !strings.HasPrefix(ce.Setting, "--db ") ||
		ce.Key != "cli.config.db.onbereikbaar" || strings.Contains(err.Error(), "geheim") {
		t.Errorf("StoreError with --db = %v; want --db, its key, and no password anywhere", err)
	}
	c.DB = ""
	if err := c.StoreError(cause); !errors.As(err, &ce) || !strings.HasPrefix(ce.Setting, "--data ") ||
		ce.Value != "./data" || !errors.Is(err, cause) {
		t.Errorf("StoreError with --data = %v; want --data with its value, wrapping the cause", err)
	}
}

// TestAddrHostNames adds to TestValidate's host names the edges of RFC 1123.
func TestAddrHostNames(t *testing.T) {
	for _, tt := range []struct {
		addr string
		ok   bool
	}{
		{"myhost:8080", true},
		{"wijkregie.gemeente.internal:8080", true},
		{"wijkregie.example.:8080", true},
		{"xn--mnchen-3ya.example:80", true},
		{"ends-with-hyphen-:8080", false},
		{strings.Repeat("a", 64) + ".example:8080", false},
	} {
		c := config.Defaults()
		c.Addr = tt.addr
		err := c.ValidateServe()
		var ce *config.Error
		if tt.ok && err != nil {
			t.Errorf("ValidateServe with --addr %s = %v; want nil", tt.addr, err)
		}
		if !tt.ok && (!errors.As(err, &ce) || ce.Key != "cli.config.host") {
			t.Errorf("ValidateServe with --addr %s = %v; want cli.config.host", tt.addr, err)
		}
	}
}
