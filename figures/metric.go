package figures

import "slices"

// Kind says what a metric measures, which decides how its figures add up
// and which values are plausible.
type Kind uint8

// The kinds of metric.
const (
	// Flow is an amount over the month (revenue, result): it adds up over
	// months and rows, and may be negative.
	Flow Kind = iota
	// Cost is an expense (marketing costs, COGS): a flow a KPI cannot use
	// when negative, which a profit and loss statement often writes so.
	Cost
	// Count counts things over the month (orders, visitors): a flow that
	// is never negative.
	Count
	// Stock is a balance at the month's end (cash, customers at the end):
	// it never adds up over months, and over rows only across entities.
	Stock
	// StockCount is a balance that counts things (customers at the start):
	// a stock that is never negative.
	StockCount
	// Percent is a rate already in percent in the workbook.
	Percent
)

// Metric is one canonical metric a source may provide.
type Metric struct {
	// Name is the canonical name used in configs and formulas.
	Name string
	Kind Kind
}

// Catalogue lists the metrics known without configuration, in the order
// of SPEC.md's "Metrics" section, then the lender's metrics.
var Catalogue = []Metric{
	{"revenue", Flow},
	{"net_income", Flow},
	{"marketing_costs", Cost},
	{"new_customers", Count},
	{"customers_start", StockCount},
	{"customers_end", StockCount},
	{"visitors", Count},
	{"conversions", Count},
	{"sessions", Count},
	{"engaged_sessions", Count},
	{"promoters", Count},
	{"passives", Count},
	{"detractors", Count},
	{"automated_processes", Count},
	{"eligible_processes", Count},
	{"investment", Cost},
	{"investment_gains", Flow},
	{"orders", Count},
	{"gross_profit", Flow},
	{"ebitda", Flow},
	{"cash", Stock},
	{"receivables", Stock},
	{"debt_service", Cost},
	{"clv", Stock},
	{"cogs", Cost},
}

// KindOf returns a metric's kind; a metric the catalogue does not know (one
// a config names under workbook.metrics) is a flow.
func KindOf(name string) Kind {
	for _, m := range Catalogue {
		if m.Name == name {
			return m.Kind
		}
	}
	return Flow
}

// IsStock reports whether a metric is a balance at the month's end rather
// than a flow over the month.
func IsStock(name string) bool { k := KindOf(name); return k == Stock || k == StockCount }

// IsCount reports whether a metric counts things and so cannot be negative.
func IsCount(name string) bool { k := KindOf(name); return k == Count || k == StockCount }

// IsCost reports whether a metric is an expense, which a KPI cannot use
// when negative.
func IsCost(name string) bool { return KindOf(name) == Cost }

// Known reports whether name is a metric of the catalogue.
func Known(name string) bool {
	return slices.ContainsFunc(Catalogue, func(m Metric) bool { return m.Name == name })
}

// Names returns the catalogue's metric names, sorted.
func Names() []string {
	names := make([]string, len(Catalogue))
	for i, m := range Catalogue {
		names[i] = m.Name
	}
	slices.Sort(names)
	return names
}
