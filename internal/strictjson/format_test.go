package strictjson_test

import (
	"errors"
	"testing"

	"github.com/tariffkit/tariff/internal/strictjson"
)

// TestFormat: Format returns the format read, and words a format it does
// not read the same way whatever the document: ErrInvalidValue at the
// value, listing what it reads.
func TestFormat(t *testing.T) {
	tests := []struct {
		in      string
		want    []string
		got     string // with no error
		wantErr error
		detail  string
		offset  int64
	}{
		{in: `"a.v1"`, want: []string{"a.v1"}, got: "a.v1"},
		{in: `"a.v1"`, want: []string{"a.v2", "a.v1"}, got: "a.v1"},
		{in: ` "x"`, want: []string{"a.v1"}, wantErr: strictjson.ErrInvalidValue, detail: `unknown format "x", want "a.v1"`, offset: 1},
		{in: `"x"`, want: []string{"a.v2", "a.v1"}, wantErr: strictjson.ErrInvalidValue, detail: `unknown format "x", want "a.v2" or "a.v1"`},
		{in: `"x"`, want: []string{"a.v3", "a.v2", "a.v1"}, wantErr: strictjson.ErrInvalidValue, detail: `unknown format "x", want "a.v3", "a.v2" or "a.v1"`},
		{in: `"A.V1"`, want: []string{"a.v1"}, wantErr: strictjson.ErrInvalidValue, detail: `unknown format "A.V1", want "a.v1"`},
		{in: `1`, want: []string{"a.v1"}, wantErr: strictjson.ErrWrongType, detail: "got number, want a string"},
		{in: `null`, want: []string{"a.v1"}, wantErr: strictjson.ErrWrongType, detail: "got null, want a string"},
	}
	for _, tt := range tests {
		d := strictjson.NewDecoder([]byte(tt.in))
		var got string
		err := d.Document(func() (err error) {
			got, err = d.Format(tt.want...)
			return err
		})
		if tt.wantErr == nil {
			if err != nil || got != tt.got {
				t.Errorf("Format(%s, %q) = %q, %v; want %q", tt.in, tt.want, got, err, tt.got)
			}
			continue
		}
		var e *strictjson.Error
		if !errors.As(err, &e) || !errors.Is(err, tt.wantErr) || e.Detail != tt.detail || e.Offset != tt.offset || e.Path != "$" {
			t.Errorf("Format(%s, %q): %v; want %v %q at offset %d", tt.in, tt.want, err, tt.wantErr, tt.detail, tt.offset)
		}
	}
}

// TestInvalidCause: an invalid value a parser refused matches the
// parser's error too, also once placed in a document (Within).
func TestInvalidCause(t *testing.T) {
	errParser := errors.New("parser: no")
	d := strictjson.NewDecoder([]byte(`"v"`))
	err := d.Invalid(0, errParser, "bad %q", "v")
	if !errors.Is(err, strictjson.ErrInvalidValue) || !errors.Is(err, errParser) || err.Error() != `bad "v"` {
		t.Fatalf("Invalid: %v, want ErrInvalidValue and the parser's error", err)
	}
	outer := strictjson.NewDecoder([]byte(`{"k": "v"}`))
	outer.Push("k")
	placed := outer.Within(6, err.(*strictjson.Error))
	var e *strictjson.Error
	if !errors.As(placed, &e) {
		t.Fatalf("Within: %v (%T), want an *Error", placed, placed)
	}
	if !errors.Is(placed, errParser) || e.Path != "k" || e.Offset != 6 {
		t.Errorf("Within: %v at %s %d, want the parser's error at k, offset 6", placed, e.Path, e.Offset)
	}
}
