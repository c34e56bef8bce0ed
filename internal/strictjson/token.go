package strictjson

import (
	"fmt"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// This file reads the tokens of a document: white space, strings and
// numbers, each checked against the grammar and the limits as it is read.

func (d *Decoder) skipSpace() {
	for d.pos < len(d.data) {
		switch d.data[d.pos] {
		case ' ', '\t', '\n', '\r':
			d.pos++
		default:
			return
		}
	}
}

// describe names the byte at the current position for an error message.
func (d *Decoder) describe() string {
	if d.pos >= len(d.data) {
		return "end of input"
	}
	c := d.data[d.pos]
	if c >= utf8.RuneSelf {
		return fmt.Sprintf("byte %#x", c)
	}
	return strconv.QuoteRune(rune(c))
}

// str reads the string at the current position (its opening quote) and
// returns its text: a slice of the document, or of d.buf when escaped is
// true (valid until the next string is read). It refuses control
// characters, invalid UTF-8, invalid escapes, unpaired surrogates, and a
// text longer than Limits.String, as soon as it gets there.
func (d *Decoder) str() (text []byte, escaped bool, err error) {
	d.pos++
	start := d.pos
	end, capped := len(d.data), false
	if d.Limits.String < end-start {
		end, capped = start+d.Limits.String+1, true // room for the closing quote
	}
	from := start // the text from here on is not yet in buf
	buf := d.buf[:0]
	for d.pos < end {
		c := d.data[d.pos]
		switch {
		case c == '"':
			text = d.data[start:d.pos]
			if escaped {
				buf = append(buf, d.data[from:d.pos]...)
				d.buf, text = buf, buf
			}
			d.pos++
			return text, escaped, nil
		case c == '\\':
			buf = append(buf, d.data[from:d.pos]...)
			escaped = true
			if buf, err = d.escape(buf); err != nil {
				return nil, false, err
			}
			from = d.pos
		case c < ' ':
			return nil, false, d.fail(ErrSyntax, "control character %#x in string", c)
		case c < utf8.RuneSelf:
			d.pos++
		default:
			r, size := utf8.DecodeRune(d.data[d.pos:])
			if r == utf8.RuneError && size == 1 {
				return nil, false, d.fail(ErrSyntax, "invalid UTF-8 in string")
			}
			d.pos += size
		}
	}
	if capped {
		return nil, false, d.limit(start+d.Limits.String, LimitString, "a string of more than %d bytes", d.Limits.String)
	}
	return nil, false, d.fail(ErrSyntax, "unexpected end of input in string")
}

// escape decodes the escape sequence at the current position (its
// backslash) and appends it to buf.
func (d *Decoder) escape(buf []byte) ([]byte, error) {
	if d.pos+1 >= len(d.data) {
		d.pos = len(d.data)
		return buf, d.fail(ErrSyntax, "unexpected end of input in string")
	}
	c := d.data[d.pos+1]
	if c != 'u' {
		switch c {
		case '"', '\\', '/':
		case 'b':
			c = '\b'
		case 'f':
			c = '\f'
		case 'n':
			c = '\n'
		case 'r':
			c = '\r'
		case 't':
			c = '\t'
		default:
			return buf, d.fail(ErrSyntax, "invalid escape \\%c", c)
		}
		d.pos += 2
		return append(buf, c), nil
	}
	r, ok := hex4(d.data[d.pos+2:])
	if !ok {
		return buf, d.fail(ErrSyntax, "invalid \\u escape")
	}
	if utf16.IsSurrogate(r) {
		lo, ok := rune(0), false
		if rest := d.data[d.pos+6:]; len(rest) >= 2 && rest[0] == '\\' && rest[1] == 'u' {
			lo, ok = hex4(rest[2:])
		}
		r = utf16.DecodeRune(r, lo)
		if !ok || r == utf8.RuneError {
			return buf, d.fail(ErrSyntax, "unpaired surrogate in \\u escape")
		}
		d.pos += 6
	}
	d.pos += 6
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

// number reads the number at the current position and returns its text, a
// slice of the document.
func (d *Decoder) number() ([]byte, error) {
	start := d.pos
	n, p := scanNumber(d.data[start:], &d.Limits)
	d.pos = start + n
	switch p {
	case numSyntax:
		return nil, d.fail(ErrSyntax, "invalid number: unexpected %s", d.describe())
	case numOK:
		return d.data[start:d.pos], nil
	}
	return nil, d.numberLimit(start+n, p)
}

// numberLimit reports the number limit p crossed at off.
func (d *Decoder) numberLimit(off int, p numProblem) error {
	switch p {
	case numDigits:
		return d.limit(off, LimitDigits, "a number of more than %d significant digits", d.Limits.Digits)
	case numExponent:
		return d.limit(off, LimitExponent, "a number with an exponent beyond ±%d", d.Limits.Exponent)
	}
	return d.limit(off, LimitNumberText, "a number longer than %d bytes", d.Limits.NumberText)
}
