// Package yamldoc decodes a YAML mapping into a Go struct and reports every
// problem at its place in the file.
//
// Decode reads the known keys from the struct's `yaml` tags, recursing into
// nested structs and slices of structs. A syntax error, a value of the wrong
// type and a missing required key are errors; a key the struct does not know
// is a warning (it is probably a typo, and silence would hide it). All of them
// carry file:line:col, shifted by the line where the YAML starts in its file,
// so that front matter errors point into the Markdown page.
package yamldoc

import (
	"fmt"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"ketref/generator/diag"
	"ketref/generator/suggest"
)

// Source says where a YAML document sits: its file and the 1-based line of
// its first byte within that file.
type Source struct {
	File      string
	FirstLine int
}

func (s Source) line(n int) int {
	first := s.FirstLine
	if first < 1 {
		first = 1
	}
	return n + first - 1
}

var lineInMessage = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// Decode decodes src into out (a pointer to a struct) and records problems in
// diags. It returns the root mapping node (nil when src could not be parsed),
// so callers can locate keys for later checks. An empty document decodes to
// the zero struct.
func Decode(src []byte, at Source, out any, diags *diag.List) *yaml.Node {
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		line, msg := 1, err.Error()
		if m := lineInMessage.FindStringSubmatch(msg); m != nil {
			line, _ = strconv.Atoi(m[1])
			msg = m[2]
		}
		msg = strings.TrimPrefix(msg, "yaml: ")
		diags.Errorf(at.File, at.line(line), firstColumn(src, line), "invalid YAML: %s", msg)
		return nil
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return nil // empty document
	}
	root := doc.Content[0]
	if root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
		return nil
	}
	if root.Kind != yaml.MappingNode {
		diags.Errorf(at.File, at.line(root.Line), root.Column, "expected key: value pairs, found %s", describe(root))
		return nil
	}
	decodeStruct(root, reflect.ValueOf(out).Elem(), at, "", diags)
	return root
}

// KeyPosition returns the line and column (in file terms) of key in the
// mapping root, or 0, 0 when absent.
func KeyPosition(root *yaml.Node, at Source, key string) (line, col int) {
	if root == nil {
		return 0, 0
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		if root.Content[i].Value == key {
			return at.line(root.Content[i].Line), root.Content[i].Column
		}
	}
	return 0, 0
}

func firstColumn(src []byte, line int) int {
	lines := strings.Split(string(src), "\n")
	if line < 1 || line > len(lines) {
		return 1
	}
	l := lines[line-1]
	return 1 + len(l) - len(strings.TrimLeft(l, " \t"))
}

type field struct {
	index    []int
	required bool
}

func fieldsOf(t reflect.Type) (map[string]field, []string) {
	fields := make(map[string]field)
	var names []string
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := f.Tag.Get("yaml")
		if tag == "-" || !f.IsExported() {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if name == "" {
			name = strings.ToLower(f.Name)
		}
		fields[name] = field{index: f.Index, required: strings.Contains(f.Tag.Get("yamldoc"), "required") || strings.Contains(opts, "required")}
		names = append(names, name)
	}
	return fields, names
}

func decodeStruct(node *yaml.Node, v reflect.Value, at Source, path string, diags *diag.List) {
	fields, names := fieldsOf(v.Type())
	seen := make(map[string]bool)
	for i := 0; i+1 < len(node.Content); i += 2 {
		k, val := node.Content[i], node.Content[i+1]
		f, ok := fields[k.Value]
		if !ok {
			diags.Warnf(at.File, at.line(k.Line), k.Column, "unknown key %q%s; known keys are: %s", path+k.Value, suggestion(k.Value, names), strings.Join(sorted(names), ", "))
			continue
		}
		if seen[k.Value] {
			diags.Errorf(at.File, at.line(k.Line), k.Column, "key %q appears twice; keep one", path+k.Value)
			continue
		}
		seen[k.Value] = true
		decodeValue(val, v.FieldByIndex(f.index), at, path+k.Value, diags)
	}
	for _, name := range names {
		if fields[name].required && !seen[name] {
			diags.Errorf(at.File, at.line(node.Line), node.Column, "missing required key %q; add `%s: ...`", path+name, name)
		}
	}
}

func decodeValue(val *yaml.Node, dst reflect.Value, at Source, path string, diags *diag.List) {
	if val.Kind == yaml.AliasNode {
		val = val.Alias
	}
	t := dst.Type()
	switch {
	case t.Kind() == reflect.Struct && t.String() != "time.Time":
		if val.Kind != yaml.MappingNode {
			diags.Errorf(at.File, at.line(val.Line), val.Column, "%s must be a mapping of key: value pairs, found %s", path, describe(val))
			return
		}
		decodeStruct(val, dst, at, path+".", diags)
		return
	case t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Struct:
		if val.Kind != yaml.SequenceNode {
			diags.Errorf(at.File, at.line(val.Line), val.Column, "%s must be a list, found %s", path, describe(val))
			return
		}
		s := reflect.MakeSlice(t, len(val.Content), len(val.Content))
		for i, item := range val.Content {
			decodeValue(item, s.Index(i), at, fmt.Sprintf("%s[%d]", path, i), diags)
		}
		dst.Set(s)
		return
	case t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.String && val.Kind == yaml.ScalarNode && val.Tag == "!!str":
		// A single string where a list is expected is a one-item list, as
		// editors write `aliases: /old/`.
		dst.Set(reflect.ValueOf([]string{val.Value}).Convert(t))
		return
	}
	if err := val.Decode(dst.Addr().Interface()); err != nil {
		diags.Errorf(at.File, at.line(val.Line), val.Column, "%s must be %s, found %s", path, kindName(t), describe(val))
	}
}

func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		switch n.Tag {
		case "!!str":
			return strconv.Quote(n.Value)
		case "!!null":
			return "nothing"
		default:
			return n.Value
		}
	}
	return "an unexpected value"
}

func kindName(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Bool:
		return "true or false"
	case reflect.String:
		return "text"
	case reflect.Slice:
		return "a list of " + strings.TrimPrefix(kindName(t.Elem()), "a ")
	case reflect.Map:
		return "a mapping"
	case reflect.Pointer:
		return kindName(t.Elem())
	}
	return "a " + t.String()
}

func sorted(s []string) []string {
	out := append([]string(nil), s...)
	sort.Strings(out)
	return out
}

// suggestion returns ` (did you mean "x"?)` for the nearest known name,
// when it is within two edits, a likely typo; at equal distance the key
// declared first wins.
func suggestion(got string, known []string) string {
	best := suggest.Nearest(strings.ToLower(got), known, 2)
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}
