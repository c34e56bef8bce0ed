package strictjson

import (
	"bytes"
	"fmt"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// This file keeps the decoder this package had before Decoder streamed: a
// scanner that builds the whole tree of a document, short and obviously
// strict. Decoder is checked against it (oracle_test.go). It knows no
// limits but the depth, and no number bounds.

// oNode is one value of a scanned document.
type oNode struct {
	Kind     Kind
	Off      int64     // byte offset of the value's first byte
	End      int64     // byte offset just after the value's last byte
	Bool     bool      // Bool
	Text     string    // Number: the literal as written; String: the unescaped text
	Elems    []oNode   // Array
	oMembers []oMember // Object, in document order, keys unique
}

// oMember is one key and value of an object.
type oMember struct {
	Key string
	Off int64 // byte offset of the key
	Val oNode
}

// oMember returns the value of the member named key, or nil.
func (n *oNode) oMember(key string) *oNode {
	for i := range n.oMembers {
		if n.oMembers[i].Key == key {
			return &n.oMembers[i].Val
		}
	}
	return nil
}

// oracleMaxDepth bounds the nesting of arrays and objects.
const oracleMaxDepth = 64

// oscanner reads one JSON document into a oNode tree.
type oscanner struct {
	data  []byte
	pos   int
	depth int
	segs  []Seg // where the scanner is, for errors
}

// oracleScan scans data, which must hold exactly one JSON value.
func oracleScan(data []byte) (oNode, error) {
	s := &oscanner{data: data}
	s.skipSpace()
	n, err := s.value()
	if err != nil {
		return oNode{}, err
	}
	s.skipSpace()
	if s.pos < len(s.data) {
		return oNode{}, s.fail(ErrTrailingData, "%s after the top-level value", s.describe())
	}
	return n, nil
}

func (s *oscanner) fail(kind error, format string, args ...any) error {
	return newError(FormatPath(s.segs), int64(s.pos), kind, "", format, args...)
}

// describe names the byte at the current position for an error message.
func (s *oscanner) describe() string {
	if s.pos >= len(s.data) {
		return "end of input"
	}
	c := s.data[s.pos]
	if c >= utf8.RuneSelf {
		return fmt.Sprintf("byte %#x", c)
	}
	return strconv.QuoteRune(rune(c))
}

func (s *oscanner) skipSpace() {
	for s.pos < len(s.data) {
		switch s.data[s.pos] {
		case ' ', '\t', '\n', '\r':
			s.pos++
		default:
			return
		}
	}
}

// value reads the value at the current position and records where it ends.
func (s *oscanner) value() (oNode, error) {
	n, err := s.token()
	n.End = int64(s.pos)
	return n, err
}

func (s *oscanner) token() (oNode, error) {
	if s.pos >= len(s.data) {
		return oNode{}, s.fail(ErrSyntax, "unexpected end of input, want a value")
	}
	off := int64(s.pos)
	switch c := s.data[s.pos]; {
	case c == '{':
		return s.object()
	case c == '[':
		return s.array()
	case c == '"':
		str, err := s.string()
		return oNode{Kind: String, Off: off, Text: str}, err
	case c == 't':
		return oNode{Kind: Bool, Off: off, Bool: true}, s.literal("true")
	case c == 'f':
		return oNode{Kind: Bool, Off: off}, s.literal("false")
	case c == 'n':
		return oNode{Kind: Null, Off: off}, s.literal("null")
	case c == '-' || '0' <= c && c <= '9':
		n, ok := oracleNumber(s.data[s.pos:])
		if !ok {
			s.pos += n
			return oNode{}, s.fail(ErrSyntax, "invalid number: unexpected %s", s.describe())
		}
		s.pos += n
		return oNode{Kind: Number, Off: off, Text: string(s.data[off:s.pos])}, nil
	}
	return oNode{}, s.fail(ErrSyntax, "unexpected %s, want a value", s.describe())
}

func (s *oscanner) literal(word string) error {
	if !bytes.HasPrefix(s.data[s.pos:], []byte(word)) {
		return s.fail(ErrSyntax, "invalid literal, want %s", word)
	}
	s.pos += len(word)
	return nil
}

// enter opens an array or object at the current position.
func (s *oscanner) enter() error {
	if s.depth == oracleMaxDepth {
		return s.fail(ErrSyntax, "nesting deeper than %d levels", oracleMaxDepth)
	}
	s.depth++
	s.pos++
	s.skipSpace()
	return nil
}

// next consumes the separator after an element: it reports true after a
// comma and false after the closing byte.
func (s *oscanner) next(closing byte, want string) (more bool, err error) {
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

func (s *oscanner) array() (oNode, error) {
	n := oNode{Kind: Array, Off: int64(s.pos)}
	if err := s.enter(); err != nil {
		return n, err
	}
	if s.pos < len(s.data) && s.data[s.pos] == ']' {
		s.pos++
		s.depth--
		return n, nil
	}
	for {
		s.segs = append(s.segs, Seg{Index: len(n.Elems), IsIndex: true})
		e, err := s.value()
		if err != nil {
			return n, err
		}
		n.Elems = append(n.Elems, e)
		more, err := s.next(']', "',' or ']'")
		s.segs = s.segs[:len(s.segs)-1]
		if err != nil || !more {
			return n, err
		}
	}
}

func (s *oscanner) object() (oNode, error) {
	n := oNode{Kind: Object, Off: int64(s.pos)}
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
		s.segs = append(s.segs, Seg{Key: key})
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
		n.oMembers = append(n.oMembers, oMember{Key: key, Off: int64(keyOff), Val: v})
		more, err := s.next('}', "',' or '}'")
		s.segs = s.segs[:len(s.segs)-1]
		if err != nil || !more {
			return n, err
		}
	}
}

// duplicate reports whether key is already a member of n.
func (s *oscanner) duplicate(n *oNode, key string, seen *map[string]struct{}) bool {
	if len(n.oMembers) < objectKeysLinear {
		return n.oMember(key) != nil
	}
	if *seen == nil {
		*seen = make(map[string]struct{}, 2*len(n.oMembers))
		for _, m := range n.oMembers {
			(*seen)[m.Key] = struct{}{}
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
func (s *oscanner) string() (string, error) {
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
func (s *oscanner) escape(buf []byte) ([]byte, error) {
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

// oracleNumber reads a JSON number at the start of b and returns its
// length; ok is false when b does not start with a well-formed number, n
// is then where the grammar broke.
func oracleNumber(b []byte) (n int, ok bool) {
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
