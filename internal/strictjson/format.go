package strictjson

import (
	"slices"
	"strconv"
	"strings"
)

// Format reads the value of a document's "format" member, which names the
// format the document is written in, and returns it. want lists the
// formats the caller reads, the newest first; a document that leaves the
// member out is the caller's to read as want[0].
//
// A value that is not a string is ErrWrongType. A string naming none of
// want is ErrInvalidValue at the value, with the detail
// `unknown format "x", want "y"` (`want "y" or "z"` when the caller reads
// two), so that every document words it the same way.
func (d *Decoder) Format(want ...string) (string, error) {
	off := d.Offset()
	f, err := d.Str()
	if err != nil {
		return "", err
	}
	if !slices.Contains(want, f) {
		return "", d.Fail(off, ErrInvalidValue, "unknown format %q, want %s", f, quotedList(want))
	}
	return f, nil
}

// quotedList writes names quoted, joined by commas and a final "or":
// "a", "a" or "b", "a", "b" or "c".
func quotedList(names []string) string {
	var sb strings.Builder
	for i, n := range names {
		switch {
		case i == 0:
		case i == len(names)-1:
			sb.WriteString(" or ")
		default:
			sb.WriteString(", ")
		}
		sb.WriteString(strconv.Quote(n))
	}
	return sb.String()
}
