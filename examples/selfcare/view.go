package main

import (
	"context"
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
	Sent        string       // the thresholds announced by this visit, "90 %", or ""
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
	if pg.Storage, err = p.storageBar(id, a, used); err != nil {
		return accountPage{}, err
	}
	if pg.Groups, err = p.groups(a, cfg); err != nil {
		return accountPage{}, err
	}
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
// that brings it back under 90 %. A threshold crossed for the first time
// this month is announced (the portal would send the customer a message)
// and recorded, so it is announced once.
func (p *portal) storageBar(id string, a entitlement.Account, used decimal.Decimal) (storageBar, error) {
	check, err := p.r.CheckQuota(a, p.now, "storage_gb", used, notice, full)
	if err != nil {
		return storageBar{}, err
	}
	pct := check.Percent.Decimal
	bar := storageBar{Used: p.gb(used), Quota: p.gb(check.Quota), Percent: int(min(pct.IntPart(), 100)),
		Label: pct.Round(1).String() + " %", Notice: len(check.Crossed) > 0}
	for i, t := range p.announce(id, check.QuotaReport) {
		if i > 0 {
			bar.Sent += ", "
		}
		bar.Sent += t.String() + " %"
	}
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

// groups lists what the account can order now, by product group
// (entitlement's Orderable), each add-on with its monthly price and, when it
// cannot be ordered, the reason in names.
func (p *portal) groups(a entitlement.Account, cfg entitlement.Config) ([]group, error) {
	held := map[string]bool{}
	for _, l := range cfg.Layers() {
		if l.Kind == entitlement.LayerAddOn {
			held[l.Product] = true
		}
	}
	offers, err := p.r.Orderable(a, p.now)
	if err != nil {
		return nil, err
	}
	var out []group
	for _, g := range offers {
		view := group{Name: nonEmpty(g.Name, "Other add-ons")}
		for _, o := range g.AddOns {
			view.AddOns = append(view.AddOns, addOnView{ID: o.AddOn, Name: nonEmpty(o.Name, o.AddOn), Monthly: p.monthly(o.AddOn),
				Held: held[o.AddOn], Orderable: o.Orderable(), Reason: o.Reason(entitlement.WithNames(p.cat))})
		}
		out = append(out, view)
	}
	return out, nil
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
