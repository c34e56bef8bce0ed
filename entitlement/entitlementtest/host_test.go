package entitlementtest_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/tariffkit/tariff/catalog"
	"github.com/tariffkit/tariff/entitlement"
	"github.com/tariffkit/tariff/entitlement/entitlementtest"
)

// conflicting is definition() with x and y conflicting on call_waiting at
// priority 9.
func conflicting() *catalog.Catalog {
	return catalog.MustNew(definition(addOn("x", 9, "call_waiting", catalog.Enabled), addOn("y", 9, "call_waiting", catalog.Disabled)))
}

func TestKnownConflictsAreLeftOutOfGeneratedAccounts(t *testing.T) {
	entitlementtest.Check(t, conflicting(), entitlementtest.Options{KnownConflicts: [][2]string{{"y", "x"}}})
}

func TestStaleOrUnknownKnownConflictsFailWithErrOptions(t *testing.T) {
	for name, known := range map[string][2]string{
		"a pair Lint does not report": {"a", "b"},
		"an unknown add-on":           {"x", "nowhere"},
		"a main product":              {"x", "plan"},
	} {
		t.Run(name, func(t *testing.T) {
			rec := &fatalRecorder{recorder: recorder{TB: t}}
			entitlementtest.Check(rec, conflicting(), entitlementtest.Options{KnownConflicts: [][2]string{known}})
			if !rec.failed || !errors.Is(rec.err, entitlementtest.ErrOptions) {
				t.Errorf("failed %v with %v, want ErrOptions", rec.failed, rec.err)
			}
		})
	}
}

func TestCheckFailsReturnsTheSmallestFailingAccount(t *testing.T) {
	t.Chdir(t.TempDir())
	a, err := entitlementtest.CheckFails(t, conflicting(), entitlementtest.Options{})
	var ce *entitlement.ConflictError
	if !errors.As(err, &ce) || ce.AddOns != [2]string{"x", "y"} {
		t.Fatalf("CheckFails = %v, want the x/y conflict", err)
	}
	if len(a.AddOns) != 2 {
		t.Errorf("account %+v, want the shrunk x and y only", a.AddOns)
	}
	if _, err := os.Stat("testdata"); !os.IsNotExist(err) {
		t.Errorf("CheckFails wrote testdata: %v", err)
	}
}

func TestCheckFailsFailsOnACatalogThatResolves(t *testing.T) {
	rec := &recorder{TB: t}
	if _, err := entitlementtest.CheckFails(rec, catalog.MustNew(definition()), entitlementtest.Options{}); err != nil || !rec.failed {
		t.Errorf("CheckFails on a sound catalog: err %v, failed %v; want no error and a failed test", err, rec.failed)
	}
}

// TestFailFilesOnlyWhenAsked: a failing Check writes nothing under the
// package directory unless Options.FailFiles is set, and then rapid's file
// under testdata/rapid/<test name>/.
func TestFailFilesOnlyWhenAsked(t *testing.T) {
	for _, on := range []bool{false, true} {
		dir := t.TempDir()
		t.Run(map[bool]string{false: "off", true: "on"}[on], func(t *testing.T) {
			t.Chdir(dir)
			rec := &recorder{TB: t}
			entitlementtest.Check(rec, conflicting(), entitlementtest.Options{FailFiles: on})
			if !rec.failed {
				t.Fatal("Check passed on a conflicting catalog")
			}
			files, _ := filepath.Glob(filepath.Join("testdata", "rapid", "*", "*.fail"))
			if on != (len(files) == 1) {
				t.Errorf("FailFiles %v: fail files %v", on, files)
			}
		})
	}
}

// fatalRecorder is a recorder that keeps the first Fatalf's error argument.
type fatalRecorder struct {
	recorder
	err error
}

func (m *fatalRecorder) Fatalf(format string, args ...any) {
	m.failed = true
	for _, a := range args {
		if err, ok := a.(error); ok && m.err == nil {
			m.err = err
		}
	}
}
