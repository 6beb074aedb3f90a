package main

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"cxroom/internal/teamfile"
	"cxroom/meeting"
	"cxroom/store"
)

// digestOf opens the data folder (which also removes what an interrupted
// restore left) and returns the digest of its whole content.
func digestOf(t *testing.T, data string) string {
	t.Helper()
	db, err := store.Open(data, store.Options{})
	if err != nil {
		t.Fatalf("open %s: %v", data, err)
	}
	defer db.Close()
	d, err := db.Digest(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// backupOf fills a new database with fill, backs it up to file and returns
// the database's digest.
func backupOf(t *testing.T, file string, fill func(*store.DB) error) string {
	t.Helper()
	db, err := store.Open(t.TempDir(), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := fill(db); err != nil {
		t.Fatal(err)
	}
	if _, err := db.BackupFile(file); err != nil {
		t.Fatal(err)
	}
	d, err := db.Digest(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestRestoreKilledAtRandom (issue 9.2): `cxroom restore --force` of a
// large backup is killed with SIGKILL at random moments, at least 20 times
// while it runs. After each kill the data folder opens as exactly the old
// database or exactly the new one (digests of the whole content), holds one
// database folder, and no temp file is left anywhere (the system temp
// folder of the restore is its own, and stays empty).
func TestRestoreKilledAtRandom(t *testing.T) {
	bin := binary(t)
	files := t.TempDir()
	oldFile, newFile := filepath.Join(files, "old.bak"), filepath.Join(files, "new.bak")
	oldDigest := backupOf(t, oldFile, func(db *store.DB) error {
		return store.Fill(context.Background(), db, store.FillSpec{Series: 1, Meetings: 3, Actions: 40})
	})
	newDigest := backupOf(t, newFile, func(db *store.DB) error {
		return store.Fill(context.Background(), db, store.FillSpec{Series: 6, Meetings: 400, Actions: 30000})
	})
	fi, err := os.Stat(newFile)
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	data := filepath.Join(t.TempDir(), "data")
	env := append(os.Environ(), "TMPDIR="+tmp, "HOME="+t.TempDir(), "XDG_CONFIG_HOME="+t.TempDir())
	restore := func(file string) *exec.Cmd {
		cmd := exec.Command(bin, "--data", data, "restore", file, "--force")
		cmd.Env = env
		return cmd
	}
	run := func(file string) {
		t.Helper()
		if out, err := restore(file).CombinedOutput(); err != nil {
			t.Fatalf("restore %s: %v\n%s", file, err, out)
		}
	}
	run(oldFile)
	if d := digestOf(t, data); d != oldDigest {
		t.Fatal("the old backup did not restore exactly")
	}
	start := time.Now()
	run(newFile)
	whole := time.Since(start)
	if d := digestOf(t, data); d != newDigest {
		t.Fatal("the new backup did not restore exactly")
	}
	t.Logf("a whole restore of %d MB (30,000 actions) takes %s", fi.Size()>>20, whole.Round(time.Millisecond))
	run(oldFile)

	allowed := regexp.MustCompile(`^(CURRENT|db-[0-9]{6}|cxroom\.log|team\.yaml|ssh_host_ed25519(\.pub)?)$`)
	kills, old, neu := 0, 0, 0
	for i := 0; kills < 20; i++ {
		if i == 60 {
			t.Fatalf("only %d of 60 restores were still running when killed", kills)
		}
		cmd := restore(newFile)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// A random moment of the restore: from the process starting to
		// the swap at its end (the whole run took `whole`).
		time.Sleep(time.Duration(rand.Int64N(int64(whole) * 11 / 10)))
		_ = cmd.Process.Signal(syscall.SIGKILL)
		err := cmd.Wait()
		var ee *exec.ExitError
		if errors.As(err, &ee) && ee.Sys().(syscall.WaitStatus).Signal() == syscall.SIGKILL {
			kills++
		}
		switch d := digestOf(t, data); d {
		case oldDigest:
			old++
		case newDigest:
			neu++
			run(oldFile) // back to the old one for the next kill
		default:
			t.Fatalf("kill %d (after %d attempts): the data folder is neither the old nor the new database", kills, i+1)
		}
		ents, err := os.ReadDir(data)
		if err != nil {
			t.Fatal(err)
		}
		dbs := 0
		for _, e := range ents {
			if !allowed.MatchString(e.Name()) {
				t.Fatalf("kill %d: junk in the data folder: %s", kills, e.Name())
			}
			if strings.HasPrefix(e.Name(), "db-") {
				dbs++
			}
		}
		if dbs != 1 {
			t.Fatalf("kill %d: %d database folders after the next open", kills, dbs)
		}
		if ents, _ := os.ReadDir(tmp); len(ents) > 0 {
			t.Fatalf("kill %d: the restore left %s in the temp folder", kills, ents[0].Name())
		}
	}
	t.Logf("%d kills: %d left the old database, %d the new one; never a mix", kills, old, neu)
}

// TestVanishedDataFolderServe (issue 9.9): the data folder of a running
// server is deleted; users get one sentence when they try to write, and
// SIGTERM ends the server within the shutdown deadline instead of Badger
// retrying its flush forever. (The team file is kept elsewhere so that
// people can still sign in to see the sentence.)
func TestVanishedDataFolderServe(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	if err := os.MkdirAll(data, 0o700); err != nil {
		t.Fatal(err)
	}
	key := crashKey(t)
	team := &meeting.Team{Members: []meeting.Member{{Name: "Maria Lopez", Handle: "maria", Role: meeting.RoleFacilitator,
		Keys: []string{strings.TrimSpace(string(gossh.MarshalAuthorizedKey(key.PublicKey())))}}}}
	b, err := teamfile.Marshal(team)
	if err != nil {
		t.Fatal(err)
	}
	teamFile := filepath.Join(t.TempDir(), "team.yaml")
	if err := os.WriteFile(teamFile, b, 0o600); err != nil {
		t.Fatal(err)
	}
	srv := startServe(t, data, "127.0.0.1:0", "--team", teamFile)
	for i := range 20 { // the memtable holds them: a Close would flush
		if out, errs, code, err := sshRun(srv.addr, "maria", key, fmt.Sprintf("actions add 'before %d' --owner maria --due fri", i)); err != nil || code != 0 {
			t.Fatalf("actions add: %d %v %q %q", code, err, out, errs)
		}
	}
	if err := os.RemoveAll(data); err != nil {
		t.Fatal(err)
	}
	const sentence = "the server's data folder has vanished; nothing was saved — tell whoever runs cxroom"
	out, errs, code, err := sshRun(srv.addr, "maria", key, "actions add 'into the void' --owner maria --due fri")
	if err != nil || code == 0 || !strings.Contains(errs+out, sentence) {
		t.Fatalf("a write after the folder vanished: %d %v %q %q", code, err, out, errs)
	}
	if strings.Contains(errs+out, data) {
		t.Fatalf("the sentence shows the server's path: %q", errs+out)
	}
	if out, _, code, err := sshRun(srv.addr, "maria", key, "actions"); err != nil || code != 0 || !strings.Contains(out, "before 19") {
		t.Fatalf("reads after the folder vanished: %d %v %q", code, err, out)
	}
	sent := time.Now()
	if err := srv.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case <-srv.exited:
		t.Logf("SIGTERM → exit in %s", time.Since(sent).Round(time.Millisecond))
	case <-time.After(shutdownGrace + closeDeadline + 5*time.Second):
		t.Fatalf("cxroom serve did not end %s after SIGTERM with its data folder gone", shutdownGrace+closeDeadline+5*time.Second)
	}
}

// TestBackupRestoreFileErrors (issue 9.2, 9 low): `backup FILE` is not
// stopped by the FILE.partial an interrupted backup left, and `restore DIR`
// is one sentence.
func TestBackupRestoreFileErrors(t *testing.T) {
	data, out := filepath.Join(t.TempDir(), "data"), t.TempDir()
	env := []string{"HOME=" + t.TempDir(), "XDG_CONFIG_HOME=" + t.TempDir(), "CXROOM_USER=maria"}
	if o, e, err := runCLI(t, env, "--data", data, "actions", "add", "keep me", "--owner", "maria", "--due", "fri"); err != nil {
		t.Fatalf("%v %s %s", err, o, e)
	}
	file := filepath.Join(out, "weekly.bak")
	if err := os.WriteFile(file+".partial", []byte("left by a killed backup"), 0o600); err != nil {
		t.Fatal(err)
	}
	if o, e, err := runCLI(t, env, "--data", data, "backup", file); err != nil || !strings.Contains(o, "backed up to "+file) {
		t.Fatalf("backup over a stale .partial: %v %q %q", err, o, e)
	}
	o, e, err := runCLI(t, env, "--data", data, "restore", out, "--force")
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 2 || !strings.HasPrefix(e, "cxroom: "+out+" is a folder; ") || strings.Count(e, "\n") != 1 {
		t.Fatalf("restore DIR: %v %q %q", err, o, e)
	}
	if o, e, err := runCLI(t, env, "--data", data, "restore", file, "--force"); err != nil || !strings.Contains(o, "restored from") {
		t.Fatalf("restore: %v %q %q", err, o, e)
	}
	if o, _, _ := runCLI(t, env, "--data", data, "actions"); !strings.Contains(o, "keep me") {
		t.Fatalf("after the restore: %q", o)
	}
}
