package gateway

import (
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"
)

// TestHTTPClient: discordgo's URLs land on the configured base, with its
// path prefix; anything else is refused before it leaves the process.
func TestHTTPClient(t *testing.T) {
	var got []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = append(got, r.Method+" "+r.Host+r.URL.RequestURI())
	}))
	defer srv.Close()
	host := strings.TrimPrefix(srv.URL, "http://")

	tests := []struct {
		base, url, want string
	}{
		{srv.URL + "/api/v9", discordgo.EndpointGateway, "GET " + host + "/api/v9/gateway"},
		{srv.URL + "/proxy/api/v9/", discordgo.EndpointApplicationGuildCommands("1", "2") + "?with_localizations=true", "GET " + host + "/proxy/api/v9/applications/1/guilds/2/commands?with_localizations=true"},
		{srv.URL, discordgo.EndpointInteractionResponse("3", "tok"), "GET " + host + "/interactions/3/tok/callback"},
		{srv.URL + "/api/v9", discordgo.EndpointCDN + "avatars/1.png", ""},
		{srv.URL + "/api/v9", "https://discord.com.evil.example/api/v9/gateway", ""},
		{srv.URL + "/api/v9", "https://discord.com/api/v99/gateway", ""},
	}
	for _, tt := range tests {
		got = nil
		c, err := NewHTTPClient(tt.base, slog.New(slog.DiscardHandler), nil)
		if err != nil {
			t.Fatal(err)
		}
		resp, err := c.Get(tt.url)
		if tt.want == "" {
			if !errors.Is(err, errOutsideAPI) || len(got) != 0 {
				t.Errorf("GET %s via %s: err %v, requests %v; want refused", tt.url, tt.base, err, got)
			}
			continue
		}
		if err != nil {
			t.Errorf("GET %s via %s: %v", tt.url, tt.base, err)
			continue
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if len(got) != 1 || got[0] != tt.want {
			t.Errorf("GET %s via %s reached %v, want %q", tt.url, tt.base, got, tt.want)
		}
	}
	for _, bad := range []string{"", "discord.com/api/v9", "ftp://x/api"} {
		if _, err := NewHTTPClient(bad, slog.New(slog.DiscardHandler), nil); err == nil {
			t.Errorf("NewHTTPClient(%q) = nil error", bad)
		}
	}
}
