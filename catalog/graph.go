package catalog

import (
	"slices"
	"strings"
)

// graph checks the requires/excludes relations between add-ons: no cycle of
// requirements, and no add-on whose requirements can never all hold (it
// requires what it, or another add-on it requires, excludes; or no main
// product allows it together with everything it requires).
//
// Cycles cost O(add-ons + requires). The other checks walk, for every add-on
// that requires something, everything it requires transitively once,
// reading each member's excludes and allowed list once: the cost is the sum
// of those closures, with no factor for their size, so a catalog whose
// requirements are a few levels deep validates in linear time.
func (v *validator) graph() {
	c := v.c
	d := &c.def
	// requires edges between known add-ons, by product index.
	req := make([][]int, len(d.Products))
	isAddOn := func(id string) (int, bool) {
		i, ok := c.products[id]
		return i, ok && d.Products[i].Kind == KindAddOn
	}
	w := newWalker(len(d.Products))
	for pi := range d.Products {
		p := &d.Products[pi]
		if p.Kind != KindAddOn || c.products[p.ID] != pi {
			continue
		}
		w.gen++
		for _, r := range p.Requires {
			if ri, ok := isAddOn(r); ok && ri != pi && w.mark[ri] != w.gen {
				w.mark[ri] = w.gen
				req[pi] = append(req[pi], ri)
			}
		}
	}

	inCycle := make([]bool, len(d.Products))
	for _, scc := range stronglyConnected(req) {
		slices.Sort(scc)
		names := make([]string, len(scc))
		for i, pi := range scc {
			inCycle[pi] = true
			names[i] = d.Products[pi].ID
		}
		v.add(elem("products", scc[0], names[0])+".requires", CodeRequiresCycle,
			"add-ons require each other in a cycle: %s", strings.Join(names, ", "))
	}

	refs := graphRefs{c: c, done: make([]bool, len(d.Products)), mains: make([][]int, len(d.Products)), excl: make([][]int, len(d.Products))}
	mainSeen := make([]int, len(d.Products)) // by main product index: the walk that last counted it
	mainCount := make([]int, len(d.Products))
	for pi := range d.Products {
		p := &d.Products[pi]
		if len(req[pi]) == 0 || inCycle[pi] {
			continue
		}
		closure := w.reach(req, pi) // marks the closure with w.gen
		path := elem("products", pi, p.ID) + ".requires"
		for _, x := range closure {
			refs.load(x)
			for _, y := range refs.excl[x] {
				if y < 0 || w.mark[y] != w.gen || y == x {
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
		// A main product allows the whole closure when every member's
		// allowed list names it. mainCount counts, for each main product p
		// allows, the members after p that name it, as long as none before
		// failed to (a member naming it twice counts once).
		for _, mi := range refs.mains[pi] {
			if mi >= 0 {
				mainSeen[mi], mainCount[mi] = w.gen, 0
			}
		}
		for k, x := range closure[1:] {
			for _, mi := range refs.mains[x] {
				if mi >= 0 && mainSeen[mi] == w.gen && mainCount[mi] == k {
					mainCount[mi] = k + 1
				}
			}
		}
		common := false
		for i, mi := range refs.mains[pi] {
			if mi >= 0 {
				common = mainSeen[mi] == w.gen && mainCount[mi] == len(closure)-1
			} else { // an unknown ID, already reported: compared as text
				m := p.AllowedMain[i]
				common = !slices.ContainsFunc(closure[1:], func(x int) bool { return !slices.Contains(d.Products[x].AllowedMain, m) })
			}
			if common {
				break
			}
		}
		if !common {
			v.add(path, CodeContradiction, "no main product allows add-on %q together with the add-ons it requires", p.ID)
		}
	}
}

// graphRefs holds, for the products a requirement closure has reached, the
// product indexes of their allowed main products and of the add-ons they
// exclude, in list order, -1 for an ID that names no product (allowed) or
// no add-on (excludes). Each product's lists are looked up once.
type graphRefs struct {
	c           *Catalog
	done        []bool
	mains, excl [][]int
}

func (g *graphRefs) load(pi int) {
	if g.done[pi] {
		return
	}
	g.done[pi] = true
	p := &g.c.def.Products[pi]
	g.mains[pi] = make([]int, len(p.AllowedMain))
	for i, m := range p.AllowedMain {
		if mi, ok := g.c.products[m]; ok {
			g.mains[pi][i] = mi
		} else {
			g.mains[pi][i] = -1
		}
	}
	g.excl[pi] = make([]int, len(p.Excludes))
	for i, e := range p.Excludes {
		if y, ok := g.c.products[e]; ok && g.c.def.Products[y].Kind == KindAddOn {
			g.excl[pi][i] = y
		} else {
			g.excl[pi][i] = -1
		}
	}
}

// walker finds the add-ons an add-on requires transitively, marking each
// node it reaches with the current generation instead of searching the
// list found so far.
type walker struct {
	mark []int // by product index: the generation that last reached it
	gen  int
	list []int
}

func newWalker(n int) *walker { return &walker{mark: make([]int, n)} }

// reach starts a new generation and returns from followed by every node
// reachable from it, each once, in breadth-first order. The slice is reused
// by the next call.
func (w *walker) reach(adj [][]int, from int) []int {
	w.gen++
	w.list = append(w.list[:0], from)
	w.mark[from] = w.gen
	for i := 0; i < len(w.list); i++ {
		for _, n := range adj[w.list[i]] {
			if w.mark[n] != w.gen {
				w.mark[n] = w.gen
				w.list = append(w.list, n)
			}
		}
	}
	return w.list
}

// stronglyConnected returns the strongly connected components of more
// than one node (the cycles) of the graph adj (Tarjan's algorithm,
// iterative so deep chains cannot exhaust the stack).
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
				top := len(stack) - 1 // the component is stack[top:]
				for stack[top] != node {
					top--
				}
				for _, w := range stack[top:] {
					onStack[w] = false
				}
				if len(stack)-top > 1 {
					out = append(out, slices.Clone(stack[top:]))
				}
				stack = stack[:top]
			}
		}
	}
	return out
}
