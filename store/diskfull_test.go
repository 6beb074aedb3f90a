//go:build linux

package store

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"cxroom/meeting"
)

// The disk-full test runs its two phases in child processes (this test
// binary, re-executed) on a real, small tmpfs: mounted by the test when it
// may (root, as in CI), otherwise inside a user+mount namespace of the
// child's own (unshare -rm). If neither works the test fails and says why.
const (
	smallFS      = "96m"
	smallReserve = 40 << 20
)

// TestDiskFullRealFilesystem (issue 9.1): on a filesystem that really
// fills up, the store refuses writes with the sentence before Badger runs
// out of space, keeps serving reads even when something else then takes
// the very last byte, resumes writes once space is freed, closes without
// flushing into a full disk, and a later start on the full disk opens the
// data read-only — no SIGBUS, no crash, nothing acknowledged lost.
func TestDiskFullRealFilesystem(t *testing.T) {
	if os.Getenv("CXROOM_FULL_DIR") != "" {
		return // inside a child
	}
	mnt := t.TempDir()
	env := []string{"CXROOM_FULL_DIR=" + mnt, fmt.Sprint("CXROOM_FULL_RESERVE=", smallReserve)}
	if r := os.Getenv("CXROOM_FULL_RESERVE"); r != "" { // to watch the old behaviour: -1
		env[1] = "CXROOM_FULL_RESERVE=" + r
	}
	self, err := os.Executable()
	must(t, err)
	phase := func(name string) string { return fmt.Sprintf("%q -test.run='^%s$' -test.v", self, name) }
	script := phase("TestDiskFullChild") + " && " + phase("TestDiskFullReopenChild")

	var cmd *exec.Cmd
	if err := syscall.Mount("tmpfs", mnt, "tmpfs", 0, "size="+smallFS+",mode=0700"); err == nil {
		t.Cleanup(func() { _ = syscall.Unmount(mnt, syscall.MNT_DETACH) })
		cmd = exec.Command("sh", "-c", script)
		t.Logf("tmpfs of %s mounted on %s", smallFS, mnt)
	} else {
		unshare, lerr := exec.LookPath("unshare")
		if lerr != nil {
			t.Fatalf("cannot mount a %s tmpfs (%v) and there is no unshare(1) to try a user+mount namespace: this test needs one of them", smallFS, err)
		}
		cmd = exec.Command(unshare, "-rm", "sh", "-c",
			fmt.Sprintf("mount -t tmpfs -o size=%s tmpfs %q && %s", smallFS, mnt, script))
		t.Logf("mount refused (%v): using a user+mount namespace", err)
	}
	cmd.Env = append(os.Environ(), env...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	must(t, cmd.Start())
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err = <-done:
	case <-time.After(5 * time.Minute):
		_ = cmd.Process.Kill()
		<-done
		t.Fatalf("the children did not finish in 5 minutes:\n%s", tail(out.String()))
	}
	text := out.String()
	for _, bad := range []string{"SIGBUS", "fatal error", "panic:", "unexpected fault address"} {
		if i := strings.Index(text, bad); i >= 0 {
			t.Fatalf("a child crashed (%s):\n%s", bad, text[max(i-3000, 0):min(i+5000, len(text))])
		}
	}
	if err != nil {
		t.Fatalf("children: %v\n%s", err, tail(text))
	}
	for _, want := range []string{"refused at", "reads on a full disk", "resumed", "closed on a full disk", "read-only on a full disk", "writable again"} {
		if !strings.Contains(text, want) {
			t.Fatalf("no %q in:\n%s", want, tail(text))
		}
	}
	for _, l := range strings.Split(text, "\n") {
		if strings.HasPrefix(strings.TrimSpace(l), "diskfull:") {
			t.Log(strings.TrimSpace(l))
		}
	}
}

func tail(s string) string {
	if len(s) > 6000 {
		return "…" + s[len(s)-6000:]
	}
	return s
}

// say prints a progress line the parent checks.
func say(format string, args ...any) { fmt.Printf("diskfull: "+format+"\n", args...) }

// fillTo grows the file at path until the filesystem has at most left
// bytes free (left 0: until it refuses).
func fillTo(t *testing.T, path string, left uint64) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	must(t, err)
	defer f.Close()
	chunk := make([]byte, 1<<20)
	for i := range chunk {
		chunk[i] = byte(i)
	}
	for {
		free, err := statfsFree(filepath.Dir(path))
		must(t, err)
		if free <= left {
			return
		}
		n := min(uint64(len(chunk)), free-left)
		if _, err := f.Write(chunk[:n]); err != nil {
			if errors.Is(err, syscall.ENOSPC) && left == 0 {
				return
			}
			t.Fatalf("fill: %v", err)
		}
	}
}

// waitIdle waits until Badger has no memtable waiting to be flushed and no
// level needing compaction, and its tables stay as they are for a while:
// what it has started on its own must not be what the test's own filler
// makes fail (no software can write into a disk something else filled to
// the last byte while it writes).
func waitIdle(t *testing.T, db *DB) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	last, stable := "", 0
	for stable < 10 {
		if time.Now().After(deadline) {
			t.Fatalf("Badger is still busy: %s", last)
		}
		mems, _ := filepath.Glob(filepath.Join(db.active, "*.mem"))
		state, busy := fmt.Sprint(len(mems)), len(mems) > 1
		for _, l := range db.bdb.Levels() {
			state += fmt.Sprintf(" L%d:%d/%.2f", l.Level, l.NumTables, l.Score)
			busy = busy || l.Score >= 1
		}
		if busy || state != last {
			stable = 0
		} else {
			stable++
		}
		last = state
		time.Sleep(20 * time.Millisecond)
	}
}

func childDB(t *testing.T) (string, Options) {
	dir := filepath.Join(os.Getenv("CXROOM_FULL_DIR"), "data")
	r, err := strconv.ParseInt(os.Getenv("CXROOM_FULL_RESERVE"), 10, 64)
	must(t, err)
	return dir, Options{Reserve: r}
}

// big is a decision of about 8 KB.
func big(i int) *meeting.Decision {
	return &meeting.Decision{Date: "2026-11-23", Decision: fmt.Sprint("decision ", i),
		Context: strings.TrimSpace(strings.Repeat(fmt.Sprintf("context %06d ", i), 300)[:3900]), Rationale: strings.TrimSpace(strings.Repeat("because ", 480))}
}

// TestDiskFullChild is phase 1 (it does nothing in a normal run).
func TestDiskFullChild(t *testing.T) {
	if os.Getenv("CXROOM_FULL_DIR") == "" {
		return
	}
	dir, opt := childDB(t)
	mnt := filepath.Dir(dir)
	db, err := Open(dir, opt)
	must(t, err)
	fillTo(t, filepath.Join(mnt, "filler"), uint64(max(opt.Reserve, 0))+12<<20)

	// Write until refused: the refusal must be the sentence, before
	// Badger meets a full disk.
	n := 0
	for ; ; n++ {
		err := db.CreateDecision(ctx, big(n))
		if err == nil {
			continue
		}
		free, _ := statfsFree(mnt)
		if !ErrDiskFull(err) || !strings.Contains(meeting.ErrorMessage(err), "the server's disk is almost full") {
			t.Fatalf("write %d refused with %v (%d KB free)", n, err, free>>10)
		}
		say("refused at write %d with %d MB free: %s", n, free>>20, meeting.ErrorMessage(err))
		break
	}
	count := func() int {
		ds, err := db.Decisions(ctx, meeting.DecisionFilter{})
		must(t, err)
		return len(ds)
	}
	if got := count(); got != n {
		t.Fatalf("%d decisions acknowledged, %d read", n, got)
	}

	// Something else takes the last byte: reads go on, writes are refused.
	waitIdle(t, db)
	fillTo(t, filepath.Join(mnt, "filler2"), 0)
	free, _ := statfsFree(mnt)
	if got := count(); got != n {
		t.Fatalf("after the disk filled up: %d decisions read, want %d", got, n)
	}
	if err := db.CreateDecision(ctx, big(-1)); !ErrDiskFull(err) {
		t.Fatalf("a write on a full disk: %v", err)
	}
	say("reads on a full disk (%d KB free): %d decisions", free>>10, n)

	// Space returns: writes resume by themselves.
	must(t, os.Remove(filepath.Join(mnt, "filler2")))
	must(t, os.Remove(filepath.Join(mnt, "filler")))
	for i := range 5 {
		must(t, db.CreateDecision(ctx, big(n+i)))
	}
	n += 5
	say("resumed: %d decisions", count())

	// Full again, then stop: Close must not flush into it.
	waitIdle(t, db)
	fillTo(t, filepath.Join(mnt, "filler"), 0)
	must(t, db.Close())
	mems, _ := filepath.Glob(filepath.Join(dir, firstDB, "*.mem"))
	say("closed on a full disk; %d memtable logs kept for the next start", len(mems))
	must(t, os.WriteFile(filepath.Join(mnt, "count"), []byte(strconv.Itoa(n)), 0o600)) // tmpfs: a name fits in the inode
}

// TestDiskFullReopenChild is phase 2: a start on the full disk.
func TestDiskFullReopenChild(t *testing.T) {
	if os.Getenv("CXROOM_FULL_DIR") == "" {
		return
	}
	dir, opt := childDB(t)
	mnt := filepath.Dir(dir)
	b, err := os.ReadFile(filepath.Join(mnt, "count"))
	must(t, err)
	n, _ := strconv.Atoi(string(b))
	db, err := Open(dir, opt)
	must(t, err)
	ds, err := db.Decisions(ctx, meeting.DecisionFilter{})
	must(t, err)
	if len(ds) != n {
		t.Fatalf("%d decisions after the restart, want %d", len(ds), n)
	}
	if err := db.CreateDecision(ctx, big(-1)); !ErrDiskFull(err) {
		t.Fatalf("a write after a start on a full disk: %v", err)
	}
	free, _ := statfsFree(mnt)
	say("read-only on a full disk (%d KB free): %d decisions", free>>10, len(ds))
	must(t, db.Close())

	must(t, os.Remove(filepath.Join(mnt, "filler")))
	db, err = Open(dir, opt)
	must(t, err)
	must(t, db.CreateDecision(ctx, big(n)))
	ds, err = db.Decisions(ctx, meeting.DecisionFilter{})
	must(t, err)
	must(t, db.Close())
	if len(ds) != n+1 {
		t.Fatalf("%d decisions, want %d", len(ds), n+1)
	}
	say("writable again after freeing space: %d decisions", len(ds))
}
