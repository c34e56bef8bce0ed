package entitlement

import (
	"bufio"
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os/exec"
	"regexp"
	"runtime"
	"strconv"
	"testing"
)

// TestCompilerClaims checks what the resolver's comments say the compiler
// does with its code, as net/netip's TestInlining does: it builds the
// package with the compiler's diagnostics on and reads them.
func TestCompilerClaims(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the package")
	}
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	out, err := exec.Command(goCmd, "build", "-gcflags=-m -d=nil -d=ssa/check_bce/debug=1", ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	diags := readDiagnostics(out)
	fset := token.NewFileSet()
	funcs := map[string]*ast.FuncDecl{}
	for _, file := range []string{"ids.go", "layers.go", "block.go"} {
		f, err := parser.ParseFile(fset, file, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok {
				funcs[funcKey(fd)] = fd
			}
		}
	}
	// in returns the diagnostics with message msg in node n.
	in := func(n ast.Node, msg string) []diagnostic {
		from, to := fset.Position(n.Pos()), fset.Position(n.End())
		var found []diagnostic
		for _, d := range diags {
			if d.msg == msg && d.file == from.Filename && d.line >= from.Line && d.line <= to.Line {
				found = append(found, d)
			}
		}
		return found
	}

	// ids.go: find hashes an ID of 8 to 16 bytes without a call.
	for _, name := range []string{"load64", "mix", "hashEnds"} {
		if len(in(funcs[name], "can inline "+name)) == 0 {
			t.Errorf("%s is not inlinable", name)
		}
	}
	for _, name := range []string{"load64", "hashEnds"} {
		if len(in(funcs["idTable.find"], "inlining call to "+name)) == 0 {
			t.Errorf("find does not inline %s", name)
		}
	}

	// Bounds and nil checks depend on the architecture; the claims are
	// made, and measured, on amd64.
	if runtime.GOARCH != "amd64" {
		return
	}
	// The loops over a product's parallel lists (sparse, consts) check
	// bounds once per element: on the word or entry they write.
	for _, name := range []string{"markStates", "markAttrs", "writeOverrides", "writeConsts", "writeSums", "block.writeFeatures"} {
		if got := in(innermostLoop(funcs[name]), "Found IsInBounds"); len(got) != 1 {
			t.Errorf("%s: %d bounds checks in its loop, want 1: %v", name, len(got), got)
		}
	}
	// writeAttrs reads a word's entries through scratch.sw without bounds
	// or nil checks: the one bounds check left is on the entry it writes.
	loop := innermostLoop(funcs["block.writeAttrs"])
	if got := in(loop, "Found IsInBounds"); len(got) != 1 {
		t.Errorf("writeAttrs: %d bounds checks in its inner loop, want 1: %v", len(got), got)
	}
	if got := in(loop, "generated nil check"); len(got) != 0 {
		t.Errorf("writeAttrs: nil checks in its inner loop: %v", got)
	}
}

// funcKey names a function, or a method after its receiver's type
// ("idTable.find").
func funcKey(fd *ast.FuncDecl) string {
	if fd.Recv == nil || len(fd.Recv.List) == 0 {
		return fd.Name.Name
	}
	t := fd.Recv.List[0].Type
	if st, ok := t.(*ast.StarExpr); ok {
		t = st.X
	}
	if id, ok := t.(*ast.Ident); ok {
		return id.Name + "." + fd.Name.Name
	}
	return fd.Name.Name
}

type diagnostic struct {
	file string
	line int
	msg  string
}

func (d diagnostic) String() string { return fmt.Sprintf("%s:%d: %s", d.file, d.line, d.msg) }

var diagLine = regexp.MustCompile(`^\./([^:]+):(\d+):\d+: (.*)$`)

// readDiagnostics parses the compiler's "./file.go:line:col: message"
// lines.
func readDiagnostics(out []byte) []diagnostic {
	var ds []diagnostic
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		if m := diagLine.FindStringSubmatch(sc.Text()); m != nil {
			line, _ := strconv.Atoi(m[2])
			ds = append(ds, diagnostic{file: m[1], line: line, msg: m[3]})
		}
	}
	return ds
}

// innermostLoop returns the body of the deepest loop in fd.
func innermostLoop(fd *ast.FuncDecl) ast.Node {
	var body ast.Node
	depth, best := 0, 0
	var walk func(n ast.Node) bool
	walk = func(n ast.Node) bool {
		var b *ast.BlockStmt
		switch n := n.(type) {
		case *ast.ForStmt:
			b = n.Body
		case *ast.RangeStmt:
			b = n.Body
		default:
			return true
		}
		depth++
		if depth > best {
			best, body = depth, b
		}
		ast.Inspect(b, walk)
		depth--
		return false
	}
	ast.Inspect(fd.Body, walk)
	return body
}
