package bench

import (
	"context"
	"fmt"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/creack/pty"
	"github.com/hinshun/vt10x"
)

// ChildEnv is the child's environment: the caller's, as maria on a
// 256-colour terminal with colours on, and with a private home so that
// the user's own agendas are not read.
func ChildEnv(environ []string, home string) []string {
	drop := map[string]bool{"USER": true, "TERM": true, "NO_COLOR": true, "COLORTERM": true, "HOME": true,
		"XDG_CONFIG_HOME": true, "XDG_DATA_HOME": true, "CXROOM_USER": true, "CXROOM_DATA": true}
	var env []string
	for _, kv := range environ {
		if k, _, _ := strings.Cut(kv, "="); !drop[k] {
			env = append(env, kv)
		}
	}
	return append(env, "USER=maria", "TERM=xterm-256color", "NO_COLOR=", "HOME="+home,
		"XDG_CONFIG_HOME="+filepath.Join(home, ".config"))
}

// Texts on the lobby's screen: its first frame, then its action summary.
var (
	firstFrameTexts = []string{"START A RITUAL", "IN PROGRESS"}
	summaryText     = "open ·"
)

// TimeTUI starts exe --data dir in a 120×40 pseudo-terminal and returns
// how long after exec its screen first showed the lobby, and the lobby's
// action summary. It then quits it with q (killing it if it lingers).
func TimeTUI(ctx context.Context, exe, dir string, env []string) (frame, summary time.Duration, err error) {
	cmd := exec.Command(exe, "--data", dir)
	cmd.Env = env
	vt := vt10x.New(vt10x.WithSize(120, 40))
	var mu sync.Mutex // vt
	frameC, sumC, readDone := make(chan time.Duration, 1), make(chan time.Duration, 1), make(chan struct{})
	t0 := time.Now()
	f, err := pty.StartWithSize(cmd, &pty.Winsize{Cols: 120, Rows: 40})
	if err != nil {
		return 0, 0, err
	}
	var werr error
	exited := make(chan struct{})
	go func() { werr = cmd.Wait(); close(exited) }()
	defer func() {
		select {
		case <-exited:
		default:
			_ = cmd.Process.Kill()
			<-exited
		}
		f.Close()
		<-readDone
	}()
	go func() {
		defer close(readDone)
		buf := make([]byte, 64<<10)
		sawFrame, sawSum := false, false
		for {
			n, rerr := f.Read(buf)
			at := time.Since(t0)
			if n > 0 {
				mu.Lock()
				_, _ = vt.Write(buf[:n])
				scr := ""
				if !sawFrame || !sawSum {
					scr = vt.String()
				}
				mu.Unlock()
				if !sawFrame && slices.ContainsFunc(firstFrameTexts, func(x string) bool { return strings.Contains(scr, x) }) {
					sawFrame = true
					frameC <- at
				}
				if !sawSum && strings.Contains(scr, summaryText) {
					sawSum = true
					sumC <- at
				}
			}
			if rerr != nil {
				return
			}
		}
	}()
	screen := func() string {
		mu.Lock()
		defer mu.Unlock()
		return strings.TrimRight(vt.String(), " \n")
	}
	timeout := time.NewTimer(time.Minute)
	defer timeout.Stop()
	for frame == 0 || summary == 0 {
		select {
		case frame = <-frameC:
		case summary = <-sumC:
		case <-exited:
			return 0, 0, fmt.Errorf("cxroom exited (%v) before showing the lobby's summary; its screen:\n%s", werr, screen())
		case <-timeout.C:
			return 0, 0, fmt.Errorf("the lobby's summary did not show within a minute; the screen:\n%s", screen())
		case <-ctx.Done():
			return 0, 0, ctx.Err()
		}
	}
	// quit as a person would, so that the store is closed cleanly for the next run
	_, _ = f.Write([]byte("q"))
	select {
	case <-exited:
	case <-time.After(10 * time.Second):
	}
	return frame, summary, nil
}
