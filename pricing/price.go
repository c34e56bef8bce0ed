package pricing

import (
	"errors"
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/tariffkit/tariff/catalog"
)

// Model names a price model.
type Model uint8

// The price models. The zero Model is invalid.
const (
	ModelInvalid    Model = iota
	ModelFlat             // a fixed amount, whatever the quantity
	ModelPerUnit          // quantity × Amount
	ModelGraduated        // each unit priced by the tier it falls in; the flat fee of every tier entered
	ModelVolume           // every unit priced by the tier the total falls in; that tier's flat fee only
	ModelPackage          // Amount per started block of BlockSize units, after FreeUnits
	ModelPercentage       // Percent of an amount plus Fixed, bounded per transaction by MinFee and MaxFee
)

var modelNames = [...]string{"invalid", "flat", "per_unit", "graduated", "volume", "package", "percentage"}

// String returns the model's name as written in price book JSON ("graduated").
func (m Model) String() string {
	if int(m) < len(modelNames) {
		return modelNames[m]
	}
	return "invalid"
}

// ParseModel returns the Model named s.
func ParseModel(s string) (Model, bool) {
	for i, n := range modelNames {
		if i > 0 && n == s {
			return Model(i), true
		}
	}
	return ModelInvalid, false
}

// Tier is one tier of a graduated or volume price. UpTo is the tier's
// inclusive upper bound; only the last tier is unbounded (UpTo not Valid).
// A tier may carry a unit amount, a flat amount, or both.
type Tier struct {
	UpTo decimal.NullDecimal
	Unit decimal.Decimal // per unit in the tier
	Flat decimal.Decimal // once, when the tier is entered (graduated) or chosen (volume)
}

// Price is a price model with its figures, in one currency. Which fields
// apply depends on Model; Validate rejects figures a model does not use.
//
// Amounts are exact decimals and may carry more places than the currency's
// minor unit (0.0125 per SMS): Compute never rounds; a quote rounds each line
// once.
type Price struct {
	Model    Model
	Currency Currency

	Amount decimal.Decimal // flat: the amount; per unit: per unit; package: per block
	Tiers  []Tier          // graduated and volume

	// FlatAtZero decides whether the first tier's flat fee is charged at
	// zero quantity (graduated and volume). By default it is not: a tier is
	// entered by the first unit in it.
	FlatAtZero bool

	BlockSize decimal.Decimal // package: units per block (> 0)
	FreeUnits decimal.Decimal // package: units included before the first block

	Percent        decimal.Decimal     // percentage: e.g. 2.9 for 2.9 %
	Fixed          decimal.Decimal     // percentage: fixed fee per transaction
	MinFee, MaxFee decimal.NullDecimal // percentage: bounds of the fee per transaction

	// Minimum and Maximum are commitments on the charge: below Minimum a
	// true-up brings the amount up to it (shown on its own line); above
	// Maximum the amount is capped.
	Minimum, Maximum decimal.NullDecimal
}

// Validate reports every problem of the price definition as a
// *catalog.ValidationError matching ErrInvalidPrice, or nil.
func (p Price) Validate() error {
	ps := problems{subject: ErrInvalidPrice}
	p.check(&ps, "price")
	return ps.err()
}

// check appends p's problems under path.
func (p Price) check(ps *problems, path string) {
	if p.Model == ModelInvalid || p.Model > ModelPercentage {
		ps.add(path+".model", catalog.CodeInvalidModel, "model must be one of flat, per_unit, graduated, volume, package, percentage")
		return
	}
	if p.Currency.IsZero() {
		ps.add(path+".currency", catalog.CodeMissingCurrency, "a price needs a currency")
	}
	tiered := p.Model == ModelGraduated || p.Model == ModelVolume
	unused := func(name string, set bool) {
		if set {
			ps.add(path+"."+name, catalog.CodeUnusedField, "a %s price does not use %s", p.Model, name)
		}
	}
	nonNegative := func(name string, d decimal.Decimal) {
		if d.Sign() < 0 {
			ps.add(path+"."+name, catalog.CodeNegative, "%s is negative (%s)", name, d)
		}
	}
	usesAmount := p.Model == ModelFlat || p.Model == ModelPerUnit || p.Model == ModelPackage
	unused("amount", !usesAmount && !p.Amount.IsZero())
	nonNegative("amount", p.Amount)
	unused("tiers", !tiered && len(p.Tiers) > 0)
	unused("flat_at_zero", !tiered && p.FlatAtZero)
	unused("block_size", p.Model != ModelPackage && !p.BlockSize.IsZero())
	unused("free_units", p.Model != ModelPackage && !p.FreeUnits.IsZero())
	pct := p.Model == ModelPercentage
	unused("percent", !pct && !p.Percent.IsZero())
	unused("fixed", !pct && !p.Fixed.IsZero())
	unused("min_fee", !pct && p.MinFee.Valid)
	unused("max_fee", !pct && p.MaxFee.Valid)
	nonNegative("percent", p.Percent)
	nonNegative("fixed", p.Fixed)
	if tiered {
		if len(p.Tiers) == 0 {
			ps.add(path+".tiers", catalog.CodeNoTiers, "a %s price needs at least one tier", p.Model)
		}
		for i, t := range p.Tiers {
			tpath := fmt.Sprintf("%s.tiers[%d]", path, i)
			last := i == len(p.Tiers)-1
			switch {
			case last && t.UpTo.Valid:
				ps.add(tpath+".up_to", catalog.CodeTierBound, "the last tier must be unbounded, not up to %s", t.UpTo.Decimal)
			case !last && !t.UpTo.Valid:
				ps.add(tpath+".up_to", catalog.CodeTierBound, "only the last tier may be unbounded")
			case t.UpTo.Valid && t.UpTo.Decimal.Sign() <= 0:
				ps.add(tpath+".up_to", catalog.CodeTierOrder, "bound %s must be positive", t.UpTo.Decimal)
			case t.UpTo.Valid && i > 0 && p.Tiers[i-1].UpTo.Valid && t.UpTo.Decimal.Cmp(p.Tiers[i-1].UpTo.Decimal) <= 0:
				ps.add(tpath+".up_to", catalog.CodeTierOrder, "bound %s does not increase on %s", t.UpTo.Decimal, p.Tiers[i-1].UpTo.Decimal)
			}
			if t.Unit.Sign() < 0 {
				ps.add(tpath+".unit", catalog.CodeNegative, "unit amount is negative (%s)", t.Unit)
			}
			if t.Flat.Sign() < 0 {
				ps.add(tpath+".flat", catalog.CodeNegative, "flat amount is negative (%s)", t.Flat)
			}
		}
	}
	if p.Model == ModelPackage {
		if p.BlockSize.Sign() <= 0 {
			ps.add(path+".block_size", catalog.CodeBlockSize, "a package price needs a positive block size")
		}
		nonNegative("free_units", p.FreeUnits)
	}
	bounds := func(lo, hi string, min, max decimal.NullDecimal) {
		if min.Valid && min.Decimal.Sign() < 0 {
			ps.add(path+"."+lo, catalog.CodeNegative, "%s is negative (%s)", lo, min.Decimal)
		}
		if max.Valid && max.Decimal.Sign() < 0 {
			ps.add(path+"."+hi, catalog.CodeNegative, "%s is negative (%s)", hi, max.Decimal)
		}
		if min.Valid && max.Valid && min.Decimal.Cmp(max.Decimal) > 0 {
			ps.add(path+"."+lo, catalog.CodeBounds, "%s %s is above %s %s", lo, min.Decimal, hi, max.Decimal)
		}
	}
	bounds("min_fee", "max_fee", p.MinFee, p.MaxFee)
	bounds("minimum", "maximum", p.Minimum, p.Maximum)
}

// Part is one component of a computed amount: a tier's share, the units of
// a per-unit or package price, or a percentage fee.
type Part struct {
	Tier     int             // 1-based tier number for tiered models; 0 otherwise
	Quantity decimal.Decimal // units priced in this part (blocks, for a package)
	Unit     decimal.Decimal // price per unit (per block)
	Flat     decimal.Decimal // flat amount included in this part
	Amount   decimal.Decimal // Quantity × Unit + Flat
}

// Result is a computed, unrounded amount with how it was reached.
type Result struct {
	Amount decimal.Decimal // the charge after commitments (TrueUp included)
	Parts  []Part          // before commitments
	TrueUp decimal.Decimal // added to reach the minimum commitment; zero if none
	Capped bool            // the maximum commitment capped the amount
}

// Tier returns the 1-based tier the result was priced in: the tier of a
// volume price, the highest tier entered of a graduated one, 0 otherwise.
func (r Result) Tier() int {
	if len(r.Parts) == 0 {
		return 0
	}
	return r.Parts[len(r.Parts)-1].Tier
}

// ErrQuantity is returned by Compute for a negative quantity.
var ErrQuantity = errors.New("pricing: negative quantity")

// Compute prices quantity units (for a percentage price, quantity is the
// transaction amount). The result is exact and unrounded. p must be valid
// (see Validate); Compute returns ErrInvalidPrice for a model it does not
// know and ErrQuantity for a negative quantity.
//
//   - flat: Amount, whatever the quantity;
//   - per unit: quantity × Amount;
//   - graduated: for each tier, the units of quantity that fall in it times
//     its unit amount, plus its flat amount if any unit falls in it (the
//     first tier's flat also at zero quantity when FlatAtZero);
//   - volume: quantity × the unit amount of the tier quantity falls in, plus
//     that tier's flat amount (at zero quantity only when FlatAtZero);
//   - package: Amount per started block of BlockSize units beyond FreeUnits;
//   - percentage: quantity × Percent / 100 + Fixed, then raised to MinFee
//     and lowered to MaxFee.
//
// Then the commitments: an amount below Minimum gets a TrueUp up to it; an
// amount above Maximum is capped.
func (p Price) Compute(quantity decimal.Decimal) (Result, error) {
	return p.compute(quantity, nil, nil)
}

// compute is Compute with the full tiers of a graduated p (fullTiers(p),
// or nil to compute every tier) and a slice to append the parts to (nil,
// or scratch space the caller reuses once done with the Result).
func (p Price) compute(quantity decimal.Decimal, full []fullTier, parts []Part) (Result, error) {
	if quantity.Sign() < 0 {
		return Result{}, fmt.Errorf("%w: %s", ErrQuantity, quantity)
	}
	var r Result
	switch p.Model {
	case ModelFlat:
		r.Parts = append(parts, Part{Quantity: decOne, Unit: p.Amount, Amount: p.Amount})
	case ModelPerUnit:
		r.Parts = append(parts, Part{Quantity: quantity, Unit: p.Amount, Amount: quantity.Mul(p.Amount)})
	case ModelGraduated:
		if full != nil {
			r.Parts, r.Amount = p.graduatedFrom(quantity, full, parts)
			return p.commit(r), nil
		}
		r.Parts = p.graduated(quantity, parts)
	case ModelVolume:
		r.Parts = p.volume(quantity, parts)
	case ModelPackage:
		billable := quantity.Sub(p.FreeUnits)
		blocks := decimal.Zero
		if billable.Sign() > 0 && p.BlockSize.Sign() > 0 {
			blocks = billable.DivRound(p.BlockSize, 0)
			if blocks.Mul(p.BlockSize).Cmp(billable) < 0 {
				blocks = blocks.Add(decOne)
			}
		}
		r.Parts = append(parts, Part{Quantity: blocks, Unit: p.Amount, Amount: blocks.Mul(p.Amount)})
	case ModelPercentage:
		fee := quantity.Mul(p.Percent).DivRound(decHundred, 28).Add(p.Fixed)
		if p.MinFee.Valid && fee.Cmp(p.MinFee.Decimal) < 0 {
			fee = p.MinFee.Decimal
		}
		if p.MaxFee.Valid && fee.Cmp(p.MaxFee.Decimal) > 0 {
			fee = p.MaxFee.Decimal
		}
		r.Parts = append(parts, Part{Quantity: quantity, Amount: fee})
	default:
		return Result{}, fmt.Errorf("%w: unknown model %d", ErrInvalidPrice, p.Model)
	}
	for i, part := range r.Parts {
		if i == 0 {
			r.Amount = part.Amount
		} else if !part.Amount.IsZero() {
			r.Amount = r.Amount.Add(part.Amount)
		}
	}
	return p.commit(r), nil
}

// commit applies the commitments to r.Amount: a Maximum caps it, a Minimum
// adds a TrueUp.
func (p Price) commit(r Result) Result {
	if p.Maximum.Valid && r.Amount.Cmp(p.Maximum.Decimal) > 0 {
		r.Amount, r.Capped = p.Maximum.Decimal, true
	}
	if p.Minimum.Valid && r.Amount.Cmp(p.Minimum.Decimal) < 0 {
		r.TrueUp = p.Minimum.Decimal.Sub(r.Amount)
		r.Amount = p.Minimum.Decimal
	}
	return r
}

var (
	decOne     = decimal.NewFromInt(1)
	decHundred = decimal.NewFromInt(100)
)

func (p Price) graduated(q decimal.Decimal, parts []Part) []Part {
	if parts == nil {
		parts = make([]Part, 0, len(p.Tiers))
	}
	lower := decimal.Zero
	for i, t := range p.Tiers {
		last := !t.UpTo.Valid || t.UpTo.Decimal.Cmp(q) >= 0 // q ends in this tier
		upper := q
		if !last {
			upper = t.UpTo.Decimal
		}
		units := upper
		if i > 0 {
			units = upper.Sub(lower)
		}
		if units.Sign() > 0 || (i == 0 && p.FlatAtZero) {
			if units.Sign() < 0 {
				units = decimal.Zero
			}
			parts = append(parts, Part{Tier: i + 1, Quantity: units, Unit: t.Unit, Flat: t.Flat, Amount: mulAdd(units, t.Unit, t.Flat)})
		}
		if last {
			break
		}
		lower = t.UpTo.Decimal
	}
	return parts
}

// mulAdd returns x × y + z, skipping the operations a zero makes
// pointless: each decimal operation allocates.
func mulAdd(x, y, z decimal.Decimal) decimal.Decimal {
	var xy decimal.Decimal
	if !x.IsZero() && !y.IsZero() {
		xy = x.Mul(y)
	}
	switch {
	case z.IsZero():
		return xy
	case xy.IsZero():
		return z
	}
	return xy.Add(z)
}

// fullTier is a bounded tier of a graduated price that usage has gone
// past: its part, and the amount of it and every tier before it.
type fullTier struct {
	part  Part
	total decimal.Decimal
}

// fullTiers returns the full tiers of a graduated p, computed once so that
// pricing a quantity computes only the tier it ends in (graduatedFrom);
// nil for other models.
func fullTiers(p *Price) []fullTier {
	if p.Model != ModelGraduated || len(p.Tiers) < 2 {
		return nil
	}
	full := make([]fullTier, 0, len(p.Tiers)-1)
	for _, t := range p.Tiers[:len(p.Tiers)-1] {
		parts := p.graduated(t.UpTo.Decimal, nil) // every tier up to t, t full
		var total decimal.Decimal
		for i, part := range parts {
			if i == 0 {
				total = part.Amount
			} else if !part.Amount.IsZero() {
				total = total.Add(part.Amount)
			}
		}
		full = append(full, fullTier{part: parts[len(parts)-1], total: total})
	}
	return full
}

// graduatedFrom returns what graduated does, and the sum of the parts'
// amounts, taking the tiers q goes past from full (fullTiers(p)).
func (p Price) graduatedFrom(q decimal.Decimal, full []fullTier, parts []Part) ([]Part, decimal.Decimal) {
	k := 0 // the tier q ends in
	for k < len(full) && q.Cmp(p.Tiers[k].UpTo.Decimal) > 0 {
		parts = append(parts, full[k].part)
		k++
	}
	units, t := q, p.Tiers[k]
	if k > 0 {
		units = q.Sub(p.Tiers[k-1].UpTo.Decimal)
	}
	var last Part
	if units.Sign() > 0 || (k == 0 && p.FlatAtZero) {
		last = Part{Tier: k + 1, Quantity: units, Unit: t.Unit, Flat: t.Flat, Amount: mulAdd(units, t.Unit, t.Flat)}
		parts = append(parts, last)
	}
	switch {
	case k == 0:
		return parts, last.Amount
	case last.Amount.IsZero():
		return parts, full[k-1].total
	}
	return parts, full[k-1].total.Add(last.Amount)
}

func (p Price) volume(q decimal.Decimal, parts []Part) []Part {
	for i, t := range p.Tiers {
		if t.UpTo.Valid && q.Cmp(t.UpTo.Decimal) > 0 {
			continue
		}
		flat := t.Flat
		if q.Sign() == 0 && !p.FlatAtZero {
			flat = decimal.Zero
		}
		return append(parts, Part{Tier: i + 1, Quantity: q, Unit: t.Unit, Flat: flat, Amount: mulAdd(q, t.Unit, flat)})
	}
	return parts
}
