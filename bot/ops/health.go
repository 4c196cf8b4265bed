package ops

import (
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
)

// Health is the process's readiness: ready when every condition it was made
// with holds (such as "knowledge" and "gateway") and it is not draining.
// Liveness needs nothing: a process that answers is alive.
type Health struct {
	mu       sync.Mutex
	pending  map[string]bool // conditions not met yet
	draining bool
}

// NewHealth returns a Health that waits for each named condition.
func NewHealth(conditions ...string) *Health {
	h := &Health{pending: map[string]bool{}}
	for _, c := range conditions {
		h.pending[c] = true
	}
	return h
}

// Set records whether a condition holds now; the gateway, for one, goes
// unready when its session drops and ready again on READY or RESUMED.
func (h *Health) Set(condition string, ok bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if ok {
		delete(h.pending, condition)
	} else {
		h.pending[condition] = true
	}
}

// Drain makes the process unready for good: it is shutting down, and a
// load balancer should stop sending it new requests.
func (h *Health) Drain() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.draining = true
}

// Ready reports whether the process should get traffic, and if not why.
func (h *Health) Ready() (bool, string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.draining {
		return false, "draining"
	}
	if len(h.pending) > 0 {
		waiting := make([]string, 0, len(h.pending))
		for c := range h.pending {
			waiting = append(waiting, c)
		}
		slices.Sort(waiting)
		return false, "waiting for " + strings.Join(waiting, ", ")
	}
	return true, ""
}

// ServeLive answers GET /healthz: 200 while the process answers at all.
func (h *Health) ServeLive(w http.ResponseWriter, _ *http.Request) {
	plain(w, http.StatusOK, "ok\n")
}

// ServeReady answers GET /readyz: 200 when ready, 503 with the reason
// otherwise.
func (h *Health) ServeReady(w http.ResponseWriter, _ *http.Request) {
	if ok, why := h.Ready(); !ok {
		plain(w, http.StatusServiceUnavailable, "not ready: "+why+"\n")
		return
	}
	plain(w, http.StatusOK, "ready\n")
}

func plain(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	io.WriteString(w, body)
}
