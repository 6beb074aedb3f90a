package main

import (
	"bytes"
	"context"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

func TestUsageAndBinary(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "no-cxroom-here")
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{nil, exitUsage, "usage: cxroom-bench"},
		{[]string{"lunch"}, exitUsage, `unknown benchmark "lunch"`},
		{[]string{"fanout", "--clients", "1"}, exitUsage, "--clients N (2–2000)"},
		{[]string{"store", "--writes", "0"}, exitUsage, "all at least 1"},
		{[]string{"store", "--cxroom", missing}, exitFail, "is not an executable"},
		{[]string{"fanout", "--cxroom", missing}, exitFail, "is not an executable"},
		{[]string{"soak", "--churn", "fast"}, exitUsage, "--churn 2/s"},
		{[]string{"soak", "--clients", "1"}, exitUsage, "--clients N (2–2000)"},
		{[]string{"soak", "--cxroom", missing}, exitFail, "is not an executable"},
	} {
		var stdout, stderr bytes.Buffer
		code := run(context.Background(), c.args, &stdout, &stderr)
		if code != c.code || !strings.Contains(stderr.String(), c.want) {
			t.Errorf("%q: exit %d, stderr %q; want %d and %q", c.args, code, stderr.String(), c.code, c.want)
		}
	}
}

// runLive runs cxroom-bench with args (the cxroom binary, built for the
// test, appended as --cxroom) for real, within timeout, and fails the test
// unless it exits 0. It returns what it printed and the temporary folder
// it worked in (TMPDIR), to look for anything left behind. A live
// benchmark runs on Linux only (the server's figures are read from /proc)
// and not with -short (it runs a server and SSH clients for seconds); make
// test runs it.
func runLive(t *testing.T, timeout time.Duration, args string) (stdout []byte, tmp string) {
	t.Helper()
	if runtime.GOOS != "linux" {
		t.Skip("a live benchmark reads the server's figures from /proc")
	}
	if testing.Short() {
		t.Skip("a live benchmark runs a server and SSH clients for seconds")
	}
	bin := cxroomBin(t) // before TMPDIR moves: it is removed after the run
	tmp = t.TempDir()
	t.Setenv("TMPDIR", tmp) // where the benchmark makes its temporary folder
	var out, stderr bytes.Buffer
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	start := time.Now()
	if code := run(ctx, append(strings.Fields(args), "--cxroom", bin), &out, &stderr); code != 0 {
		t.Fatalf("exit %d\nstderr:\n%s", code, stderr.String())
	}
	t.Logf("took %s", time.Since(start).Round(time.Millisecond))
	return out.Bytes(), tmp
}
