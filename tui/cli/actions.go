package cli

import (
	"context"
	"fmt"
	"io"
	"text/tabwriter"

	"cxroom/meeting"
)

func actionFilter(f *flags) func(e *Env) (meeting.ActionFilter, error) {
	owner := f.str("owner", "owner handle")
	status := f.str("status", "open, done, blocked, escalated or dropped")
	overdue := f.boolean("overdue", "only overdue actions")
	mine := f.boolean("mine", "only my actions")
	return func(e *Env) (meeting.ActionFilter, error) {
		af := meeting.ActionFilter{Owner: meeting.CleanOwner(*owner)}
		if *mine {
			af.Owner = e.Actor.Handle
		}
		if *status != "" {
			st, err := meeting.ParseStatus(*status)
			if err != nil {
				return af, err
			}
			af.Status = st
		}
		if *overdue {
			af.OverdueOn = e.Svc.Today()
		}
		return af, nil
	}
}

func actionsList(ctx context.Context, e *Env, args []string) error {
	f := newFlags("actions")
	filter := actionFilter(f)
	asJSON := f.boolean("json", "JSON output")
	if _, err := f.parse(args, 0, 0, ""); err != nil {
		return err
	}
	af, err := filter(e)
	if err != nil {
		return err
	}
	as, err := e.Svc.Store.Actions(ctx, af)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(e.Stdout, nonNil(as))
	}
	printActions(e.Stdout, as, e.Svc.Today())
	return nil
}

func printActions(w io.Writer, as []*meeting.Action, today meeting.Date) {
	if len(as) == 0 {
		fmt.Fprintln(w, "no actions match")
		return
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tDUE\tOWNER\tSTATUS\tTEXT")
	for _, a := range as {
		st := string(a.Status)
		if a.Overdue(today) {
			st += " (overdue)"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", a.ID, a.Due, a.Owner, st, a.Text)
	}
	tw.Flush()
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func actionsAdd(ctx context.Context, e *Env, args []string) error {
	f := newFlags("actions add")
	owner := f.str("owner", "who owns it")
	due := f.str("due", "when it is due")
	pos, err := f.parse(args, 1, 1, `"TEXT" --owner H --due D`)
	if err != nil {
		return err
	}
	if *owner == "" {
		return usagef("every action needs an owner: add --owner HANDLE")
	}
	if *due == "" {
		return usagef("every action needs a due date: add --due (2026-12-04, today, tomorrow, fri, +3d, +2w)")
	}
	a, err := e.Svc.AddAction(ctx, e.Actor, pos[0], *owner, *due)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.Stdout, "%s added: %s (%s, due %s)\n", a.ID, a.Text, a.Owner, a.Due)
	return nil
}

func actionsSet(ctx context.Context, e *Env, args []string) error {
	f := newFlags("actions set")
	status := f.str("status", "the new status")
	note := f.str("note", "why (required for blocked and escalated)")
	pos, err := f.parse(args, 1, 1, "ID --status S [--note TEXT]")
	if err != nil {
		return err
	}
	if *status == "" {
		return usagef("say the new status with --status (open, done, blocked, escalated, dropped)")
	}
	st, err := meeting.ParseStatus(*status)
	if err != nil {
		return err
	}
	a, err := e.Svc.SetActionStatus(ctx, e.Actor, pos[0], st, *note)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.Stdout, "%s is now %s: %s\n", a.ID, a.Status, a.Text)
	return nil
}
