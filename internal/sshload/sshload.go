// Package sshload drives cxroom over real SSH for load measurements: each
// Client is one participant with a PTY whose output is read continuously
// into a virtual terminal, so what a person would see can be checked
// (Bubble Tea repaints only the cells that changed, so text on screen is
// rarely one contiguous run of bytes in the stream).
//
// It only ever connects to loopback addresses: it is a benchmark's load
// generator, not a client for other people's servers.
package sshload

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/hinshun/vt10x"
	"golang.org/x/crypto/ssh"
)

// Config says where and as whom a client connects.
type Config struct {
	Addr   string // host:port on a loopback address
	User   string
	Signer ssh.Signer
	Cols   int    // 120 when 0
	Rows   int    // 40 when 0
	Term   string // "xterm-256color" when empty
	// Timeout bounds the TCP connect and the SSH handshake (10 s when 0).
	Timeout time.Duration
}

// Client is one interactive participant.
type Client struct {
	Name  string
	conn  *ssh.Client
	sess  *ssh.Session
	stdin io.WriteCloser
	cols  int
	rows  int

	mu      sync.Mutex // guards vt, partial and watch checks
	vt      vt10x.Terminal
	partial []byte // an incomplete UTF-8 sequence left from the last read
	bytes   atomic.Int64

	changed chan struct{} // capacity 1: output arrived
	done    chan struct{} // closed when the reader stops
	watch   atomic.Pointer[Watch]
}

// Watch waits for a marker to become visible on a client's screen.
type Watch struct {
	marker []rune
	seen   chan struct{}
	once   sync.Once
	at     time.Time
}

// Seen is closed when the marker became visible.
func (w *Watch) Seen() <-chan struct{} { return w.seen }

// At is when the output that made the marker visible was read (zero until
// Seen is closed).
func (w *Watch) At() time.Time {
	select {
	case <-w.seen:
		return w.at
	default:
		return time.Time{}
	}
}

func (w *Watch) see(at time.Time) {
	w.once.Do(func() {
		w.at = at
		close(w.seen)
	})
}

// ErrNotLoopback refuses any address that is not on this machine.
var ErrNotLoopback = errors.New("sshload: only loopback addresses may be dialled")

// CheckLoopback returns an error unless addr's host is a loopback IP or
// "localhost".
func CheckLoopback(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return err
	}
	if host == "localhost" {
		return nil
	}
	ip := net.ParseIP(host)
	if ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("%w: %s", ErrNotLoopback, addr)
	}
	return nil
}

// Dial connects, authenticates with the key, asks for a PTY and a shell,
// and starts reading the session's output into the client's screen.
func Dial(ctx context.Context, name string, cfg Config) (*Client, error) {
	if err := CheckLoopback(cfg.Addr); err != nil {
		return nil, err
	}
	if cfg.Cols <= 0 {
		cfg.Cols = 120
	}
	if cfg.Rows <= 0 {
		cfg.Rows = 40
	}
	if cfg.Term == "" {
		cfg.Term = "xterm-256color"
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 10 * time.Second
	}
	d := net.Dialer{Timeout: cfg.Timeout}
	nc, err := d.DialContext(ctx, "tcp", cfg.Addr)
	if err != nil {
		return nil, err
	}
	// the handshake has no context: bound it with a deadline
	_ = nc.SetDeadline(time.Now().Add(cfg.Timeout))
	stop := context.AfterFunc(ctx, func() { _ = nc.Close() })
	defer stop()
	cc, chans, reqs, err := ssh.NewClientConn(nc, cfg.Addr, &ssh.ClientConfig{
		User:            cfg.User,
		Auth:            []ssh.AuthMethod{ssh.PublicKeys(cfg.Signer)},
		HostKeyCallback: ssh.InsecureIgnoreHostKey(), // our own server, on loopback, started a moment ago
		Timeout:         cfg.Timeout,
	})
	if err != nil {
		nc.Close()
		return nil, err
	}
	conn := ssh.NewClient(cc, chans, reqs)
	c, err := open(name, conn, cfg)
	if err != nil {
		conn.Close()
		return nil, err
	}
	_ = nc.SetDeadline(time.Time{})
	return c, nil
}

func open(name string, conn *ssh.Client, cfg Config) (*Client, error) {
	sess, err := conn.NewSession()
	if err != nil {
		return nil, err
	}
	c := &Client{Name: name, conn: conn, sess: sess, cols: cfg.Cols, rows: cfg.Rows,
		vt:      vt10x.New(vt10x.WithSize(cfg.Cols, cfg.Rows)),
		changed: make(chan struct{}, 1), done: make(chan struct{})}
	if err := sess.RequestPty(cfg.Term, cfg.Rows, cfg.Cols, ssh.TerminalModes{}); err != nil {
		return nil, err
	}
	if c.stdin, err = sess.StdinPipe(); err != nil {
		return nil, err
	}
	out, err := sess.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := sess.Shell(); err != nil {
		return nil, err
	}
	go c.read(out)
	return c, nil
}

// read feeds the output into the screen until the session ends: it parses
// only what arrives, and looks for a watched marker only while one is
// pending.
func (c *Client) read(out io.Reader) {
	defer close(c.done)
	buf := make([]byte, 32<<10)
	for {
		n, err := out.Read(buf)
		if n > 0 {
			now := time.Now()
			c.bytes.Add(int64(n))
			c.mu.Lock()
			c.feed(buf[:n])
			if w := c.watch.Load(); w != nil && c.visibleLocked(w.marker) {
				c.watch.CompareAndSwap(w, nil)
				w.see(now)
			}
			c.mu.Unlock()
			select {
			case c.changed <- struct{}{}:
			default:
			}
		}
		if err != nil {
			return
		}
	}
}

// feed writes p into the terminal, holding back a UTF-8 sequence cut by
// the read until its remaining bytes arrive.
func (c *Client) feed(p []byte) {
	if len(c.partial) > 0 {
		p = append(c.partial, p...)
		c.partial = nil
	}
	cut := len(p)
	for i := len(p) - 1; i >= 0 && i >= len(p)-utf8.UTFMax; i-- {
		if utf8.RuneStart(p[i]) {
			if !utf8.FullRune(p[i:]) {
				cut = i
			}
			break
		}
	}
	if cut < len(p) {
		c.partial = append([]byte(nil), p[cut:]...)
		p = p[:cut]
	}
	_, _ = c.vt.Write(p)
}

// visibleLocked reports whether marker is on screen, on one row. Rows are
// scanned from the bottom: the room's latest-event line is there.
func (c *Client) visibleLocked(marker []rune) bool {
	if len(marker) == 0 || len(marker) > c.cols {
		return false
	}
	last := c.cols - len(marker)
	for y := c.rows - 1; y >= 0; y-- {
	cells:
		for x := 0; x <= last; x++ {
			if c.vt.Cell(x, y).Char != marker[0] {
				continue
			}
			for i := 1; i < len(marker); i++ {
				if c.vt.Cell(x+i, y).Char != marker[i] {
					continue cells
				}
			}
			return true
		}
	}
	return false
}

// Expect arms a watch for marker and returns it; it replaces any watch
// still pending. A marker already on screen is seen at once.
func (c *Client) Expect(marker string) *Watch {
	w := &Watch{marker: []rune(marker), seen: make(chan struct{})}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.visibleLocked(w.marker) {
		w.see(time.Now())
		return w
	}
	c.watch.Store(w)
	return w
}

// Screen returns the virtual terminal's text, one line per row.
func (c *Client) Screen() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.vt.String()
}

// Bytes is how many bytes of output arrived so far.
func (c *Client) Bytes() int64 { return c.bytes.Load() }

// Done is closed when the session's output ended.
func (c *Client) Done() <-chan struct{} { return c.done }

// Await waits until ok(screen) holds, re-checking whenever output arrives.
func (c *Client) Await(ctx context.Context, ok func(screen string) bool) error {
	for {
		if ok(c.Screen()) {
			return nil
		}
		select {
		case <-c.changed:
		case <-c.done:
			if ok(c.Screen()) {
				return nil
			}
			return fmt.Errorf("%s: the session ended", c.Name)
		case <-ctx.Done():
			return fmt.Errorf("%s: %w", c.Name, ctx.Err())
		}
	}
}

// WaitFor waits until the screen shows every text.
func (c *Client) WaitFor(ctx context.Context, texts ...string) error {
	err := c.Await(ctx, func(s string) bool { return ContainsAll(s, texts...) })
	if err != nil {
		return fmt.Errorf("waiting for %q: %w", texts, err)
	}
	return nil
}

// ContainsAll reports whether s contains every text.
func ContainsAll(s string, texts ...string) bool {
	for _, t := range texts {
		if !strings.Contains(s, t) {
			return false
		}
	}
	return true
}

// Send types keys (raw bytes) into the session.
func (c *Client) Send(keys ...string) error {
	for _, k := range keys {
		if _, err := io.WriteString(c.stdin, k); err != nil {
			return fmt.Errorf("%s: typing %q: %w", c.Name, k, err)
		}
	}
	return nil
}

// SelectRow moves a list's cursor ("› ") down, then up, until it is on
// the row showing text.
func (c *Client) SelectRow(ctx context.Context, text string) error {
	for _, key := range []string{KeyDown, KeyUp} {
		for range 40 {
			before := c.Screen()
			if CursorOn(before, text) {
				return nil
			}
			if err := c.Send(key); err != nil {
				return err
			}
			wait, cancel := context.WithTimeout(ctx, 2*time.Second)
			err := c.Await(wait, func(s string) bool { return s != before })
			cancel()
			if ctx.Err() != nil {
				return ctx.Err()
			}
			_ = err // an unchanged screen: the end of the list
			if c.Screen() == before {
				break
			}
		}
	}
	if CursorOn(c.Screen(), text) {
		return nil
	}
	return fmt.Errorf("%s: the cursor never reached %q", c.Name, text)
}

// CursorOn reports whether the selected row ("› …") shows text.
func CursorOn(screen, text string) bool {
	for _, l := range strings.Split(screen, "\n") {
		if i := strings.Index(l, "›"); i >= 0 && strings.Contains(l[i:], text) {
			return true
		}
	}
	return false
}

// Keys as a terminal sends them.
const (
	KeyEnter = "\r"
	KeyTab   = "\t"
	KeyDown  = "\x1b[B"
	KeyUp    = "\x1b[A"
)

// Close ends the session and waits for the reader.
func (c *Client) Close() error {
	err := c.conn.Close()
	<-c.done
	return err
}
