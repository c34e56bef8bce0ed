package pgstore

import (
	"encoding/json"
	"fmt"
	"math"

	"github.com/jackc/pgx/v5"
	"github.com/shopspring/decimal"

	"github.com/tariffkit/tariff/loyalty"
	"github.com/tariffkit/tariff/pricing"
)

// This file owns the rows: how a Commit is written (as JSON rows of the
// tables, which loyalty_commit reads with jsonb_populate_recordset) and
// how heads, lots, entries and records are read back. Field names are
// column names; see migrations/001_tables.sql.

type headRow struct {
	Currency      *string `json:"currency"`
	NextLot       int64   `json:"next_lot"`
	Entries       int64   `json:"entries"`
	Purchases     int64   `json:"purchases"`
	PeriodStart   int64   `json:"period_start"`
	PeriodAccrued *string `json:"period_accrued"`
	Available     *string `json:"available"`
	Pending       *string `json:"pending"`
	NextEvent     int64   `json:"next_event"`
}

type lotRow struct {
	ID          int64   `json:"id"`
	Tx          string  `json:"tx"`
	Rule        string  `json:"rule"`
	Currency    *string `json:"currency"`
	Amount      *string `json:"amount"`
	Remaining   *string `json:"remaining"`
	Pending     bool    `json:"pending"`
	AvailableAt int64   `json:"available_at"`
	ExpiresAt   int64   `json:"expires_at"`
}

type entryRow struct {
	Kind      uint8   `json:"kind"`
	Tx        string  `json:"tx"`
	Lot       int64   `json:"lot"`
	Rule      string  `json:"rule"`
	Currency  *string `json:"currency"`
	Available *string `json:"available"`
	Pending   *string `json:"pending"`
	At        int64   `json:"at"`
}

type recordRow struct {
	ID          string  `json:"id"`
	Op          uint8   `json:"op"`
	Fingerprint string  `json:"fingerprint"`
	ResultTx    string  `json:"result_tx"`
	ResultOp    uint8   `json:"result_op"`
	Currency    *string `json:"currency"`
	Bonus       *string `json:"bonus"`
	Shortfall   *string `json:"shortfall"`
	Units       *string `json:"units"`
	Amount      *string `json:"amount"`
	Refunded    *string `json:"refunded"`
	FirstLot    int64   `json:"first_lot"`
	LastLot     int64   `json:"last_lot"`
	ResultRule  string  `json:"result_rule"`
}

type purchaseRow struct {
	Tx       string `json:"tx"`
	Partner  string `json:"partner"`
	Category string `json:"category"`
	At       int64  `json:"at"`
}

type trafficRow struct {
	Account  string `json:"account"`
	Unit     string `json:"unit"`
	Quantity string `json:"quantity"`
}

type promoRow struct {
	Program   string `json:"program"`
	Code      string `json:"code"`
	Limit     int    `json:"lim"`
	PerMember int    `json:"per_member"`
}

// commitArgs are loyalty_commit's JSON arguments: the head, the lots
// added and updated, the entries, the records, the promo claim, the
// purchase and the traffic change (each of the last three nil for none).
type commitArgs struct {
	head, add, upd, entries, records, promo, purchase, traffic []byte
}

// encoder collects the first problem met while writing a commit's rows.
type encoder struct{ err error }

func (e *encoder) fail(err error) {
	if e.err == nil {
		e.err = err
	}
}

func (e *encoder) id(what string, v uint64) int64 {
	if v > math.MaxInt64 {
		e.fail(fmt.Errorf("%w: pgstore: %s %d above the largest bigint", loyalty.ErrInvalidRequest, what, v))
		return 0
	}
	return int64(v)
}

func (e *encoder) instant(t int64, err error) int64 {
	if err != nil {
		e.fail(err)
	}
	return t
}

func (e *encoder) money(m *rowMoney) *string {
	if m.err != nil {
		e.fail(m.err)
	}
	return m.currency()
}

func (e *encoder) json(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		e.fail(err)
	}
	return b
}

// encodeCommit writes c's rows and t's (nil for no traffic change).
// Errors: ErrInvalidRequest for an instant, ID or amount the tables cannot
// hold.
func encodeCommit(c *loyalty.Commit, t *loyalty.TrafficChange) (commitArgs, error) {
	var e encoder
	var hm rowMoney
	h := c.Head
	head := headRow{NextLot: e.id("next lot", h.NextLot), Entries: h.Entries, Purchases: h.Purchases,
		PeriodStart: e.instant(instant(h.PeriodStart)), PeriodAccrued: hm.amount(h.PeriodAccrued),
		Available: hm.amount(h.Available), Pending: hm.amount(h.Pending), NextEvent: e.instant(instant(h.NextEvent))}
	head.Currency = e.money(&hm)
	a := commitArgs{head: e.json(head), add: e.json(e.lots(c.AddLots)), upd: e.json(e.lots(c.UpdateLots))}
	entries := make([]entryRow, len(c.Append))
	for i, en := range c.Append {
		var m rowMoney
		entries[i] = entryRow{Kind: uint8(en.Kind), Tx: en.Tx, Lot: e.id("lot", en.Lot), Rule: en.Rule,
			Available: m.amount(en.Available), Pending: m.amount(en.Pending), At: e.instant(instant(en.At))}
		entries[i].Currency = e.money(&m)
	}
	a.entries = e.json(entries)
	records := make([]recordRow, len(c.Records))
	for i, r := range c.Records {
		var m rowMoney
		records[i] = recordRow{ID: r.ID, Op: uint8(r.Op), Fingerprint: r.Fingerprint, ResultTx: r.Result.Tx,
			ResultOp: uint8(r.Result.Op), Bonus: m.amount(r.Result.Bonus), Shortfall: m.amount(r.Result.Shortfall),
			Units: units(r.Result.Units), Amount: m.amount(r.Amount), Refunded: m.amount(r.Refunded),
			FirstLot: e.id("lot", r.FirstLot), LastLot: e.id("lot", r.LastLot), ResultRule: r.Result.Rule}
		records[i].Currency = e.money(&m)
	}
	a.records = e.json(records)
	if p := c.Promo; p != nil {
		a.promo = e.json(promoRow{Program: p.Program, Code: p.Code, Limit: p.Limit, PerMember: p.PerMember})
	}
	if p := c.Purchase; p != nil {
		a.purchase = e.json(purchaseRow{Tx: p.Tx, Partner: p.Partner, Category: p.Category, At: e.instant(instant(p.At))})
	}
	if t != nil {
		a.traffic = e.json(trafficRow{Account: t.Account, Unit: t.Unit, Quantity: decimalText(t.Quantity)})
	}
	return a, e.err
}

func (e *encoder) lots(ls []loyalty.Lot) []lotRow {
	rows := make([]lotRow, len(ls))
	for i := range ls {
		l := &ls[i]
		var m rowMoney
		rows[i] = lotRow{ID: e.id("lot", l.ID), Tx: l.Tx, Rule: l.Rule, Amount: m.amount(l.Amount),
			Remaining: m.amount(l.Remaining), Pending: l.Pending, AvailableAt: e.instant(instant(l.AvailableAt)),
			ExpiresAt: e.instant(expiry(l.ExpiresAt))}
		rows[i].Currency = e.money(&m)
	}
	return rows
}

// Reading. Each scan reads the columns its query's lotColumns,
// entryColumns or recordColumns list, in order; amounts come as text.

const lotColumns = `id, tx, rule, currency, amount::text, remaining::text, pending, available_at, expires_at`

func scanLot(row pgx.Row) (loyalty.Lot, error) {
	var l loyalty.Lot
	var id, avail, exp int64
	var code, amount, remaining *string
	if err := row.Scan(&id, &l.Tx, &l.Rule, &code, &amount, &remaining, &l.Pending, &avail, &exp); err != nil {
		return l, err
	}
	var d decoder
	c := d.currency(code)
	l.Amount, l.Remaining = d.money(amount, c), d.money(remaining, c)
	l.ID, l.AvailableAt, l.ExpiresAt = uint64(id), fromInstant(avail), fromExpiry(exp)
	return l, d.err
}

const entryColumns = `kind, tx, lot, rule, currency, available::text, pending::text, at`

func scanEntry(row pgx.Row) (loyalty.Entry, error) {
	var e loyalty.Entry
	var kind int16
	var lot, at int64
	var code, avail, pend *string
	if err := row.Scan(&kind, &e.Tx, &lot, &e.Rule, &code, &avail, &pend, &at); err != nil {
		return e, err
	}
	var d decoder
	c := d.currency(code)
	e.Available, e.Pending = d.money(avail, c), d.money(pend, c)
	e.Kind, e.Lot, e.At = loyalty.EntryKind(kind), uint64(lot), fromInstant(at)
	return e, d.err
}

// recordColumns are a record's columns; in Load they are those of a LEFT
// JOIN, so every one may be NULL and recordScan scans into pointers.
const recordColumns = `r.id, r.op, r.fingerprint, r.result_tx, r.result_op, r.currency, r.bonus::text,
	r.shortfall::text, r.units::text, r.amount::text, r.refunded::text, r.first_lot, r.last_lot, r.result_rule`

type recordScan struct {
	id, fingerprint, resultTx, resultRule           *string
	op, resultOp                                    *int16
	code, bonus, shortfall, units, amount, refunded *string
	firstLot, lastLot                               *int64
}

func (s *recordScan) dest() []any {
	return []any{&s.id, &s.op, &s.fingerprint, &s.resultTx, &s.resultOp, &s.code, &s.bonus,
		&s.shortfall, &s.units, &s.amount, &s.refunded, &s.firstLot, &s.lastLot, &s.resultRule}
}

// record returns the scanned record, ok false if the row had none.
func (s *recordScan) record() (r loyalty.TxRecord, ok bool, err error) {
	if s.id == nil {
		return r, false, nil
	}
	var d decoder
	c := d.currency(s.code)
	r.Result.Bonus, r.Result.Shortfall = d.money(s.bonus, c), d.money(s.shortfall, c)
	r.Result.Units = d.units(s.units)
	r.Amount, r.Refunded = d.money(s.amount, c), d.money(s.refunded, c)
	r.ID, r.Op, r.Fingerprint = *s.id, loyalty.Op(*s.op), *s.fingerprint
	r.Result.Tx, r.Result.Op, r.Result.Rule = *s.resultTx, loyalty.Op(*s.resultOp), *s.resultRule
	r.FirstLot, r.LastLot = uint64(*s.firstLot), uint64(*s.lastLot)
	return r, true, d.err
}

// decoder collects the first problem met while reading a row's amounts.
type decoder struct{ err error }

func (d *decoder) currency(code *string) pricing.Currency {
	c, err := readCurrency(code)
	if d.err == nil {
		d.err = err
	}
	return c
}

func (d *decoder) money(amount *string, c pricing.Currency) pricing.Money {
	m, err := readMoney(amount, c)
	if d.err == nil {
		d.err = err
	}
	return m
}

func (d *decoder) units(s *string) decimal.Decimal {
	u, err := readUnits(s)
	if d.err == nil {
		d.err = err
	}
	return u
}
