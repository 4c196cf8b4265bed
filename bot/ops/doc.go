// Package ops is what an operator watches: Prometheus metrics of the
// interactions, Discord's REST API and the gateway, the health and
// readiness endpoints a load balancer or supervisor probes, and the small
// listener that serves them in gateway mode (METRICS_ADDR).
//
// No label carries user text or an ID: interactions are counted by type,
// registered command name, outcome and confidence tier; REST calls by route
// template (IDs and tokens replaced) and status.
package ops
