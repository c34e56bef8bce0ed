package main

import (
	"bytes"
	"flag"
	"os"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/output.txt from the tour's output")

// TestTourOutput: the tour prints what testdata/output.txt holds, whose
// figures were checked by hand against the shipped price book: Basic Call
// 9.99 × 19/30 = 6.33, Smart Call 24.99 × 11/30 = 9.16, Easy SMS 2.00 ×
// 28/30 = 1.87, Unconditional forwarding 1.00 × 26/30 = 0.87, Smart Call's
// 15.00 setup fee, and 62 SMS beyond the allowance at 0.05 = 3.10.
func TestTourOutput(t *testing.T) {
	var out bytes.Buffer
	if err := run(&out); err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile("testdata/output.txt", out.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile("testdata/output.txt")
	if err != nil {
		t.Fatal(err)
	}
	if out.String() != string(want) {
		t.Errorf("tour output differs from testdata/output.txt (go test -update to accept):\n%s", out.String())
	}
}

// TestREADMEShowsTheTour: every line of Go in the README's tour is a line
// of this program, and every line of output the README shows is one the
// program prints, so the README's figures cannot drift from the code.
func TestREADMEShowsTheTour(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile("main.go")
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := run(&out); err != nil {
		t.Fatal(err)
	}
	code := lineSet(string(src), strings.TrimSpace)
	printed := lineSet(out.String(), func(s string) string { return strings.TrimRight(s, " ") })
	tour, ok := section(string(readme), "## A short tour")
	if !ok {
		t.Fatal(`README.md has no "## A short tour" section`)
	}
	goLines, outLines := 0, 0
	for _, b := range blocks(tour) {
		for _, line := range strings.Split(b.body, "\n") {
			switch {
			case strings.TrimSpace(line) == "":
			case b.lang == "go":
				goLines++
				if !code[strings.TrimSpace(line)] {
					t.Errorf("README tour code line not in examples/tour/main.go: %q", line)
				}
			case b.lang == "text":
				outLines++
				if !printed[strings.TrimRight(line, " ")] {
					t.Errorf("README tour output line not printed by the tour: %q", line)
				}
			}
		}
	}
	if goLines < 20 || outLines < 10 {
		t.Errorf("the README tour shows %d lines of code and %d of output: too few to be the tour", goLines, outLines)
	}
}

func lineSet(s string, norm func(string) string) map[string]bool {
	m := map[string]bool{}
	for _, l := range strings.Split(s, "\n") {
		m[norm(l)] = true
	}
	return m
}

// section returns the text of the Markdown section that starts with the
// heading line, up to the next heading of the same level.
func section(doc, heading string) (string, bool) {
	i := strings.Index(doc, "\n"+heading+"\n")
	if i < 0 {
		return "", false
	}
	rest := doc[i+len(heading)+2:]
	if j := strings.Index(rest, "\n## "); j >= 0 {
		rest = rest[:j]
	}
	return rest, true
}

type block struct{ lang, body string }

// blocks returns the fenced code blocks of md.
func blocks(md string) []block {
	var out []block
	parts := strings.Split(md, "```")
	for i := 1; i+1 < len(parts); i += 2 {
		lang, body, _ := strings.Cut(parts[i], "\n")
		out = append(out, block{strings.TrimSpace(lang), body})
	}
	return out
}
