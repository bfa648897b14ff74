package store

// Page asks for one page of a list. Limit is clamped to 1…MaxLimit.
type Page struct {
	Offset int
	Limit  int
}

// MaxLimit is the largest page the store returns.
const MaxLimit = 200

func (p Page) clamp() Page {
	if p.Limit <= 0 || p.Limit > MaxLimit {
		p.Limit = MaxLimit
	}
	if p.Offset < 0 {
		p.Offset = 0
	}
	return p
}
