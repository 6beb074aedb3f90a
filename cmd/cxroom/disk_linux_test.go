//go:build linux

package main

import (
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
)

// TestCLIOnFullDisk (issue 9.1, the local side): on a real filesystem
// filled to the last byte, `cxroom actions` lists, `cxroom actions add`
// says why it saved nothing (exit 1), and once space is freed it saves.
// The filesystem is a small tmpfs, mounted here when allowed (root, as in
// CI), else inside a user+mount namespace (unshare -rm); if neither
// works the test fails and says why.
func TestCLIOnFullDisk(t *testing.T) {
	bin := binary(t)
	mnt := t.TempDir()
	script := `set -u
D="$1/data"; B="$2"
"$B" --data "$D" --disk-reserve 8MB actions add "before the disk filled" --owner maria --due fri || exit 11
dd if=/dev/zero of="$1/filler" bs=1M 2>/dev/null
"$B" --data "$D" --disk-reserve 8MB actions || exit 12
echo "add:"; "$B" --data "$D" --disk-reserve 8MB actions add "on a full disk" --owner maria --due fri; echo "exit=$?"
rm -f "$1/filler"
"$B" --data "$D" --disk-reserve 8MB actions add "after freeing space" --owner maria --due fri || exit 13
"$B" --data "$D" --disk-reserve 8MB actions || exit 14
`
	var cmd *exec.Cmd
	if err := syscall.Mount("tmpfs", mnt, "tmpfs", 0, "size=48m,mode=0700"); err == nil {
		t.Cleanup(func() { _ = syscall.Unmount(mnt, syscall.MNT_DETACH) })
		cmd = exec.Command("sh", "-c", script, "sh", mnt, bin)
	} else {
		unshare, lerr := exec.LookPath("unshare")
		if lerr != nil {
			t.Fatalf("cannot mount a tmpfs (%v) and there is no unshare(1) for a user+mount namespace: this test needs one", err)
		}
		cmd = exec.Command(unshare, "-rm", "sh", "-c", `mount -t tmpfs -o size=48m tmpfs "$1" && `+script, "sh", mnt, bin)
	}
	cmd.Env = append(os.Environ(), "HOME="+t.TempDir(), "XDG_CONFIG_HOME="+t.TempDir(), "CXROOM_USER=maria")
	out, err := cmd.CombinedOutput()
	text := string(out)
	if err != nil {
		t.Fatalf("%v:\n%s", err, text)
	}
	for _, bad := range []string{"SIGBUS", "fatal error", "panic:"} {
		if strings.Contains(text, bad) {
			t.Fatalf("cxroom crashed on a full disk:\n%s", text)
		}
	}
	_, after, _ := strings.Cut(text, "add:")
	if !strings.Contains(after, "cxroom: the server's disk is almost full (0 KB free, 8 MB reserved); nothing was saved — free some space") ||
		!strings.Contains(after, "exit=1") {
		t.Fatalf("actions add on a full disk:\n%s", text)
	}
	if !strings.Contains(text, "after freeing space") || strings.Count(text, "before the disk filled") < 3 {
		t.Fatalf("output:\n%s", text)
	}
}
