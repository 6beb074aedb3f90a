package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
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
