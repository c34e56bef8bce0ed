package strictjson

// Builder gathers values one at a time into a slice whose length is not
// known in advance, allocating at most three times the final slice in all
// (append, which grows large slices by a quarter, allocates about five).
// It fills chunks, each as large as all the chunks before it, and copies
// them into one slice of the exact length at the end, unless one chunk
// holds everything. The zero Builder is empty.
type Builder[T any] struct {
	full [][]T // the chunks filled so far
	cur  []T   // the chunk being filled
	n    int   // values in full
}

// Add appends v.
func (b *Builder[T]) Add(v T) {
	if len(b.cur) == cap(b.cur) {
		if b.cur != nil {
			b.full = append(b.full, b.cur)
			b.n += len(b.cur)
		}
		b.cur = make([]T, 0, max(4, b.n))
	}
	b.cur = append(b.cur, v)
}

// Len returns the number of values added.
func (b *Builder[T]) Len() int { return b.n + len(b.cur) }

// Slice returns the values added, in order; nil if there are none.
func (b *Builder[T]) Slice() []T {
	if len(b.full) == 0 {
		if len(b.cur) == 0 {
			return nil
		}
		return b.cur[:len(b.cur):len(b.cur)]
	}
	out := make([]T, 0, b.Len())
	for _, c := range b.full {
		out = append(out, c...)
	}
	return append(out, b.cur...)
}
