package main

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"
	"time"

	"github.com/shopspring/decimal"

	"github.com/tariffkit/tariff/catalog"
	"github.com/tariffkit/tariff/entitlement"
	"github.com/tariffkit/tariff/examples/catalogs"
	"github.com/tariffkit/tariff/loyalty"
	"github.com/tariffkit/tariff/loyalty/memstore"
	"github.com/tariffkit/tariff/pricing"
)

// portal is the self-care application's state: the shipped catalog and
// price book, the customers' accounts and mailbox use in memory, and a
// loyalty ledger. Every change goes through mu, and an operation that fails
// changes nothing.
type portal struct {
	cat    *catalog.Catalog
	r      *entitlement.Resolver
	book   *pricing.Book
	ledger *loyalty.Ledger
	now    time.Time
	period pricing.Period

	mu       sync.Mutex
	accounts map[string]entitlement.Account
	names    map[string]string              // customer names, by account ID
	storage  map[string]decimal.Decimal     // mailbox GB used, by account ID
	notices  map[string]entitlement.Notices // mailbox thresholds announced this month, by account ID
	orders   int                            // orders confirmed, for their IDs
}

// The storage quota's thresholds, in percent: the notice shows at 90.
var (
	notice = decimal.NewFromInt(90)
	full   = decimal.NewFromInt(100)
)

func newPortal(now time.Time) (*portal, error) {
	cat, err := catalog.Decode(catalogs.Telco)
	if err != nil {
		return nil, err
	}
	book, err := pricing.DecodeBook(catalogs.TelcoPrices)
	if err != nil {
		return nil, err
	}
	prog, err := loyalty.NewProgram(loyalty.Spec{ID: "comfort", Currency: pricing.EUR, Rules: []loyalty.Rule{{
		ID: "purchase", Kind: loyalty.Percentage, Percent: decimal.NewFromInt(10)}}})
	if err != nil {
		return nil, err
	}
	ledger, err := loyalty.NewLedger(prog, memstore.New())
	if err != nil {
		return nil, err
	}
	p := &portal{cat: cat, r: entitlement.NewResolver(cat), book: book, ledger: ledger, now: now,
		period:   pricing.MonthOf(now),
		accounts: map[string]entitlement.Account{}, names: map[string]string{}, storage: map[string]decimal.Decimal{},
		notices: map[string]entitlement.Notices{}}
	start := p.period.Start
	arpu := func(s string) map[string]decimal.Decimal {
		return map[string]decimal.Decimal{"arpu": decimal.RequireFromString(s)}
	}
	for _, c := range []struct {
		acct    entitlement.Account
		name    string
		storage string
	}{
		{entitlement.Account{ID: "john", Main: "basic_call", MainFrom: start, Facts: arpu("45"),
			AddOns: []entitlement.Assignment{{AddOn: "unconditional_forwarding", From: start}}}, "John Doe", "0.93"},
		{entitlement.Account{ID: "ana", Main: "smart_call_plan", MainFrom: start, Facts: arpu("120"),
			AddOns: []entitlement.Assignment{{AddOn: "mailbox_plus", From: start}}}, "Ana Lima", "4.2"},
	} {
		if _, err := p.r.Resolve(c.acct, now); err != nil {
			return nil, fmt.Errorf("customer %s: %w", c.acct.ID, err)
		}
		p.accounts[c.acct.ID], p.names[c.acct.ID], p.storage[c.acct.ID] = c.acct, c.name, decimal.RequireFromString(c.storage)
	}
	return p, nil
}

// customerIDs returns the account IDs, sorted.
func (p *portal) customerIDs() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	ids := make([]string, 0, len(p.accounts))
	for id := range p.accounts {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// errNoCustomer is returned for an account ID the portal does not hold.
var errNoCustomer = errors.New("no such customer")

// customer returns a customer's account, name and mailbox use.
func (p *portal) customer(id string) (entitlement.Account, string, decimal.Decimal, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	a, ok := p.accounts[id]
	if !ok {
		return entitlement.Account{}, "", decimal.Decimal{}, fmt.Errorf("%w: %q", errNoCustomer, id)
	}
	return a.Clone(), p.names[id], p.storage[id], nil
}

// preview prices adding addOn to the account now, without changing it: the
// lines the period's bill gains. A refusal is the error Assign gives.
func (p *portal) preview(id, addOn string) (pricing.Offer, error) {
	a, _, _, err := p.customer(id)
	if err != nil {
		return pricing.Offer{}, err
	}
	offer, _, err := p.offer(a, addOn)
	return offer, err
}

// offer returns the priced order of addOn for account a now, and the
// account with it.
func (p *portal) offer(a entitlement.Account, addOn string) (pricing.Offer, entitlement.Account, error) {
	next, cfg, err := p.r.Assign(a, entitlement.Assignment{AddOn: addOn}, p.now)
	if err != nil {
		return pricing.Offer{}, a, err
	}
	offers, err := pricing.RankUpgrades(p.book, a,
		[]entitlement.Candidate{{Kind: entitlement.AddAddOn, Product: addOn, Account: next, Config: cfg}},
		p.period, p.now, pricing.WithCatalog(p.cat))
	if err != nil {
		return pricing.Offer{}, a, err
	}
	return offers[0], next, nil
}

// receipt is what a confirmed order did.
type receipt struct {
	Offer   pricing.Offer
	Changes []entitlement.Change // what provisioning must do
	Bonus   pricing.Money        // loyalty bonus the purchase earned
}

// confirm orders addOn for the account now: the assignment, the provisioning
// changes, and the bonus on today's charge. On any error nothing changes.
func (p *portal) confirm(ctx context.Context, id, addOn string) (receipt, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	a, ok := p.accounts[id]
	if !ok {
		return receipt{}, fmt.Errorf("%w: %q", errNoCustomer, id)
	}
	before, err := p.r.Resolve(a, p.now)
	if err != nil {
		return receipt{}, err
	}
	offer, next, err := p.offer(a, addOn)
	if err != nil {
		return receipt{}, err
	}
	after, err := p.r.Resolve(next, p.now)
	if err != nil {
		return receipt{}, err
	}
	rec := receipt{Offer: offer, Changes: entitlement.Diff(before, after), Bonus: pricing.Zero(pricing.EUR)}
	if offer.Total.Sign() > 0 {
		res, err := p.ledger.Accrue(ctx, loyalty.Transaction{ID: fmt.Sprintf("order-%d", p.orders+1), Member: id,
			Amount: offer.Total, Category: "addon"}, p.now)
		if err != nil {
			return receipt{}, err
		}
		rec.Bonus = res.Bonus
	}
	p.orders++
	p.accounts[id] = next
	return rec, nil
}

// bill quotes the account's month as it stands.
func (p *portal) bill(a entitlement.Account) (pricing.Quote, error) {
	return pricing.NewQuote(p.book, p.r, a, p.period, nil, pricing.WithCatalog(p.cat))
}

// balance returns the member's loyalty balance.
func (p *portal) balance(ctx context.Context, id string) (loyalty.Balance, error) {
	return p.ledger.Balance(ctx, id)
}

// announce records the mailbox thresholds rep crosses for account id and
// returns those not announced before this month: each is sent once.
func (p *portal) announce(id string, rep entitlement.QuotaReport) []decimal.Decimal {
	p.mu.Lock()
	defer p.mu.Unlock()
	fresh, next := p.notices[id].Announce(rep, p.period.Start)
	p.notices[id] = next
	return fresh
}
