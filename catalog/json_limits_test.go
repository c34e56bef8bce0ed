package catalog_test

import (
	"bytes"
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/tariffkit/tariff/catalog"
	"github.com/tariffkit/tariff/internal/catalogtest"
	"github.com/tariffkit/tariff/internal/strictjson/jsontest"
)

const mib = 1 << 20

// vpath is the path of the attributes object in setting's document.
const vpath = "products[0].features[0].attributes"

// bandRules returns n band rules, each the value of the only band of the
// one before: n*3 levels of nesting.
func bandRules(n int) []byte {
	return jsontest.Join(jsontest.Repeat(`{"fact": "f", "bands": [{"value": `, n), "1", jsontest.Repeat("}]}", n))
}

// ruleBands returns the path, from the first of bandRules, of the bands
// array of rule k.
func ruleBands(k int) string {
	return strings.Repeat("bands[0].value.", k) + "bands"
}

// settingAround returns the text of setting's document before and after
// its attributes object.
func settingAround() (before, after string) {
	before, after, _ = strings.Cut(setting("\x00"), "\x00")
	return before, after
}

// at returns the offset of the first occurrence of s in doc.
func at(doc []byte, s string) int64 { return int64(bytes.Index(doc, []byte(s))) }

// TestDecodeLimits: a document that crosses a limit gives a *DecodeError
// matching ErrLimit at the path and offset where it was crossed; one at
// the limit decodes.
func TestDecodeLimits(t *testing.T) {
	name := func(n int) []byte {
		return jsontest.Join(`{"groups": [{"id": "g", "name": "`, strings.Repeat("a", n), `"}]}`)
	}
	allowed := func(n int) []byte {
		return []byte(doc(string(jsontest.Join(`[{"id": "p", "kind": "addon", "allowed_main": [`, jsontest.Elements(n, `"a"`), `]}]`))))
	}
	number := func(text string) []byte { return []byte(setting(`{"d": ` + text + `}`)) }
	nines := func(n int) string { return strings.Repeat("9", n) }
	deferredDefault := jsontest.Join(`{"features": [{"id": "f", "attributes": [{"id": "a", "default": {`,
		jsontest.Members(1_000_001, "0"), `}, "type": "integer"}]}]}`)
	deep := []byte(setting(`{"i": ` + string(bandRules(20)) + `}`))
	priority := []byte(doc(`[{"id": "p", "kind": "addon", "priority": ` + nines(101) + `}]`))
	tests := []struct {
		name     string
		in       []byte
		value    bool   // DecodeValue(in, TypeInteger) rather than DecodeDefinition
		wantPath string // "": decodes
		wantOff  int64
	}{
		{name: "document: one byte beyond 256 MiB, refused unread", in: make([]byte, 256*mib+1), wantPath: "$", wantOff: 256 * mib},
		{name: "depth: 21 band rules nested, 63 levels deep, decode", in: bandRules(21), value: true},
		{name: "depth: band rules nested deeper, at the bracket of level 65", in: bandRules(22), value: true,
			wantPath: ruleBands(21), wantOff: int64(jsontest.OpeningAt(bandRules(22), 65))},
		{name: "depth: counted from the document's root", in: deep, wantPath: vpath + ".i." + ruleBands(19), wantOff: int64(jsontest.OpeningAt(deep, 65))},
		{name: "string: a name of 1 MiB decodes", in: name(mib)},
		{name: "string: a name one byte longer, at that byte", in: name(mib + 1), wantPath: "groups[0].name", wantOff: at(name(mib+1), `"aaa`) + 1 + mib},
		{name: "string: a key beyond 1 MiB, at its object", in: []byte(`{"` + strings.Repeat("k", mib+1) + `": 1}`), wantPath: "$", wantOff: 2 + mib},
		{name: "elements: 1,000,000 allowed main products decode", in: allowed(1_000_000)},
		{name: "elements: one more, at it", in: allowed(1_000_001), wantPath: "products[0].allowed_main", wantOff: at(allowed(1), `"a"`) + 4*1_000_000},
		{name: "members: a default of 1,000,001 members, checked before its type is known", in: deferredDefault,
			wantPath: "features[0].attributes[0].default", wantOff: at(deferredDefault, `"k1000000"`)},
		{name: "digits: 100 significant digits decode", in: number(nines(100))},
		{name: "digits: 101, at the 101st", in: number(nines(101)), wantPath: vpath + ".d", wantOff: at(number(""), "}}]}]}") + 100},
		{name: "digits: trailing zeros count", in: number("1." + strings.Repeat("0", 100)), wantPath: vpath + ".d", wantOff: at(number(""), "}}]}]}") + 101},
		{name: "digits: in a decimal string, at the string", in: number(`"` + nines(101) + `"`), wantPath: vpath + ".d", wantOff: at(number(""), "}}]}]}")},
		{name: "digits: in an integer", in: priority, wantPath: "products[0].priority", wantOff: at(priority, `"priority": `) + 12 + 100},
		{name: "exponent: 1e1000 decodes", in: number("1e1000")},
		{name: "exponent: 1e1001, at the number", in: number("1e1001"), wantPath: vpath + ".d", wantOff: at(number(""), "}}]}]}")},
		{name: "exponent: of the coefficient, 0.1e-1000", in: number("0.1e-1000"), wantPath: vpath + ".d", wantOff: at(number(""), "}}]}]}")},
		{name: "number text: 1108 bytes decode", in: number("0." + strings.Repeat("0", 1100) + "1e1000")},
		{name: "number text: one byte more, at it", in: number("0." + strings.Repeat("0", 1101) + "1e1000"), wantPath: vpath + ".d", wantOff: at(number(""), "}}]}]}") + 1108},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var err error
			if tt.value {
				_, err = catalog.DecodeValue(tt.in, catalog.TypeInteger)
			} else {
				_, err = catalog.DecodeDefinition(tt.in)
			}
			if tt.wantPath == "" {
				if err != nil {
					t.Fatalf("err = %v, want none", err)
				}
				return
			}
			var de *catalog.DecodeError
			if !errors.Is(err, catalog.ErrLimit) || !errors.Is(err, catalog.ErrSyntax) || !errors.As(err, &de) {
				t.Fatalf("err = %.300v, want a *DecodeError matching ErrLimit", err)
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

// TestHostileDocumentsFailFast: a document built to cost much fails where
// its problem starts, having allocated next to nothing; one that makes the
// decoder keep much allocates in proportion to what it keeps.
func TestHostileDocumentsFailFast(t *testing.T) {
	before, after := settingAround()
	tests := []struct {
		name     string
		in       []byte
		wantErr  error
		maxAlloc uint64 // 0: 40 bytes a byte of input
	}{
		{"a 50 MB number: digit limit at its 101st digit", jsontest.Join(before, `{"d": `, jsontest.Repeat("7", 50_000_000), "}", after), catalog.ErrLimit, 64 << 10},
		{"a 50 MB decimal string: string limit at 1 MiB", jsontest.Join(before, `{"d": "`, jsontest.Repeat("7", 50_000_000), `"}`, after), catalog.ErrLimit, 64 << 10},
		{"ten million nested arrays where strings go: wrong type at the second", jsontest.Join(before, `{"l": `, jsontest.Repeat("[", 10_000_000), jsontest.Repeat("]", 10_000_000), "}", after), catalog.ErrWrongType, 64 << 10},
		{"a million nested band rules: depth limit at level 65", jsontest.Join(before, `{"i": `, bandRules(1_000_000), "}", after), catalog.ErrLimit, 64 << 10},
		{"10,000 unknown fields: unknown field at the first", jsontest.Join(`{"format": "tariff.catalog.v1", `, jsontest.Members(10_000, `"x"`), "}"), catalog.ErrUnknownField, 64 << 10},
		{"1,000,001 undeclared attribute values: member limit at the last, memory for what is kept", hostileMembers(), catalog.ErrLimit, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var err error
			alloc := jsontest.Allocated(func() { _, err = catalog.DecodeDefinition(tt.in) })
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %.200v, want %v", err, tt.wantErr)
			}
			max := tt.maxAlloc
			if max == 0 {
				max = 40 * uint64(len(tt.in)) // what it keeps: an AttributeValue a member
			}
			if alloc > max {
				t.Errorf("allocated %d bytes for a document of %d, want at most %d", alloc, len(tt.in), max)
			}
		})
	}
}

// hostileMembers returns a product feature setting with 1,000,001
// attribute values: decoding keeps a million values, then fails at the last.
func hostileMembers() []byte {
	before, after := settingAround()
	return jsontest.Join(before, "{", jsontest.Members(1_000_001, "1"), "}", after)
}

// BenchmarkDecodeLimits decodes documents built to cost much, which fail,
// beside a valid catalog of similar size: bytes allocated per input byte
// can be compared within one run.
func BenchmarkDecodeLimits(b *testing.B) {
	before, after := settingAround()
	valid, err := catalogtest.Large(4000, 1000, 1).MarshalJSON()
	if err != nil {
		b.Fatal(err)
	}
	for _, bm := range []struct {
		name string
		in   []byte
		ok   bool
	}{
		{"valid_catalog", valid, true},
		{"hostile_1M_members", hostileMembers(), false},
		{"hostile_50MB_number", jsontest.Join(before, `{"d": `, jsontest.Repeat("7", 50_000_000), "}", after), false},
		{"hostile_10M_nested_arrays", jsontest.Join(before, `{"l": `, jsontest.Repeat("[", 10_000_000), jsontest.Repeat("]", 10_000_000), "}", after), false},
		{"hostile_10k_unknown_fields", jsontest.Join(`{"format": "tariff.catalog.v1", `, jsontest.Members(10_000, `"x"`), "}"), false},
	} {
		b.Run(bm.name+"_"+strconv.Itoa(len(bm.in)>>20)+"MB", func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(bm.in)))
			for b.Loop() {
				if _, err := catalog.DecodeDefinition(bm.in); (err == nil) != bm.ok {
					b.Fatalf("err = %.200v", err)
				}
			}
		})
	}
}
