package dosing

import "ketref/wasm/evidence"

// Range is a closed interval.
type Range struct{ Lo, Hi float64 }

// Contains reports lo <= v <= hi, with a little slack for values typed
// from a printed range (0.1 + 0.2 is not 0.3 in binary).
func (r Range) Contains(v float64) bool { return v >= r.Lo-1e-9 && v <= r.Hi+1e-9 }

// Note is a statement with its sources.
type Note struct {
	Text    string
	Sources []evidence.Source
}

// FixedDose is one of the doses a fixed-dose product is given at.
type FixedDose struct {
	MG float64
	// Use says when the review gives this dose ("start", "by response").
	Use string
	// Start marks the review's starting dose: the schedule begins there,
	// and Calculate warns when another of the route's doses is given.
	Start   bool
	Sources []evidence.Source
}

// Phase is one phase of a treatment course.
type Phase struct {
	Name string // "Induction"
	// FirstWeek and LastWeek bound the phase (1-based; LastWeek 0: open).
	FirstWeek, LastWeek int
	// PerWeek sessions; 0.5 is every two weeks; 0 when the review gives
	// no number.
	PerWeek float64
	Text    string
	Sources []evidence.Source
}

// Route is one route and agent the review gives doses for. The tables
// below are the single source of the dosing rules: the calculator applies
// them and the generator prints them on the route pages.
type Route struct {
	ID    string
	Name  string // "Intravenous racemic ketamine"
	Agent string
	Route string
	// Page is the site page on this route; Section the review's section.
	Page, Section string

	// Weight-based routes: the usual range and the widest range the
	// review reports, in mg/kg. A dose outside Studied gets no result;
	// inside Studied but outside Usual, a result with a warning.
	PerKg         bool
	Usual         Range
	UsualSources  []evidence.Source
	Studied       Range
	StudiedSource []evidence.Source
	// BelowUsual and AboveUsual explain a dose in Studied but outside Usual.
	BelowUsual, AboveUsual *Note

	// Fixed-dose routes.
	Fixed []FixedDose
	// DeviceMG is the dose one device delivers (intranasal), 0 if none.
	DeviceMG      float64
	DeviceSources []evidence.Source

	// Infusion is the infusion time in minutes (IV), 0 if not infused.
	InfusionMinutes float64
	InfusionSources []evidence.Source

	// Bioavailability as a fraction range and as the review words it.
	Bioavailability        Range
	BioavailabilityText    string
	BioavailabilitySources []evidence.Source

	Schedule []Phase
	// Monitoring lists the requirements after each session; empty when the
	// review states none for this route.
	Monitoring []Note
	// Evidence lists further findings the review reports for this dose.
	Evidence []Note
}

const (
	secModes = "Modes of Administration"
	secIV    = "Intravenous Administration"
	secIN    = "Intranasal Administration"
	pageIV   = "/routes/intravenous/"
	pageIN   = "/routes/intranasal/"
	pageOral = "/routes/oral/"
	pageIMSC = "/routes/intramuscular-subcutaneous/"
	pageAll  = "/routes/"
)

// monitoring is what the review requires after IV racemic ketamine and
// IN esketamine.
var monitoring = []Note{
	{"Given by healthcare professionals trained in cardiopulmonary resuscitation", evidence.Ref("schep2023")},
	{"Monitoring for 2 hours after each administration: blood pressure, heart rate, respiratory rate and oxygen saturation", evidence.Ref("schep2023")},
}

var imscEvidence = []Note{
	{"Doses of 0.1–1 mg/kg have been used for racemic ketamine by IM or SC injection; most studies used 0.5–1 mg/kg (reference 44 is printed as a corrigendum and reference 45 studied subcutaneous esketamine; see the editorial notes)", evidence.Ref("andrade2017", "tham2022", "loo2024", "palhanofontes2025")},
	{"In a double-blind crossover study of 25 patients with TRD, IM ketamine at 0.5 and 1 mg/kg reduced depression and anxiety ratings for up to 7 days, with similar mood effects at both doses and dose-dependent dissociation and blood pressure changes", evidence.Ref("glue2024b")},
}

// routeTable is the rule table. It is data, initialized statically (a
// table built by code at each call would add to the WebAssembly module);
// nothing writes to it, and Routes hands out copies.
var routeTable = []Route{
	{
		ID: "iv-racemic", Name: "Intravenous racemic ketamine", Agent: "Racemic ketamine", Route: "Intravenous (IV) infusion",
		Page: pageIV, Section: secIV,
		PerKg: true, Usual: Range{0.5, 1.0}, UsualSources: evidence.Review(secIV, pageIV),
		Studied: Range{0.1, 1.0}, StudiedSource: evidence.Ref("mcintyre2021"),
		BelowUsual:      &Note{"Below the usual 0.5–1.0 mg/kg: at group level, 0.1–0.2 mg/kg was less effective than 0.5–1.0 mg/kg one day after dosing", evidence.Ref("mcintyre2021")},
		InfusionMinutes: 40, InfusionSources: evidence.Review(secIV, pageIV),
		Bioavailability: Range{1, 1}, BioavailabilityText: "complete", BioavailabilitySources: evidence.Review(secModes, pageAll),
		Schedule: []Phase{
			{Name: "First weeks", FirstWeek: 1, PerWeek: 2, Text: "Typically twice weekly during the first weeks; the frequency is not clearly defined", Sources: evidence.Ref("marcantoni2020", "mcmullen2021")},
			{Name: "Afterwards", Text: "Gradually reduced according to clinical success", Sources: evidence.Ref("marcantoni2020", "mcmullen2021")},
		},
		Monitoring: monitoring,
		Evidence: []Note{
			{"0.5–1.0 mg/kg was more effective than 0.1–0.2 mg/kg at group level one day after dosing; most studies were in TRD", evidence.Ref("mcintyre2021")},
			{"In single-dose studies both 0.5 and 1.0 mg/kg were effective; no evidence shows 1.0 mg/kg to be better than 0.5 mg/kg", evidence.Ref("mcintyre2021")},
			{"No maximum dose has been established for IV racemic ketamine in TRD", evidence.Review(secIV, pageIV)},
		},
	},
	{
		ID: "in-esketamine", Name: "Intranasal esketamine", Agent: "Esketamine (S-ketamine)", Route: "Intranasal (IN) spray",
		Page: pageIN, Section: secIN,
		Fixed: []FixedDose{
			{MG: 56, Start: true, Use: "Starting dose, twice weekly in the 4-week induction", Sources: evidence.Review(secIN, pageIN)},
			{MG: 84, Use: "Increase from 56 mg according to response", Sources: evidence.Review(secIN, pageIN)},
		},
		DeviceMG: 28, DeviceSources: []evidence.Source{{Key: "fda2020", Note: "product label; the review does not give the device size"}},
		Bioavailability: Range{0.08, 0.45}, BioavailabilityText: "8–45%", BioavailabilitySources: evidence.Ref("andrade2017"),
		Schedule: []Phase{
			{Name: "Induction", FirstWeek: 1, LastWeek: 4, PerWeek: 2, Text: "Twice weekly for the first 4 weeks, starting at 56 mg", Sources: evidence.Review(secIN, pageIN)},
			{Name: "Weeks 5–8", FirstWeek: 5, LastWeek: 8, PerWeek: 1, Text: "Once weekly in weeks 5–8", Sources: evidence.Ref("fda2020")},
			{Name: "After week 8", FirstWeek: 9, PerWeek: 0.5, Text: "Every two weeks (\"biweekly\") or less often, according to symptoms", Sources: evidence.Ref("mcintyre2021", "peters2023")},
		},
		Monitoring: monitoring,
		Evidence: []Note{
			{"A meta-analysis of 9 studies (1752 patients with MDD and TRD) found better remission and response than placebo, particularly at 84 mg or flexible doses with oral antidepressants", evidence.Ref("oraee2024")},
		},
	},
	{
		ID: "oral-ketamine", Name: "Oral ketamine tablets", Agent: "Ketamine (the review does not say racemic)", Route: "Oral",
		Page: pageOral, Section: "Oral Administration",
		PerKg: true, Usual: Range{0.5, 1.25}, UsualSources: evidence.Ref("andrade2017", "meshkat2023"),
		Studied: Range{0.5, 1.25}, StudiedSource: evidence.Ref("andrade2017", "meshkat2023"),
		Bioavailability: Range{0.08, 0.29}, BioavailabilityText: "8–29%", BioavailabilitySources: evidence.Ref("andrade2017"),
		Schedule: []Phase{
			{Name: "Frequency", FirstWeek: 1, Text: "From daily to monthly, depending on the study", Sources: evidence.Ref("andrade2017", "meshkat2023")},
		},
		Evidence: []Note{
			{"A review of oral ketamine found significant improvement of depressive symptoms in MDD in all included studies, with good tolerability", evidence.Ref("meshkat2023")},
		},
	},
	{
		ID: "oral-esketamine", Name: "Oral esketamine, titrated", Agent: "Esketamine (S-ketamine)", Route: "Oral",
		Page: pageOral, Section: "Oral Administration",
		PerKg: true, Usual: Range{0.5, 3.0}, UsualSources: evidence.Ref("smithapeldoorn2024"),
		Studied: Range{0.5, 3.0}, StudiedSource: evidence.Ref("smithapeldoorn2024"),
		Bioavailability: Range{0.08, 0.29}, BioavailabilityText: "8–29% (given for oral ketamine)", BioavailabilitySources: evidence.Ref("andrade2017"),
		Schedule: []Phase{
			{Name: "Open-label phase", FirstWeek: 1, LastWeek: 6, PerWeek: 2, Text: "Twice weekly, individually titrated, in a six-week open-label phase", Sources: evidence.Ref("smithapeldoorn2024")},
		},
		Evidence: []Note{
			{"Titrated doses of 0.5–3.0 mg/kg twice weekly significantly reduced depressive symptoms in the open-label phase", evidence.Ref("smithapeldoorn2024")},
			{"A fixed low dose of 30 mg three times a day was ineffective in TRD, with no significant benefit over placebo", evidence.Ref("smithapeldoorn2024")},
		},
	},
	{
		ID: "oral-r107", Name: "Extended-release ketamine tablets (R-107)", Agent: "Ketamine, extended release", Route: "Oral",
		Page: pageOral, Section: "Oral Administration",
		Fixed: []FixedDose{
			{MG: 180, Use: "Twice weekly for 12 weeks, the dose with the clearest relapse prevention", Sources: evidence.Ref("glue2024a")},
		},
		Bioavailability: Range{0.08, 0.29}, BioavailabilityText: "8–29% (given for oral ketamine)", BioavailabilitySources: evidence.Ref("andrade2017"),
		Schedule: []Phase{
			{Name: "Course", FirstWeek: 1, LastWeek: 12, PerWeek: 2, Text: "Twice weekly for 12 weeks", Sources: evidence.Ref("glue2024a")},
		},
		Evidence: []Note{
			{"Rapid onset, safety and excellent tolerability in TRD, with dose-dependent relapse prevention; patients without response by day 8 were not included in the analysis", evidence.Ref("glue2024a")},
		},
	},
	{
		ID: "oral-ket01", Name: "Prolonged-release ketamine (KET01)", Agent: "Ketamine, prolonged release", Route: "Oral",
		Page: pageOral, Section: "Oral Administration",
		Fixed: []FixedDose{
			{MG: 160, Use: "Per day for 14 days, added to existing treatment; the review reports no separate result for this dose", Sources: evidence.Ref("colla2024")},
			{MG: 240, Use: "Per day for 14 days, added to existing treatment; a positive but not statistically significant trend", Sources: evidence.Ref("colla2024")},
		},
		Bioavailability: Range{0.08, 0.29}, BioavailabilityText: "8–29% (given for oral ketamine)", BioavailabilitySources: evidence.Ref("andrade2017"),
		Schedule: []Phase{
			{Name: "Course", FirstWeek: 1, LastWeek: 2, PerWeek: 7, Text: "Daily for 14 days", Sources: evidence.Ref("colla2024")},
		},
		Evidence: []Note{
			{"The trial stopped early, after 2 weeks, because of poor recruitment during the COVID-19 pandemic, so the benefit could not be confirmed", evidence.Ref("colla2024")},
		},
	},
	{
		ID: "im-racemic", Name: "Intramuscular racemic ketamine", Agent: "Racemic ketamine", Route: "Intramuscular (IM) injection",
		Page: pageIMSC, Section: "Intramuscular and Subcutaneous Administration",
		PerKg: true, Usual: Range{0.5, 1.0}, UsualSources: evidence.Ref("andrade2017", "tham2022", "loo2024", "palhanofontes2025"),
		Studied: Range{0.1, 1.0}, StudiedSource: evidence.Ref("andrade2017", "tham2022", "loo2024", "palhanofontes2025"),
		BelowUsual:      &Note{"Below the 0.5–1 mg/kg used in most studies; doses from 0.1 mg/kg have been used", evidence.Ref("andrade2017", "tham2022", "loo2024", "palhanofontes2025")},
		Bioavailability: Range{0.9, 0.9}, BioavailabilityText: "about 90%", BioavailabilitySources: evidence.Ref("mcintyre2021"),
		Evidence: imscEvidence,
	},
	{
		ID: "sc-racemic", Name: "Subcutaneous racemic ketamine", Agent: "Racemic ketamine", Route: "Subcutaneous (SC) injection",
		Page: pageIMSC, Section: "Intramuscular and Subcutaneous Administration",
		PerKg: true, Usual: Range{0.5, 1.0}, UsualSources: evidence.Ref("andrade2017", "tham2022", "loo2024", "palhanofontes2025"),
		Studied: Range{0.1, 1.0}, StudiedSource: evidence.Ref("andrade2017", "tham2022", "loo2024", "palhanofontes2025"),
		BelowUsual:      &Note{"Below the 0.5–1 mg/kg used in most studies; doses from 0.1 mg/kg have been used", evidence.Ref("andrade2017", "tham2022", "loo2024", "palhanofontes2025")},
		Bioavailability: Range{0.9, 0.9}, BioavailabilityText: "about 90%", BioavailabilitySources: evidence.Ref("mcintyre2021"),
		Evidence: imscEvidence[:1],
	},
}

// Routes returns the routes and agents the calculator knows, in the order
// of the review. The slice is a copy; the rules inside it are shared and
// must not be modified.
func Routes() []Route {
	return append([]Route(nil), routeTable...)
}

// Lookup finds a route by id.
func Lookup(id string) *Route {
	for _, r := range routeTable {
		if r.ID == id {
			return &r
		}
	}
	return nil
}
