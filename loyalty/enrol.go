package loyalty

import (
	"fmt"
	"slices"

	"github.com/tariffkit/tariff/catalog"
)

// Enrolment is a rule by which a partner's program admits members that
// are not attributed to its partner: holders of a bank's card, a
// corporate client's staff. It reads a fact the host gives about the
// member (Transaction.MemberFacts) and admits the member when the fact
// holds one of Values. Enrolment changes nothing about the member's
// attribution: the SIM still belongs to the partner it was sold with,
// which alone earns the partner's remuneration for it.
type Enrolment struct {
	ID     string   // names the rule; unique in the program
	Fact   string   // the member fact read: "card", "employer"
	Values []string // the values that admit the member: "mts-bank-visa", "acme"
}

// admits reports whether the member facts satisfy e.
func (e *Enrolment) admits(facts map[string]string) bool {
	v, ok := facts[e.Fact]
	return ok && slices.Contains(e.Values, v)
}

// Admits reports whether the program accrues for a member attributed to
// owner ("" for none) whose facts are memberFacts: an operator program
// (no Partner) admits every member; a partner's program admits the
// partner's own members and those one of its Enrolment rules admits. It
// costs a few map lookups; a nil or zero Program admits nobody.
func (p *Program) Admits(owner string, memberFacts map[string]string) bool {
	_, ok := p.admission(owner, memberFacts)
	return ok
}

// Admission says why a program admits a member.
type Admission uint8

const (
	// NotAdmitted: the program does not accrue for the member.
	NotAdmitted Admission = iota
	// OpenProgram: the operator's program, which admits every member.
	OpenProgram
	// OwnMember: the member is attributed to the program's partner.
	OwnMember
	// Enrolled: one of the program's Enrolment rules admits the member.
	Enrolled
)

// String returns the admission's name.
func (a Admission) String() string {
	switch a {
	case NotAdmitted:
		return "not-admitted"
	case OpenProgram:
		return "open"
	case OwnMember:
		return "own-member"
	case Enrolled:
		return "enrolled"
	}
	return fmt.Sprintf("Admission(%d)", uint8(a))
}

// admission returns how p admits a member attributed to owner with the
// given facts, ok false if it does not.
func (p *Program) admission(owner string, facts map[string]string) (Admission, bool) {
	switch {
	case !p.valid():
		return NotAdmitted, false
	case p.spec.Partner == "":
		return OpenProgram, true
	case owner == p.spec.Partner:
		return OwnMember, true
	}
	for i := range p.spec.Enrol {
		if p.spec.Enrol[i].admits(facts) {
			return Enrolled, true
		}
	}
	return NotAdmitted, false
}

// validateEnrolments checks a Spec's Enrol rules.
func (v *validator) validateEnrolments(s *Spec) {
	if len(s.Enrol) > 0 && s.Partner == "" {
		v.add("enrol", catalog.CodeUnusedField, "the operator's program admits every member: enrolment rules apply only to a partner's program")
	}
	seen := map[string]bool{}
	for i, e := range s.Enrol {
		path := fmt.Sprintf("enrol[%d]", i)
		switch {
		case e.ID == "":
			v.add(path+".id", catalog.CodeInvalidID, "enrolment rule ID is empty")
		case seen[e.ID]:
			v.add(path+".id", catalog.CodeDuplicateID, fmt.Sprintf("duplicate enrolment rule ID %q", e.ID))
		}
		seen[e.ID] = true
		if e.Fact == "" {
			v.add(path+".fact", catalog.CodeRequired, "enrolment rule reads no fact")
		}
		if len(e.Values) == 0 {
			v.add(path+".values", catalog.CodeRequired, "enrolment rule admits no value")
		}
		for j, val := range e.Values {
			if val == "" {
				v.add(fmt.Sprintf("%s.values[%d]", path, j), catalog.CodeRequired, "empty value")
			} else if slices.Index(e.Values, val) < j {
				v.add(fmt.Sprintf("%s.values[%d]", path, j), catalog.CodeDuplicateID, fmt.Sprintf("duplicate value %q", val))
			}
		}
	}
}
