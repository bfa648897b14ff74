package request

import (
	"net"
	"net/http/httptest"
	"testing"
)

func TestClientAddrFrom(t *testing.T) {
	proxy := []net.IP{net.ParseIP("10.0.0.1"), net.ParseIP("10.0.0.2")}
	for _, tc := range []struct {
		name, peer, xff string
		trusted         []net.IP
		want            string
	}{
		{"no proxy configured: the header is ignored", "192.0.2.5:1234", "198.51.100.7", nil, "192.0.2.5"},
		{"untrusted peer: the header is ignored", "192.0.2.5:1234", "198.51.100.7", proxy, "192.0.2.5"},
		{"trusted proxy: the client it names", "10.0.0.1:443", "198.51.100.7", proxy, "198.51.100.7"},
		{"forged entries before the real client are passed over", "10.0.0.1:443", "203.0.113.9, 198.51.100.7", proxy, "198.51.100.7"},
		{"two trusted proxies in a row", "10.0.0.1:443", "198.51.100.7, 10.0.0.2", proxy, "198.51.100.7"},
		{"garbage: the proxy itself", "10.0.0.1:443", "niet-een-adres", proxy, "10.0.0.1"},
		{"no header: the proxy itself", "10.0.0.1:443", "", proxy, "10.0.0.1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest("POST", "/inloggen", nil)
			r.RemoteAddr = tc.peer
			if tc.xff != "" {
				r.Header.Set("X-Forwarded-For", tc.xff)
			}
			if got := ClientAddrFrom(r, tc.trusted); got != tc.want {
				t.Errorf("ClientAddrFrom = %q; want %q", got, tc.want)
			}
		})
	}
}
