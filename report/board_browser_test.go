package report

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// The board report in a real browser: headless Chromium, as Debian ships
// it (`make browser` or .ci/run installs it). A missing browser fails the
// test: a printable report nobody opened in a browser is not known to
// print.

// browserPath finds Chromium.
func browserPath(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-headless-shell", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	for _, p := range []string{"/usr/lib/chromium/chromium", "/usr/lib/chromium/chromium-headless-shell"} {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	t.Fatal("no Chromium on this machine: run `make browser` (as root it installs Debian's chromium with apt-get)")
	return ""
}

// pageReport is what a browser saw of a page.
type pageReport struct {
	problems []string     // console errors, exceptions, failed or outside requests
	boxes    [][2]float64 // each chart's rendered width and height
	pdf      []byte
}

// browse opens file in headless Chromium with the flags the project
// needs here, watches the console and the network, measures every chart
// and prints the page to PDF (A4, the page's own margins).
func browse(t *testing.T, file string) pageReport {
	t.Helper()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(browserPath(t)),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()),
	}
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	actx, acancel := chromedp.NewExecAllocator(ctx, opts...)
	defer acancel()
	bctx, bcancel := chromedp.NewContext(actx)
	defer bcancel()

	var mu sync.Mutex
	var r pageReport
	problem := func(format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		r.problems = append(r.problems, fmt.Sprintf(format, args...))
	}
	if err := chromedp.Listen(bctx, func(ev any) {
		switch ev := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert {
				problem("console %s", ev.Type)
			}
		case *runtime.EventExceptionThrown:
			problem("exception: %s", ev.ExceptionDetails.Text)
		case *log.EventEntryAdded:
			if ev.Entry.Level == log.EntryLevelError {
				problem("console error: %s (%s)", ev.Entry.Text, ev.Entry.URL)
			}
		case *network.EventRequestWillBeSent:
			if u := ev.Request.URL; !strings.HasPrefix(u, "file://") {
				problem("request outside the file: %s", u)
			}
		case *network.EventLoadingFailed:
			problem("failed request: %s", ev.ErrorText)
		}
	}); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	if _, err := chromedp.Run(bctx, chromedp.Navigate("file://"+file)); err != nil {
		t.Fatalf("open %s: %v", file, err)
	}
	boxes, err := chromedp.Run(bctx, chromedp.Evaluate[[][2]float64](
		`Array.from(document.querySelectorAll("svg")).map(s => { const b = s.getBoundingClientRect(); return [b.width, b.height]; })`))
	if err != nil {
		t.Fatalf("measure the charts: %v", err)
	}
	r.boxes = boxes
	pdf, err := chromedp.Run(bctx, chromedp.PrintToPDF(chromedp.PDFPreferCSSPageSize(), chromedp.PDFPrintBackground()))
	if err != nil {
		t.Fatalf("print to PDF: %v", err)
	}
	r.pdf = pdf
	// let late events arrive: a bounded wait on the browser's own queue,
	// not on a timer: one more round trip after the print
	if _, err := chromedp.Run(bctx, chromedp.Evaluate[int](`1`)); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	return r
}

var pdfPage = regexp.MustCompile(`/Type\s*/Page\b[^s]`)

// pdfPages counts the page objects of a PDF.
func pdfPages(pdf []byte) int { return len(pdfPage.FindAll(pdf, -1)) }

func TestBoardHTMLInChromium(t *testing.T) {
	v := boardFixture(t)
	page, err := BoardHTML(v, nil)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "board.html")
	if err := os.WriteFile(file, page, 0o600); err != nil {
		t.Fatal(err)
	}
	r := browse(t, file)
	for _, p := range r.problems {
		t.Errorf("the page: %s", p)
	}
	trended := 0
	for _, f := range v.OnBoard() {
		if f.Trended() {
			trended++
		}
	}
	if len(r.boxes) != trended {
		t.Errorf("%d charts rendered, want %d", len(r.boxes), trended)
	}
	for i, b := range r.boxes {
		if b[0] < 50 || b[1] < 20 {
			t.Errorf("chart %d renders %.0f×%.0f px", i, b[0], b[1])
		}
	}
	if !strings.HasPrefix(string(r.pdf), "%PDF-") {
		t.Fatalf("not a PDF: %q", r.pdf[:min(len(r.pdf), 20)])
	}
	if n := pdfPages(r.pdf); n != len(BoardSections()) {
		t.Errorf("the PDF has %d pages, want one per section (%d)", n, len(BoardSections()))
	}
}

// The checks above catch what they look for: a page that fetches from the
// network and throws is reported.
func TestBrowserChecksCatchABadPage(t *testing.T) {
	file := filepath.Join(t.TempDir(), "bad.html")
	bad := `<!DOCTYPE html><html><head><title>bad</title></head><body>
<img src="http://127.0.0.1:9/logo.png"><script>console.error("boom"); undefinedThing();</script></body></html>`
	if err := os.WriteFile(file, []byte(bad), 0o600); err != nil {
		t.Fatal(err)
	}
	r := browse(t, file)
	joined := strings.Join(r.problems, "\n")
	for _, want := range []string{"request outside the file: http://127.0.0.1:9/logo.png", "console error", "exception"} {
		if !strings.Contains(joined, want) {
			t.Errorf("not caught: %s\n%s", want, joined)
		}
	}
	if n := pdfPages(r.pdf); n != 1 {
		t.Errorf("a one-page document prints as %d pages", n)
	}
}
