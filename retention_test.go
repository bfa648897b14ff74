package wijkregie

import (
	"errors"
	"testing"
	"time"
)

// TestRetentionPeriodsValidate: the Jeugdwet's twenty years is a floor;
// every field out of range is named.
func TestRetentionPeriodsValidate(t *testing.T) {
	d := DefaultRetentionPeriods("GM0363")
	if err := d.Validate(); err != nil {
		t.Fatalf("the defaults are invalid: %v", err)
	}
	for _, c := range []struct {
		name   string
		change func(r *RetentionPeriods)
		fields map[string]string
	}{
		{"youth under 20 years", func(r *RetentionPeriods) { r.YouthCase = Period{Years: 19, Months: 11} },
			map[string]string{"jeugddossierJaren": "veld.bewaartermijn.jeugdwet"}},
		{"youth 20 years exactly", func(r *RetentionPeriods) { r.YouthCase = Period{Years: 20} }, nil},
		{"social under a year", func(r *RetentionPeriods) { r.SocialCase = Period{Months: 11} },
			map[string]string{"sociaalDossierJaren": "veld.bewaartermijn.dossier_minimaal"}},
		{"signal zero", func(r *RetentionPeriods) { r.Signal = Period{} },
			map[string]string{"signaalJaren": "veld.bewaartermijn.signaal_minimaal"}},
		{"months out of range", func(r *RetentionPeriods) { r.Signal = Period{Years: 1, Months: 12} },
			map[string]string{"signaalMaanden": "veld.bewaartermijn.maanden"}},
		{"years out of range", func(r *RetentionPeriods) { r.SocialCase = Period{Years: 51}; r.YouthCase = Period{Years: -1} },
			map[string]string{"sociaalDossierJaren": "veld.bewaartermijn.jaren", "jeugddossierJaren": "veld.bewaartermijn.jaren"}},
		{"over fifty years", func(r *RetentionPeriods) { r.SocialCase = Period{Years: 50, Months: 1} },
			map[string]string{"sociaalDossierJaren": "veld.bewaartermijn.maximaal"}},
	} {
		r := d
		c.change(&r)
		err := r.Validate()
		got := map[string]string{}
		var e *Error
		if errors.As(err, &e) {
			for _, f := range e.Fields {
				got[f.Name] = f.Message
			}
		} else if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if len(got) != len(c.fields) {
			t.Errorf("%s: fields %v; want %v", c.name, got, c.fields)
			continue
		}
		for k, v := range c.fields {
			if got[k] != v {
				t.Errorf("%s: fields %v; want %v", c.name, got, c.fields)
			}
		}
	}
}

// TestRetentionCutoffs: a period ends on its anniversary, in calendar
// years and months; orphans go after the shortest period.
func TestRetentionCutoffs(t *testing.T) {
	now := time.Date(2046, 3, 2, 9, 0, 0, 0, time.UTC)
	r := DefaultRetentionPeriods("GM0363")
	r.SocialCase = Period{Years: 7, Months: 6}
	c := r.Cutoffs(now)
	for _, x := range []struct {
		name      string
		got, want time.Time
	}{
		{"youth", c.YouthCase, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)},
		{"social", c.SocialCase, time.Date(2038, 9, 2, 9, 0, 0, 0, time.UTC)},
		{"signal", c.Signal, time.Date(2044, 3, 2, 9, 0, 0, 0, time.UTC)},
		{"orphan", c.Orphan, c.Signal},
	} {
		if !x.got.Equal(x.want) {
			t.Errorf("%s cutoff %s; want %s", x.name, x.got, x.want)
		}
	}
	if p := PeriodOfMonths(Period{Years: 7, Months: 6}.InMonths()); p != (Period{Years: 7, Months: 6}) {
		t.Errorf("7y6m through months: %s", p)
	}
}
