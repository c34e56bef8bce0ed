package entitlementtest

import (
	"flag"
	"fmt"
	"sync"

	"pgregory.net/rapid"

	"github.com/tariffkit/tariff/catalog"
	"github.com/tariffkit/tariff/entitlement"
)

// CheckFails is the assertion that c should fail: it passes when rapid
// finds an orderable account over c that does not resolve, and returns the
// smallest such account with its resolution error; it fails t when every
// account rapid generates resolves (then the account is the zero one and
// the error nil). A host uses it to keep a deliberately broken catalog in
// its tests, or to prove that a check would catch a mistake:
//
//	a, err := entitlementtest.CheckFails(t, broken, entitlementtest.Options{})
//	if !errors.Is(err, entitlement.ErrConflict) { t.Errorf("%+v: %v", a, err) }
//
// Options apply as in Check (KnownConflicts are left out of generated
// accounts); CheckFails never writes a rapid fail file. A nil c or invalid
// Options fail t as in Check.
func CheckFails(t rapid.TB, c *catalog.Catalog, opts Options) (entitlement.Account, error) {
	t.Helper()
	if err := check(c, opts); err != nil {
		t.Fatalf("%v", err)
		return entitlement.Account{}, nil
	}
	var found entitlement.Account
	var foundErr error
	report := opts.Report
	opts.Report = func(a entitlement.Account, err error) {
		found, foundErr = a, err
		if report != nil {
			report(a, err)
		}
	}
	rec := &recorder{TB: t}
	withFailFiles(false, func() { rapid.Check(rec, Property(c, opts)) })
	if foundErr == nil {
		t.Errorf("entitlementtest: every generated account over the catalog resolves; want one that does not%s", rec.note())
		return entitlement.Account{}, nil
	}
	return found, foundErr
}

// recorder is the rapid.TB CheckFails hands rapid: rapid's report of a
// failing property is recorded, not passed on, since a failure is what
// CheckFails wants; logs and helpers go to the test.
type recorder struct {
	rapid.TB
	failed bool
	msgs   []string
}

func (r *recorder) Errorf(format string, args ...any) { r.fail(fmt.Sprintf(format, args...)) }
func (r *recorder) Error(args ...any)                 { r.fail(fmt.Sprint(args...)) }
func (r *recorder) Fatalf(format string, args ...any) { r.fail(fmt.Sprintf(format, args...)) }
func (r *recorder) Fatal(args ...any)                 { r.fail(fmt.Sprint(args...)) }
func (r *recorder) Fail()                             { r.failed = true }
func (r *recorder) FailNow()                          { r.failed = true }
func (r *recorder) Failed() bool                      { return r.failed }

func (r *recorder) fail(msg string) { r.failed, r.msgs = true, append(r.msgs, msg) }

// note returns what rapid reported other than a failing property (too few
// valid cases, say), for the failure message.
func (r *recorder) note() string {
	if len(r.msgs) == 0 {
		return ""
	}
	return " (rapid: " + r.msgs[0] + ")"
}

// failFilesMu serialises the changes withFailFiles makes to rapid's
// process-wide -rapid.nofailfile flag.
var failFilesMu sync.Mutex

// withFailFiles runs f with rapid's fail files on or off, and restores
// the flag afterwards. Fail files already off (by flag or RAPID_NOFAILFILE)
// stay off.
func withFailFiles(on bool, f func()) {
	fl := flag.Lookup("rapid.nofailfile")
	if on || fl == nil {
		f()
		return
	}
	failFilesMu.Lock()
	defer failFilesMu.Unlock()
	old := fl.Value.String()
	_ = fl.Value.Set("true")
	defer func() { _ = fl.Value.Set(old) }()
	f()
}
