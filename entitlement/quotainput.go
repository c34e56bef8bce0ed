package entitlement

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/shopspring/decimal"
)

// ErrInvalidQuota is matched by *QuotaInputError.
var ErrInvalidQuota = errors.New("entitlement: invalid quota input")

// QuotaInputError reports an argument of Config.Quota, Resolver.CheckQuota
// or Resolver.UpgradeCandidates that the quota rules refuse: a negative
// usage or need, a negative threshold, or a threshold not above the one
// before it. Input names the argument ("usage", "need", "thresholds[2]")
// and Value is what was given.
type QuotaInputError struct {
	Input string
	Value decimal.Decimal
}

func (e *QuotaInputError) Error() string {
	why := "is negative"
	if e.Value.Sign() >= 0 {
		why = "is not above the threshold before it: thresholds must rise strictly"
	}
	return fmt.Sprintf("entitlement: quota input %s = %s %s", e.Input, e.Value, why)
}

// Unwrap returns ErrInvalidQuota.
func (e *QuotaInputError) Unwrap() error { return ErrInvalidQuota }

// checkUsage refuses a negative usage, and thresholds that are negative or
// do not rise strictly.
func checkUsage(usage decimal.Decimal, thresholds []decimal.Decimal) error {
	if usage.Sign() < 0 {
		return &QuotaInputError{Input: "usage", Value: usage}
	}
	for i, t := range thresholds {
		if t.Sign() < 0 || i > 0 && t.Cmp(thresholds[i-1]) <= 0 {
			return &QuotaInputError{Input: "thresholds[" + strconv.Itoa(i) + "]", Value: t}
		}
	}
	return nil
}

// checkNeed refuses a negative need.
func checkNeed(need decimal.Decimal) error {
	if need.Sign() < 0 {
		return &QuotaInputError{Input: "need", Value: need}
	}
	return nil
}
