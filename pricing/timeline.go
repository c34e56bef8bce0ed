package pricing

import (
	"cmp"
	"slices"
	"time"

	"github.com/tariffkit/tariff/entitlement"
)

// piece is a stretch [from, until) of the quoted period over which nothing
// a quote reads changes: one account version, one main product, one set of
// active add-ons. A quote cuts the period into pieces at every change, so
// that a usage record is rated by the piece its instant falls in.
type piece struct {
	from, until time.Time
	acct        *entitlement.Account // the version of the account in force
	main        string               // the main product in force; "" before the activation
	mainStart   int                  // index of the first piece of this main product's unbroken run
	days        int                  // whole days of the period the piece counts for (see Period)
	cfg         entitlement.Config   // the configuration, once resolved
	resolved    bool
	addOns      []int32 // indexes in acct.AddOns of the assignments active in the piece, once listed
	listed      bool
	changed     []string // the add-ons whose assignments start or end where the piece starts, once listed
	compared    bool
	fresh       bool       // across versions: definitions may change where the piece starts (a catalog version, new terms of the main product)
	buys        []purchase // across versions: the purchase of each of acct's assignments
}

// timeline is the pieces of a period, in time order, and what they are
// resolved with.
type timeline struct {
	p        Period
	t        terms // zero when the single configuration is given (Rate)
	pieces   []piece
	addOnBuf []int32 // backs the pieces' lists of active add-ons
}

// newTimeline cuts period p at every instant the history changes in a
// way usage rating can see: a new version of the account, a change of main
// product, the From or Until of an assignment of an add-on for which
// cuts(add-on) holds (nil: none). An add-on that neither rates usage nor
// sets what an allowance reads leaves the pieces whole. Across versions,
// it also cuts wherever a book or catalog version may change what governs
// a holding (see versionTerms).
func newTimeline(t terms, history []Segment, p Period, cutsAt func(addOn string) bool) timeline {
	tl := timeline{p: p, t: t}
	var versionCuts []time.Time
	if t.vs != nil {
		versionCuts = t.vs.cuts
	}
	n := 0
	for i := range history {
		a := &history[i].Account
		n += 3 + len(a.PastMains) + 2*len(a.AddOns) + len(versionCuts)
	}
	// Each version's cuts, sorted, one after the other: bounds[i] is where
	// version i's start.
	cuts := make([]time.Time, 0, n)
	var boundsBuf [4]int
	bounds := boundsBuf[:0]
	pieces := 0
	for i := range history {
		seg := &history[i]
		start, end := p.Start, p.End
		if seg.From.After(start) {
			start = seg.From
		}
		if i+1 < len(history) && history[i+1].From.Before(end) {
			end = history[i+1].From
		}
		bounds = append(bounds, len(cuts))
		if !start.Before(end) {
			continue
		}
		first := len(cuts)
		cuts = append(cuts, start, end)
		inside := func(t time.Time) {
			if t.After(start) && t.Before(end) {
				cuts = append(cuts, t)
			}
		}
		a := &seg.Account
		inside(a.MainFrom)
		for j := range a.PastMains {
			inside(a.PastMains[j].From)
		}
		for j := range a.AddOns {
			if cutsAt != nil && cutsAt(a.AddOns[j].AddOn) {
				inside(a.AddOns[j].From)
				inside(a.AddOns[j].Until)
			}
		}
		for _, c := range versionCuts {
			inside(c)
		}
		own := cuts[first:]
		slices.SortFunc(own, func(x, y time.Time) int { return x.Compare(y) })
		cuts = cuts[:first+len(slices.CompactFunc(own, time.Time.Equal))]
		pieces += len(cuts) - first - 1
	}
	bounds = append(bounds, len(cuts))
	tl.pieces = make([]piece, 0, pieces)
	for i := range history {
		a := &history[i].Account
		own := cuts[bounds[i]:bounds[i+1]]
		var buys []purchase
		if t.vs != nil && len(own) > 1 {
			buys = purchasesOf(a)
		}
		for j := 0; j+1 < len(own); j++ {
			pc := piece{from: own[j], until: own[j+1], acct: a, buys: buys}
			if t.vs != nil {
				pc.fresh = t.vs.isFresh(pc.from) || startsMain(a, pc.from)
			}
			pc.main, _ = a.MainAt(pc.from)
			pc.days = p.DaysBetween(pc.from, pc.until)
			pc.mainStart = len(tl.pieces)
			if n := len(tl.pieces); n > 0 && pc.main != "" && tl.pieces[n-1].main == pc.main && tl.pieces[n-1].until.Equal(pc.from) {
				pc.mainStart = tl.pieces[n-1].mainStart
			}
			tl.pieces = append(tl.pieces, pc)
		}
	}
	return tl
}

// singleTimeline is the timeline of one configuration over the whole of p:
// what Rate rates against.
func singleTimeline(cfg entitlement.Config, p Period) timeline {
	return timeline{p: p, pieces: []piece{{from: p.Start, until: p.End, days: p.Days(), cfg: cfg, resolved: true}}}
}

// config returns the configuration of piece k, resolving it the first
// time.
func (tl *timeline) config(k int) (entitlement.Config, error) {
	pc := &tl.pieces[k]
	if !pc.resolved {
		cfg, err := tl.t.resolve(pc.acct, pc.from)
		if err != nil {
			return entitlement.Config{}, err
		}
		pc.cfg, pc.resolved = cfg, true
	}
	return pc.cfg, nil
}

// pieceAt returns the index of the piece t falls in, starting the search at
// k (pieces are in time order), or -1 when none holds t.
func (tl *timeline) pieceAt(t time.Time, k int) int {
	for ; k < len(tl.pieces); k++ {
		pc := &tl.pieces[k]
		if t.Before(pc.from) {
			return -1
		}
		if t.Before(pc.until) {
			return k
		}
	}
	return -1
}

// changedAt returns the add-ons of piece k's account with an assignment
// that starts or ends where the piece starts.
func (tl *timeline) changedAt(k int) []string {
	pc := &tl.pieces[k]
	if !pc.compared {
		for _, asg := range pc.acct.AddOns {
			if (asg.From.Equal(pc.from) || asg.Until.Equal(pc.from)) && !slices.Contains(pc.changed, asg.AddOn) {
				pc.changed = append(pc.changed, asg.AddOn)
			}
		}
		pc.compared = true
	}
	return pc.changed
}

// activeAddOns returns the indexes in piece k's account's AddOns of the
// assignments active during the piece, in the order the account lists
// them.
func (tl *timeline) activeAddOns(k int) []int32 {
	pc := &tl.pieces[k]
	if pc.listed || pc.acct == nil {
		return pc.addOns
	}
	n := len(pc.acct.AddOns)
	if cap(tl.addOnBuf)-len(tl.addOnBuf) < n {
		tl.addOnBuf = make([]int32, 0, max(n*len(tl.pieces)/2, n))
	}
	pc.addOns = tl.addOnBuf[len(tl.addOnBuf):len(tl.addOnBuf)]
	for i := range pc.acct.AddOns {
		if pc.acct.AddOns[i].ActiveAt(pc.from) {
			pc.addOns = append(pc.addOns, int32(i))
		}
	}
	tl.addOnBuf = tl.addOnBuf[:len(tl.addOnBuf)+len(pc.addOns)]
	pc.listed = true
	return pc.addOns
}

func compareAssignments(a, b entitlement.Assignment) int {
	return cmp.Or(a.From.Compare(b.From), a.Until.Compare(b.Until), cmp.Compare(a.Qty(), b.Qty()), cmp.Compare(a.AddOn, b.AddOn))
}
