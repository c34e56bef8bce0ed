package pgstore

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/jackc/pgx/v5"
	"github.com/shopspring/decimal"

	"github.com/tariffkit/tariff/loyalty"
)

var _ loyalty.TrafficStore = (*Store)(nil)

// purchasesSQL returns the statement counting a member's purchases for a
// query by partner, by category and after an instant, as set: the head's
// version as the first row (part 0), the count as the second, in one
// statement and so one snapshot. The count is one range of an index of
// loyalty_purchases. Its parameters are the member, the program, then
// those the conditions name, in order.
func purchasesSQL(q loyalty.PurchaseQuery) string {
	where := `member = $1 AND program = $2`
	n := 2
	param := func() string { n++; return "$" + strconv.Itoa(n) }
	if q.ByPartner {
		where += ` AND partner = ` + param()
	}
	if q.ByCategory {
		where += ` AND category = ` + param()
	}
	if !q.After.IsZero() {
		where += ` AND at > ` + param()
	}
	return `SELECT part, n FROM (
	SELECT 0 AS part, version AS n FROM loyalty_heads WHERE member = $1 AND program = $2
	UNION ALL
	SELECT 1, count(*) FROM loyalty_purchases WHERE ` + where + `
) c ORDER BY part`
}

// CountPurchases implements loyalty.LedgerStore: one statement, reading
// the version and the count from one snapshot through an index, so it
// costs the purchases counted. Errors: loyalty.ErrNoStore for a nil
// Store, loyalty.ErrInvalidRequest for an instant a bigint cannot hold,
// loyalty.ErrVersionConflict, the database's.
func (s *Store) CountPurchases(ctx context.Context, k loyalty.Key, q loyalty.PurchaseQuery) (int64, error) {
	if s == nil {
		return 0, loyalty.ErrNoStore
	}
	args := []any{k.Member, k.Program}
	if q.ByPartner {
		args = append(args, q.Partner)
	}
	if q.ByCategory {
		args = append(args, q.Category)
	}
	if !q.After.IsZero() {
		at, err := instant(q.After)
		if err != nil {
			return 0, err
		}
		args = append(args, at)
	}
	rows, err := s.db.Query(live(ctx), purchasesSQL(q), args...)
	if err != nil {
		return 0, fmt.Errorf("pgstore: purchases of %s/%s: %w", k.Program, k.Member, err)
	}
	defer rows.Close()
	var version uint64
	var count int64
	for rows.Next() {
		var part int
		var n int64
		if err := rows.Scan(&part, &n); err != nil {
			return 0, fmt.Errorf("pgstore: purchases of %s/%s: %w", k.Program, k.Member, err)
		}
		if part == 0 {
			version = uint64(n)
		} else {
			count = n
		}
	}
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("pgstore: purchases of %s/%s: %w", k.Program, k.Member, err)
	}
	if version != q.Version {
		return 0, loyalty.ErrVersionConflict
	}
	return count, nil
}

// PromoUses implements loyalty.LedgerStore: one statement through the
// primary key of loyalty_promo_uses. Errors: loyalty.ErrNoStore for a nil
// Store, the database's.
func (s *Store) PromoUses(ctx context.Context, k loyalty.Key, code string) (int, error) {
	if s == nil {
		return 0, loyalty.ErrNoStore
	}
	var n int64
	err := s.db.QueryRow(live(ctx), `SELECT uses FROM loyalty_promo_uses WHERE member = $1 AND program = $2 AND code = $3`,
		k.Member, k.Program, code).Scan(&n)
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return 0, fmt.Errorf("pgstore: promo uses of %s/%s/%s: %w", k.Program, k.Member, code, err)
	}
	return int(n), nil
}

// Traffic implements loyalty.TrafficStore: one statement through the
// primary key of loyalty_traffic; the quantity comes back exactly, as
// numeric text. Errors: loyalty.ErrNoStore for a nil Store,
// loyalty.ErrInconsistentStore for a stored quantity it cannot read, the
// database's.
func (s *Store) Traffic(ctx context.Context, account, unit string) (decimal.Decimal, error) {
	if s == nil {
		return decimal.Decimal{}, loyalty.ErrNoStore
	}
	var q *string
	err := s.db.QueryRow(live(ctx), `SELECT quantity::text FROM loyalty_traffic WHERE account = $1 AND unit = $2`,
		account, unit).Scan(&q)
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return decimal.Decimal{}, fmt.Errorf("pgstore: traffic of %s in %s: %w", account, unit, err)
	}
	return readUnits(q)
}
