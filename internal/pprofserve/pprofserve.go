// Package pprofserve serves Go's profiles of a running cxroom on a loopback
// address: a developer's switch for measuring a server under load (the
// fan-out benchmark's --cpuprofile uses it), not a setting.
package pprofserve

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/pprof"
	"time"

	"cxroom/meeting"
)

// Env, when set to a loopback address (127.0.0.1:0 picks a port), makes
// `cxroom serve` also serve Go's profiles there, for `cxroom-bench fanout
// --cpuprofile` and for looking at a server under load:
//
//	CXROOM_PPROF=127.0.0.1:6060 cxroom serve …
//	go tool pprof http://127.0.0.1:6060/debug/pprof/profile?seconds=20
//
// It is a developer's switch, not a setting: undocumented in the help.
const Env = "CXROOM_PPROF"

// Serve serves net/http/pprof on addr (loopback only) until ctx ends, and
// prints where ("pprof on http://ADDR/debug/pprof/").
func Serve(ctx context.Context, addr string, stdout io.Writer) error {
	host, _, err := net.SplitHostPort(addr)
	if ip := net.ParseIP(host); err != nil || ip == nil || !ip.IsLoopback() {
		return meeting.Errorf(meeting.EINVALID, "%s=%q: profiles are served on a loopback address only, e.g. 127.0.0.1:6060", Env, addr)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return meeting.Errorf(meeting.ECONFLICT, "%s: cannot listen on %s: %s", Env, addr, listenErr(err))
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	hs := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = hs.Serve(ln) }()
	context.AfterFunc(ctx, func() { _ = hs.Close() })
	fmt.Fprintf(stdout, "pprof on http://%s/debug/pprof/\n", ln.Addr())
	return nil
}

func listenErr(err error) string {
	var op *net.OpError
	if errors.As(err, &op) && op.Err != nil {
		return op.Err.Error()
	}
	return err.Error()
}
