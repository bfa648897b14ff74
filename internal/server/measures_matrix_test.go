package server_test

// The matrix's rows of the reports of outcomes and workload
// (docs/uitkomsten.md), written from the document: a lead reads the own
// team (the default, so the lead of another team reads their own too),
// beleid and toezicht the municipality; professionals, partners, beheer
// and the privacy officer none.
const mxReports = "3 3 + + 3 | 3 3 3 3 3 | 3 3 | + + 3 3"
