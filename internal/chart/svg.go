package chart

import (
	"fmt"
	"html/template"
	"regexp"
	"strings"
)

// The SVG's geometry, in user units of its viewBox; the page scales it to
// its width.
const (
	svgWidth   = 640
	plotWidth  = 520 // the bars' room; the rest holds the value beside the longest bar
	rowHeight  = 40
	barHeight  = 16
	axisHeight = 28
	padTop     = 8
)

var idUnsafe = regexp.MustCompile(`[^a-zA-Z0-9-]+`)

// SVG returns the chart as an inline SVG: role="img" named by its <title>
// and described by its <desc>, each bar labelled with its row above it and
// its value beside it in text, so nothing depends on colour or length
// alone. A withheld bar has no length and says "<10" (or "x") with a
// dashed outline. The title and description are the caller's (Dutch)
// texts; the page shows the same figures in a data table beside it.
func (b *Bars) SVG(title, desc string) template.HTML {
	id := "grafiek-" + idUnsafe.ReplaceAllString(b.TableID+"-"+b.Column, "-")
	height := padTop + len(b.Bars)*rowHeight + axisHeight
	var s strings.Builder
	fmt.Fprintf(&s, `<svg xmlns="http://www.w3.org/2000/svg" class="grafiek" role="img" viewBox="0 0 %d %d" width="100%%" aria-labelledby="%s-titel %s-uitleg">`,
		svgWidth, height, id, id)
	fmt.Fprintf(&s, `<title id="%s-titel">%s</title><desc id="%s-uitleg">%s</desc>`, id, esc(title), id, esc(desc))
	x := func(v float64) float64 { return b.Fraction(v) * plotWidth }
	bottom := padTop + len(b.Bars)*rowHeight
	// The grid: a thin line and a number per tick.
	for _, t := range b.Ticks {
		fmt.Fprintf(&s, `<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#c8c8c8" stroke-width="1"/>`, x(t), padTop, x(t), bottom)
		anchor := "middle"
		switch t {
		case b.Min:
			anchor = "start"
		case b.Max:
			anchor = "end"
		}
		fmt.Fprintf(&s, `<text x="%.1f" y="%d" font-size="12" fill="#333333" text-anchor="%s">%s</text>`, x(t), bottom+18, anchor, esc(b.Tick(t)))
	}
	zero := x(0)
	for i, bar := range b.Bars {
		y := padTop + i*rowHeight
		weight := "normal"
		if bar.Total {
			weight = "bold"
		}
		fmt.Fprintf(&s, `<text x="0" y="%d" font-size="13" font-weight="%s" fill="#1a1a1a">%s</text>`, y+13, weight, esc(bar.Label))
		by := y + 18
		end := zero
		if bar.HasLength() {
			left, right := zero, x(bar.Value)
			if right < left {
				left, right = right, left
			}
			end = right
			fill := "#1f4e79"
			if bar.Total {
				fill = "#0b2a45"
			}
			fmt.Fprintf(&s, `<rect x="%.1f" y="%d" width="%.1f" height="%d" fill="%s"/>`, left, by, max(right-left, 1), barHeight, fill)
		} else {
			// No length: an outline the size of a marker, so the row is
			// visibly there but withheld (its text says so).
			fmt.Fprintf(&s, `<rect x="%.1f" y="%d" width="12" height="%d" fill="none" stroke="#555555" stroke-dasharray="3 2"/>`, zero, by, barHeight)
			end = zero + 12
		}
		fmt.Fprintf(&s, `<text x="%.1f" y="%d" font-size="13" fill="#1a1a1a">%s</text>`, end+6, by+13, esc(bar.Display))
	}
	s.WriteString(`</svg>`)
	return template.HTML(s.String()) //nolint:gosec // every text in it is escaped above
}

// esc escapes a text for XML content and attributes.
func esc(s string) string {
	var b strings.Builder
	template.HTMLEscape(&b, []byte(s))
	return b.String()
}
