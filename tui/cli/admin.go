package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"

	gossh "golang.org/x/crypto/ssh"

	"cxroom/meeting"
)

func teamList(_ context.Context, e *Env, args []string) error {
	f := newFlags("team")
	asJSON := f.boolean("json", "JSON output")
	if _, err := f.parse(args, 0, 0, ""); err != nil {
		return err
	}
	var ms []meeting.Member
	if e.Team != nil {
		ms = e.Team.Members
	}
	if *asJSON {
		return writeJSON(e.Stdout, nonNil(ms))
	}
	if len(ms) == 0 {
		fmt.Fprintln(e.Stdout, `no team file yet; add people with: cxroom team add "Maria Lopez" --handle maria --role facilitator --key "ssh-ed25519 AAAA…"`)
		return nil
	}
	tw := tabwriter.NewWriter(e.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "HANDLE\tNAME\tROLE\tKEYS")
	for _, m := range ms {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\n", m.Handle, m.Name, m.Role, len(m.Keys))
	}
	return tw.Flush()
}

// teamAdd adds or updates a member in the team file. The file is rewritten
// atomically (temp file + rename) so a crash never leaves half a team.
func teamAdd(_ context.Context, e *Env, args []string) error {
	f := newFlags("team add")
	handle := f.str("handle", "login handle")
	role := f.str("role", "facilitator, member or observer")
	key := f.str("key", "OpenSSH public key (or a path to a .pub file)")
	pos, err := f.parse(args, 1, 1, `"NAME" --handle H --role R [--key KEY]`)
	if err != nil {
		return err
	}
	if e.TeamPath == "" {
		return usagef("no team file path is set")
	}
	h, err := meeting.ParseHandle(*handle)
	if err != nil {
		return err
	}
	var r meeting.Role // empty: keep an existing member's role (a new one is a member)
	if *role != "" {
		if r, err = meeting.ParseRole(*role); err != nil {
			return err
		}
	}
	name := meeting.CleanLine(pos[0], meeting.MaxName)
	if name == "" {
		return usagef("give the member's name")
	}
	m := meeting.Member{Name: name, Handle: h, Role: r}
	if *key != "" {
		k, err := readKey(*key)
		if err != nil {
			return err
		}
		m.Keys = []string{k}
	}
	team := &meeting.Team{}
	if data, err := os.ReadFile(e.TeamPath); err == nil {
		if team, err = meeting.ParseTeam(filepath.Base(e.TeamPath), data); err != nil {
			return err
		}
	} else if !os.IsNotExist(err) {
		return fmt.Errorf("read the team file: %w", err)
	}
	if err := team.Add(m); err != nil {
		return err
	}
	data, err := team.Marshal()
	if err != nil {
		return err
	}
	if err := writeFileAtomic(e.TeamPath, data, 0o600); err != nil {
		return fmt.Errorf("write the team file: %w", err)
	}
	saved, _ := team.Member(m.Handle)
	fmt.Fprintf(e.Stdout, "%s (@%s, %s) is in %s\n", saved.Name, saved.Handle, saved.Role, e.TeamPath)
	return nil
}

// readKey accepts an authorized_keys line or a path to a .pub file and
// returns the normalised line.
func readKey(s string) (string, error) {
	line := strings.TrimSpace(s)
	if !strings.HasPrefix(line, "ssh-") && !strings.HasPrefix(line, "ecdsa-") && !strings.HasPrefix(line, "sk-") {
		data, err := os.ReadFile(line)
		if err != nil {
			return "", meeting.Errorf(meeting.EINVALID, "--key is neither an OpenSSH public key nor a readable .pub file")
		}
		line = strings.TrimSpace(string(data))
	}
	pk, comment, _, _, err := gossh.ParseAuthorizedKey([]byte(line))
	if err != nil {
		return "", meeting.Errorf(meeting.EINVALID, "--key is not a valid OpenSSH public key (ssh-ed25519 AAAA…)")
	}
	out := strings.TrimSpace(string(gossh.MarshalAuthorizedKey(pk)))
	if c := meeting.CleanLine(comment, 80); c != "" {
		out += " " + c
	}
	return out, nil
}

func writeFileAtomic(path string, data []byte, perm os.FileMode) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".tmp-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(perm); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

func backup(_ context.Context, e *Env, args []string) error {
	pos, err := newFlags("backup").parse(args, 1, 1, "FILE")
	if err != nil {
		return err
	}
	if e.Admin == nil {
		return meeting.Errorf(meeting.EFORBIDDEN, "backup works only on the server's own machine")
	}
	size, err := e.Admin.BackupFile(pos[0])
	if err != nil {
		return err
	}
	fmt.Fprintf(e.Stdout, "backed up to %s (%d bytes)\n", pos[0], size)
	return nil
}

func restore(ctx context.Context, e *Env, args []string) error {
	f := newFlags("restore")
	force := f.boolean("force", "replace existing data")
	pos, err := f.parse(args, 1, 1, "FILE [--force]")
	if err != nil {
		return err
	}
	if e.Admin == nil {
		return meeting.Errorf(meeting.EFORBIDDEN, "restore works only on the server's own machine")
	}
	empty, err := e.Admin.Empty(ctx)
	if err != nil {
		return err
	}
	if !empty && !*force {
		return usagef("the data folder already holds meetings; add --force to replace everything in it with the backup")
	}
	if err := e.Admin.RestoreFile(pos[0]); err != nil {
		return err
	}
	fmt.Fprintf(e.Stdout, "restored from %s\n", pos[0])
	return nil
}
