package strictjson

import "bytes"

// Kind is the kind of a JSON value.
type Kind uint8

// The kinds of JSON value.
const (
	Null Kind = iota
	Bool
	Number
	String
	Array
	Object
)

var kindNames = [...]string{"null", "bool", "number", "string", "array", "object"}

// String returns the kind's name: "null", "bool", "number", ...
func (k Kind) String() string { return kindNames[k] }

// Decoder reads one JSON document from a byte slice as the schema code
// pulls its values: objects member by member (Object), arrays element by
// element (Array), then strings, numbers and literals (values.go). Nothing
// is kept but what the caller keeps: no tree of the document is built.
//
// It refuses anything that is not strict JSON (RFC 8259) — data after the
// value, duplicate object keys, invalid UTF-8, unpaired \u surrogates — and
// anything beyond its Limits. It keeps the JSON path of the value being
// read, for errors only.
//
// The first error ends the walk: a Decoder is not used after a method
// returns one.
type Decoder struct {
	// Limits bounds the document; NewDecoder sets DefaultLimits. Change it
	// before reading, if at all.
	Limits Limits
	// SeparatorAtContainer places an error in what follows a member or an
	// element (a missing comma, the end of input) at its object or array.
	// By default it is placed at the member or element before it.
	SeparatorAtContainer bool

	data  []byte
	pos   int
	depth int
	steps []step
	// keys holds the keys of the open objects that are still small, each
	// object's after those of the objects around it, for finding duplicates.
	keys []keyRef
	buf  []byte // the unescaped text of the last string read, if it had escapes
}

// NewDecoder returns a Decoder at the start of data, with DefaultLimits.
func NewDecoder(data []byte) Decoder { return Decoder{Limits: DefaultLimits, data: data} }

// Document reads the whole input as one value: it checks the document's
// size, calls root, which reads exactly one value, and checks that only
// white space follows.
func (d *Decoder) Document(root func() error) error {
	if len(d.data) > d.Limits.Document {
		return d.limit(d.Limits.Document, LimitDocument, "a document of %d bytes, more than %d", len(d.data), d.Limits.Document)
	}
	if err := root(); err != nil {
		return err
	}
	d.skipSpace()
	if d.pos < len(d.data) {
		return d.fail(ErrTrailingData, "%s after the top-level value", d.describe())
	}
	return nil
}

// Offset skips white space and returns the offset of the next value.
func (d *Decoder) Offset() int64 {
	d.skipSpace()
	return int64(d.pos)
}

// End returns the offset just after the last value read.
func (d *Decoder) End() int64 { return int64(d.pos) }

// Data returns the document.
func (d *Decoder) Data() []byte { return d.data }

// Mark is a position in the document, to read a value again (Reset).
type Mark struct{ pos, depth int }

// Mark returns the current position.
func (d *Decoder) Mark() Mark { return Mark{d.pos, d.depth} }

// Reset returns to a position Mark returned. The path is the caller's to
// set (Push, Pop).
func (d *Decoder) Reset(m Mark) { d.pos, d.depth = m.pos, m.depth }

// Kind skips white space and returns the kind of the next value without
// reading it. A literal is checked whole (nul is an error, not null); a
// byte that starts no value is an error.
func (d *Decoder) Kind() (Kind, error) {
	d.skipSpace()
	if d.pos >= len(d.data) {
		return Null, d.fail(ErrSyntax, "unexpected end of input, want a value")
	}
	switch c := d.data[d.pos]; {
	case c == '{':
		return Object, nil
	case c == '[':
		return Array, nil
	case c == '"':
		return String, nil
	case c == 't':
		return Bool, d.literal("true")
	case c == 'f':
		return Bool, d.literal("false")
	case c == 'n':
		return Null, d.literal("null")
	case c == '-' || isDigit(c):
		return Number, nil
	}
	return Null, d.fail(ErrSyntax, "unexpected %s, want a value", d.describe())
}

// literal checks that word is at the current position, without reading it.
func (d *Decoder) literal(word string) error {
	if !bytes.HasPrefix(d.data[d.pos:], []byte(word)) {
		return d.fail(ErrSyntax, "invalid literal, want %s", word)
	}
	return nil
}

// expect checks that the next value is of kind k; want names it for the
// error ("a string").
func (d *Decoder) expect(k Kind, want string) error {
	got, err := d.Kind()
	if err == nil && got != k {
		err = d.WrongType(got, want)
	}
	return err
}

// Object reads an object, calling field for every member in document
// order with the member's key on the path and the decoder at its value.
// field reads the value and reports true, or reports false for a key it
// does not know: an unknown field, reported at the key. key is valid during
// the call only.
func (d *Decoder) Object(field func(key []byte) (known bool, err error)) error {
	return d.object(field, true)
}

// objectKeysLinear is the member count up to which duplicate keys are found
// by a linear search; larger objects use a set.
const objectKeysLinear = 16

func (d *Decoder) object(field func(key []byte) (bool, error), dups bool) error {
	if err := d.open(Object, "an object"); err != nil {
		return err
	}
	if d.pos < len(d.data) && d.data[d.pos] == '}' {
		d.pos++
		d.depth--
		return nil
	}
	base := len(d.keys)
	var large *keySet // the keys once the object has more than objectKeysLinear
	for n := 0; ; n++ {
		if n == d.Limits.Members {
			return d.limit(d.pos, LimitMembers, "an object of more than %d members", d.Limits.Members)
		}
		if d.pos >= len(d.data) || d.data[d.pos] != '"' {
			return d.fail(ErrSyntax, "unexpected %s, want a string key", d.describe())
		}
		keyOff := d.pos
		key, escaped, err := d.str()
		if err != nil {
			return err
		}
		if escaped {
			key = bytes.Clone(key) // d.buf is overwritten by the next string
		}
		d.steps = append(d.steps, step{keyOff: keyOff + 1})
		if dups && d.duplicate(key, keyOff, base, &large) {
			d.pos = keyOff
			return d.fail(ErrDuplicateKey, "duplicate key %q", key)
		}
		d.skipSpace()
		if d.pos >= len(d.data) || d.data[d.pos] != ':' {
			return d.fail(ErrSyntax, "unexpected %s, want ':'", d.describe())
		}
		d.pos++
		known, err := field(key)
		if err != nil {
			return err
		}
		if !known {
			d.pos = keyOff
			return d.fail(ErrUnknownField, "unknown field %q", key)
		}
		more, err := d.next('}', "',' or '}'")
		if err != nil || !more {
			if err == nil {
				clear(d.keys[base:])
				d.keys = d.keys[:base]
			}
			return err
		}
	}
}

// keyRef is a key of an open object: its text and the offset of its
// opening quote.
type keyRef struct {
	text []byte
	off  int
}

// duplicate reports whether key, whose opening quote is at off, was already
// a member of the object whose keys start at d.keys[base] (or are in
// *large, once the object is large), and records it.
func (d *Decoder) duplicate(key []byte, off, base int, large **keySet) bool {
	if *large != nil {
		return (*large).add(d, key, off)
	}
	for _, k := range d.keys[base:] {
		if bytes.Equal(k.text, key) {
			return true
		}
	}
	d.keys = append(d.keys, keyRef{key, off})
	if len(d.keys)-base > objectKeysLinear {
		*large = &keySet{}
		for _, k := range d.keys[base:] {
			(*large).add(d, k.text, k.off)
		}
		clear(d.keys[base:])
		d.keys = d.keys[:base]
	}
	return false
}

// Array reads an array, calling elem for every element with its index on
// the path and the decoder at the element, which elem reads.
func (d *Decoder) Array(elem func(i int) error) error {
	if err := d.open(Array, "an array"); err != nil {
		return err
	}
	if d.pos < len(d.data) && d.data[d.pos] == ']' {
		d.pos++
		d.depth--
		return nil
	}
	for i := 0; ; i++ {
		if i == d.Limits.Elements {
			return d.limit(d.pos, LimitElements, "an array of more than %d elements", d.Limits.Elements)
		}
		d.PushIndex(i)
		if err := elem(i); err != nil {
			return err
		}
		more, err := d.next(']', "',' or ']'")
		if err != nil || !more {
			return err
		}
	}
}

// open enters the array or object at the current position, of kind k.
func (d *Decoder) open(k Kind, want string) error {
	if err := d.expect(k, want); err != nil {
		return err
	}
	if d.depth == d.Limits.Depth {
		return d.limit(d.pos, LimitDepth, "nesting deeper than %d levels", d.Limits.Depth)
	}
	d.depth++
	d.pos++
	d.skipSpace()
	return nil
}

// next leaves the member or element just read and consumes what follows
// it: it reports true after a comma and false after the closing byte.
func (d *Decoder) next(closing byte, want string) (more bool, err error) {
	if d.SeparatorAtContainer {
		d.Pop()
	}
	d.skipSpace()
	if d.pos < len(d.data) {
		switch d.data[d.pos] {
		case ',':
			d.pos++
			d.skipSpace()
			more = true
		case closing:
			d.pos++
			d.depth--
		default:
			err = d.fail(ErrSyntax, "unexpected %s, want %s", d.describe(), want)
		}
	} else {
		err = d.fail(ErrSyntax, "unexpected end of input, want %s", want)
	}
	if err == nil && !d.SeparatorAtContainer {
		d.Pop()
	}
	return more, err
}

// Skip reads the next value whatever its kind, checking its syntax and the
// limits but keeping nothing. It does not look for duplicate keys: it is
// for values that are decoded again (Mark) or whose errors do not matter.
func (d *Decoder) Skip() error {
	k, err := d.Kind()
	if err != nil {
		return err
	}
	switch k {
	case String:
		_, _, err = d.str()
	case Number:
		_, err = d.number()
	case Null:
		d.pos += len("null")
	case Bool:
		if d.data[d.pos] == 't' {
			d.pos += len("true")
		} else {
			d.pos += len("false")
		}
	case Array:
		err = d.Array(func(int) error { return d.Skip() })
	case Object:
		err = d.object(func([]byte) (bool, error) { return true, d.Skip() }, false)
	}
	return err
}
