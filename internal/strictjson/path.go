package strictjson

import (
	"strconv"
	"strings"
)

// Seg is one step of a JSON path: an object key or an array index.
type Seg struct {
	Key     string
	Index   int
	IsIndex bool
}

// FormatPath writes segs as a path: products[3].features[0].attributes.x,
// or $ for the root. A key that is not made of letters, digits, '_' and '-'
// is written quoted in brackets: attributes["a.b"].
func FormatPath(segs []Seg) string {
	if len(segs) == 0 {
		return "$"
	}
	var sb strings.Builder
	for i, s := range segs {
		switch {
		case s.IsIndex:
			sb.WriteByte('[')
			sb.WriteString(strconv.Itoa(s.Index))
			sb.WriteByte(']')
		case plainKey(s.Key):
			if i > 0 {
				sb.WriteByte('.')
			}
			sb.WriteString(s.Key)
		default:
			sb.WriteByte('[')
			sb.WriteString(strconv.Quote(s.Key))
			sb.WriteByte(']')
		}
	}
	return sb.String()
}

// JoinPath appends rel, a path as FormatPath writes it relative to the
// value at base, to base: JoinPath("values.x", "bands[1].value") is
// "values.x.bands[1].value"; a rel of "$" gives base back.
func JoinPath(base, rel string) string {
	switch {
	case rel == "$" || rel == "":
		return base
	case base == "$" || base == "":
		return rel
	case rel[0] == '[':
		return base + rel
	}
	return base + "." + rel
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

// step is one step of the decoder's path. A key read from the document is
// kept as the offset of its opening quote and read again only to build an
// error, so walking a document allocates nothing for its path.
type step struct {
	key     string // a key the schema code pushed (Push)
	keyOff  int    // > 0: the offset of a key in the document, +1
	index   int
	isIndex bool
}

// path returns the decoder's current path, as FormatPath writes it.
func (d *Decoder) path() string {
	if len(d.steps) == 0 {
		return "$"
	}
	segs := make([]Seg, len(d.steps))
	for i, s := range d.steps {
		switch {
		case s.isIndex:
			segs[i] = Seg{Index: s.index, IsIndex: true}
		case s.keyOff > 0:
			segs[i] = Seg{Key: d.keyAt(s.keyOff - 1)}
		default:
			segs[i] = Seg{Key: s.key}
		}
	}
	return FormatPath(segs)
}

// keyAt reads again the key whose opening quote is at off, which was read
// once without error.
func (d *Decoder) keyAt(off int) string {
	r := Decoder{Limits: d.Limits, data: d.data, pos: off}
	b, _, err := r.str()
	if err != nil {
		return "?" // unreachable: the key was read before
	}
	return string(b)
}
