package cli

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"cxroom/meeting"
)

// DefaultMetricsAddr is where `cxroom health` asks when --metrics is not
// given: the address the docs, the service file and the image use.
const DefaultMetricsAddr = "127.0.0.1:2112"

// healthTimeout bounds the whole question (a container health check has
// its own timeout; this one keeps a stuck server from holding the command).
const healthTimeout = 5 * time.Second

// healthCmd asks a running server's /healthz (local only): for container
// health checks, where no curl is at hand.
func healthCmd(e *Env) *cobra.Command {
	return &cobra.Command{
		Use:   "health [--metrics ADDR]",
		Short: "Ask a running server whether it can save (for health checks)",
		Long: `Ask the /healthz of a server started with --metrics ADDR. Exit 0 and print "ok" when its
data folder is open and writable; else exit 1 with the server's one sentence (or why it
could not be asked). ADDR defaults to ` + DefaultMetricsAddr + `; a wildcard host (:2112,
0.0.0.0:2112) is asked on 127.0.0.1.`,
		Example:     "  cxroom health --metrics 127.0.0.1:2112\n  HEALTHCHECK CMD [\"cxroom\", \"health\", \"--metrics\", \"127.0.0.1:2112\"]",
		Annotations: local(),
		Args:        noWords,
		RunE: func(c *cobra.Command, _ []string) error {
			addr := e.g.Metrics
			if addr == "" {
				addr = DefaultMetricsAddr
			}
			url, err := healthURL(addr)
			if err != nil {
				return err
			}
			ok, msg := askHealth(c.Context(), url)
			if !ok {
				fmt.Fprintf(e.Stderr, "cxroom: %s\n", msg)
				return Exit(ExitFailed)
			}
			fmt.Fprintln(e.Stdout, msg)
			return nil
		},
	}
}

// healthURL is the /healthz URL of a metrics address host:port.
func healthURL(addr string) (string, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil || port == "" {
		return "", usagef("--metrics %q is not an address; give host:port, e.g. %s", meeting.CleanLine(addr, 60), DefaultMetricsAddr)
	}
	if ip := net.ParseIP(host); host == "" || ip != nil && ip.IsUnspecified() {
		host = "127.0.0.1"
	}
	return "http://" + net.JoinHostPort(host, port) + "/healthz", nil
}

// askHealth asks url and returns whether the server is healthy and what to
// print: its answer (one line, cleaned: it came over the network) or why
// it could not be asked.
func askHealth(ctx context.Context, url string) (bool, string) {
	ctx, cancel := context.WithTimeout(ctx, healthTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return false, "cannot ask " + url
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		return false, fmt.Sprintf("no answer from %s (is cxroom serving with --metrics there?)", url)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 1024))
	msg := meeting.CleanLine(strings.TrimSpace(string(body)), 200)
	if resp.StatusCode != http.StatusOK {
		if msg == "" {
			msg = fmt.Sprintf("the server answered %d", resp.StatusCode)
		}
		return false, "unhealthy: " + msg
	}
	return true, msg
}
