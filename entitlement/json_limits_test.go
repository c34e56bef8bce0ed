package entitlement_test

import (
	"bytes"
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/tariffkit/tariff/catalog"
	"github.com/tariffkit/tariff/entitlement"
	"github.com/tariffkit/tariff/internal/strictjson/jsontest"
)

const mib = 1 << 20

// acctAround returns the text of acct's document before and after its
// members.
func acctAround() (before, after string) {
	before, after, _ = strings.Cut(acct("\x00"), "\x00")
	return before, after
}

// bandRules returns n band rules, each the value of the only band of the
// one before: n*3 levels of nesting.
func bandRules(n int) []byte {
	return jsontest.Join(jsontest.Repeat(`{"fact": "f", "bands": [{"value": `, n), "1", jsontest.Repeat("}]}", n))
}

// withMembers returns acct's document with members (JSON text) as its
// last members.
func withMembers(parts ...any) []byte {
	before, after := acctAround()
	return jsontest.Join(append(append([]any{before}, parts...), after)...)
}

// at returns the offset of the first occurrence of s in doc.
func at(doc []byte, s string) int64 { return int64(bytes.Index(doc, []byte(s))) }

// TestDecodeAccountLimits: a document that crosses a limit gives a
// *DecodeError matching catalog.ErrLimit at the path and offset where it was
// crossed; one at the limit decodes.
func TestDecodeAccountLimits(t *testing.T) {
	id := func(n int) []byte { return jsontest.Join(`{"main": "m", "id": "`, strings.Repeat("a", n), `"}`) }
	rules := func(n int) []byte { return withMembers(`"values": {"x": `, bandRules(n), `}`) }
	fact := func(text string) []byte { return withMembers(`"facts": {"arpu": `, text, `}`) }
	factAt := at(fact(""), "}}")
	nines := func(n int) string { return strings.Repeat("9", n) }
	quantity := withMembers(`"add_ons": [{"add_on": "easy_sms", "quantity": `, nines(101), `}]`)
	decimalValue := withMembers(`"values": {"attachment_mb": "`, nines(101), `"}`)
	factName := withMembers(`"facts": {"`, strings.Repeat("f", mib+1), `": 1}`)
	members := withMembers(`"values": {"x": {`, jsontest.Members(1_000_001, "0"), `}}`)
	elements := func(n int) []byte {
		return withMembers(`"values": {"follow_me_numbers": [`, jsontest.Elements(n, `"1"`), `]}`)
	}
	tests := []struct {
		name     string
		in       []byte
		wantPath string // "": decodes
		wantOff  int64
	}{
		{name: "document: one byte beyond 256 MiB, refused unread", in: make([]byte, 256*mib+1), wantPath: "$", wantOff: 256 * mib},
		{name: "depth: 20 band rules nested, 62 levels deep, decode", in: rules(20)},
		{name: "depth: one level deeper, at its bracket", in: rules(21),
			wantPath: "values.x." + strings.Repeat("bands[0].value.", 20) + "bands[0]", wantOff: int64(jsontest.OpeningAt(rules(21), 65))},
		{name: "string: an ID of 1 MiB decodes", in: id(mib)},
		{name: "string: one byte longer, at that byte", in: id(mib + 1), wantPath: "id", wantOff: at(id(1), `"a"`) + 1 + mib},
		{name: "string: a fact name beyond 1 MiB, at its object", in: factName, wantPath: "facts", wantOff: at(factName, `{"fff`) + 2 + mib},
		{name: "members: a value of 1,000,001 members, checked before it is decoded", in: members, wantPath: "values.x", wantOff: at(members, `"k1000000"`)},
		{name: "elements: a list value of 1,000,000 decodes", in: elements(1_000_000)},
		{name: "elements: one more, at it", in: elements(1_000_001), wantPath: "values.follow_me_numbers", wantOff: at(elements(1), `"1"`) + 4*1_000_000},
		{name: "digits: a fact of 100 significant digits decodes", in: fact(nines(100))},
		{name: "digits: 101, at the 101st", in: fact(nines(101)), wantPath: "facts.arpu", wantOff: factAt + 100},
		{name: "digits: in a decimal value written as a string, at the string", in: decimalValue, wantPath: "values.attachment_mb", wantOff: at(decimalValue, `"9`)},
		{name: "digits: in a quantity", in: quantity, wantPath: "add_ons[0].quantity", wantOff: at(quantity, "999") + 100},
		{name: "exponent: a fact of 1e-1000 decodes", in: fact("1e-1000")},
		{name: "exponent: 1e-1001, at the number", in: fact("1e-1001"), wantPath: "facts.arpu", wantOff: factAt},
		{name: "number text: one byte beyond 1108, at it", in: fact("0." + strings.Repeat("0", 1101) + "1e1000"), wantPath: "facts.arpu", wantOff: factAt + 1108},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := entitlement.DecodeAccount(tt.in, fixtureCatalog)
			if tt.wantPath == "" {
				if err != nil {
					t.Fatalf("err = %.300v, want none", err)
				}
				return
			}
			var de *catalog.DecodeError
			if !errors.Is(err, catalog.ErrLimit) || !errors.Is(err, catalog.ErrSyntax) || !errors.As(err, &de) {
				t.Fatalf("err = %.300v, want a *DecodeError matching catalog.ErrLimit", err)
			}
			if de.Path != tt.wantPath || de.Offset != tt.wantOff {
				t.Errorf("at %s, offset %d; want %s, offset %d", de.Path, de.Offset, tt.wantPath, tt.wantOff)
			}
			numeric := strings.HasPrefix(tt.name, "digits") || strings.HasPrefix(tt.name, "exponent") || strings.HasPrefix(tt.name, "number")
			if errors.Is(err, catalog.ErrInvalidValue) != numeric {
				t.Errorf("matches ErrInvalidValue: %v; only a number beyond its bounds does", !numeric)
			}
		})
	}
}

// hostile is a document built to cost much, which fails.
type hostile struct {
	name     string
	in       []byte
	wantErr  error
	maxAlloc uint64 // 0: in proportion to the input
}

// hostileAccounts returns accounts built to cost much, each failing.
func hostileAccounts() []hostile {
	return []hostile{
		{"a 50 MB fact: digit limit at its 101st digit", withMembers(`"facts": {"arpu": `, jsontest.Repeat("7", 50_000_000), `}`), catalog.ErrLimit, 64 << 10},
		{"a 50 MB decimal value: string limit at 1 MiB", withMembers(`"values": {"attachment_mb": "`, jsontest.Repeat("7", 50_000_000), `"}`), catalog.ErrLimit, 64 << 10},
		{"ten million nested arrays: depth limit at level 65", withMembers(`"values": {"x": `, jsontest.Repeat("[", 10_000_000), jsontest.Repeat("]", 10_000_000), `}`), catalog.ErrLimit, 64 << 10},
		{"10,000 unknown fields: unknown field at the first", withMembers(jsontest.Members(10_000, `"x"`)), catalog.ErrUnknownField, 64 << 10},
		{"1,000,001 feature states: member limit at the last, memory for what is kept",
			withMembers(`"states": {`, jsontest.Members(1_000_001, `"enabled"`), `}`), catalog.ErrLimit, 0},
	}
}

// TestHostileAccountsFailFast: a document built to cost much fails where
// its problem starts, having allocated next to nothing; one that makes the
// decoder keep much allocates in proportion to what it keeps.
func TestHostileAccountsFailFast(t *testing.T) {
	for _, tt := range hostileAccounts() {
		t.Run(tt.name, func(t *testing.T) {
			var err error
			alloc := jsontest.Allocated(func() { _, err = entitlement.DecodeAccount(tt.in, fixtureCatalog) })
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %.200v, want %v", err, tt.wantErr)
			}
			max := tt.maxAlloc
			if max == 0 {
				max = 8 * uint64(len(tt.in)) // a StateSetting and its key a member
			}
			if alloc > max {
				t.Errorf("allocated %d bytes for a document of %d, want at most %d", alloc, len(tt.in), max)
			}
		})
	}
}

// BenchmarkDecodeAccountLimits decodes the hostile accounts beside a valid
// account of similar size: bytes allocated per input byte can be compared
// within one run.
func BenchmarkDecodeAccountLimits(b *testing.B) {
	// 300,000 timed add-ons: about as large as a million feature states.
	validAccount := withMembers(`"add_ons": [`,
		jsontest.Elements(300_000, `{"add_on": "easy_sms", "quantity": 2, "from": "2026-11-01T00:00:00Z", "until": "2026-12-01T00:00:00Z"}`), `]`)
	b.Run("valid_300k_add_ons_"+strconv.Itoa(len(validAccount)>>20)+"MB", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(validAccount)))
		for b.Loop() {
			if _, err := entitlement.DecodeAccount(validAccount, fixtureCatalog); err != nil {
				b.Fatal(err)
			}
		}
	})
	for _, h := range hostileAccounts() {
		b.Run("hostile_"+strings.ReplaceAll(h.name[:strings.IndexByte(h.name, ':')], " ", "_"), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(h.in)))
			for b.Loop() {
				if _, err := entitlement.DecodeAccount(h.in, fixtureCatalog); !errors.Is(err, h.wantErr) {
					b.Fatal(err)
				}
			}
		})
	}
}
