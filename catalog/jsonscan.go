package catalog

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// This file holds the JSON scanner: it turns a document into a small syntax
// tree, refusing anything that is not strict JSON (RFC 8259) — trailing
// data, duplicate object keys, invalid UTF-8, lone surrogate escapes — and
// nesting deeper than maxJSONDepth. The catalog decoder (jsondecode.go) then
// walks the tree, so values can be typed once the whole document is known.

// jsonKind is the kind of a JSON value.
type jsonKind uint8

const (
	jsonNull jsonKind = iota
	jsonBool
	jsonNumber
	jsonString
	jsonArray
	jsonObject
)

var jsonKindNames = [...]string{"null", "bool", "number", "string", "array", "object"}

func (k jsonKind) String() string { return jsonKindNames[k] }

// jsonNode is one value of a scanned document.
type jsonNode struct {
	kind    jsonKind
	off     int64        // byte offset of the value's first byte
	b       bool         // jsonBool
	text    string       // jsonNumber: the literal as written; jsonString: the unescaped text
	elems   []jsonNode   // jsonArray
	members []jsonMember // jsonObject, in document order, keys unique
}

// jsonMember is one key and value of an object.
type jsonMember struct {
	key string
	off int64 // byte offset of the key
	val jsonNode
}

// member returns the value of the member named key, or nil.
func (n *jsonNode) member(key string) *jsonNode {
	for i := range n.members {
		if n.members[i].key == key {
			return &n.members[i].val
		}
	}
	return nil
}

// maxJSONDepth bounds the nesting of arrays and objects. A catalog needs
// about ten levels; the bound keeps hostile input from exhausting the stack.
const maxJSONDepth = 64

// pathSeg is one step of a JSON path: an object key or an array index.
type pathSeg struct {
	key     string
	index   int
	isIndex bool
}

// formatPath writes segs as a path: products[3].features[0].attributes.x,
// or $ for the root. A key that is not made of letters, digits, '_' and '-'
// is written quoted in brackets: attributes["a.b"].
func formatPath(segs []pathSeg) string {
	if len(segs) == 0 {
		return "$"
	}
	var sb strings.Builder
	for i, s := range segs {
		switch {
		case s.isIndex:
			sb.WriteByte('[')
			sb.WriteString(strconv.Itoa(s.index))
			sb.WriteByte(']')
		case plainKey(s.key):
			if i > 0 {
				sb.WriteByte('.')
			}
			sb.WriteString(s.key)
		default:
			sb.WriteByte('[')
			sb.WriteString(strconv.Quote(s.key))
			sb.WriteByte(']')
		}
	}
	return sb.String()
}

func plainKey(k string) bool {
	if k == "" {
		return false
	}
	for i := 0; i < len(k); i++ {
		c := k[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// jsonFault is the cause inside a DecodeError: one of the sentinels and a
// detail for people.
type jsonFault struct {
	kind   error
	detail string
}

func (f *jsonFault) Error() string { return f.detail }
func (f *jsonFault) Unwrap() error { return f.kind }

func decodeError(segs []pathSeg, off int64, kind error, format string, args ...any) *DecodeError {
	return &DecodeError{Path: formatPath(segs), Offset: off, Err: &jsonFault{kind, fmt.Sprintf(format, args...)}}
}

// scanner reads one JSON document into a jsonNode tree.
type scanner struct {
	data  []byte
	pos   int
	depth int
	segs  []pathSeg // where the scanner is, for errors
}

// scanJSON scans data, which must hold exactly one JSON value.
func scanJSON(data []byte) (jsonNode, error) {
	s := &scanner{data: data}
	s.skipSpace()
	n, err := s.value()
	if err != nil {
		return jsonNode{}, err
	}
	s.skipSpace()
	if s.pos < len(s.data) {
		return jsonNode{}, s.fail(ErrTrailingData, "%s after the top-level value", s.describe())
	}
	return n, nil
}

func (s *scanner) fail(kind error, format string, args ...any) error {
	return decodeError(s.segs, int64(s.pos), kind, format, args...)
}

// describe names the byte at the current position for an error message.
func (s *scanner) describe() string {
	if s.pos >= len(s.data) {
		return "end of input"
	}
	c := s.data[s.pos]
	if c >= utf8.RuneSelf {
		return fmt.Sprintf("byte %#x", c)
	}
	return strconv.QuoteRune(rune(c))
}

func (s *scanner) skipSpace() {
	for s.pos < len(s.data) {
		switch s.data[s.pos] {
		case ' ', '\t', '\n', '\r':
			s.pos++
		default:
			return
		}
	}
}

func (s *scanner) value() (jsonNode, error) {
	if s.pos >= len(s.data) {
		return jsonNode{}, s.fail(ErrSyntax, "unexpected end of input, want a value")
	}
	off := int64(s.pos)
	switch c := s.data[s.pos]; {
	case c == '{':
		return s.object()
	case c == '[':
		return s.array()
	case c == '"':
		str, err := s.string()
		return jsonNode{kind: jsonString, off: off, text: str}, err
	case c == 't':
		return jsonNode{kind: jsonBool, off: off, b: true}, s.literal("true")
	case c == 'f':
		return jsonNode{kind: jsonBool, off: off}, s.literal("false")
	case c == 'n':
		return jsonNode{kind: jsonNull, off: off}, s.literal("null")
	case c == '-' || '0' <= c && c <= '9':
		n, ok := scanNumber(s.data[s.pos:])
		if !ok {
			s.pos += n
			return jsonNode{}, s.fail(ErrSyntax, "invalid number: unexpected %s", s.describe())
		}
		s.pos += n
		return jsonNode{kind: jsonNumber, off: off, text: string(s.data[off:s.pos])}, nil
	}
	return jsonNode{}, s.fail(ErrSyntax, "unexpected %s, want a value", s.describe())
}

func (s *scanner) literal(word string) error {
	if !bytes.HasPrefix(s.data[s.pos:], []byte(word)) {
		return s.fail(ErrSyntax, "invalid literal, want %s", word)
	}
	s.pos += len(word)
	return nil
}

// enter opens an array or object at the current position.
func (s *scanner) enter() error {
	if s.depth == maxJSONDepth {
		return s.fail(ErrSyntax, "nesting deeper than %d levels", maxJSONDepth)
	}
	s.depth++
	s.pos++
	s.skipSpace()
	return nil
}

// next consumes the separator after an element: it reports true after a
// comma and false after the closing byte.
func (s *scanner) next(closing byte, want string) (more bool, err error) {
	s.skipSpace()
	if s.pos < len(s.data) {
		switch s.data[s.pos] {
		case ',':
			s.pos++
			s.skipSpace()
			return true, nil
		case closing:
			s.pos++
			s.depth--
			return false, nil
		}
	}
	return false, s.fail(ErrSyntax, "unexpected %s, want %s", s.describe(), want)
}

func (s *scanner) array() (jsonNode, error) {
	n := jsonNode{kind: jsonArray, off: int64(s.pos)}
	if err := s.enter(); err != nil {
		return n, err
	}
	if s.pos < len(s.data) && s.data[s.pos] == ']' {
		s.pos++
		s.depth--
		return n, nil
	}
	for {
		s.segs = append(s.segs, pathSeg{index: len(n.elems), isIndex: true})
		e, err := s.value()
		if err != nil {
			return n, err
		}
		n.elems = append(n.elems, e)
		more, err := s.next(']', "',' or ']'")
		s.segs = s.segs[:len(s.segs)-1]
		if err != nil || !more {
			return n, err
		}
	}
}

// objectKeysLinear is the member count up to which duplicate keys are found
// by a linear search; larger objects use a set.
const objectKeysLinear = 16

func (s *scanner) object() (jsonNode, error) {
	n := jsonNode{kind: jsonObject, off: int64(s.pos)}
	if err := s.enter(); err != nil {
		return n, err
	}
	if s.pos < len(s.data) && s.data[s.pos] == '}' {
		s.pos++
		s.depth--
		return n, nil
	}
	var seen map[string]struct{}
	for {
		if s.pos >= len(s.data) || s.data[s.pos] != '"' {
			return n, s.fail(ErrSyntax, "unexpected %s, want a string key", s.describe())
		}
		keyOff := s.pos
		key, err := s.string()
		if err != nil {
			return n, err
		}
		s.segs = append(s.segs, pathSeg{key: key})
		if s.duplicate(&n, key, &seen) {
			s.pos = keyOff
			return n, s.fail(ErrDuplicateKey, "duplicate key %q", key)
		}
		s.skipSpace()
		if s.pos >= len(s.data) || s.data[s.pos] != ':' {
			return n, s.fail(ErrSyntax, "unexpected %s, want ':'", s.describe())
		}
		s.pos++
		s.skipSpace()
		v, err := s.value()
		if err != nil {
			return n, err
		}
		n.members = append(n.members, jsonMember{key: key, off: int64(keyOff), val: v})
		more, err := s.next('}', "',' or '}'")
		s.segs = s.segs[:len(s.segs)-1]
		if err != nil || !more {
			return n, err
		}
	}
}

// duplicate reports whether key is already a member of n.
func (s *scanner) duplicate(n *jsonNode, key string, seen *map[string]struct{}) bool {
	if len(n.members) < objectKeysLinear {
		return n.member(key) != nil
	}
	if *seen == nil {
		*seen = make(map[string]struct{}, 2*len(n.members))
		for _, m := range n.members {
			(*seen)[m.key] = struct{}{}
		}
	}
	if _, dup := (*seen)[key]; dup {
		return true
	}
	(*seen)[key] = struct{}{}
	return false
}

// string reads a string literal at the current position (its opening quote)
// and returns its text, refusing control characters, invalid UTF-8, invalid
// escapes and unpaired surrogates.
func (s *scanner) string() (string, error) {
	s.pos++
	start := s.pos
	var buf []byte // the unescaped text so far, once an escape was seen
	escaped := false
	for s.pos < len(s.data) {
		c := s.data[s.pos]
		switch {
		case c == '"':
			var str string
			if escaped {
				str = string(append(buf, s.data[start:s.pos]...))
			} else {
				str = string(s.data[start:s.pos])
			}
			s.pos++
			return str, nil
		case c == '\\':
			buf = append(buf, s.data[start:s.pos]...)
			escaped = true
			var err error
			if buf, err = s.escape(buf); err != nil {
				return "", err
			}
			start = s.pos
		case c < ' ':
			return "", s.fail(ErrSyntax, "control character %#x in string", c)
		case c < utf8.RuneSelf:
			s.pos++
		default:
			r, size := utf8.DecodeRune(s.data[s.pos:])
			if r == utf8.RuneError && size == 1 {
				return "", s.fail(ErrSyntax, "invalid UTF-8 in string")
			}
			s.pos += size
		}
	}
	return "", s.fail(ErrSyntax, "unexpected end of input in string")
}

// escape decodes the escape sequence at the current position (its
// backslash) and appends it to buf.
func (s *scanner) escape(buf []byte) ([]byte, error) {
	if s.pos+1 >= len(s.data) {
		s.pos = len(s.data)
		return buf, s.fail(ErrSyntax, "unexpected end of input in string")
	}
	c := s.data[s.pos+1]
	if c != 'u' {
		s.pos += 2
		switch c {
		case '"', '\\', '/':
			return append(buf, c), nil
		case 'b':
			return append(buf, '\b'), nil
		case 'f':
			return append(buf, '\f'), nil
		case 'n':
			return append(buf, '\n'), nil
		case 'r':
			return append(buf, '\r'), nil
		case 't':
			return append(buf, '\t'), nil
		}
		s.pos -= 2
		return buf, s.fail(ErrSyntax, "invalid escape \\%c", c)
	}
	r, ok := hex4(s.data[s.pos+2:])
	if !ok {
		return buf, s.fail(ErrSyntax, "invalid \\u escape")
	}
	if utf16.IsSurrogate(r) {
		lo, ok := rune(0), false
		if rest := s.data[s.pos+6:]; len(rest) >= 2 && rest[0] == '\\' && rest[1] == 'u' {
			lo, ok = hex4(rest[2:])
		}
		r = utf16.DecodeRune(r, lo)
		if !ok || r == utf8.RuneError {
			return buf, s.fail(ErrSyntax, "unpaired surrogate in \\u escape")
		}
		s.pos += 6
	}
	s.pos += 6
	return utf8.AppendRune(buf, r), nil
}

// hex4 decodes four hexadecimal digits.
func hex4(b []byte) (rune, bool) {
	if len(b) < 4 {
		return 0, false
	}
	var r rune
	for _, c := range b[:4] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c -= 'a' - 10
		case 'A' <= c && c <= 'F':
			c -= 'A' - 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}

// scanNumber reads a JSON number at the start of b and returns its length.
// ok is false when b does not start with a well-formed number; n is then
// where the grammar broke.
func scanNumber[T string | []byte](b T) (n int, ok bool) {
	digits := func() int {
		start := n
		for n < len(b) && '0' <= b[n] && b[n] <= '9' {
			n++
		}
		return n - start
	}
	if n < len(b) && b[n] == '-' {
		n++
	}
	switch {
	case n < len(b) && b[n] == '0':
		n++
	case digits() == 0:
		return n, false
	}
	if n < len(b) && b[n] == '.' {
		n++
		if digits() == 0 {
			return n, false
		}
	}
	if n < len(b) && (b[n] == 'e' || b[n] == 'E') {
		n++
		if n < len(b) && (b[n] == '+' || b[n] == '-') {
			n++
		}
		if digits() == 0 {
			return n, false
		}
	}
	return n, true
}
