package pricing

import (
	"time"

	"github.com/tariffkit/tariff/entitlement"
)

// purchase is the purchase an add-on assignment belongs to in a quote
// across versions. An assignment that starts exactly where an identical
// one (the same add-on and quantity) ends continues it: it is how
// entitlement's Versioned.Move leaves a holding it moves to new terms, so
// it is the same purchase, without a one-time charge of its own, one line
// while the same charges price it, and one allowance grant.
type purchase struct {
	whole     entitlement.Assignment // the purchase: the first assignment with the last one's Until, no Terms
	dup       int                    // identical purchases (equal wholes) whose first assignment a lists earlier
	continues bool                   // it continues another assignment of a
}

// purchasesOf returns the purchase of each assignment of a, by index; nil
// when a has none. An assignment continues at most one other, and is
// continued by at most one (the first listed, when several could).
func purchasesOf(a *entitlement.Account) []purchase {
	n := len(a.AddOns)
	if n == 0 {
		return nil
	}
	endKey := func(addOn string, qty int, t timeKey) spanKey {
		return spanKey{product: addOn, qty: qty, untilSec: t.sec, untilNs: t.ns}
	}
	ending := make(map[spanKey][]int)
	for i := range a.AddOns {
		asg := &a.AddOns[i]
		if !asg.Until.IsZero() && (asg.From.IsZero() || asg.From.Before(asg.Until)) {
			k := endKey(asg.AddOn, asg.Qty(), keyTime(asg.Until))
			ending[k] = append(ending[k], i)
		}
	}
	prev, next := make([]int, n), make([]int, n)
	for i := range prev {
		prev[i], next[i] = -1, -1
	}
	for i := range a.AddOns {
		asg := &a.AddOns[i]
		if asg.From.IsZero() {
			continue
		}
		for _, j := range ending[endKey(asg.AddOn, asg.Qty(), keyTime(asg.From))] {
			if next[j] < 0 {
				next[j], prev[i] = i, j
				break
			}
		}
	}
	out := make([]purchase, n)
	seen := make(map[spanKey]int)
	for i := range a.AddOns {
		if prev[i] >= 0 {
			continue // a head comes first in a chain: filled below, from its head
		}
		tail := i
		for next[tail] >= 0 {
			tail = next[tail]
		}
		whole := a.AddOns[i]
		whole.Until, whole.Terms = a.AddOns[tail].Until, time.Time{}
		s := span{product: whole.AddOn, asg: whole}
		k := keyOf(&s)
		dup := seen[k]
		seen[k] = dup + 1
		for j := i; j >= 0; j = next[j] {
			out[j] = purchase{whole: whole, dup: dup, continues: j != i}
		}
	}
	return out
}

// timeKey is an instant as a map key: equal instants, equal keys, whatever
// their locations.
type timeKey struct {
	sec int64
	ns  int
}

func keyTime(t time.Time) timeKey {
	return timeKey{sec: t.Unix(), ns: t.Nanosecond()}
}
