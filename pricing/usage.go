package pricing

import (
	"cmp"
	"slices"

	"github.com/tariffkit/tariff/catalog"
	"github.com/tariffkit/tariff/entitlement"
)

// usage rates the usage records of a quote, each at its own instant.
//
// The period's timeline (see piece) tells, for every stretch of time, which
// products are in force. For each meter, the usage charge in force is the
// one of the highest-precedence product then assigned that has a charge
// for the meter (an add-on's rate replaces the main product's); a charge in
// force over consecutive pieces is one run, and each run is one usage line.
// A record is rated by the run its instant falls in, and consumes the
// allowances granted to that run's meter at that instant (see grant).
type usage struct {
	q       *quoter
	tl      *timeline
	runs    []run
	rel     *relevance // nil when rating a single charge
	granted []use      // backing array of the runs' allowances by source
}

// run is a usage charge in force over the pieces [first, end): one line.
type run struct {
	ch          *Charge
	charge      int        // index of ch in its book; -1 when rating a single charge
	book        *Book      // ch's book; nil when rating a single charge
	full        []fullTier // ch's full tiers, nil to compute them
	first, end  int
	recs        []rated // in the order they are rated
	used        units
	included    units
	billed      units
	uses        []use
	allowance   units // the allowance usable in the run's span, before any use
	granted     []use // allowance by source
	levelRecord int   // for a level meter, the index in recs of the record that sets the level; -1 if none
}

// use is what one source's allowance included on a line, or gave it.
type use struct {
	source  entitlement.LayerKind
	product string
	units   units
}

// rated is a record being rated: its piece, and the units billed once the
// allowance came off.
type rated struct {
	rec    *UsageRecord
	k      int // its piece
	billed units
}

// slot says which run rates a meter in a piece.
type slot struct {
	meter string
	run   int
}

// usageLines appends the usage lines of records (their IDs and quantities
// checked) to lines.
func (q *quoter) usageLines(lines []Line, tl *timeline, rel *relevance, records []UsageRecord) ([]Line, error) {
	u := usage{q: q, tl: tl, rel: rel}
	slots, offsets := u.buildRuns()
	recs := make([]int32, 0, len(records))
	for i := range records {
		if q.p.Contains(records[i].At) {
			recs = append(recs, int32(i))
		}
	}
	sortRecords(records, recs)
	// Find each record's run (the pieces and the records both in time
	// order), then list each run's records together in one backing array.
	type place struct{ run, piece int32 }
	where := make([]place, len(recs))
	k := 0
	for i, n := range recs {
		rec := &records[n]
		if k = tl.pieceAt(rec.At, k); k < 0 {
			return nil, &UnratedError{Record: rec.ID, Meter: rec.Meter, At: rec.At}
		}
		ri := -1
		for _, s := range slots[offsets[k]:offsets[k+1]] {
			if s.meter == rec.Meter {
				ri = s.run
				break
			}
		}
		if ri < 0 {
			return nil, &UnratedError{Record: rec.ID, Meter: rec.Meter, At: rec.At}
		}
		where[i] = place{int32(ri), int32(k)}
		u.runs[ri].levelRecord++ // counts the run's records for now
	}
	all := make([]rated, len(recs))
	for i, off := 0, 0; i < len(u.runs); i++ {
		r := &u.runs[i]
		r.recs, off, r.levelRecord = all[off:off:off+r.levelRecord], off+r.levelRecord, -1
	}
	for i, n := range recs {
		r := &u.runs[where[i].run]
		r.recs = append(r.recs, rated{rec: &records[n], k: int(where[i].piece)})
	}
	if err := u.consume(u.runs); err != nil {
		return nil, err
	}
	// Lines in book order of their charges, then in time order.
	order := make([]int32, len(u.runs))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortStableFunc(order, func(a, b int32) int { return cmp.Compare(u.runs[a].charge, u.runs[b].charge) })
	var err error
	for _, i := range order {
		if lines, err = u.line(lines, &u.runs[i]); err != nil {
			return nil, err
		}
	}
	return lines, nil
}

// buildRuns finds the usage charge in force for each meter in each piece,
// joins consecutive pieces with the same charge of the same book into runs,
// and returns for each piece k the slots slots[offsets[k]:offsets[k+1]].
func (u *usage) buildRuns() (slots []slot, offsets []int) {
	tl := u.tl
	offsets = make([]int, 1, len(tl.pieces)+1)
	slots = make([]slot, 0, 4*len(tl.pieces))
	u.runs = make([]run, 0, 8)
	last := make([]slot, 0, 4) // each meter's latest run
	// pick is the charge rating a meter in the piece being built: charge
	// of book, for a holding under the terms of version ver.
	type pick struct {
		meter  string
		book   *Book
		charge int
		ver    int
	}
	var picksBuf [8]pick
	var (
		version *entitlement.Account
		charged []int // indexes in version.AddOns of the assignments of add-ons with usage charges
	)
	for k := range tl.pieces {
		pc := &tl.pieces[k]
		picks := picksBuf[:0]
		var cat *catalog.Catalog // where products rank in the piece, once needed
		consider := func(book *Book, ver int, product string) {
			for _, j := range u.rel.usage(book, product) {
				ch := &book.def.Charges[j]
				i := slices.IndexFunc(picks, func(p pick) bool { return p.meter == ch.Meter })
				if i < 0 {
					picks = append(picks, pick{meter: ch.Meter, book: book, charge: j, ver: ver})
					continue
				}
				p := &picks[i]
				other := p.book.def.Charges[p.charge].Product
				if other == product { // held twice: the newer terms rate
					if ver > p.ver {
						*p = pick{meter: ch.Meter, book: book, charge: j, ver: ver}
					}
					continue
				}
				if cat == nil {
					cat = tl.t.catalogAt(pc.acct, pc.from)
				}
				if outranks(cat, product, other) {
					*p = pick{meter: ch.Meter, book: book, charge: j, ver: ver}
				}
			}
		}
		if pc.main != "" {
			if pc.acct != version {
				version, charged = pc.acct, charged[:0]
				for i := range version.AddOns {
					if u.rel.of(version.AddOns[i].AddOn).rated {
						charged = append(charged, i)
					}
				}
			}
			book, ver, _ := tl.t.mainPrice(pc.acct, pc.from, pc.from)
			consider(book, ver, pc.main)
			for _, i := range charged {
				if asg := &pc.acct.AddOns[i]; asg.ActiveAt(pc.from) {
					book, ver, _ := tl.t.addOnPrice(asg, pc.from, pc.from)
					consider(book, ver, asg.AddOn)
				}
			}
		}
		// Turn the picks into runs, extending the meter's latest run when
		// the same charge (across versions: one equal to it) rated the
		// piece just before.
		for _, p := range picks {
			j, meter := p.charge, p.meter
			l := slices.IndexFunc(last, func(s slot) bool { return s.meter == meter })
			if l >= 0 {
				r := &u.runs[last[l].run]
				same := r.charge == j && r.book == p.book || tl.t.vs != nil && sameCharge(r.ch, &p.book.def.Charges[j])
				if same && r.end == k && tl.pieces[k-1].until.Equal(pc.from) {
					r.end = k + 1
					slots = append(slots, slot{meter: meter, run: last[l].run})
					continue
				}
			}
			ri := len(u.runs)
			u.runs = append(u.runs, run{ch: &p.book.def.Charges[j], charge: j, book: p.book, full: p.book.full[j], first: k, end: k + 1})
			if l < 0 {
				last = append(last, slot{meter: meter, run: ri})
			} else {
				last[l].run = ri
			}
			slots = append(slots, slot{meter: meter, run: ri})
		}
		offsets = append(offsets, len(slots))
	}
	return slots, offsets
}

// outranks reports whether product a takes precedence over product b in a
// configuration: an add-on over the main product, a higher override
// priority, and between equal priorities the greater ID, as resolution
// orders its layers.
func outranks(cat *catalog.Catalog, a, b string) bool {
	ka, pa, _ := cat.Precedence(a)
	kb, pb, _ := cat.Precedence(b)
	if ka != kb {
		return ka == catalog.KindAddOn
	}
	if pa != pb {
		return pa > pb
	}
	return a > b
}
