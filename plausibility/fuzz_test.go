package plausibility

import (
	"encoding/binary"
	"math"
	"testing"

	"github.com/kpireport/kpireport/figures"
)

// FuzzCheck: no table makes the gate panic, and what it finds is what it
// says. The input is a metric chooser and figures (8 bytes each, any
// float64: NaN, infinities, huge, tiny), spread over months from 2025-01;
// a table may be empty or hold one month.
func FuzzCheck(f *testing.F) {
	seed := func(metric byte, vs ...float64) []byte {
		b := []byte{metric}
		for _, v := range vs {
			b = binary.LittleEndian.AppendUint64(b, math.Float64bits(v))
		}
		return b
	}
	f.Add([]byte{})
	f.Add(seed(0))
	f.Add(seed(0, 46.92))
	f.Add(seed(0, 40000, 42000, 44000, 46.92, 48000))
	f.Add(seed(1, math.NaN(), math.Inf(1), math.Inf(-1), 0, -0.0))
	f.Add(seed(2, math.MaxFloat64, -math.MaxFloat64, math.SmallestNonzeroFloat64, 1))
	f.Add(seed(3, -5, 3, 7, 0, 0))
	f.Fuzz(func(t *testing.T, data []byte) {
		metrics := []string{"revenue", "orders", "net_income", "customers_end"}
		tab := figures.NewTable("fuzz.xlsx", "")
		var used []string
		var values []float64
		if len(data) > 0 {
			metric := metrics[int(data[0])%len(metrics)]
			used = append(used, metric, "absent")
			byMonth := map[figures.Month]figures.Figure{}
			start := figures.MonthOf(2025, 1)
			for i := 1; i+8 <= len(data) && i < 8*600; i += 8 {
				v := math.Float64frombits(binary.LittleEndian.Uint64(data[i:]))
				m := start.Add(i / 8)
				byMonth[m] = figures.Figure{Value: v, Source: figures.Cell("S", "A1"), Rows: 1}
				values = append(values, v)
			}
			tab.Data[figures.Actual][metric] = byMonth
		}
		bounds := []Bound{{Key: "target", Text: "0,07", Value: 0.07}, {Key: "threshold", Text: "x", Value: math.NaN()}}
		for _, fd := range Check(tab, Config{Metrics: used, KPIs: []KPI{{ID: "k", Bounds: bounds, Values: values}}}) {
			switch fd.Kind {
			case Above, Below, NegativeCount:
				fig, ok := tab.Get(fd.Metric, fd.Month)
				if !ok || fd.Args["month"] != fd.Month.String() || math.IsNaN(fig.Value) || math.IsInf(fig.Value, 0) || fig.Value == 0 {
					t.Fatalf("finding %+v of figure %v", fd, fig)
				}
				if fd.Kind == NegativeCount && !(fig.Value < 0 && figures.IsCount(fd.Metric)) {
					t.Fatalf("negative count of %s = %v", fd.Metric, fig.Value)
				}
			case Fraction:
				if fd.Args["meant"] != "7" {
					t.Fatalf("fraction %+v", fd)
				}
			default:
				t.Fatalf("unknown kind %q", fd.Kind)
			}
		}
		var kpis []KPIValue
		for _, v := range values {
			kpis = append(kpis, KPIValue{ID: "k", Percent: true, Value: v, Valid: true})
		}
		for _, fd := range CheckKPIs(figures.MonthOf(2025, 1), kpis) {
			if fd.Kind != PercentBeyond {
				t.Fatalf("finding %+v", fd)
			}
		}
	})
}
