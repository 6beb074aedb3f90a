package meeting

// The executive seed's "Metrics That Matter": twelve board-level customer
// metrics, each with its definition, the seed's target, how often it is
// reported and the executive accountable for it. Their figures are
// entered per quarter on the scorecard's quarterly sheets (the same
// ScoreSheet, entries and rules as the leadership scorecard's entered
// metrics), except executive response time, which cxroom computes from its
// own escalations. A metric reported monthly to the executives keeps the
// latest month's figure on its quarter's sheet: the steering committee
// enters it again each month, and the entry says who entered it and when.

// Board metric keys, in the seed's order.
const (
	BoardNRR           = "nrr"
	BoardLogoRetention = "logo_retention"
	BoardNPS           = "nps"
	BoardHealthGreen   = "health_green"
	BoardTimeToValue   = "time_to_value"
	BoardAdoption      = "product_adoption"
	BoardSupportCSAT   = "support_csat"
	BoardExpansion     = "expansion_pipeline"
	BoardCACPayback    = "cac_payback"
	BoardCES           = "effort_score"
	BoardExecResponse  = "executive_response_time"
	BoardCXEfficiency  = "cx_investment_efficiency"

	// CategoryBoard is the board metrics' category on a sheet.
	CategoryBoard = "Board"
)

// BoardMetric is one row of the seed's "Metrics That Matter" table.
type BoardMetric struct {
	MetricDef
	Definition  string // the seed's definition
	Frequency   string // the seed's board reporting frequency
	Accountable string // the seed's executive accountability
	// OnBoard: one of the 6-8 metrics of the board's one-page scorecard
	// (the template's six, then adoption and the expansion pipeline).
	OnBoard bool
	// Internal: reported to the executives only, never to the board.
	Internal bool
}

// BoardMetrics lists the seed's twelve metrics in its order.
func BoardMetrics() []BoardMetric {
	pct := func(d MetricDef) MetricDef {
		d.Unit, d.Min, d.Max, d.Category, d.HasTarget = "%", 0, 100, CategoryBoard, true
		return d
	}
	def := func(d MetricDef) MetricDef { d.Category, d.HasTarget = CategoryBoard, true; return d }
	return []BoardMetric{
		{MetricDef: def(MetricDef{Key: BoardNRR, Name: "Net revenue retention", Unit: "%", Max: 1000, Target: 110,
			SeedTarget: "110-130% (best-in-class)", Measure: "(Starting ARR + Expansion - Churn - Contraction) / Starting ARR"}),
			Definition: "(Starting ARR + Expansion - Churn - Contraction) / Starting ARR", Frequency: "Quarterly", Accountable: "CCO + CRO", OnBoard: true},
		{MetricDef: pct(MetricDef{Key: BoardLogoRetention, Name: "Logo retention", Target: 90,
			SeedTarget: "90-95%", Measure: "% of customers renewing (by count, not $)"}),
			Definition: "% of customers renewing (by count, not $)", Frequency: "Quarterly", Accountable: "CCO", OnBoard: true},
		{MetricDef: def(MetricDef{Key: BoardNPS, Name: "NPS (enterprise)", Unit: "NPS", Min: -100, Max: 100, Target: 40,
			SeedTarget: "40-60+ (B2B enterprise)", Measure: "% Promoters - % Detractors (enterprise relationship survey)"}),
			Definition: "% Promoters - % Detractors (enterprise relationship survey)", Frequency: "Quarterly", Accountable: "CCO/CXO", OnBoard: true},
		{MetricDef: pct(MetricDef{Key: BoardHealthGreen, Name: "Customer health (% green)", Target: 75,
			SeedTarget: "75%+ Green, <10% Red", Measure: "% of ARR in Green/Yellow/Red health status (the figure: % green)"}),
			Definition: "% of ARR in Green/Yellow/Red health status", Frequency: "Monthly to exec, Quarterly to board", Accountable: "CCO", OnBoard: true},
		{MetricDef: def(MetricDef{Key: BoardTimeToValue, Name: "Time-to-value", Unit: "days", Better: LowerIsBetter, Strict: true, Max: 3650, Target: 60,
			SeedTarget: "<60 days (complex), <30 days (SMB)", Measure: "Days from contract signature to first production outcome"}),
			Definition: "Days from contract signature to first production outcome", Frequency: "Quarterly", Accountable: "COO + CCO", OnBoard: true},
		{MetricDef: def(MetricDef{Key: BoardSupportCSAT, Name: "Support CSAT", Unit: "/5", Max: 5, Target: 4.5,
			SeedTarget: "4.5+/5.0 or 90%+", Measure: "Customer satisfaction with support interactions"}),
			Definition: "Customer satisfaction with support interactions", Frequency: "Monthly to exec, Quarterly to board", Accountable: "COO or CCO", OnBoard: true},
		{MetricDef: pct(MetricDef{Key: BoardAdoption, Name: "Product adoption", Target: 60,
			SeedTarget: "60-80% (enterprise), 40-60% (complex platforms)", Measure: "% of licensed users actively using core features weekly"}),
			Definition: "% of licensed users actively using core features weekly", Frequency: "Quarterly", Accountable: "CPO", OnBoard: true},
		{MetricDef: pct(MetricDef{Key: BoardExpansion, Name: "Expansion pipeline", Target: 30,
			SeedTarget: "30-40% of customers", Measure: "Qualified expansion opportunities as % of customer base"}),
			Definition: "Qualified expansion opportunities as % of customer base", Frequency: "Quarterly", Accountable: "CCO + CRO", OnBoard: true},
		{MetricDef: def(MetricDef{Key: BoardCACPayback, Name: "CAC payback", Unit: "months", Better: LowerIsBetter, Strict: true, Max: 600, Target: 12,
			SeedTarget: "<12 months", Measure: "Months to recover fully-loaded CAC"}),
			Definition: "Months to recover fully-loaded CAC", Frequency: "Quarterly", Accountable: "CFO + CRO"},
		{MetricDef: def(MetricDef{Key: BoardCES, Name: "Effort score (CES)", Unit: "/7", Better: LowerIsBetter, Strict: true, Min: 1, Max: 7, Target: 2.5,
			SeedTarget: "<2.5/7 (low effort)", Measure: "Ease of completing key tasks (onboarding, integration, support)"}),
			Definition: "Ease of completing key tasks (onboarding, integration, support)", Frequency: "Bi-annually", Accountable: "CXO or CPO"},
		{MetricDef: def(MetricDef{Key: BoardExecResponse, Name: "Executive response time", Unit: "days", Better: LowerIsBetter, Strict: true, Max: 3650, Target: 5,
			SeedTarget: "<24 hours to assign, <5 days to resolve", Measure: "Computed from cxroom's escalated actions: escalated → assigned → resolved", Computed: true}),
			Definition: "Time for executive escalation resolution", Frequency: "Monthly (internal only)", Accountable: "CCO", Internal: true},
		{MetricDef: def(MetricDef{Key: BoardCXEfficiency, Name: "CX investment efficiency", Unit: "$ per $1", Max: 1000, Target: 5,
			SeedTarget: "$5-10 return per $1 invested", Measure: "Incremental ARR retained or expanded per $1 CX investment"}),
			Definition: "Incremental ARR retained or expanded per $1 CX investment", Frequency: "Annually", Accountable: "CFO + CCO"},
	}
}

// boardAliases are other names people type for a board metric.
var boardAliases = map[string]string{
	"net_revenue_retention": BoardNRR, "logo_retention_rate": BoardLogoRetention, "net_promoter_score": BoardNPS,
	"health": BoardHealthGreen, "customer_health": BoardHealthGreen, "health_score": BoardHealthGreen,
	"customer_health_score_distribution": BoardHealthGreen, "ttv": BoardTimeToValue, "adoption": BoardAdoption,
	"product_adoption_rate": BoardAdoption, "csat": BoardSupportCSAT, "expansion": BoardExpansion,
	"customer_acquisition_cost_(cac)_payback": BoardCACPayback, "cac": BoardCACPayback, "ces": BoardCES,
	"effort_score": BoardCES, "exec_response_time": BoardExecResponse, "response_time": BoardExecResponse,
	"cx_efficiency": BoardCXEfficiency, "investment_efficiency": BoardCXEfficiency,
}

// FindBoardMetric finds a board metric by key, name or a common alias, as
// typed: "nrr", "Net revenue retention", "csat".
func FindBoardMetric(s string) (BoardMetric, error) {
	k := metricKey(s)
	if a, ok := boardAliases[k]; ok {
		k = a
	}
	for _, m := range BoardMetrics() {
		if m.Key == k || metricKey(m.Name) == k {
			return m, nil
		}
	}
	return BoardMetric{}, Errorf(EINVALID, "%q is not a board metric; `cxroom board metrics` lists them", clip(s))
}

// sheetDefs is every metric a quarterly sheet may hold an entry for: the
// leadership scorecard's, then the board's.
func sheetDefs() []MetricDef {
	out := MetricDefs()
	for _, m := range BoardMetrics() {
		out = append(out, m.MetricDef)
	}
	return out
}
