package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"cxroom/tui/cli"
)

// The service file and the Dockerfile cannot be run here (no systemd as
// init, no Docker daemon): these tests read them and hold them to what the
// server needs, and run their command lines through the real command tree.

// unitFile is a systemd unit: section → key → values (a key may repeat).
type unitFile map[string]map[string][]string

func (u unitFile) get(section, key string) string {
	v := u[section][key]
	if len(v) == 0 {
		return ""
	}
	return v[len(v)-1]
}

func readUnit(t *testing.T, path string) unitFile {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	u := unitFile{}
	section := ""
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, ";"):
		case strings.HasPrefix(line, "[") && strings.HasSuffix(line, "]"):
			section = strings.Trim(line, "[]")
			u[section] = map[string][]string{}
		default:
			k, v, ok := strings.Cut(line, "=")
			if !ok || section == "" || strings.HasSuffix(line, `\`) {
				t.Fatalf("%s:%d: not a key=value line in a section: %q", path, n, line)
			}
			u[section][k] = append(u[section][k], v)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return u
}

// parses runs args through the real command tree with --help: exit 0 means
// every command and flag named exists.
func parses(t *testing.T, args []string) {
	t.Helper()
	var out, errb bytes.Buffer
	if code := run(context.Background(), append(slices.Clone(args), "--help"), nil, &out, &errb); code != 0 {
		t.Errorf("cxroom %s: exit %d: %s", strings.Join(args, " "), code, errb.String())
	}
}

// flagValue is the value of --name in args.
func flagValue(args []string, name string) string {
	for i, a := range args {
		if a == "--"+name && i+1 < len(args) {
			return args[i+1]
		}
		if v, ok := strings.CutPrefix(a, "--"+name+"="); ok {
			return v
		}
	}
	return ""
}

func port(t *testing.T, addr string) string {
	t.Helper()
	_, p, err := net.SplitHostPort(addr)
	if err != nil {
		t.Fatalf("%q: %v", addr, err)
	}
	return p
}

func TestServiceFile(t *testing.T) {
	const path = "../../deploy/cxroom.service"
	u := readUnit(t, path)
	svc := u["Service"]
	if svc == nil {
		t.Fatal("no [Service]")
	}
	want := map[string]string{
		"Type":             "exec",
		"StateDirectory":   "cxroom",
		"ProtectSystem":    "strict",
		"NoNewPrivileges":  "yes",
		"Restart":          "on-failure",
		"KillSignal":       "SIGTERM",
		"ProtectHome":      "yes",
		"PrivateTmp":       "yes",
		"SystemCallFilter": "@system-service",
	}
	for k, v := range want {
		if got := u.get("Service", k); got != v {
			t.Errorf("%s=%q, want %q", k, got, v)
		}
	}
	if user := u.get("Service", "User"); user == "" || user == "root" || user == "0" {
		t.Errorf("User=%q: the service needs its own user", user)
	} else if sys, err := os.ReadFile("../../deploy/cxroom.sysusers"); err != nil || !regexp.MustCompile(`(?m)^u `+user+` `).Match(sys) {
		t.Errorf("deploy/cxroom.sysusers does not create the user %s: %v", user, err)
	}
	if got := u.get("Service", "CapabilityBoundingSet"); got != "" {
		t.Errorf("CapabilityBoundingSet=%q: the server needs no capability", got)
	}
	// SIGTERM → graceful stop: systemd must wait for the sessions to end
	// and the rooms and the store to close before it kills.
	stop, err := time.ParseDuration(u.get("Service", "TimeoutStopSec"))
	if err != nil || stop < shutdownGrace+closeDeadline+5*time.Second {
		t.Errorf("TimeoutStopSec=%q: the shutdown may take %v", u.get("Service", "TimeoutStopSec"), shutdownGrace+closeDeadline)
	}
	env := strings.Join(svc["Environment"], " ")
	if !strings.Contains(env, "CXROOM_DATA=/var/lib/"+u.get("Service", "StateDirectory")) {
		t.Errorf("Environment=%q: the data folder must be the state directory", env)
	}
	start := strings.Fields(u.get("Service", "ExecStart"))
	if len(start) < 2 || !filepath.IsAbs(start[0]) || filepath.Base(start[0]) != "cxroom" || start[1] != "serve" {
		t.Fatalf("ExecStart=%q: want /…/cxroom serve …", start)
	}
	parses(t, start[1:])
	if m := flagValue(start, "metrics"); m == "" || port(t, m) != port(t, cli.DefaultMetricsAddr) {
		t.Errorf("ExecStart serves metrics on %q; `cxroom health` asks %s by default", m, cli.DefaultMetricsAddr)
	}
	if got := u.get("Install", "WantedBy"); got != "multi-user.target" {
		t.Errorf("WantedBy=%q", got)
	}

	// systemd's own check, with the binary at hand (verify needs
	// ExecStart's file to exist); not on every machine.
	analyze, err := exec.LookPath("systemd-analyze")
	if err != nil {
		t.Log("systemd-analyze not installed: the unit was checked by this test only")
		return
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	unit := filepath.Join(t.TempDir(), "cxroom.service")
	if err := os.WriteFile(unit, bytes.ReplaceAll(data, []byte(start[0]), []byte(binary(t))), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(analyze, "verify", unit).CombinedOutput()
	if err != nil || len(bytes.TrimSpace(out)) > 0 {
		t.Errorf("systemd-analyze verify: %v\n%s", err, out)
	}
}

// dockerInstr is one Dockerfile instruction.
type dockerInstr struct {
	cmd  string // upper case
	args string
}

type dockerStage struct {
	from, name string
	instrs     []dockerInstr
}

func (s dockerStage) all(cmd string) []string {
	var out []string
	for _, in := range s.instrs {
		if in.cmd == cmd {
			out = append(out, in.args)
		}
	}
	return out
}

func readDockerfile(t *testing.T, path string) []dockerStage {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var stages []dockerStage
	var cur strings.Builder
	flush := func() {
		line := strings.TrimSpace(cur.String())
		cur.Reset()
		if line == "" {
			return
		}
		cmd, args, _ := strings.Cut(line, " ")
		in := dockerInstr{cmd: strings.ToUpper(cmd), args: strings.TrimSpace(args)}
		if in.cmd == "FROM" {
			f := strings.Fields(in.args)
			st := dockerStage{from: f[0]}
			if len(f) == 3 && strings.EqualFold(f[1], "AS") {
				st.name = f[2]
			}
			stages = append(stages, st)
			return
		}
		if len(stages) == 0 {
			if in.cmd != "ARG" {
				t.Fatalf("%s: %s before the first FROM", path, in.cmd)
			}
			return
		}
		stages[len(stages)-1].instrs = append(stages[len(stages)-1].instrs, in)
	}
	for _, l := range strings.Split(string(b), "\n") {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "#") {
			continue
		}
		if s, ok := strings.CutSuffix(t, `\`); ok {
			cur.WriteString(s + " ")
			continue
		}
		cur.WriteString(t)
		flush()
	}
	flush()
	return stages
}

// execForm parses a JSON-array instruction argument.
func execForm(t *testing.T, what, args string) []string {
	t.Helper()
	var out []string
	if err := json.Unmarshal([]byte(args), &out); err != nil || len(out) == 0 {
		t.Fatalf("%s %s: want the exec form, a JSON array (signals reach cxroom, no shell needed): %v", what, args, err)
	}
	return out
}

func TestDockerfile(t *testing.T) {
	stages := readDockerfile(t, "../../Dockerfile")
	if len(stages) < 2 {
		t.Fatalf("%d stages: want a build stage and a run stage", len(stages))
	}
	build, final := stages[0], stages[len(stages)-1]

	// build: the Go of go.mod, a static binary
	mod, err := os.ReadFile("../../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	goVer := regexp.MustCompile(`(?m)^go (\d+\.\d+)`).FindSubmatch(mod)
	if build.name == "" || !strings.HasPrefix(build.from, "golang:"+string(goVer[1])) {
		t.Errorf("build stage FROM %s AS %q: want golang:%s… AS a name", build.from, build.name, goVer[1])
	}
	runs := strings.Join(build.all("RUN"), "\n")
	if !strings.Contains(runs, "CGO_ENABLED=0") || !strings.Contains(runs, "go build") || !strings.Contains(runs, "./cmd/cxroom") {
		t.Errorf("the build stage does not build a static cxroom (CGO_ENABLED=0 go build ./cmd/cxroom):\n%s", runs)
	}

	// run: a minimal base, the binary from the build stage, not root
	if !strings.HasPrefix(final.from, "gcr.io/distroless/static") && final.from != "scratch" {
		t.Errorf("run stage FROM %s: want a static base (distroless/static or scratch)", final.from)
	}
	fromBuild := false
	for _, c := range final.all("COPY") {
		fromBuild = fromBuild || strings.Contains(c, "--from="+build.name)
	}
	if !fromBuild {
		t.Error("the run stage copies nothing from the build stage")
	}
	users := final.all("USER")
	if len(users) == 0 {
		t.Fatal("no USER: the server would run as root")
	}
	if u, _, _ := strings.Cut(users[len(users)-1], ":"); u == "root" || u == "0" {
		t.Errorf("USER %s: want a non-root user", users[len(users)-1])
	}
	data := ""
	for _, e := range final.all("ENV") {
		for _, kv := range strings.Fields(e) {
			if v, ok := strings.CutPrefix(kv, "CXROOM_DATA="); ok {
				data = v
			}
		}
	}
	vols := strings.Join(final.all("VOLUME"), " ")
	if data == "" || !strings.Contains(vols, `"`+data+`"`) {
		t.Errorf("the data folder (ENV CXROOM_DATA=%q) is not a VOLUME (%s)", data, vols)
	}
	entry := final.all("ENTRYPOINT")
	cmds := final.all("CMD")
	if len(entry) != 1 || len(cmds) != 1 {
		t.Fatalf("ENTRYPOINT %q, CMD %q: want one each", entry, cmds)
	}
	bin := execForm(t, "ENTRYPOINT", entry[0])
	args := execForm(t, "CMD", cmds[0])
	if len(bin) != 1 || filepath.Base(bin[0]) != "cxroom" || args[0] != "serve" {
		t.Fatalf("ENTRYPOINT %q CMD %q: want cxroom serve …", bin, args)
	}
	parses(t, args)
	listen, metricsAt := flagValue(args, "listen"), flagValue(args, "metrics")
	if listen == "" || metricsAt == "" {
		t.Fatalf("CMD %q: want --listen and --metrics", args)
	}
	exposed := strings.Fields(strings.Join(final.all("EXPOSE"), " "))
	for _, p := range []string{port(t, listen), port(t, metricsAt)} {
		if !slices.Contains(exposed, p) && !slices.Contains(exposed, p+"/tcp") {
			t.Errorf("port %s is not EXPOSEd (%q)", p, exposed)
		}
	}
	hc := final.all("HEALTHCHECK")
	if len(hc) != 1 {
		t.Fatalf("HEALTHCHECK: %q", hc)
	}
	_, check, ok := strings.Cut(hc[0], "CMD ")
	if !ok {
		t.Fatalf("HEALTHCHECK %s: no CMD", hc[0])
	}
	probe := execForm(t, "HEALTHCHECK CMD", check)
	if probe[0] != bin[0] || len(probe) < 2 || probe[1] != "health" || port(t, flagValue(probe, "metrics")) != port(t, metricsAt) {
		t.Errorf("HEALTHCHECK %q: want %s health --metrics …:%s", probe, bin[0], port(t, metricsAt))
	}
	parses(t, probe[1:])
	if s := final.all("STOPSIGNAL"); len(s) > 0 && s[0] != "SIGTERM" {
		t.Errorf("STOPSIGNAL %s: cxroom stops gracefully on SIGTERM", s[0])
	}

	// the build context leaves the repository's history and local data out
	ignore, err := os.ReadFile("../../.dockerignore")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{".git", "bin", ".data"} {
		if !regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(p) + `$`).Match(ignore) {
			t.Errorf(".dockerignore lacks %s", p)
		}
	}
}
