package demo

import (
	"fmt"
	"math/rand/v2"
	"strconv"

	"wijkregie"
)

// The range 999900006–999999990 is reported to be reserved for testing the
// BSN chain (domain notes on privacy), so a demo BSN cannot be a real resident's.
// Only about 9,100 numbers in it pass the elfproef: a demo larger than some
// 3,500 households runs out, and everyone after that is registered without
// a BSN, as for residents whose number is unknown. Numbers from outside the
// range would look as good and might belong to someone.
const (
	firstTestBSN = 999900006
	lastTestBSN  = 999999990
)

// bsnPool deals out the valid test numbers in a seeded random order, each
// once, so neighbours do not get consecutive numbers.
type bsnPool struct {
	numbers []wijkregie.BSN
	next    int
}

func newBSNPool(r *rand.Rand) (*bsnPool, error) {
	p := &bsnPool{}
	for n := firstTestBSN; n <= lastTestBSN; n++ {
		if !elfproef(n) {
			continue
		}
		// ParseBSN is the rule the application enforces; the loop's own
		// arithmetic only saves calling it 100,000 times.
		b, err := wijkregie.ParseBSN(strconv.Itoa(n))
		if err != nil {
			return nil, fmt.Errorf("demo BSN %d fails ParseBSN: %w", n, err)
		}
		p.numbers = append(p.numbers, b)
	}
	r.Shuffle(len(p.numbers), func(i, j int) { p.numbers[i], p.numbers[j] = p.numbers[j], p.numbers[i] })
	return p, nil
}

// take returns the next unused number, or false when all are dealt.
func (p *bsnPool) take() (wijkregie.BSN, bool) {
	if p.next >= len(p.numbers) {
		return "", false
	}
	p.next++
	return p.numbers[p.next-1], true
}

// elfproef checks a nine-digit number: 9·d1 + 8·d2 + … + 2·d8 − 1·d9 ≡ 0
// (mod 11).
func elfproef(n int) bool {
	sum := -(n % 10)
	n /= 10
	for w := 2; w <= 9; w++ {
		sum += w * (n % 10)
		n /= 10
	}
	return sum%11 == 0
}
