package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/tariffkit/tariff/catalog"
	"github.com/tariffkit/tariff/entitlement"
	"github.com/tariffkit/tariff/pricing"
)

// accountPage is what the portal page shows of one customer.
type accountPage struct {
	ID, Name, Main string
	Explain        []string // the configuration, a line each
	Storage        storageBar
	Groups         []group
	Bill           billView
	Balance        string
}

// storageBar is the mailbox's use against its quota, with the notice and
// the one-click upgrade when use is at 90 % or more.
type storageBar struct {
	Used, Quota string
	Percent     int // for the bar's width, 0–100
	Label       string
	Notice      bool
	Upgrade     *upgradeView // the cheapest add-on that brings use under 90 %
}

// upgradeView is a one-click offer.
type upgradeView struct {
	AddOn, Name, Quota, Today string
}

// group is a product group with its add-ons.
type group struct {
	Name   string
	AddOns []addOnView
}

// addOnView is one add-on as the customer sees it: orderable now or not,
// and why not.
type addOnView struct {
	ID, Name, Monthly string
	Held              bool
	Orderable         bool
	Reason            string
}

// billView is a quote for people.
type billView struct {
	Lines []lineView
	Total string
}

type lineView struct{ Amount, Description string }

// page builds the portal page of account id.
func (p *portal) page(ctx context.Context, id string) (accountPage, error) {
	a, name, used, err := p.customer(id)
	if err != nil {
		return accountPage{}, err
	}
	cfg, err := p.r.Resolve(a, p.now)
	if err != nil {
		return accountPage{}, err
	}
	pg := accountPage{ID: id, Name: name, Main: p.productName(a.Main),
		Explain: strings.Split(strings.TrimRight(cfg.Explain(entitlement.WithNames(p.cat)), "\n"), "\n")}
	if pg.Storage, err = p.storageBar(a, used); err != nil {
		return accountPage{}, err
	}
	pg.Groups = p.groups(a, cfg)
	q, err := p.bill(a)
	if err != nil {
		return accountPage{}, err
	}
	pg.Bill = billOf(q)
	bal, err := p.balance(ctx, id)
	if err != nil {
		return accountPage{}, err
	}
	pg.Balance = bal.Total().String()
	return pg, nil
}

// storageBar reports mailbox use and, at 90 % or more, the cheapest add-on
// that brings it back under 90 %.
func (p *portal) storageBar(a entitlement.Account, used decimal.Decimal) (storageBar, error) {
	check, err := p.r.CheckQuota(a, p.now, "storage_gb", used, notice, full)
	if err != nil {
		return storageBar{}, err
	}
	pct := check.Percent.Decimal
	bar := storageBar{Used: p.gb(used), Quota: p.gb(check.Quota), Percent: int(min(pct.IntPart(), 100)),
		Label: pct.Round(1).String() + " %", Notice: len(check.Crossed) > 0}
	var adds []entitlement.Candidate
	for _, c := range check.Candidates {
		if c.Kind == entitlement.AddAddOn {
			adds = append(adds, c)
		}
	}
	if bar.Notice && len(adds) > 0 {
		offers, err := pricing.RankUpgrades(p.book, a, adds, p.period, p.now, pricing.WithCatalog(p.cat))
		if err != nil {
			return storageBar{}, err
		}
		best := offers[0]
		bar.Upgrade = &upgradeView{AddOn: best.Candidate.Product, Name: p.productName(best.Candidate.Product),
			Quota: p.gb(best.Candidate.Quota), Today: best.Total.String()}
	}
	return bar, nil
}

// groups lists the catalog's product groups, then the add-ons in none,
// with the add-ons the account's main product allows, each with whether Assign would take it now and, if
// not, its refusal in words.
func (p *portal) groups(a entitlement.Account, cfg entitlement.Config) []group {
	held := map[string]bool{}
	for _, l := range cfg.Layers() {
		if l.Kind == entitlement.LayerAddOn {
			held[l.Product] = true
		}
	}
	var out []group
	grouped := map[string]bool{}
	lists := [][]string{}
	names := []string{}
	for _, gid := range p.cat.GroupIDs() {
		g, _ := p.cat.Group(gid)
		members := p.cat.GroupMembers(gid)
		for _, id := range members {
			grouped[id] = true
		}
		lists, names = append(lists, members), append(names, nonEmpty(g.Name, g.ID))
	}
	var others []string
	for _, id := range p.cat.AddOnIDs() {
		if !grouped[id] {
			others = append(others, id)
		}
	}
	lists, names = append(lists, others), append(names, "Other add-ons")
	for i, members := range lists {
		var addOns []addOnView
		for _, id := range members {
			if !p.cat.Allows(id, a.Main) {
				continue
			}
			v := addOnView{ID: id, Name: p.productName(id), Monthly: p.monthly(id), Held: held[id]}
			if _, _, err := p.r.Assign(a, entitlement.Assignment{AddOn: id}, p.now); err != nil {
				v.Reason = p.reason(err, id)
			} else {
				v.Orderable = true
			}
			addOns = append(addOns, v)
		}
		if len(addOns) > 0 {
			out = append(out, group{Name: names[i], AddOns: addOns})
		}
	}
	return out
}

// reason says in words why an add-on cannot be ordered, from Assign's
// typed refusal.
func (p *portal) reason(err error, addOn string) string {
	var (
		conflict *entitlement.ConflictError
		excludes *entitlement.ExcludesError
		requires *entitlement.RequiresError
		qty      *entitlement.QuantityError
		allowed  *entitlement.NotAllowedError
	)
	switch {
	case errors.As(err, &conflict):
		held := conflict.AddOns[0]
		if held == addOn {
			held = conflict.AddOns[1]
		}
		return fmt.Sprintf("would conflict with %s on %s", p.productName(held), p.featureName(conflict.Feature))
	case errors.As(err, &excludes):
		return "cannot be combined with what you have"
	case errors.As(err, &requires):
		return "needs another add-on first"
	case errors.As(err, &qty):
		return fmt.Sprintf("you have the most you can order (%d)", qty.Max)
	case errors.As(err, &allowed):
		return "not available with your plan"
	}
	return err.Error()
}

func billOf(q pricing.Quote) billView {
	b := billView{Total: q.Total(pricing.EUR).String()}
	for _, l := range q.Lines {
		if l.Amount.IsZero() && l.Kind == pricing.ChargeUsage {
			continue // usage lines with nothing to pay: the page shows the bill, not the meters
		}
		b.Lines = append(b.Lines, lineView{Amount: l.Amount.String(), Description: l.Description})
	}
	return b
}

func linesOf(ls []pricing.Line) []lineView {
	out := make([]lineView, len(ls))
	for i, l := range ls {
		out[i] = lineView{Amount: l.Amount.String(), Description: l.Description}
	}
	return out
}

func (p *portal) productName(id string) string {
	n, _ := p.cat.ProductName(id)
	return nonEmpty(n, id)
}

func (p *portal) featureName(id string) string {
	n, _ := p.cat.FeatureName(id)
	return nonEmpty(n, id)
}

// gb formats mailbox storage with its unit.
func (p *portal) gb(d decimal.Decimal) string {
	return p.cat.FormatValue("storage_gb", catalog.Qty(d))
}

// monthly returns the add-on's monthly charge from the price book.
func (p *portal) monthly(id string) string {
	for _, ch := range p.book.ChargesFor(id) {
		if ch.Kind == pricing.ChargeRecurring {
			return pricing.NewMoney(ch.Price.Amount, p.book.Currency()).String() + " a month"
		}
	}
	return "free"
}

func nonEmpty(s, fallback string) string {
	if s != "" {
		return s
	}
	return fallback
}
