package main

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestBrowserOneClickUpgrade clicks through the one-click upgrade in a real
// headless Chromium, driven through ChromeDriver's WebDriver protocol (plain
// HTTP and JSON, so no dependency): John's page shows the 93 % notice, the
// upgrade button leads to the prorated charge, confirming shows the
// provisioning change and the bill, and John's page then shows his new
// quota. A screenshot of each step is written to $SELFCARE_ARTIFACTS
// (default: selfcare-artifacts in the system's temporary directory).
//
// It needs Debian's chromium and chromium-driver; without them it skips,
// unless SELFCARE_BROWSER=require (as .ci/run sets after installing them).
func TestBrowserOneClickUpgrade(t *testing.T) {
	driverPath, err1 := exec.LookPath("chromedriver")
	browserPath, err2 := exec.LookPath("chromium")
	if err1 != nil || err2 != nil {
		if os.Getenv("SELFCARE_BROWSER") == "require" {
			t.Fatalf("chromedriver or chromium missing: %v, %v", err1, err2)
		}
		t.Skip("no chromium and chromedriver (apt-get install chromium chromium-driver)")
	}
	_, srv := newServer(t)
	wd := startDriver(t, driverPath)
	s := wd.session(t, browserPath)

	s.open(t, srv.URL+"/account/john")
	s.expect(t, "#storage-notice", "Your mailbox is 93 % full.")
	s.screenshot(t, "1-notice")
	s.click(t, "#upgrade")

	s.expect(t, "#charges", "Mailbox Plus, 20 Nov–30 Nov (11/30 of the month at 1.99 EUR)")
	s.expect(t, "#confirm", "Confirm: 0.73 EUR")
	s.screenshot(t, "2-order")
	s.click(t, "#confirm")

	s.expect(t, "#charged", "Charged today: 0.73 EUR. Bonus earned: 0.07 EUR.")
	s.expect(t, "#changes", "change Mailbox storage from 1 GB to 5 GB")
	s.expect(t, "#bill", "11.72 EUR")
	s.screenshot(t, "3-confirmed")
	s.click(t, "#back")

	s.expect(t, "#storage", "0.93 GB of 5 GB used (18.6 %)")
	s.expect(t, "#balance", "Bonus balance: 0.07 EUR")
	s.screenshot(t, "4-account")
}

// driver is a running ChromeDriver.
type driver struct{ base string }

func startDriver(t *testing.T, path string) driver {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	cmd := exec.Command(path, fmt.Sprintf("--port=%d", port))
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	d := driver{base: fmt.Sprintf("http://127.0.0.1:%d", port)}
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		var status struct {
			Ready bool `json:"ready"`
		}
		if err := d.call("GET", "/status", nil, &status); err == nil && status.Ready {
			return d
		}
		if time.Now().After(deadline) {
			t.Fatal("chromedriver did not become ready")
		}
	}
}

// call sends a WebDriver command and decodes its "value" into out.
func (d driver) call(method, path string, in, out any) error {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return err
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, d.base+path, body)
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	var env struct {
		Value json.RawMessage `json:"value"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&env); err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s %s: %d %s", method, path, resp.StatusCode, env.Value)
	}
	if out != nil {
		return json.Unmarshal(env.Value, out)
	}
	return nil
}

// session is a browser session.
type session struct {
	d  driver
	id string
}

func (d driver) session(t *testing.T, browser string) session {
	t.Helper()
	caps := map[string]any{"capabilities": map[string]any{"alwaysMatch": map[string]any{
		"browserName": "chrome",
		"goog:chromeOptions": map[string]any{"binary": browser,
			"args": []string{"--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1000,1400"}},
	}}}
	var created struct {
		SessionID string `json:"sessionId"`
	}
	if err := d.call("POST", "/session", caps, &created); err != nil {
		t.Fatal(err)
	}
	s := session{d: d, id: created.SessionID}
	t.Cleanup(func() { d.call("DELETE", "/session/"+s.id, nil, nil) })
	// Finding an element waits for it while a page loads after a click.
	if err := d.call("POST", "/session/"+s.id+"/timeouts", map[string]int{"implicit": 10000}, nil); err != nil {
		t.Fatal(err)
	}
	return s
}

func (s session) open(t *testing.T, url string) {
	t.Helper()
	if err := s.d.call("POST", "/session/"+s.id+"/url", map[string]string{"url": url}, nil); err != nil {
		t.Fatal(err)
	}
}

// element finds the element a CSS selector names.
func (s session) element(t *testing.T, css string) string {
	t.Helper()
	var found map[string]string
	if err := s.d.call("POST", "/session/"+s.id+"/element", map[string]string{"using": "css selector", "value": css}, &found); err != nil {
		t.Fatalf("find %s: %v", css, err)
	}
	return found["element-6066-11e4-a52e-4f735466cecf"]
}

func (s session) click(t *testing.T, css string) {
	t.Helper()
	if err := s.d.call("POST", "/session/"+s.id+"/element/"+s.element(t, css)+"/click", map[string]any{}, nil); err != nil {
		t.Fatalf("click %s: %v", css, err)
	}
}

// expect checks that the element css names shows want.
func (s session) expect(t *testing.T, css, want string) {
	t.Helper()
	var text string
	if err := s.d.call("GET", "/session/"+s.id+"/element/"+s.element(t, css)+"/text", nil, &text); err != nil {
		t.Fatalf("text of %s: %v", css, err)
	}
	if !strings.Contains(text, want) {
		t.Errorf("%s shows %q, want %q", css, text, want)
	}
}

// screenshot writes the page as a PNG artifact.
func (s session) screenshot(t *testing.T, name string) {
	t.Helper()
	var b64 string
	if err := s.d.call("GET", "/session/"+s.id+"/screenshot", nil, &b64); err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	png, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		t.Fatal(err)
	}
	dir := os.Getenv("SELFCARE_ARTIFACTS")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "selfcare-artifacts")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, name+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s (%d bytes)", path, len(png))
}
