package store

import (
	"strconv"
	"strings"
)

// positional rewrites a query's $n placeholders as plain ? for SQLite, and
// returns the arguments in the order the ? take them (an argument named
// twice is passed twice). SQLite looks a named or numbered parameter up by
// a linear search of the statement's names, when it parses the statement
// and again when the driver binds each one, so a statement with hundreds
// of $n costs the square of them; a plain ? is bound by its place. The
// queries it is given hold no '$' but in placeholders. order is the
// argument index of each ?, for positionalArgs.
func positional(query string) (rewritten string, order []int) {
	var b strings.Builder
	b.Grow(len(query))
	for i := 0; i < len(query); i++ {
		c := query[i]
		if c != '$' {
			b.WriteByte(c)
			continue
		}
		j := i + 1
		for j < len(query) && query[j] >= '0' && query[j] <= '9' {
			j++
		}
		n, err := strconv.Atoi(query[i+1 : j])
		if err != nil || n < 1 {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('?')
		order = append(order, n-1)
		i = j - 1
	}
	return b.String(), order
}

// positionalQuery is a query as positional rewrote it.
type positionalQuery struct {
	query string
	order []int
}

// positionalArgs returns args in the order of a positional query's ?.
func positionalArgs(args []any, order []int) []any {
	out := make([]any, len(order))
	for k, i := range order {
		out[k] = args[i]
	}
	return out
}
