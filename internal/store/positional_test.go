package store

import (
	"slices"
	"testing"
)

func TestPositional(t *testing.T) {
	q, order := positional(`SELECT a FROM t WHERE m = $1 AND h IN ($3, $4, $12) AND d <= $2 AND (u IS NULL OR u >= $2)`)
	if want := `SELECT a FROM t WHERE m = ? AND h IN (?, ?, ?) AND d <= ? AND (u IS NULL OR u >= ?)`; q != want {
		t.Errorf("query %q; want %q", q, want)
	}
	if want := []int{0, 2, 3, 11, 1, 1}; !slices.Equal(order, want) {
		t.Errorf("order %v; want %v", order, want)
	}
	args := []any{"m", "d", "h3", "h4", 5, 6, 7, 8, 9, 10, 11, "h12"}
	if got, want := positionalArgs(args, order), []any{"m", "h3", "h4", "h12", "d", "d"}; !slices.Equal(got, want) {
		t.Errorf("args %v; want %v", got, want)
	}
	if q, order := positional(`SELECT '$' || x FROM t`); q != `SELECT '$' || x FROM t` || len(order) != 0 {
		t.Errorf("a lone $ became %q %v", q, order)
	}
}
