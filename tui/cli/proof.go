package cli

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"cxroom/internal/sshsig"
	"cxroom/meeting"
	"cxroom/report"
)

// Proof of what was decided: a decision's digest to sign with one's own SSH
// key and the signature sent back, the ledger's verification, and the
// ledger and allowed_signers files for someone outside to check.

// maxLedgerFile bounds a ledger file read by verify --file.
const maxLedgerFile = 1 << 30

func decisionsDigestCmd(e *Env) *cobra.Command {
	return &cobra.Command{
		Use:   "digest ID",
		Short: "The text to sign for a decision with your own SSH key (ssh-keygen -Y sign)",
		Long: `Print the one line that names a decision and the SHA-256 of its content: sign it on your
own machine with ssh-keygen and send the signature back with ` + "`decisions sign`" + `. The server
never holds your private key.`,
		Example: `  ssh -p 2222 HOST decisions digest 2026-12-01-01 > d.txt
  ssh-keygen -Y sign -f ~/.ssh/id_ed25519 -n cxroom-decision d.txt
  ssh -p 2222 HOST decisions sign 2026-12-01-01 < d.txt.sig`,
		DisableFlagsInUseLine: true,
		Args:                  words(1, 1, "one decision ID"),
		RunE: func(c *cobra.Command, args []string) error {
			if _, _, err := meeting.ParseDecisionID(meeting.NormalizeID(args[0])); err != nil {
				return err
			}
			if err := e.open(c.Context(), false); err != nil {
				return err
			}
			text, err := e.Svc.DecisionDigest(c.Context(), e.Actor, args[0])
			if err != nil {
				return err
			}
			_, err = io.WriteString(e.Stdout, text)
			return err
		},
	}
}

func decisionsSignCmd(e *Env) *cobra.Command {
	return &cobra.Command{
		Use:   "sign ID < d.txt.sig",
		Short: "Sign a decision: send the SSH signature of its digest, made with your own key",
		Long: `Read an SSH signature (ssh-keygen -Y sign -n cxroom-decision) of the decision's digest from
standard input, check it against the key the team file registers for you, and keep it with the
decision: the minutes and the decision log then say who signed. A signature made with someone
else's key, with a key not on the team, or over another digest is refused.`,
		Example:               "  ssh -p 2222 HOST decisions sign 2026-12-01-01 < d.txt.sig",
		DisableFlagsInUseLine: true,
		Args:                  words(1, 1, "one decision ID"),
		RunE: func(c *cobra.Command, args []string) error {
			if _, _, err := meeting.ParseDecisionID(meeting.NormalizeID(args[0])); err != nil {
				return err
			}
			if e.Stdin == nil {
				return usagef("send the signature on standard input: cxroom decisions sign %s < d.txt.sig", meeting.NormalizeID(args[0]))
			}
			sig, err := io.ReadAll(io.LimitReader(e.Stdin, sshsig.MaxArmored+1))
			if err != nil {
				return fmt.Errorf("read the signature: %w", err)
			}
			if len(bytes.TrimSpace(sig)) == 0 {
				return usagef("send the signature on standard input: cxroom decisions sign %s < d.txt.sig", meeting.NormalizeID(args[0]))
			}
			if err := e.may(meeting.OpSignDecision); err != nil {
				return err
			}
			if err := e.open(c.Context(), false); err != nil {
				return err
			}
			d, err := e.Svc.SignDecision(c.Context(), e.Actor, e.Team, args[0], sig)
			if err != nil {
				return err
			}
			s := d.SignatureOf(e.Actor.Handle)
			fmt.Fprintf(e.Stdout, "decision %s signed by %s with %s; %s\n", d.ID, meeting.CleanLine(s.Name, 80), s.Key, d.SignedLine())
			return nil
		},
	}
}

func verifyCmd(e *Env) *cobra.Command {
	var asJSON bool
	var file string
	c := &cobra.Command{
		Use:   "verify [--json] [--file ledger.jsonl]",
		Short: "Check the ledger of what was decided: its hash chain, its signatures and the records",
		Long: `Recompute the ledger's hash chain: every entry must match its hash, follow the entry before
it and carry the server's signature made with its SSH host key; every decision and every logged
action must match its latest entry. The first entry (or record) that does not match is named,
and the command exits 1. With --file, check a ledger exported by ` + "`cxroom export ledger`" + ` instead
(on any machine, without the database): the chain and the signatures, whose key it names.`,
		Example: `  cxroom verify
  ssh -p 2222 HOST verify --json
  cxroom verify --file ledger.jsonl`,
		DisableFlagsInUseLine: true,
		Args:                  noWords,
		RunE: func(c *cobra.Command, _ []string) error {
			var rep *meeting.LedgerReport
			if file != "" {
				if e.Remote {
					return forbiddenf("--file reads a file on the server's machine; copy the ledger and run cxroom verify --file there")
				}
				f, err := os.Open(file)
				if err != nil {
					return usagef("cannot read the ledger file %s", meeting.CleanLine(file, 200))
				}
				defer f.Close()
				es, err := report.ReadLedgerJSONL(io.LimitReader(f, maxLedgerFile), 10_000_000)
				if err != nil {
					return err
				}
				rep = meeting.VerifyChain(es, nil)
			} else {
				if err := e.may(meeting.OpSeeLedger); err != nil {
					return err
				}
				if err := e.open(c.Context(), false); err != nil {
					return err
				}
				var err error
				if rep, err = e.Svc.VerifyLedger(c.Context(), e.Actor); err != nil {
					return err
				}
			}
			if asJSON {
				if err := jsonTo(e.Stdout)(report.VerifyJSON(rep)); err != nil {
					return err
				}
			} else if _, err := io.WriteString(e.Stdout, report.VerifyText(rep)); err != nil {
				return err
			}
			if !rep.OK() {
				return Exit(ExitFailed)
			}
			return nil
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "JSON output")
	c.Flags().StringVar(&file, "file", "", "check an exported ledger (JSON lines) instead of the database")
	return c
}

func exportLedgerCmd(e *Env) *cobra.Command {
	return &cobra.Command{
		Use:   "ledger",
		Short: "The ledger of what was decided, as JSON lines, for someone outside to check",
		Long: `Write every ledger entry as one JSON line, oldest first: decisions, action status changes,
resolved issues and ended meetings' minutes, each with the hash of the entry before it and the
server's signature. Records of private coaching sessions are left out (their digests stay, so
the chain still checks). docs/json.md says how every hash is made.`,
		Example:               "  cxroom export ledger > ledger.jsonl\n  ssh -p 2222 HOST export ledger > ledger.jsonl",
		DisableFlagsInUseLine: true,
		Args:                  noWords,
		RunE: func(c *cobra.Command, _ []string) error {
			if err := e.may(meeting.OpSeeLedger); err != nil {
				return err
			}
			if err := e.open(c.Context(), false); err != nil {
				return err
			}
			es, err := e.Svc.LedgerExport(c.Context(), e.Actor)
			if err != nil {
				return err
			}
			return report.LedgerJSONL(e.Stdout, es)
		},
	}
}

func exportSignersCmd(e *Env) *cobra.Command {
	return &cobra.Command{
		Use:   "signers",
		Short: "An OpenSSH allowed_signers file: the team's keys and the server's, for ssh-keygen -Y verify",
		Long: `Write an allowed_signers file (see ssh-keygen(1)): every team member's keys under their
handle for decisions (namespace cxroom-decision), the keys of signatures made by people who
have since changed keys, and the server's host key as cxroom-server for the ledger's heads
(namespace cxroom-ledger).`,
		Example: `  cxroom export signers > allowed_signers
  ssh-keygen -Y verify -f allowed_signers -I maria -n cxroom-decision -s d.txt.sig < d.txt`,
		DisableFlagsInUseLine: true,
		Args:                  noWords,
		RunE: func(c *cobra.Command, _ []string) error {
			if err := e.may(meeting.OpSeeLedger); err != nil {
				return err
			}
			if err := e.open(c.Context(), false); err != nil {
				return err
			}
			out, err := e.Svc.AllowedSigners(c.Context(), e.Actor, e.Team)
			if err != nil {
				return err
			}
			_, err = io.WriteString(e.Stdout, out)
			return err
		},
	}
}

// proofNote is a decision's motion and signatures for a listing:
// " (motion carried 2–1; signed by Maria, Ana (2 of 4 present))".
func proofNote(d *meeting.Decision) string {
	var parts []string
	if d.Motion != nil {
		parts = append(parts, "motion "+d.Motion.Summary())
	}
	if s := d.SignedLine(); s != "" {
		parts = append(parts, s)
	}
	if len(parts) == 0 {
		return ""
	}
	return " (" + strings.Join(parts, "; ") + ")"
}
