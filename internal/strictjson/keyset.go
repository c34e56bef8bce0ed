package strictjson

import (
	"bytes"
	"hash/maphash"
)

// keySet holds the keys of one large object, to find duplicates in time
// linear in the members and in memory of 8 to 16 bytes a member (a map of
// strings takes about 110). It is an open-addressed table of the offsets
// of the keys' opening quotes in the document, hashed by the keys' text;
// a key is compared with one in the table by reading that one again.
type keySet struct {
	slots []uint32 // a key's offset + 1; 0 is an empty slot
	n     int
}

var keySeed = maphash.MakeSeed()

// add records the key whose text is key and whose opening quote is at off,
// and reports whether an equal key was already there (then it records
// nothing). key must not be d.buf, which the comparison uses.
func (s *keySet) add(d *Decoder, key []byte, off int) (dup bool) {
	if 2*(s.n+1) > len(s.slots) {
		s.grow(d)
	}
	mask := len(s.slots) - 1
	for i := int(maphash.Bytes(keySeed, key)) & mask; ; i = (i + 1) & mask {
		o := s.slots[i]
		if o == 0 {
			s.slots[i] = uint32(off + 1)
			s.n++
			return false
		}
		if bytes.Equal(d.keyText(int(o-1)), key) {
			return true
		}
	}
}

// grow doubles the table (to 64 slots at first) and places its keys again.
func (s *keySet) grow(d *Decoder) {
	old := s.slots
	s.slots = make([]uint32, max(64, 2*len(old)))
	mask := len(s.slots) - 1
	for _, o := range old {
		if o == 0 {
			continue
		}
		i := int(maphash.Bytes(keySeed, d.keyText(int(o-1)))) & mask
		for s.slots[i] != 0 {
			i = (i + 1) & mask
		}
		s.slots[i] = o
	}
}

// keyText returns the text of the key whose opening quote is at off, read
// once before without error: a slice of the document, or of d.buf when the
// key has escapes.
func (d *Decoder) keyText(off int) []byte {
	pos := d.pos
	d.pos = off
	text, _, _ := d.str()
	d.pos = pos
	return text
}
