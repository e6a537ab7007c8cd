package locale

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"text/template/parse"
)

// keyPattern is the shape of a catalog key: dotted, lower-case words.
var keyPattern = regexp.MustCompile(`^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$`)

// keyArgs are the functions and methods that take catalog keys, and which of their
// arguments are keys: the printer's, the model's error constructors and validation
// helpers, form errors and flash messages. A literal given to a strict one must look like
// a key; Add (also http.Header.Add and url.Values.Add) takes only literals shaped like keys,
// and refuses a sentence.
var keyArgs = map[string]struct {
	args   []int
	strict bool
}{
	"T": {[]int{0}, true}, "N": {[]int{0}, true}, "HTML": {[]int{0}, true},
	"Errorf": {[]int{1}, true}, "InvalidField": {[]int{1}, true}, "InvalidParam": {[]int{4}, true},
	"required": {[]int{4, 5}, true}, "textField": {[]int{3, 4}, true}, "CleanReason": {[]int{3, 4}, true},
	"addOrgChoiceError": {[]int{2}, true}, "setFlash": {[]int{1}, true}, "briefAct": {[]int{2}, true}, "sortParam": {[]int{1}, true},
	"orgAdmin": {[]int{1}, true}, "orgMember": {[]int{1}, true}, "projectAccess": {[]int{1}, true}, "oneOf": {[]int{4}, true}, "checkImages": {[]int{2}, true},
	"notFound": {[]int{1}, true}, "errNotFound": {[]int{0}, true}, "allow": {[]int{4}, true},
	"Add": {[]int{1}, false},
}

// templateFuncs are the template functions that take a key as their first argument.
var templateKeyFuncs = map[string]bool{"t": true, "tn": true, "thtml": true, "tnhtml": true}

type use struct{ key, where string }

// TestCatalogKeys fails on a catalog key that no code or template uses, and on a key that
// code or a template uses and the English catalog lacks. Keys are found as full string
// literals: arguments of the functions in keyArgs, Key fields of composite literals, and the
// first argument of t, tn and thtml in templates.
func TestCatalogKeys(t *testing.T) {
	if err := Check(); err != nil {
		t.Fatal(err)
	}
	uses, bad := goKeyUses(t, "..")
	uses = append(uses, templateKeyUses(t, "../web/templates")...)
	for _, b := range bad {
		t.Errorf("%s: not a catalog key (keys are dotted lower-case literals)", b)
	}
	used := map[string]bool{}
	for _, u := range uses {
		used[u.key] = true
		if !Keys(Default)[u.key] {
			t.Errorf("%s: key %q is not in the English catalog", u.where, u.key)
		}
	}
	var unused []string
	for k := range Keys(Default) {
		if !used[k] {
			unused = append(unused, k)
		}
	}
	sort.Strings(unused)
	for _, k := range unused {
		t.Errorf("catalog key %q is used by no code or template", k)
	}
	for lang, ks := range keys {
		for k := range ks {
			if !Keys(Default)[k] {
				t.Errorf("the %s catalog has %q, which the English catalog lacks", lang, k)
			}
		}
	}
	if len(uses) < 10 {
		t.Fatalf("found only %d uses of keys: the scan is broken", len(uses))
	}
}

// goKeyUses parses the non-test Go files under root.
func goKeyUses(t *testing.T, root string) (uses []use, bad []string) {
	t.Helper()
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		lit := func(e ast.Expr) (string, bool) {
			b, ok := e.(*ast.BasicLit)
			if !ok || b.Kind != token.STRING {
				return "", false
			}
			s, err := strconv.Unquote(b.Value)
			return s, err == nil
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr:
				var name string
				switch fn := n.Fun.(type) {
				case *ast.Ident:
					name = fn.Name
				case *ast.SelectorExpr:
					name = fn.Sel.Name
				}
				ka, ok := keyArgs[name]
				if !ok {
					return true
				}
				for _, i := range ka.args {
					if i >= len(n.Args) {
						continue
					}
					where := fset.Position(n.Args[i].Pos()).String()
					if built(n.Args[i]) {
						bad = append(bad, where+": a key or sentence built with + or fmt.Sprintf")
						continue
					}
					s, ok := lit(n.Args[i])
					if !ok {
						continue
					}
					switch {
					case keyPattern.MatchString(s):
						uses = append(uses, use{s, where})
					case ka.strict || strings.Contains(s, " "):
						bad = append(bad, where+": "+strconv.Quote(s))
					}
				}
			case *ast.KeyValueExpr:
				if id, ok := n.Key.(*ast.Ident); ok && id.Name == "Key" {
					if s, ok := lit(n.Value); ok {
						where := fset.Position(n.Pos()).String()
						if keyPattern.MatchString(s) {
							uses = append(uses, use{s, where})
						} else {
							bad = append(bad, where+": "+strconv.Quote(s))
						}
					}
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return uses, bad
}

// built reports whether e builds a string from parts: a + b, or fmt.Sprintf(…).
func built(e ast.Expr) bool {
	switch e := e.(type) {
	case *ast.BinaryExpr:
		return e.Op == token.ADD
	case *ast.CallExpr:
		if sel, ok := e.Fun.(*ast.SelectorExpr); ok {
			if pkg, ok := sel.X.(*ast.Ident); ok && pkg.Name == "fmt" && sel.Sel.Name == "Sprintf" {
				return true
			}
		}
	}
	return false
}

// templateKeyUses parses the templates in dir.
func templateKeyUses(t *testing.T, dir string) []use {
	t.Helper()
	names, err := filepath.Glob(filepath.Join(dir, "*.html"))
	if err != nil || len(names) == 0 {
		t.Fatalf("templates in %s: %v", dir, err)
	}
	var uses []use
	for _, name := range names {
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		tr := parse.New(name)
		tr.Mode = parse.SkipFuncCheck
		trees := map[string]*parse.Tree{}
		if _, err := tr.Parse(string(src), "{{", "}}", trees); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, tree := range trees {
			walkTemplate(tree.Root, func(c *parse.CommandNode) {
				if len(c.Args) < 2 {
					return
				}
				id, ok := c.Args[0].(*parse.IdentifierNode)
				if !ok || !templateKeyFuncs[id.Ident] {
					return
				}
				if s, ok := c.Args[1].(*parse.StringNode); ok {
					loc, _ := tree.ErrorContext(c)
					uses = append(uses, use{s.Text, loc})
				}
			})
		}
	}
	return uses
}

func walkTemplate(n parse.Node, f func(*parse.CommandNode)) {
	switch n := n.(type) {
	case *parse.ListNode:
		if n != nil {
			for _, c := range n.Nodes {
				walkTemplate(c, f)
			}
		}
	case *parse.ActionNode:
		walkTemplate(n.Pipe, f)
	case *parse.TemplateNode:
		walkTemplate(n.Pipe, f)
	case *parse.PipeNode:
		if n != nil {
			for _, c := range n.Cmds {
				walkTemplate(c, f)
			}
		}
	case *parse.CommandNode:
		f(n)
		for _, a := range n.Args {
			walkTemplate(a, f)
		}
	case *parse.IfNode:
		walkBranch(&n.BranchNode, f)
	case *parse.RangeNode:
		walkBranch(&n.BranchNode, f)
	case *parse.WithNode:
		walkBranch(&n.BranchNode, f)
	}
}

func walkBranch(b *parse.BranchNode, f func(*parse.CommandNode)) {
	walkTemplate(b.Pipe, f)
	walkTemplate(b.List, f)
	if b.ElseList != nil {
		walkTemplate(b.ElseList, f)
	}
}
