package calculators

// RulesDate is the date of the rules the calculators apply: the review's
// publication date. It changes with RulesVersion (see its test).
const RulesDate = "2024-12-20"

// RulesVersion names the rules the calculators apply: the first 12 hex
// digits of a SHA-256 over every calculator's manifest and rule tables,
// written field by field, each string prefixed by its length, so that no
// two different tables write the same bytes. The module reports it
// (ketcalc.rules()) and the site prints it into the page at build time, so
// that a page can tell when the module it runs is not the one it was built
// with.
//
// It returns a pinned constant, which TestRulesVersionPinned checks
// against the hash of the tables: computing the hash in the module would
// link SHA-256 and the FIPS module's start-up into it, 470 KB raw and
// 90 KB brotli, to print twelve characters.
func RulesVersion() string { return pinnedRulesVersion }

// pinnedRulesVersion is rulesVersion(All()) (version_test.go) for the
// rules as they are on RulesDate. When a rule table changes, TestRulesVersionPinned fails: set
// RulesDate to the date of the source the new rules come from, and this
// pin to the new version, in the same commit.
const pinnedRulesVersion = "76566f330582"
