package catalog

import (
	"slices"
	"strings"
)

// graph checks the requires/excludes relations between add-ons: no cycle of
// requirements, and no add-on whose requirements can never all hold (it
// requires what it, or another add-on it requires, excludes; or no main
// product allows it together with everything it requires).
func (v *validator) graph() {
	c := v.c
	d := &c.def
	// requires edges between known add-ons, by product index.
	req := make([][]int, len(d.Products))
	isAddOn := func(id string) (int, bool) {
		i, ok := c.products[id]
		return i, ok && d.Products[i].Kind == KindAddOn
	}
	for pi := range d.Products {
		p := &d.Products[pi]
		if p.Kind != KindAddOn || c.products[p.ID] != pi {
			continue
		}
		for _, r := range p.Requires {
			if ri, ok := isAddOn(r); ok && ri != pi && !slices.Contains(req[pi], ri) {
				req[pi] = append(req[pi], ri)
			}
		}
	}

	inCycle := make([]bool, len(d.Products))
	for _, scc := range stronglyConnected(req) {
		if len(scc) < 2 {
			continue
		}
		slices.Sort(scc)
		names := make([]string, len(scc))
		for i, pi := range scc {
			inCycle[pi] = true
			names[i] = d.Products[pi].ID
		}
		v.add(elem("products", scc[0], names[0])+".requires", CodeRequiresCycle,
			"add-ons require each other in a cycle: %s", strings.Join(names, ", "))
	}

	for pi := range d.Products {
		p := &d.Products[pi]
		if len(req[pi]) == 0 || inCycle[pi] {
			continue
		}
		closure := reach(req, pi)
		path := elem("products", pi, p.ID) + ".requires"
		for _, x := range closure {
			for _, e := range d.Products[x].Excludes {
				y, ok := isAddOn(e)
				if !ok || !slices.Contains(closure, y) || y == x {
					continue
				}
				if x == pi || y == pi {
					other := d.Products[y].ID
					if y == pi {
						other = d.Products[x].ID
					}
					v.add(path, CodeContradiction, "add-on %q requires %q, which it cannot be assigned beside (excludes)", p.ID, other)
				} else if x < y || !slices.Contains(d.Products[y].Excludes, d.Products[x].ID) {
					v.add(path, CodeContradiction, "add-on %q requires both %q and %q, which exclude each other", p.ID, d.Products[x].ID, d.Products[y].ID)
				}
			}
		}
		if len(p.AllowedMain) == 0 {
			continue
		}
		common := slices.Clone(p.AllowedMain)
		for _, x := range closure[1:] {
			allowed := d.Products[x].AllowedMain
			common = slices.DeleteFunc(common, func(m string) bool { return !slices.Contains(allowed, m) })
		}
		if len(common) == 0 {
			v.add(path, CodeContradiction, "no main product allows add-on %q together with the add-ons it requires", p.ID)
		}
	}
}

// reach returns from followed by every node reachable from it, each once.
func reach(adj [][]int, from int) []int {
	out := []int{from}
	for i := 0; i < len(out); i++ {
		for _, n := range adj[out[i]] {
			if !slices.Contains(out, n) {
				out = append(out, n)
			}
		}
	}
	return out
}

// stronglyConnected returns the strongly connected components of the graph
// adj (Tarjan's algorithm, iterative so deep chains cannot exhaust the stack).
func stronglyConnected(adj [][]int) [][]int {
	n := len(adj)
	index := make([]int, n)
	low := make([]int, n)
	onStack := make([]bool, n)
	for i := range index {
		index[i] = -1
	}
	var stack []int
	var out [][]int
	next := 0
	type frame struct{ node, edge int }
	for root := range n {
		if index[root] >= 0 || len(adj[root]) == 0 {
			continue
		}
		work := []frame{{root, 0}}
		index[root], low[root] = next, next
		next++
		stack = append(stack, root)
		onStack[root] = true
		for len(work) > 0 {
			f := &work[len(work)-1]
			if f.edge < len(adj[f.node]) {
				w := adj[f.node][f.edge]
				f.edge++
				if index[w] < 0 {
					index[w], low[w] = next, next
					next++
					stack = append(stack, w)
					onStack[w] = true
					work = append(work, frame{w, 0})
				} else if onStack[w] {
					low[f.node] = min(low[f.node], index[w])
				}
				continue
			}
			node := f.node
			work = work[:len(work)-1]
			if len(work) > 0 {
				parent := work[len(work)-1].node
				low[parent] = min(low[parent], low[node])
			}
			if low[node] == index[node] {
				var scc []int
				for {
					w := stack[len(stack)-1]
					stack = stack[:len(stack)-1]
					onStack[w] = false
					scc = append(scc, w)
					if w == node {
						break
					}
				}
				out = append(out, scc)
			}
		}
	}
	return out
}
