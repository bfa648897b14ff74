package metrics

import (
	"bytes"
	"cmp"
	"math"
	"net/http"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

// contentType names the text exposition format version 0.0.4, the one every
// Prometheus server and compatible agent accepts.
const contentType = "text/plain; version=0.0.4; charset=utf-8"

// Handler returns an http.Handler that writes all metrics in the Prometheus
// text exposition format. Families and series are sorted, so two scrapes
// without observations in between give identical output.
func (r *Registry) Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		// Rendering into a buffer first means a failing or slow gauge
		// callback never leaves the scraper with half a response.
		var buf bytes.Buffer
		r.write(&buf)
		w.Header().Set("Content-Type", contentType)
		w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
		// A write error means the scraper went away; there is no one left
		// to tell.
		_, _ = w.Write(buf.Bytes())
	})
}

// family is one metric family: its HELP and TYPE lines and a function that
// writes its samples.
type family struct {
	name, help, typ string
	samples         func(b *bytes.Buffer, name string)
}

func (r *Registry) write(b *bytes.Buffer) {
	fams := []family{
		{nameRequestsTotal, "HTTP requests handled, by route pattern, method and status.", "counter", r.writeRequests},
		{nameRequestDuration, "Time to handle an HTTP request, by route pattern and method.", "histogram", r.writeRequestTiming},
		{nameStoreDuration, "Duration of storage operations, by operation.", "histogram", r.writeStoreTiming},
		{nameStoreErrors, "Storage operations that failed, by operation.", "counter", r.writeStoreErrors},
		{nameGoroutines, "Number of goroutines that currently exist.", "gauge", func(b *bytes.Buffer, name string) {
			writeSample(b, name, nil, nil, float64(runtime.NumGoroutine()))
		}},
		{nameProcessStart, "Start time of the process since unix epoch in seconds.", "gauge", func(b *bytes.Buffer, name string) {
			writeSample(b, name, nil, nil, float64(processStart.UnixNano())/1e9)
		}},
	}

	// The callbacks run after the lock is released, so a callback that
	// itself uses the Registry cannot deadlock the scrape.
	r.mu.Lock()
	for name, g := range r.gauges {
		fams = append(fams, family{name, g.help, "gauge", func(b *bytes.Buffer, name string) {
			writeSample(b, name, nil, nil, g.f())
		}})
	}
	r.mu.Unlock()

	slices.SortFunc(fams, func(a, b family) int { return strings.Compare(a.name, b.name) })
	for _, f := range fams {
		b.WriteString("# HELP ")
		b.WriteString(f.name)
		b.WriteByte(' ')
		b.WriteString(escapeHelp(f.help))
		b.WriteString("\n# TYPE ")
		b.WriteString(f.name)
		b.WriteByte(' ')
		b.WriteString(f.typ)
		b.WriteByte('\n')
		f.samples(b, f.name)
	}
}

var (
	requestLabels = []string{"route", "method", "status"}
	routeLabels   = []string{"route", "method"}
	opLabels      = []string{"op"}
)

func (r *Registry) writeRequests(b *bytes.Buffer, name string) {
	type series struct {
		key requestKey
		n   uint64
	}
	var all []series
	r.requests.Range(func(k, v any) bool {
		all = append(all, series{k.(requestKey), v.(*atomic.Uint64).Load()})
		return true
	})
	slices.SortFunc(all, func(a, b series) int {
		return cmp.Or(
			strings.Compare(a.key.route, b.key.route),
			strings.Compare(a.key.method, b.key.method),
			cmp.Compare(a.key.status, b.key.status),
		)
	})
	for _, s := range all {
		writeSample(b, name, requestLabels, []string{s.key.route, s.key.method, strconv.Itoa(s.key.status)}, float64(s.n))
	}
}

func (r *Registry) writeRequestTiming(b *bytes.Buffer, name string) {
	keys := sortedKeys[routeKey](&r.requestTiming, func(a, b routeKey) int {
		return cmp.Or(strings.Compare(a.route, b.route), strings.Compare(a.method, b.method))
	})
	for _, k := range keys {
		h, _ := r.requestTiming.Load(k)
		writeHistogram(b, name, routeLabels, []string{k.route, k.method}, h.(*histogram))
	}
}

func (r *Registry) writeStoreTiming(b *bytes.Buffer, name string) {
	for _, op := range sortedKeys[string](&r.storeTiming, strings.Compare) {
		h, _ := r.storeTiming.Load(op)
		writeHistogram(b, name, opLabels, []string{op}, h.(*histogram))
	}
}

func (r *Registry) writeStoreErrors(b *bytes.Buffer, name string) {
	for _, op := range sortedKeys[string](&r.storeErrors, strings.Compare) {
		n, _ := r.storeErrors.Load(op)
		writeSample(b, name, opLabels, []string{op}, float64(n.(*atomic.Uint64).Load()))
	}
}

// sortedKeys returns the keys of m in the order given by compare. Entries are
// never deleted, so every returned key can be loaded afterwards.
func sortedKeys[K any](m *sync.Map, compare func(a, b K) int) []K {
	var keys []K
	m.Range(func(k, _ any) bool {
		keys = append(keys, k.(K))
		return true
	})
	slices.SortFunc(keys, compare)
	return keys
}

func writeHistogram(b *bytes.Buffer, name string, labels, values []string, h *histogram) {
	cumulative, sum := h.snapshot()
	bucketLabels := append(slices.Clip(labels), "le")
	for i, bound := range bucketBounds {
		writeSample(b, name+"_bucket", bucketLabels, append(slices.Clip(values), formatFloat(bound.Seconds())), float64(cumulative[i]))
	}
	total := cumulative[len(cumulative)-1]
	writeSample(b, name+"_bucket", bucketLabels, append(slices.Clip(values), "+Inf"), float64(total))
	writeSample(b, name+"_sum", labels, values, sum)
	writeSample(b, name+"_count", labels, values, float64(total))
}

func writeSample(b *bytes.Buffer, name string, labels, values []string, v float64) {
	b.WriteString(name)
	if len(labels) > 0 {
		b.WriteByte('{')
		for i, l := range labels {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(l)
			b.WriteString(`="`)
			b.WriteString(escapeLabelValue(values[i]))
			b.WriteByte('"')
		}
		b.WriteByte('}')
	}
	b.WriteByte(' ')
	b.WriteString(formatFloat(v))
	b.WriteByte('\n')
}

// The exposition format escapes backslash and newline in HELP text, and
// additionally the double quote in label values.
var (
	helpEscaper  = strings.NewReplacer(`\`, `\\`, "\n", `\n`)
	labelEscaper = strings.NewReplacer(`\`, `\\`, "\n", `\n`, `"`, `\"`)
)

func escapeHelp(s string) string       { return helpEscaper.Replace(s) }
func escapeLabelValue(s string) string { return labelEscaper.Replace(s) }

// formatFloat writes values as Go's shortest representation, which the format
// accepts, with the spellings it prescribes for infinities and NaN.
func formatFloat(v float64) string {
	switch {
	case math.IsInf(v, 1):
		return "+Inf"
	case math.IsInf(v, -1):
		return "-Inf"
	case math.IsNaN(v):
		return "NaN"
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}
