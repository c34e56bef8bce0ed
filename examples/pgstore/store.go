package pgstore

import (
	"context"
	"errors"
	"fmt"
	"math"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/tariffkit/tariff/loyalty"
)

var _ loyalty.Store = (*Store)(nil)

// Store is a loyalty.Store on PostgreSQL (or Citus), safe for concurrent
// use. It keeps nothing in memory: every call is one statement against
// the pool, so any number of Stores, in any number of processes, may share
// one database. Every method of a nil *Store returns loyalty.ErrNoStore.
type Store struct {
	db *pgxpool.Pool
}

// New returns a Store over db, whose tables Migrate made. Each call holds
// one of the pool's connections while it runs, so the pool's MaxConns
// bounds the calls in flight; size it for the goroutines that use the
// store.
//
// Errors: ErrSchema if Migrate has not been run (or not since this package
// gained a migration); loyalty.ErrNoStore for a nil db; the database's.
func New(ctx context.Context, db *pgxpool.Pool) (*Store, error) {
	if db == nil {
		return nil, fmt.Errorf("%w: pgstore: nil pool", loyalty.ErrNoStore)
	}
	if err := checkSchema(ctx, db); err != nil {
		return nil, err
	}
	return &Store{db: db}, nil
}

// live returns ctx, or a context that never ends for a nil ctx (as
// memstore treats one).
func live(ctx context.Context) context.Context {
	if ctx == nil {
		return context.Background()
	}
	return ctx
}

// loadSQL reads the head and the asked records in one statement, so one
// snapshot: a record never comes from another version than the head.
const loadSQL = `SELECT h.version, h.currency, h.next_lot, h.entries, h.purchases, h.period_start,
	h.period_accrued::text, h.available::text, h.pending::text, h.next_event, ` + recordColumns + `
FROM loyalty_heads h
LEFT JOIN loyalty_records r ON r.member = h.member AND r.program = h.program AND r.id = ANY($3)
WHERE h.member = $1 AND h.program = $2`

// Load implements loyalty.LedgerStore: one statement, reading the head
// and the records asked for from one snapshot. Errors:
// loyalty.ErrNoStore for a nil Store, loyalty.ErrInconsistentStore for
// stored amounts it cannot read, the database's.
func (s *Store) Load(ctx context.Context, k loyalty.Key, txIDs ...string) (loyalty.State, []loyalty.TxRecord, error) {
	if s == nil {
		return loyalty.State{}, nil, loyalty.ErrNoStore
	}
	if txIDs == nil {
		txIDs = []string{}
	}
	rows, err := s.db.Query(live(ctx), loadSQL, k.Member, k.Program, txIDs)
	if err != nil {
		return loyalty.State{}, nil, fmt.Errorf("pgstore: load %s/%s: %w", k.Program, k.Member, err)
	}
	defer rows.Close()
	var st loyalty.State
	var recs []loyalty.TxRecord
	for rows.Next() {
		var version, nextLot, periodStart, nextEvent int64
		var code, accrued, avail, pend *string
		var rs recordScan
		dest := append([]any{&version, &code, &nextLot, &st.Entries, &st.Purchases, &periodStart,
			&accrued, &avail, &pend, &nextEvent}, rs.dest()...)
		if err := rows.Scan(dest...); err != nil {
			return loyalty.State{}, nil, fmt.Errorf("pgstore: load %s/%s: %w", k.Program, k.Member, err)
		}
		var d decoder
		c := d.currency(code)
		st.PeriodAccrued, st.Available, st.Pending = d.money(accrued, c), d.money(avail, c), d.money(pend, c)
		st.Version, st.NextLot = uint64(version), uint64(nextLot)
		st.PeriodStart, st.NextEvent = fromInstant(periodStart), fromInstant(nextEvent)
		r, ok, err := rs.record()
		if err = errors.Join(d.err, err); err != nil {
			return loyalty.State{}, nil, err
		}
		if ok {
			recs = append(recs, r)
		}
	}
	if err := rows.Err(); err != nil {
		return loyalty.State{}, nil, fmt.Errorf("pgstore: load %s/%s: %w", k.Program, k.Member, err)
	}
	return st, recs, nil
}

// lotsSQL reads the head's version and a page of lots in one statement:
// the page is of the version it names. For ByID $3 is the ID to start
// after and $4 the limit; for the other orders $3 and $4 are the cursor
// (the instant the order sorts by and the ID of the lot to start after)
// and $5 the limit.
var lotsSQL = [...]string{
	loyalty.ByID:                lotsQuery(`0::bigint`, `id > $3`, `$4`),
	loyalty.AvailableByExpiry:   lotsQuery(`expires_at`, `NOT pending AND (expires_at, id) > ($3, $4)`, `$5`),
	loyalty.PendingByActivation: lotsQuery(`available_at`, `pending AND (available_at, id) > ($3, $4)`, `$5`),
}

// lotsQuery returns the query of one order: the head's version as the
// first row (part 0), then the page (part 1), sorted by key and ID.
func lotsQuery(key, where, limit string) string {
	return `SELECT part, version, ` + lotColumns + ` FROM (
	SELECT 0 AS part, version, 0::bigint AS k, 0::bigint AS id, '' AS tx, '' AS rule, NULL::char(3) AS currency,
		NULL::numeric AS amount, NULL::numeric AS remaining, false AS pending, 0::bigint AS available_at, 0::bigint AS expires_at
	FROM loyalty_heads WHERE member = $1 AND program = $2
	UNION ALL
	(SELECT 1, 0, ` + key + `, ` + lotColumnsRaw + ` FROM loyalty_lots
	WHERE member = $1 AND program = $2 AND ` + where + `
	ORDER BY ` + key + `, id LIMIT ` + limit + `)
) page ORDER BY part, k, id`
}

const lotColumnsRaw = `id, tx, rule, currency, amount, remaining, pending, available_at, expires_at`

// Lots implements loyalty.LedgerStore: one statement, reading the version
// and the page from one snapshot, through an index in the order asked,
// so it costs the page, not the lots held. Errors: loyalty.ErrNoStore for
// a nil Store, loyalty.ErrInvalidRequest for a bad query,
// loyalty.ErrVersionConflict, loyalty.ErrInconsistentStore, the
// database's.
func (s *Store) Lots(ctx context.Context, k loyalty.Key, q loyalty.LotQuery) ([]loyalty.Lot, error) {
	if s == nil {
		return nil, loyalty.ErrNoStore
	}
	if q.Order < loyalty.ByID || q.Order > loyalty.PendingByActivation || q.Limit < 1 {
		return nil, fmt.Errorf("%w: pgstore: lot query with order %v and limit %d", loyalty.ErrInvalidRequest, q.Order, q.Limit)
	}
	args := []any{k.Member, k.Program}
	after := int64(min(q.After.ID, math.MaxInt64))
	if q.Order == loyalty.ByID {
		args = append(args, after, q.Limit)
	} else {
		var at int64 = zeroInstant // the cursor's instant: the start for no lot
		var err error
		switch {
		case q.After.ID == 0:
		case q.Order == loyalty.AvailableByExpiry:
			at, err = expiry(q.After.ExpiresAt)
		default:
			at, err = instant(q.After.AvailableAt)
		}
		if err != nil {
			return nil, err
		}
		args = append(args, at, after, q.Limit)
	}
	rows, err := s.db.Query(live(ctx), lotsSQL[q.Order], args...)
	if err != nil {
		return nil, fmt.Errorf("pgstore: lots of %s/%s: %w", k.Program, k.Member, err)
	}
	defer rows.Close()
	var version uint64
	var page []loyalty.Lot
	for rows.Next() {
		var part int
		var v int64
		l, err := scanLot(prefixed{rows, []any{&part, &v}})
		if err != nil {
			return nil, fmt.Errorf("pgstore: lots of %s/%s: %w", k.Program, k.Member, err)
		}
		if part == 0 {
			version = uint64(v)
			continue
		}
		page = append(page, l)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("pgstore: lots of %s/%s: %w", k.Program, k.Member, err)
	}
	if version != q.Version {
		return nil, loyalty.ErrVersionConflict
	}
	return page, nil
}

// prefixed is a row whose first columns go to dest before the rest.
type prefixed struct {
	row  pgx.Row
	dest []any
}

func (p prefixed) Scan(dest ...any) error { return p.row.Scan(append(p.dest, dest...)...) }

const entriesSQL = `SELECT ` + entryColumns + ` FROM loyalty_entries
WHERE member = $1 AND program = $2 AND position >= $3 ORDER BY position LIMIT $4`

// Entries implements loyalty.LedgerStore: one statement through the
// primary key, costing the page. Errors: loyalty.ErrNoStore for a nil
// Store, loyalty.ErrInvalidRequest for a negative from or limit,
// loyalty.ErrInconsistentStore, the database's.
func (s *Store) Entries(ctx context.Context, k loyalty.Key, from, limit int) ([]loyalty.Entry, error) {
	if s == nil {
		return nil, loyalty.ErrNoStore
	}
	if from < 0 || limit < 0 {
		return nil, fmt.Errorf("%w: pgstore: entries from %d, limit %d", loyalty.ErrInvalidRequest, from, limit)
	}
	rows, err := s.db.Query(live(ctx), entriesSQL, k.Member, k.Program, int64(from), int64(limit))
	if err != nil {
		return nil, fmt.Errorf("pgstore: entries of %s/%s: %w", k.Program, k.Member, err)
	}
	es, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (loyalty.Entry, error) { return scanEntry(r) })
	if err != nil {
		return nil, fmt.Errorf("pgstore: entries of %s/%s: %w", k.Program, k.Member, err)
	}
	return es, nil
}

// PromoCount implements loyalty.LedgerStore. Errors: loyalty.ErrNoStore
// for a nil Store, the database's.
func (s *Store) PromoCount(ctx context.Context, program, code string) (int, error) {
	if s == nil {
		return 0, loyalty.ErrNoStore
	}
	var n int64
	err := s.db.QueryRow(live(ctx), `SELECT uses FROM loyalty_promo_counts WHERE program = $1 AND code = $2`,
		program, code).Scan(&n)
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return 0, fmt.Errorf("pgstore: promo count of %s/%s: %w", program, code, err)
	}
	return int(n), nil
}

// attributeSQL is first-write-wins in one statement: the insert, or, when
// the member is attributed already (or is being attributed by a
// transaction not yet committed, which it waits for), an update that
// changes nothing and returns the partner that won.
const attributeSQL = `INSERT INTO loyalty_attributions AS a (member, partner) VALUES ($1, $2)
ON CONFLICT (member) DO UPDATE SET partner = a.partner RETURNING a.partner`

// AttributeToPartner implements loyalty.AttributionStore in one statement.
// Errors: loyalty.ErrNoStore for a nil Store, the database's.
func (s *Store) AttributeToPartner(ctx context.Context, member, partner string) (string, error) {
	if s == nil {
		return "", loyalty.ErrNoStore
	}
	var owner string
	if err := s.db.QueryRow(live(ctx), attributeSQL, member, partner).Scan(&owner); err != nil {
		return "", fmt.Errorf("pgstore: attribute %s to %s: %w", member, partner, err)
	}
	return owner, nil
}

// Partner implements loyalty.AttributionStore. Errors: loyalty.ErrNoStore
// for a nil Store, the database's.
func (s *Store) Partner(ctx context.Context, member string) (string, error) {
	if s == nil {
		return "", loyalty.ErrNoStore
	}
	var p string
	err := s.db.QueryRow(live(ctx), `SELECT partner FROM loyalty_attributions WHERE member = $1`, member).Scan(&p)
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return "", fmt.Errorf("pgstore: partner of %s: %w", member, err)
	}
	return p, nil
}
