package pricing_test

import (
	"bytes"
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/tariffkit/tariff/catalog"
	"github.com/tariffkit/tariff/internal/strictjson/jsontest"
	"github.com/tariffkit/tariff/pricing"
)

const mib = 1 << 20

// at returns the offset of the first occurrence of s in doc.
func at(doc []byte, s string) int64 { return int64(bytes.Index(doc, []byte(s))) }

// around returns the text of doc before and after the first old.
func around(doc, old string) (before, after string) {
	before, after, ok := strings.Cut(doc, old)
	if !ok {
		panic("no " + old)
	}
	return before, after
}

// inMinimal returns minimal with old replaced by parts.
func inMinimal(old string, parts ...any) []byte {
	before, after := around(minimal, old)
	return jsontest.Join(append(append([]any{before}, parts...), after)...)
}

// TestDecodeBookLimits: a document that crosses a limit gives a
// *DecodeError matching ErrLimit at the path and offset where it was
// crossed; one at the limit decodes. Limits the format cannot reach (an
// object of more than a dozen members, nesting deeper than six levels) are
// other errors before them.
func TestDecodeBookLimits(t *testing.T) {
	name := func(n int) []byte { return inMinimal(`"id":"c"`, `"id":"c","name":"`, strings.Repeat("a", n), `"`) }
	free := func(n int) []byte { return inMinimal(`]}`, `],"free":[`, jsontest.Elements(n, `"a"`), `]}`) }
	amount := func(text string) []byte { return inMinimal(`"amount":"1"`, `"amount":`, text) }
	amountAt := at(amount(""), `}}]}`)
	nines := func(n int) string { return strings.Repeat("9", n) }
	count := inMinimal(`"kind":"one_time"`, `"kind":"recurring","period":{"unit":"month","count":`, nines(101), `}`)
	tests := []struct {
		name     string
		in       []byte
		wantErr  error  // nil: decodes (a *catalog.ValidationError is not a decoding error)
		wantPath string // with ErrLimit
		wantOff  int64
	}{
		{name: "document: one byte beyond 256 MiB, refused unread", in: make([]byte, 256*mib+1), wantErr: catalog.ErrLimit, wantPath: "$", wantOff: 256 * mib},
		{name: "depth: nesting the format does not have is a wrong type at its first bracket",
			in: inMinimal(`"charges":[`, `"charges":[`, jsontest.Repeat("[", 100_000)), wantErr: catalog.ErrWrongType},
		{name: "string: a name of 1 MiB decodes", in: name(mib)},
		{name: "string: one byte longer, at that byte", in: name(mib + 1), wantErr: catalog.ErrLimit, wantPath: "charges[0].name", wantOff: at(name(1), `"a"`) + 1 + mib},
		{name: "members: the format's objects hold a dozen; the next member is unknown or a duplicate",
			in: inMinimal(`"model":"flat"`, `"model":"flat",`, jsontest.Members(1_000_001, "0")), wantErr: catalog.ErrUnknownField},
		{name: "elements: 1,000,000 free products decode", in: free(1_000_000)},
		{name: "elements: one more, at it", in: free(1_000_001), wantErr: catalog.ErrLimit, wantPath: "free", wantOff: at(free(1), `"a"`) + 4*1_000_000},
		{name: "digits: an amount of 100 significant digits decodes", in: amount(nines(100))},
		{name: "digits: 101, at the 101st", in: amount(nines(101)), wantErr: catalog.ErrLimit, wantPath: "charges[0].price.amount", wantOff: amountAt + 100},
		{name: "digits: in an amount written as a string, at the string", in: amount(`"` + nines(101) + `"`), wantErr: catalog.ErrLimit, wantPath: "charges[0].price.amount", wantOff: amountAt},
		{name: "digits: in a count", in: count, wantErr: catalog.ErrLimit, wantPath: "charges[0].period.count", wantOff: at(count, "999") + 100},
		{name: "exponent: 1e1000 decodes", in: amount("1e1000")},
		{name: "exponent: 1e1001, at the number", in: amount("1e1001"), wantErr: catalog.ErrLimit, wantPath: "charges[0].price.amount", wantOff: amountAt},
		{name: "number text: one byte beyond 1108, at it", in: amount("0." + strings.Repeat("0", 1101) + "1e1000"), wantErr: catalog.ErrLimit, wantPath: "charges[0].price.amount", wantOff: amountAt + 1108},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := pricing.DecodeBook(tt.in)
			var de *catalog.DecodeError
			if tt.wantErr == nil {
				if errors.As(err, &de) {
					t.Fatalf("err = %.300v, want no decoding error", err)
				}
				return
			}
			if !errors.Is(err, tt.wantErr) || !errors.Is(err, catalog.ErrSyntax) || !errors.As(err, &de) {
				t.Fatalf("err = %.300v, want a *DecodeError matching %v", err, tt.wantErr)
			}
			if tt.wantErr != catalog.ErrLimit {
				return
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

// TestMoneyLimits: Money JSON is held to the same limits. Only the
// document's size and a string's length can be crossed: any other value
// where the amount or the currency goes is a wrong type before its nesting,
// elements or digits are read, and a third member is unknown.
func TestMoneyLimits(t *testing.T) {
	amount := func(parts ...any) []byte {
		return jsontest.Join(append(append([]any{`{"amount": `}, parts...), `, "currency": "EUR"}`)...)
	}
	tests := []struct {
		name     string
		in       []byte
		wantErr  error
		wantPath string // with ErrLimit
		wantOff  int64
	}{
		{name: "document: one byte beyond 256 MiB, refused unread", in: make([]byte, 256*mib+1), wantErr: catalog.ErrLimit, wantPath: "$", wantOff: 256 * mib},
		{name: "string: an amount of 1 MiB is read, and refused as an amount", in: amount(`"`, strings.Repeat("1", mib), `"`), wantErr: pricing.ErrInvalidAmount},
		{name: "string: one byte longer, at that byte", in: amount(`"`, strings.Repeat("1", mib+1), `"`), wantErr: catalog.ErrLimit, wantPath: "amount", wantOff: 12 + mib},
		{name: "string: a currency too", in: jsontest.Join(`{"currency": "`, strings.Repeat("E", mib+1), `"}`), wantErr: catalog.ErrLimit, wantPath: "currency", wantOff: 14 + mib},
		{name: "depth: nested arrays for the amount are a wrong type at the first", in: amount(jsontest.Repeat("[", 100_000)), wantErr: catalog.ErrWrongType},
		{name: "members: a third member is unknown", in: jsontest.Join(`{"amount": "1", "currency": "EUR", `, jsontest.Members(1_000_001, "0"), `}`), wantErr: catalog.ErrUnknownField},
		{name: "elements: an array is a wrong type", in: jsontest.Join(`[`, jsontest.Elements(1_000_001, "0"), `]`), wantErr: catalog.ErrWrongType},
		{name: "digits: a number for the amount is a wrong type, its digits unread", in: amount(strings.Repeat("9", 1_000_000)), wantErr: catalog.ErrWrongType},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var m pricing.Money
			err := m.UnmarshalJSON(tt.in)
			var de *catalog.DecodeError
			if !errors.Is(err, tt.wantErr) || !errors.Is(err, catalog.ErrSyntax) || !errors.As(err, &de) {
				t.Fatalf("err = %.300v, want a *catalog.DecodeError matching ErrSyntax and %v", err, tt.wantErr)
			}
			if tt.wantErr == catalog.ErrLimit && (de.Path != tt.wantPath || de.Offset != tt.wantOff) {
				t.Errorf("at %s, offset %d; want %s, offset %d", de.Path, de.Offset, tt.wantPath, tt.wantOff)
			}
			if !m.Currency().IsZero() {
				t.Errorf("a failed decode set m to %v", m)
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

// hostileBooks returns price books built to cost much, each failing.
func hostileBooks() []hostile {
	return []hostile{
		{"a 50 MB amount: digit limit at its 101st digit", inMinimal(`"amount":"1"`, `"amount":`, jsontest.Repeat("7", 50_000_000)), catalog.ErrLimit, 64 << 10},
		{"a 50 MB amount string: string limit at 1 MiB", inMinimal(`"amount":"1"`, `"amount":"`, jsontest.Repeat("7", 50_000_000), `"`), catalog.ErrLimit, 64 << 10},
		{"ten million nested arrays: wrong type at the second", inMinimal(`"charges":[`, `"charges":[`, jsontest.Repeat("[", 10_000_000)), catalog.ErrWrongType, 64 << 10},
		{"10,000 unknown fields: unknown field at the first", inMinimal(`"currency"`, jsontest.Members(10_000, `"x"`), `,"currency"`), catalog.ErrUnknownField, 64 << 10},
		{"1,000,001 free products: element limit at the last, memory for what is kept",
			inMinimal(`]}`, `],"free":[`, jsontest.Elements(1_000_001, `"a"`), `]}`), catalog.ErrLimit, 0},
	}
}

// hostileMoney returns Money documents built to cost much, each failing.
func hostileMoney() []hostile {
	return []hostile{
		{"a 50 MB amount: string limit at 1 MiB", jsontest.Join(`{"amount": "`, jsontest.Repeat("7", 50_000_000), `"}`), catalog.ErrLimit, 64 << 10},
		{"ten million nested arrays: wrong type at the first", jsontest.Join(`{"amount": `, jsontest.Repeat("[", 10_000_000)), catalog.ErrWrongType, 64 << 10},
		{"10,000 unknown fields: unknown field at the first", jsontest.Join(`{`, jsontest.Members(10_000, `"x"`), `}`), catalog.ErrUnknownField, 64 << 10},
		{"10,000 duplicate amounts: duplicate key at the second", jsontest.Join(`{`, jsontest.Elements(10_000, `"amount": "1"`), `}`), catalog.ErrDuplicateKey, 64 << 10},
	}
}

// TestHostileDocumentsFailFast: a document built to cost much fails where
// its problem starts, having allocated next to nothing; one that makes the
// decoder keep much allocates in proportion to what it keeps.
func TestHostileDocumentsFailFast(t *testing.T) {
	for _, tt := range hostileBooks() {
		t.Run("price book: "+tt.name, func(t *testing.T) {
			var err error
			alloc := jsontest.Allocated(func() { _, err = pricing.DecodeBook(tt.in) })
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %.200v, want %v", err, tt.wantErr)
			}
			max := tt.maxAlloc
			if max == 0 {
				max = 16 * uint64(len(tt.in)) // a string header of 16 bytes for 4 of input
			}
			if alloc > max {
				t.Errorf("allocated %d bytes for a document of %d, want at most %d", alloc, len(tt.in), max)
			}
		})
	}
	for _, tt := range hostileMoney() {
		t.Run("money: "+tt.name, func(t *testing.T) {
			var err error
			var m pricing.Money
			alloc := jsontest.Allocated(func() { err = m.UnmarshalJSON(tt.in) })
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %.200v, want %v", err, tt.wantErr)
			}
			if max := tt.maxAlloc; alloc > max {
				t.Errorf("allocated %d bytes for a document of %d, want at most %d", alloc, len(tt.in), max)
			}
		})
	}
}

// validBook returns a valid price book of n charges.
func validBook(n int) []byte {
	var b []byte
	for i := range n {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"id":"c`...)
		b = strconv.AppendInt(b, int64(i), 10)
		b = append(b, `","product":"p`...)
		b = strconv.AppendInt(b, int64(i), 10)
		b = append(b, `","kind":"usage","meter":"sms","allowance":"sms_included","price":{"model":"graduated","tiers":[{"up_to":"100","unit":"0.05"},{"unit":"0.03","flat":"1.00"}]}}`...)
	}
	return jsontest.Join(`{"format":"tariff.pricebook.v1","currency":"EUR","charges":[`, b, `]}`)
}

// BenchmarkDecodeLimits decodes the hostile price books and Money beside
// valid ones of similar size: bytes allocated per input byte can be
// compared within one run. DecodeBook includes NewBook's validation.
func BenchmarkDecodeLimits(b *testing.B) {
	book := validBook(25_000)
	b.Run("book/valid_25k_charges_"+strconv.Itoa(len(book)>>20)+"MB", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(book)))
		for b.Loop() {
			if _, err := pricing.DecodeBook(book); err != nil {
				b.Fatal(err)
			}
		}
	})
	for _, h := range hostileBooks() {
		b.Run("book/hostile_"+benchName(h.name), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(h.in)))
			for b.Loop() {
				if _, err := pricing.DecodeBook(h.in); !errors.Is(err, h.wantErr) {
					b.Fatal(err)
				}
			}
		})
	}
	money := jsontest.Join(`{"amount": "12.30",`, jsontest.Repeat(" ", mib), `"currency": "EUR"}`)
	b.Run("money/valid_1MB_of_white_space", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(money)))
		for b.Loop() {
			var m pricing.Money
			if err := m.UnmarshalJSON(money); err != nil {
				b.Fatal(err)
			}
		}
	})
	for _, h := range hostileMoney() {
		b.Run("money/hostile_"+benchName(h.name), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(h.in)))
			for b.Loop() {
				var m pricing.Money
				if err := m.UnmarshalJSON(h.in); !errors.Is(err, h.wantErr) {
					b.Fatal(err)
				}
			}
		})
	}
}

// benchName is the part of a case's name before its colon, in snake case.
func benchName(name string) string {
	return strings.ReplaceAll(name[:strings.IndexByte(name, ':')], " ", "_")
}
