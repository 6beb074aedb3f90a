package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"
)

// The real binary on its data folder: what is decided from a shell is
// chained and signed with the folder's SSH host key (the one `serve` uses);
// verify says so; a backup restored over later changes verifies again; an
// exported ledger checks on its own with verify --file.
func TestRealBinaryLedger(t *testing.T) {
	data := t.TempDir()
	env := []string{"HOME=" + t.TempDir(), "XDG_CONFIG_HOME=" + t.TempDir(), "CXROOM_USER=maria"}
	run := func(args ...string) string {
		t.Helper()
		out, errs, err := runCLI(t, env, append([]string{"--data", data}, args...)...)
		if err != nil {
			t.Fatalf("cxroom %s: %v\n%s%s", strings.Join(args, " "), err, out, errs)
		}
		return out
	}
	if out, _, err := runCLI(t, env, "--data", data, "verify"); err != nil || !strings.Contains(out, "the ledger is empty") {
		t.Fatalf("verify of an empty folder: %v %q", err, out)
	}
	run("decisions", "add", "Pause the Safari banner", "--rationale", "12% of checkouts fail")
	run("actions", "add", "Patch Safari checkout", "--owner", "ana", "--due", "+3d")
	run("actions", "set", "A1", "--status", "done")
	pub, err := os.ReadFile(filepath.Join(data, "ssh_host_ed25519.pub"))
	if err != nil {
		t.Fatalf("the host key was not made: %v", err)
	}
	host, _, _, _, err := gossh.ParseAuthorizedKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	out := run("verify")
	if !strings.Contains(out, "2 ledger entries") || !strings.Contains(out, "heads signed by the server's host key "+gossh.FingerprintSHA256(host)) ||
		!strings.Contains(out, "OK: every entry matches") {
		t.Fatalf("verify:\n%s", out)
	}
	bak := filepath.Join(t.TempDir(), "cx.bak")
	run("backup", bak)
	run("decisions", "add", "Hire a second support lead")
	run("restore", bak, "--force")
	if out := run("verify", "--json"); !strings.Contains(out, `"ok": true`) || !strings.Contains(out, `"entries": 2`) {
		t.Fatalf("verify after the restore:\n%s", out)
	}
	run("decisions", "add", "After the restore")
	ledger := filepath.Join(t.TempDir(), "ledger.jsonl")
	if err := os.WriteFile(ledger, []byte(run("export", "ledger")), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, _, err := runCLI(t, env, "verify", "--file", ledger); err != nil || !strings.Contains(out, "3 ledger entries") {
		t.Fatalf("verify --file: %v\n%s", err, out)
	}
}
