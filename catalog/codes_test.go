package catalog_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tariffkit/tariff/catalog"
)

// codeTable lists every validation code of the library exactly once: its
// constant's name, its value and the string that value must be. Adding,
// removing, renaming or respelling a code means changing this table.
var codeTable = []struct {
	name string
	code catalog.Code
	want string
}{
	// Catalog definitions.
	{"CodeInvalidID", catalog.CodeInvalidID, "invalid_id"},
	{"CodeDuplicateID", catalog.CodeDuplicateID, "duplicate_id"},
	{"CodeUnknownReference", catalog.CodeUnknownReference, "unknown_reference"},
	{"CodeWrongFeature", catalog.CodeWrongFeature, "wrong_feature"},
	{"CodeInvalidType", catalog.CodeInvalidType, "invalid_type"},
	{"CodeInvalidKind", catalog.CodeInvalidKind, "invalid_kind"},
	{"CodeInvalidState", catalog.CodeInvalidState, "invalid_state"},
	{"CodeInvalidScope", catalog.CodeInvalidScope, "invalid_scope"},
	{"CodeInvalidCombine", catalog.CodeInvalidCombine, "invalid_combine"},
	{"CodeInvalidConstraint", catalog.CodeInvalidConstraint, "invalid_constraint"},
	{"CodeTypeMismatch", catalog.CodeTypeMismatch, "type_mismatch"},
	{"CodeConstraint", catalog.CodeConstraint, "constraint"},
	{"CodeScope", catalog.CodeScope, "scope"},
	{"CodeAddOnField", catalog.CodeAddOnField, "addon_field"},
	{"CodeNotMainProduct", catalog.CodeNotMainProduct, "not_main_product"},
	{"CodeNotAddOn", catalog.CodeNotAddOn, "not_addon"},
	{"CodeInvalidQuantity", catalog.CodeInvalidQuantity, "invalid_quantity"},
	{"CodeSelfReference", catalog.CodeSelfReference, "self_reference"},
	{"CodeRequiresCycle", catalog.CodeRequiresCycle, "requires_cycle"},
	{"CodeContradiction", catalog.CodeContradiction, "contradiction"},
	{"CodeBandNotAllowed", catalog.CodeBandNotAllowed, "band_not_allowed"},
	{"CodeInvalidBand", catalog.CodeInvalidBand, "invalid_band"},
	{"CodeBandCoverage", catalog.CodeBandCoverage, "band_coverage"},
	{"CodeInvalidName", catalog.CodeInvalidName, "invalid_name"},
	{"CodeInvalidFact", catalog.CodeInvalidFact, "invalid_fact"},
	{"CodeInvalidOperator", catalog.CodeInvalidOperator, "invalid_operator"},
	// Catalog versions.
	{"CodeInvalidVersion", catalog.CodeInvalidVersion, "invalid_version"},
	{"CodeVersionOrder", catalog.CodeVersionOrder, "version_order"},
	{"CodeKindChanged", catalog.CodeKindChanged, "kind_changed"},
	{"CodeIDReused", catalog.CodeIDReused, "id_reused"},
	{"CodeTypeChanged", catalog.CodeTypeChanged, "type_changed"},
	// Prices and price books.
	{"CodeInvalidModel", catalog.CodeInvalidModel, "invalid_model"},
	{"CodeMissingCurrency", catalog.CodeMissingCurrency, "missing_currency"},
	{"CodeNegative", catalog.CodeNegative, "negative"},
	{"CodeUnusedField", catalog.CodeUnusedField, "unused_field"},
	{"CodeNoTiers", catalog.CodeNoTiers, "no_tiers"},
	{"CodeTierOrder", catalog.CodeTierOrder, "tier_order"},
	{"CodeTierBound", catalog.CodeTierBound, "tier_bound"},
	{"CodeBlockSize", catalog.CodeBlockSize, "block_size"},
	{"CodeBounds", catalog.CodeBounds, "bounds"},
	{"CodeRevenueLeakage", catalog.CodeRevenueLeakage, "revenue_leakage"},
	{"CodeRequired", catalog.CodeRequired, "required"},
	{"CodeInvalidPeriod", catalog.CodeInvalidPeriod, "invalid_period"},
	{"CodeCurrency", catalog.CodeCurrency, "currency"},
	{"CodePercentRange", catalog.CodePercentRange, "percent_range"},
	{"CodeFreeAndCharged", catalog.CodeFreeAndCharged, "free_and_charged"},
	{"CodeNotNumeric", catalog.CodeNotNumeric, "not_numeric"},
	{"CodeInvalidAggregate", catalog.CodeInvalidAggregate, "invalid_aggregate"},
	{"CodeInvalidGrant", catalog.CodeInvalidGrant, "invalid_grant"},
	// Loyalty programs.
	{"CodeInvalidRounding", catalog.CodeInvalidRounding, "invalid_rounding"},
	{"CodePrecision", catalog.CodePrecision, "precision"},
	{"CodeRange", catalog.CodeRange, "range"},
}

var (
	snakeCase = regexp.MustCompile(`^[a-z]+(_[a-z]+)*$`)
	// reporters is how each code's comment ends: the packages reporting it.
	reporters = regexp.MustCompile(`\((catalog|pricing|loyalty)(, (catalog|pricing|loyalty))*\)\.?$`)
)

// declaredCodes parses codes.go and returns each Code constant's value and
// doc comment by name, and the values of the first group (a catalog
// definition's codes), failing on a constant declared in any other form.
func declaredCodes(t *testing.T) (values, docs map[string]string, first []string) {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), "codes.go", nil, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	values, docs = map[string]string{}, map[string]string{}
	group := 0
	for _, decl := range f.Decls {
		gd, ok := decl.(*ast.GenDecl)
		if !ok || gd.Tok != token.CONST {
			continue
		}
		group++
		for _, spec := range gd.Specs {
			vs := spec.(*ast.ValueSpec)
			if typ, ok := vs.Type.(*ast.Ident); !ok || typ.Name != "Code" || len(vs.Names) != 1 || len(vs.Values) != 1 {
				t.Errorf("codes.go: constant %v is not declared as `Name Code = \"value\"`", vs.Names)
				continue
			}
			name := vs.Names[0].Name
			lit, ok := vs.Values[0].(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				t.Errorf("codes.go: %s has no string literal value", name)
				continue
			}
			v, err := strconv.Unquote(lit.Value)
			if err != nil {
				t.Fatal(err)
			}
			if _, dup := values[name]; dup {
				t.Errorf("codes.go: %s declared twice", name)
			}
			values[name] = v
			docs[name] = strings.TrimSpace(vs.Doc.Text())
			if group == 1 {
				first = append(first, v)
			}
		}
	}
	return values, docs, first
}

// TestCodesAreTheOneList checks codes.go against codeTable: the same
// constants with the same values, each value distinct and snake_case, each
// constant documented on one line that names the packages reporting it.
func TestCodesAreTheOneList(t *testing.T) {
	values, docs, first := declaredCodes(t)
	var catalogCodes []string
	for _, c := range allCodes {
		catalogCodes = append(catalogCodes, string(c))
	}
	if diff := cmp.Diff(first, catalogCodes); diff != "" {
		t.Errorf("allCodes (validate_test.go) differs from the first group of codes.go (-codes.go +allCodes):\n%s", diff)
	}
	inTable := map[string]bool{}
	byValue := map[string]string{}
	for _, c := range codeTable {
		if inTable[c.name] {
			t.Errorf("%s is listed twice in the table", c.name)
		}
		inTable[c.name] = true
		if string(c.code) != c.want {
			t.Errorf("%s = %q, want %q", c.name, c.code, c.want)
		}
		if got, ok := values[c.name]; !ok {
			t.Errorf("%s is in the table but not declared in codes.go", c.name)
		} else if got != c.want {
			t.Errorf("codes.go declares %s = %q, the table says %q", c.name, got, c.want)
		}
		if other, dup := byValue[c.want]; dup {
			t.Errorf("%s and %s are both %q: one spelling per meaning", other, c.name, c.want)
		}
		byValue[c.want] = c.name
		if !snakeCase.MatchString(c.want) {
			t.Errorf("%s = %q is not snake_case", c.name, c.want)
		}
	}
	declared := map[string]string{}
	for name, v := range values {
		if !inTable[name] {
			t.Errorf("codes.go declares %s = %q, missing from the table", name, v)
		}
		if other, dup := declared[v]; dup {
			t.Errorf("codes.go declares %s and %s both %q: one spelling per meaning", other, name, v)
		}
		declared[v] = name
		if !snakeCase.MatchString(v) {
			t.Errorf("codes.go declares %s = %q, not snake_case", name, v)
		}
	}
	for name, doc := range docs {
		switch {
		case doc == "" || strings.Contains(doc, "\n"):
			t.Errorf("%s: want a one-line comment, got %q", name, doc)
		case !strings.HasPrefix(doc, name+": "):
			t.Errorf("%s: comment %q does not start with %q", name, doc, name+": ")
		case !reporters.MatchString(doc):
			t.Errorf("%s: comment %q does not end with the packages reporting it, e.g. (catalog, pricing)", name, doc)
		}
	}
}

// TestNoCodesOutsideCodesGo checks that no other non-test file of the
// library declares a Code type or a constant of type Code.
func TestNoCodesOutsideCodesGo(t *testing.T) {
	for _, dir := range []string{".", "../entitlement", "../pricing", "../loyalty"} {
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			name := e.Name()
			if e.IsDir() || !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") || dir == "." && name == "codes.go" {
				continue
			}
			path := filepath.Join(dir, name)
			f, err := parser.ParseFile(token.NewFileSet(), path, nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			for _, decl := range f.Decls {
				gd, ok := decl.(*ast.GenDecl)
				if !ok {
					continue
				}
				for _, spec := range gd.Specs {
					switch s := spec.(type) {
					case *ast.TypeSpec:
						if s.Name.Name == "Code" {
							t.Errorf("%s declares a type Code", path)
						}
					case *ast.ValueSpec:
						if isCodeType(s.Type) {
							t.Errorf("%s declares %v of type Code: every code belongs in catalog/codes.go", path, s.Names)
						}
					}
				}
			}
		}
	}
}

// isCodeType reports whether expr is Code or catalog.Code.
func isCodeType(expr ast.Expr) bool {
	switch x := expr.(type) {
	case *ast.Ident:
		return x.Name == "Code"
	case *ast.SelectorExpr:
		pkg, ok := x.X.(*ast.Ident)
		return ok && pkg.Name == "catalog" && x.Sel.Name == "Code"
	}
	return false
}
