package cli

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func runLocal(t *testing.T, e *Env, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	e.Stdout, e.Stderr = &out, &errb
	code := Run(context.Background(), e, args)
	return out.String(), errb.String(), code
}

func TestHealthAsksTheServer(t *testing.T) {
	status, body := http.StatusOK, "ok\n"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/healthz" {
			http.NotFound(w, r)
			return
		}
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	}))
	defer srv.Close()
	addr := strings.TrimPrefix(srv.URL, "http://")
	e := &Env{Actor: facil}
	if out, errs, code := runLocal(t, e, "health", "--metrics", addr); code != ExitOK || out != "ok\n" {
		t.Fatalf("healthy: %d %q %q", code, out, errs)
	}
	status, body = http.StatusServiceUnavailable, "the server's disk is almost full\x1b[2J; nothing was saved\n"
	out, errs, code := runLocal(t, e, "health", "--metrics", addr)
	if code != ExitFailed || out != "" || errs != "cxroom: unhealthy: the server's disk is almost full; nothing was saved\n" {
		t.Fatalf("unhealthy: %d %q %q", code, out, errs)
	}
	if _, errs, code := runLocal(t, e, "health", "--metrics", "127.0.0.1:1"); code != ExitFailed || !strings.Contains(errs, "no answer from") {
		t.Fatalf("nobody there: %d %q", code, errs)
	}
	if _, errs, code := runLocal(t, e, "health", "--metrics", "not an address"); code != ExitUsage || strings.Count(errs, "\n") != 1 {
		t.Fatalf("bad address: %d %q", code, errs)
	}
}

func TestMetricsFlagGoesWithServe(t *testing.T) {
	ran := false
	e := &Env{Actor: facil, Local: &Local{Room: func(context.Context, Globals) error { ran = true; return nil }}}
	if _, errs, code := runLocal(t, e, "--metrics", "127.0.0.1:2112"); code != ExitUsage || ran || !strings.Contains(errs, "--metrics goes with --serve") {
		t.Fatalf("--metrics without --serve: %d %q", code, errs)
	}
	if _, errs, code := runLocal(t, &Env{Actor: facil}, "actions", "--metrics", "127.0.0.1:2112"); code != ExitUsage || !strings.Contains(errs, "not with `cxroom actions`") {
		t.Fatalf("--metrics with actions: %d %q", code, errs)
	}
	remote := &Env{Actor: facil, Remote: true}
	if _, _, code := runLocal(t, remote, "health"); code != ExitForbidden {
		t.Fatalf("health over SSH: %d", code)
	}
	if _, _, code := runLocal(t, remote, "whoami", "--metrics", "x:1"); code != ExitForbidden {
		t.Fatalf("--metrics over SSH: %d", code)
	}
}
