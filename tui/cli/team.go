package cli

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	gossh "golang.org/x/crypto/ssh"

	"cxroom/internal/cells"
	"cxroom/internal/teamfile"
	"cxroom/meeting"
)

func teamCmd(e *Env) *cobra.Command {
	var asJSON bool
	c := &cobra.Command{
		Use:   "team [--json]",
		Short: "List the team: who may join over SSH, and in which role",
		Long: `List the team file: who may join over SSH (identity is the SSH key) and in which role:
facilitator, member or observer. Facilitators change it with the commands below,
locally or over SSH; a change applies from the next SSH session.`,
		Example:               "  cxroom team\n  ssh -p 2222 HOST team --json",
		DisableFlagsInUseLine: true,
		Args:                  noWords,
		RunE: func(*cobra.Command, []string) error {
			if err := e.load(); err != nil {
				return err
			}
			var ms []meeting.Member
			if e.Team != nil {
				ms = e.Team.Members
			}
			if asJSON {
				return writeJSON(e.Stdout, nonNil(ms))
			}
			if len(ms) == 0 {
				fmt.Fprintln(e.Stdout, `no team file yet; add people with: cxroom team add "Maria Lopez" --handle maria --role facilitator --key "ssh-ed25519 AAAA…"`)
				return nil
			}
			var tw cells.Table
			tw.Row("HANDLE", "NAME", "ROLE", "KEYS")
			for _, m := range ms {
				r := string(m.Role)
				if m.Executive {
					r += ", executive"
				}
				tw.Row(m.Handle, m.Name, r, strconv.Itoa(len(m.Keys)))
			}
			_, err := tw.WriteTo(e.Stdout)
			return err
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "JSON output")
	key := &cobra.Command{
		Use:                   "key",
		Short:                 "Add or remove a member's SSH keys",
		Example:               "  cxroom team key add ana ~/ana.pub\n  ssh -p 2222 HOST team key add ana ssh-ed25519 AAAA… ana@laptop",
		DisableFlagsInUseLine: true,
		Annotations:           map[string]string{groupOf: "yes"},
		RunE:                  group,
	}
	key.AddCommand(teamKeyAddCmd(e), teamKeyRemoveCmd(e))
	c.AddCommand(teamAddCmd(e), teamRemoveCmd(e), teamSetCmd(e), key)
	return c
}

// editTeam applies change to the team file, if the caller may: locally the
// owner of the data folder; over SSH a facilitator, who may not leave the
// team without a facilitator able to sign in.
func (e *Env) editTeam(change func(t *meeting.Team) error) (*meeting.Team, error) {
	if err := e.mayEditTeam(); err != nil {
		return nil, err
	}
	return teamfile.Edit(e.TeamPath, func(t *meeting.Team) error {
		before := t.Facilitators()
		if err := change(t); err != nil {
			return err
		}
		if e.Remote && before > 0 && t.Facilitators() == 0 {
			return forbiddenf("that would leave no facilitator who can sign in; make someone else facilitator first")
		}
		return nil
	})
}

// mayEditTeam is checked first, before the arguments: a member learns
// that the team is not theirs to change, whatever they typed.
func (e *Env) mayEditTeam() error {
	if err := e.load(); err != nil {
		return err
	}
	if e.TeamPath == "" {
		return forbiddenf("this server's team file cannot be changed over SSH")
	}
	if e.Remote {
		if err := meeting.Check(e.Actor, meeting.OpEditTeam, meeting.Subject{}); err != nil {
			return err
		}
	}
	return nil
}

// applied says when a change takes effect.
func (e *Env) applied() string {
	if e.Remote {
		return "; it applies from the next session"
	}
	return " (" + e.TeamPath + ")"
}

func teamAddCmd(e *Env) *cobra.Command {
	var handle, role, key string
	var executive bool
	c := &cobra.Command{
		Use:   "add NAME… --handle H [--role R] [--key KEY]",
		Short: "Add a member, or update one (facilitators)",
		Long: `Add a member to the team file, or update one with that handle: a name or role given
replaces theirs, a key is added to theirs. KEY is an OpenSSH public key line or, locally,
a .pub file. A key already on someone else is refused: a key names one person.`,
		Example: `  cxroom team add Maria Lopez --handle maria --role facilitator --key ~/.ssh/id_ed25519.pub
  cxroom team add "Ana Silva" --handle ana --key "ssh-ed25519 AAAA… ana@laptop"
  ssh -p 2222 HOST team add Li Wei --handle li --role observer`,
		DisableFlagsInUseLine: true,
		Args:                  words(1, -1, "the member's name"),
		RunE: func(_ *cobra.Command, args []string) error {
			if err := e.mayEditTeam(); err != nil {
				return err
			}
			h, err := meeting.ParseHandle(handle)
			if err != nil {
				return err
			}
			var r meeting.Role // empty: keep an existing member's role (a new one is a member)
			if role != "" {
				if r, err = meeting.ParseRole(role); err != nil {
					return err
				}
			}
			name := meeting.CleanLine(text(args), meeting.MaxName)
			if name == "" {
				return usagef("give the member's name")
			}
			m := meeting.Member{Name: name, Handle: h, Role: r, Executive: executive}
			if key != "" {
				if isBareKeyType(key) {
					return parsef("--key %q lost the rest of the key on the way; add the key with: team key add %s KEY", meeting.CleanLine(key, 40), h)
				}
				k, err := e.readKey(key)
				if err != nil {
					return err
				}
				m.Keys = []string{k}
			}
			team, err := e.editTeam(func(t *meeting.Team) error { return t.Add(m) })
			if err != nil {
				return err
			}
			saved, _ := team.Member(m.Handle)
			if e.Remote {
				fmt.Fprintf(e.Stdout, "%s (@%s, %s) is on the team%s\n", saved.Name, saved.Handle, saved.Role, e.applied())
			} else {
				fmt.Fprintf(e.Stdout, "%s (@%s, %s) is in %s\n", saved.Name, saved.Handle, saved.Role, e.TeamPath)
			}
			return nil
		},
	}
	c.Flags().StringVar(&handle, "handle", "", "login handle: lower-case letters, digits, . _ -")
	c.Flags().StringVar(&role, "role", "", "facilitator, member or observer (default member)")
	c.Flags().StringVar(&key, "key", "", "OpenSSH public key, or locally a .pub file")
	c.Flags().BoolVar(&executive, "executive", false, "a C-suite member: with the member role, writes board figures, charters and at-risk accounts")
	return c
}

func teamRemoveCmd(e *Env) *cobra.Command {
	return &cobra.Command{
		Use:                   "remove HANDLE",
		Short:                 "Take a member off the team (facilitators)",
		Example:               "  cxroom team remove sam",
		DisableFlagsInUseLine: true,
		Args:                  words(1, 1, "one handle"),
		RunE: func(_ *cobra.Command, args []string) error {
			var gone meeting.Member
			_, err := e.editTeam(func(t *meeting.Team) error {
				m, err := t.Remove(args[0])
				gone = m
				return err
			})
			if err != nil {
				return err
			}
			fmt.Fprintf(e.Stdout, "%s (@%s) is no longer on the team%s\n", gone.Name, gone.Handle, e.applied())
			return nil
		},
	}
}

func teamSetCmd(e *Env) *cobra.Command {
	var role, name string
	var executive bool
	c := &cobra.Command{
		Use:                   "set HANDLE [--role R] [--name NAME] [--executive[=false]]",
		Short:                 "Change a member's role, name or executive mark (facilitators)",
		Example:               "  cxroom team set ana --role facilitator\n  ssh -p 2222 HOST 'team set li --name \"Li Wei\"'\n  cxroom team set dana --executive",
		DisableFlagsInUseLine: true,
		Args:                  words(1, 1, "one handle"),
		RunE: func(c *cobra.Command, args []string) error {
			if err := e.mayEditTeam(); err != nil {
				return err
			}
			exec := c.Flags().Changed("executive")
			if role == "" && name == "" && !exec {
				return usagef("say what changes: --role facilitator|member|observer, --name NAME, --executive[=false]")
			}
			var r meeting.Role
			if role != "" {
				var err error
				if r, err = meeting.ParseRole(role); err != nil {
					return err
				}
			}
			var now meeting.Member
			_, err := e.editTeam(func(t *meeting.Team) error {
				var err error
				if role != "" || name != "" {
					if now, err = t.Set(args[0], name, r); err != nil {
						return err
					}
				}
				if exec {
					now, err = t.SetExecutive(args[0], executive)
				}
				return err
			})
			if err != nil {
				return err
			}
			what := string(now.Role)
			if now.Executive {
				what += ", an executive"
			}
			fmt.Fprintf(e.Stdout, "%s (@%s) is %s%s\n", now.Name, now.Handle, what, e.applied())
			return nil
		},
	}
	c.Flags().StringVar(&role, "role", "", "facilitator, member or observer")
	c.Flags().StringVar(&name, "name", "", "the member's name")
	c.Flags().BoolVar(&executive, "executive", false, "mark (or with =false unmark) a C-suite member: board figures, charters, at-risk accounts")
	return c
}

func teamKeyAddCmd(e *Env) *cobra.Command {
	return &cobra.Command{
		Use:   "add HANDLE KEY…",
		Short: "Add an SSH key to a member (facilitators)",
		Long: `Add an SSH public key to a member. KEY is the key line (its words need no quotes), -
to read it from stdin, or locally a .pub file. A key already on someone else is
refused: a key names one person.`,
		Example: `  cxroom team key add ana ~/keys/ana.pub
  ssh -p 2222 HOST team key add ana ssh-ed25519 AAAAC3Nz… ana@laptop
  ssh -p 2222 HOST team key add ana - < ana.pub`,
		DisableFlagsInUseLine: true,
		Args:                  words(2, -1, "a handle and a key"),
		RunE: func(_ *cobra.Command, args []string) error {
			if err := e.mayEditTeam(); err != nil {
				return err
			}
			k, err := e.readKey(text(args[1:]))
			if err != nil {
				return err
			}
			var who meeting.Member
			_, err = e.editTeam(func(t *meeting.Team) error {
				if err := t.AddKey(args[0], k); err != nil {
					return err
				}
				who, _ = t.Member(args[0])
				return nil
			})
			if err != nil {
				return err
			}
			fmt.Fprintf(e.Stdout, "%s (@%s) has the key %s%s\n", who.Name, who.Handle, meeting.ShortKey(k), e.applied())
			return nil
		},
	}
}

func teamKeyRemoveCmd(e *Env) *cobra.Command {
	return &cobra.Command{
		Use:                   "remove HANDLE KEY…",
		Short:                 "Remove an SSH key from a member (facilitators)",
		Example:               "  cxroom team key remove ana ssh-ed25519 AAAAC3Nz…",
		DisableFlagsInUseLine: true,
		Args:                  words(2, -1, "a handle and a key"),
		RunE: func(_ *cobra.Command, args []string) error {
			if err := e.mayEditTeam(); err != nil {
				return err
			}
			k, err := e.readKey(text(args[1:]))
			if err != nil {
				return err
			}
			var who meeting.Member
			_, err = e.editTeam(func(t *meeting.Team) error {
				if err := t.RemoveKey(args[0], k); err != nil {
					return err
				}
				who, _ = t.Member(args[0])
				return nil
			})
			if err != nil {
				return err
			}
			fmt.Fprintf(e.Stdout, "%s (@%s) no longer has the key %s%s\n", who.Name, who.Handle, meeting.ShortKey(k), e.applied())
			return nil
		},
	}
}

func isKeyType(s string) bool {
	return strings.HasPrefix(s, "ssh-") || strings.HasPrefix(s, "ecdsa-") || strings.HasPrefix(s, "sk-")
}

// isBareKeyType is a key's type without its material: what is left of an
// unquoted key in `--key ssh-ed25519 AAAA…` over SSH.
func isBareKeyType(s string) bool {
	return isKeyType(s) && len(strings.Fields(s)) == 1
}

// maxKeyInput bounds a key read from a file or stdin.
const maxKeyInput = 64 << 10

// readKey accepts an authorized_keys line, - (stdin) or, locally, a path
// to a .pub file, and returns the normalised line. Over SSH a path is
// refused: it would name a file on the server.
func (e *Env) readKey(s string) (string, error) {
	line := strings.TrimSpace(s)
	switch {
	case line == "-":
		if e.Stdin == nil {
			return "", usagef("no key on stdin")
		}
		first, err := firstLine(io.LimitReader(e.Stdin, maxKeyInput))
		if err != nil {
			return "", usagef("could not read the key from stdin")
		}
		line = first
	case !isKeyType(line) && e.Remote:
		return "", usagef("over SSH, give the key itself (ssh-ed25519 AAAA… name@host) or - to read it from stdin, not a file name")
	case !isKeyType(line):
		f, err := os.Open(line)
		if err != nil {
			return "", meeting.Errorf(meeting.EINVALID, "the key is neither an OpenSSH public key nor a readable .pub file")
		}
		defer f.Close()
		first, err := firstLine(io.LimitReader(f, maxKeyInput))
		if err != nil {
			return "", meeting.Errorf(meeting.EINVALID, "the key is neither an OpenSSH public key nor a readable .pub file")
		}
		line = first
	}
	pk, comment, _, _, err := gossh.ParseAuthorizedKey([]byte(line))
	if err != nil {
		return "", meeting.Errorf(meeting.EINVALID, "the key is not a valid OpenSSH public key (ssh-ed25519 AAAA…)")
	}
	out := strings.TrimSpace(string(gossh.MarshalAuthorizedKey(pk)))
	if c := meeting.CleanLine(comment, 80); c != "" {
		out += " " + c
	}
	return out, nil
}

// firstLine is the first line of r that is not blank.
func firstLine(r io.Reader) (string, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 4096), maxKeyInput)
	for sc.Scan() {
		if l := strings.TrimSpace(sc.Text()); l != "" {
			return l, nil
		}
	}
	if err := sc.Err(); err != nil {
		return "", err
	}
	return "", io.ErrUnexpectedEOF
}
