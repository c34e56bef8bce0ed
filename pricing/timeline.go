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
}

// timeline is the pieces of a period, in time order, and what they are
// resolved with.
type timeline struct {
	p      Period
	r      *entitlement.Resolver // nil when the single configuration is given (Rate)
	pieces []piece
}

// newTimeline cuts period p at every instant the history changes: a new
// version of the account, a change of main product, an add-on assignment's
// From or Until.
func newTimeline(r *entitlement.Resolver, history []Segment, p Period) timeline {
	tl := timeline{p: p, r: r}
	var cuts []time.Time
	for i := range history {
		seg := &history[i]
		start, end := p.Start, p.End
		if seg.From.After(start) {
			start = seg.From
		}
		if i+1 < len(history) && history[i+1].From.Before(end) {
			end = history[i+1].From
		}
		if !start.Before(end) {
			continue
		}
		a := &seg.Account
		cuts = append(cuts[:0], start, end)
		inside := func(t time.Time) {
			if t.After(start) && t.Before(end) {
				cuts = append(cuts, t)
			}
		}
		inside(a.MainFrom)
		for j := range a.PastMains {
			inside(a.PastMains[j].From)
		}
		for j := range a.AddOns {
			inside(a.AddOns[j].From)
			inside(a.AddOns[j].Until)
		}
		slices.SortFunc(cuts, func(x, y time.Time) int { return x.Compare(y) })
		cuts = slices.CompactFunc(cuts, time.Time.Equal)
		for j := 0; j+1 < len(cuts); j++ {
			pc := piece{from: cuts[j], until: cuts[j+1], acct: a}
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
		cfg, err := tl.r.Resolve(*pc.acct, pc.from)
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

// activeAddOns appends to out the assignments of piece k's account active
// during the piece, in a fixed order (From, Until, Quantity, add-on), so
// that nothing depends on the order the host listed them in.
func (tl *timeline) activeAddOns(out []entitlement.Assignment, k int) []entitlement.Assignment {
	pc := &tl.pieces[k]
	if pc.acct == nil {
		return out
	}
	for _, asg := range pc.acct.AddOns {
		if asg.ActiveAt(pc.from) {
			out = append(out, asg)
		}
	}
	slices.SortFunc(out, compareAssignments)
	return out
}

func compareAssignments(a, b entitlement.Assignment) int {
	return cmp.Or(a.From.Compare(b.From), a.Until.Compare(b.Until), cmp.Compare(a.Qty(), b.Qty()), cmp.Compare(a.AddOn, b.AddOn))
}
