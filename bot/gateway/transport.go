package gateway

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/irbot/irbot/bot/responder"
)

// discordAPI is the prefix of every REST URL discordgo builds from its
// Endpoint variables, without the trailing slash. The variables are read,
// never written: redirection happens in the transport.
func discordAPI() string { return strings.TrimSuffix(discordgo.EndpointAPI, "/") }

// NewHTTPClient returns the client discordgo should use for REST. It sends
// every request for Discord's API to apiBase instead (same path below the
// base, same query), so a REST proxy such as nirn-proxy, or a test server,
// receives all of it; it refuses requests for any other host. It logs each
// request at debug and failures at warn, by route template (responder.Route:
// no IDs, no tokens).
//
// observe, when not nil, is told of each request: method, route template
// and status (0 when no answer came), for metrics.
func NewHTTPClient(apiBase string, logger *slog.Logger, observe func(method, route string, status int)) (*http.Client, error) {
	to, err := url.Parse(strings.TrimRight(apiBase, "/"))
	if err != nil || (to.Scheme != "http" && to.Scheme != "https") || to.Host == "" {
		return nil, fmt.Errorf("API base %q is not an http(s) URL", apiBase)
	}
	next := http.DefaultTransport.(*http.Transport).Clone()
	next.MaxIdleConnsPerHost = 32
	return &http.Client{
		Timeout:   20 * time.Second,
		Transport: &rewriter{from: discordAPI(), to: to.String(), next: next, logger: logger, observe: observe},
	}, nil
}

// rewriter is an http.RoundTripper that moves Discord API requests to
// another base URL.
type rewriter struct {
	from, to string
	next     http.RoundTripper
	logger   *slog.Logger
	observe  func(method, route string, status int)
}

// errOutsideAPI is returned for a request that is not for Discord's API.
var errOutsideAPI = errors.New("refusing a request outside Discord's API")

func (t *rewriter) RoundTrip(req *http.Request) (*http.Response, error) {
	rest, ok := strings.CutPrefix(req.URL.String(), t.from)
	if !ok || (rest != "" && rest[0] != '/' && rest[0] != '?') {
		if req.Body != nil {
			req.Body.Close()
		}
		return nil, fmt.Errorf("%w: %s", errOutsideAPI, req.URL.Host)
	}
	u, err := url.Parse(t.to + rest)
	if err != nil {
		if req.Body != nil {
			req.Body.Close()
		}
		return nil, fmt.Errorf("redirect %s %s: %w", req.Method, responder.Route(req.URL.Path), err)
	}
	out := req.Clone(req.Context())
	out.URL = u
	out.Host = ""
	start := time.Now()
	resp, err := t.next.RoundTrip(out)
	route := responder.Route(req.URL.Path)
	if t.observe != nil {
		status := 0
		if err == nil {
			status = resp.StatusCode
		}
		t.observe(req.Method, route, status)
	}
	switch {
	case err != nil:
		t.logger.Warn("discord rest request failed", "method", req.Method, "route", route, "err", err)
	case resp.StatusCode >= 400:
		t.logger.Warn("discord rest error", "method", req.Method, "route", route, "status", resp.StatusCode, "latency", time.Since(start))
	default:
		t.logger.Debug("discord rest", "method", req.Method, "route", route, "status", resp.StatusCode, "latency", time.Since(start))
	}
	return resp, err
}

// restError strips the URL from a transport error (it holds the interaction
// token) and keeps Discord's status and message.
func restError(op string, err error) error {
	if err == nil {
		return nil
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		return fmt.Errorf("%s: %s: %w", op, ue.Op, ue.Err)
	}
	var rle *discordgo.RateLimitError
	if errors.As(err, &rle) && rle.RateLimit != nil && rle.TooManyRequests != nil {
		return &responder.StatusError{Op: op, Status: http.StatusTooManyRequests, Message: rle.TooManyRequests.Message,
			RetryAfter: rle.TooManyRequests.RetryAfter}
	}
	var re *discordgo.RESTError
	if errors.As(err, &re) && re.Response != nil {
		se := &responder.StatusError{Op: op, Status: re.Response.StatusCode}
		if re.Message != nil {
			se.Code, se.Message = re.Message.Code, re.Message.Message
		}
		return se
	}
	return fmt.Errorf("%s: %w", op, err)
}

// Unauthorized reports whether Discord rejected the bot token.
func Unauthorized(err error) bool {
	var se *responder.StatusError
	return errors.As(err, &se) && se.Status == http.StatusUnauthorized
}
