package cli

import (
	"errors"
	"regexp"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// SplitLine splits a command line into words as a POSIX shell would,
// without expanding anything: blanks separate words; 'single quotes' keep
// everything; "double quotes" keep everything but \" \\ \$ \` ; a
// backslash outside quotes keeps the next character. An unclosed quote is
// an error that says so.
func SplitLine(s string) ([]string, error) {
	var words []string
	var cur strings.Builder
	inWord := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			if inWord {
				words = append(words, cur.String())
				cur.Reset()
				inWord = false
			}
		case c == '\\':
			inWord = true
			if i+1 >= len(s) {
				return nil, errors.New("the command line ends with a lone backslash")
			}
			i++
			if s[i] != '\n' {
				cur.WriteByte(s[i])
			}
		case c == '\'':
			inWord = true
			end := strings.IndexByte(s[i+1:], '\'')
			if end < 0 {
				return nil, errors.New(`the command line has an unclosed ' quote`)
			}
			cur.WriteString(s[i+1 : i+1+end])
			i += end + 1
		case c == '"':
			inWord = true
			closed := false
			for i++; i < len(s); i++ {
				if s[i] == '"' {
					closed = true
					break
				}
				if s[i] == '\\' && i+1 < len(s) && strings.IndexByte("\"\\$`\n", s[i+1]) >= 0 {
					i++
				}
				cur.WriteByte(s[i])
			}
			if !closed {
				return nil, errors.New(`the command line has an unclosed " quote`)
			}
		default:
			inWord = true
			cur.WriteByte(c)
		}
	}
	if inWord {
		words = append(words, cur.String())
	}
	return words, nil
}

// flagShape is what a flag looks like: --name, --name=value, or a dash and
// a letter. Anything else that starts with a dash ("-2+3", "-", "-€5") is
// text.
var flagShape = regexp.MustCompile(`^(--[A-Za-z][A-Za-z0-9-]*(=.*)?|-[A-Za-z].*)$`)

// arrange orders a command line so that the flag parser reads it as people
// mean it: the command's words, then its flags with their values, then
// "--" and the other words in their order. So text that merely starts
// with a dash (`actions add -2+3 …`) is text, and after "--" every word is
// text. A line that names no command is left as it is.
func arrange(root *cobra.Command, args []string) []string {
	if len(args) > 0 && strings.HasPrefix(args[0], "__complete") {
		return args
	}
	c, rest, err := root.Find(args)
	if err != nil || c == nil || c.DisableFlagParsing {
		return args
	}
	var path []string
	for p := c; p != root && p != nil; p = p.Parent() {
		path = append([]string{p.Name()}, path...)
	}
	var flags, words []string
	for i := 0; i < len(rest); i++ {
		a := rest[i]
		switch {
		case a == "--":
			words = append(words, rest[i+1:]...)
			i = len(rest)
		case !flagShape.MatchString(a):
			words = append(words, a)
		default:
			flags = append(flags, a)
			if f := lookupFlag(c, a); f != nil && f.NoOptDefVal == "" && !strings.Contains(a, "=") && i+1 < len(rest) {
				i++
				flags = append(flags, rest[i])
			}
		}
	}
	out := append(path, flags...)
	if len(words) > 0 {
		out = append(append(out, "--"), words...)
	}
	return out
}

// lookupFlag finds the flag a word names on c or its parents' persistent
// flags (nil: unknown, left to the parser to report).
func lookupFlag(c *cobra.Command, word string) *pflag.Flag {
	long := strings.HasPrefix(word, "--")
	name := strings.TrimLeft(word, "-")
	if i := strings.IndexByte(name, '='); i >= 0 {
		name = name[:i]
	}
	if !long && len(name) != 1 {
		return nil
	}
	sets := []*pflag.FlagSet{c.Flags()}
	for p := c; p != nil; p = p.Parent() {
		sets = append(sets, p.PersistentFlags())
	}
	for _, fs := range sets {
		{
			if long {
				if f := fs.Lookup(name); f != nil {
					return f
				}
			} else if f := fs.ShorthandLookup(name); f != nil {
				return f
			}
		}
	}
	return nil
}
