package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// HandoverImport is the record of an overdrachtspakket read in
// (docs/overdrachtspakket.md): which package (its id and SHA-256), the
// case it became, who sent it, who read it in and when.
type HandoverImport struct {
	MunicipalityID string
	PackageID      string
	PackageHash    string
	CaseID         string
	SenderCode     string // the sending municipality's CBS code
	SenderName     string
	ImportedAt     time.Time
	ImportedBy     string
}

// ErrPackageImported is the conflict of a package read in before, by its
// id or its hash; CaseID names the case it became.
type ErrPackageImported struct{ CaseID string }

func (e *ErrPackageImported) Error() string {
	return "handover package imported before as case " + e.CaseID
}

// RecordHandoverImport stores the record of a package read in, stamped
// now; a package of the same id or hash read in by the municipality
// before is refused by the schema's unique indexes, and answered with
// *ErrPackageImported naming the case it became. Call it in the import's
// transaction, after the case is written, so two uploads at once cannot
// both succeed.
func (q *Q) RecordHandoverImport(ctx context.Context, im *HandoverImport) error {
	im.ImportedAt = q.Now()
	_, err := q.x.ExecContext(ctx, `INSERT INTO handover_imports (municipality_id, package_id, package_hash, case_id, sender_code, sender_name,
imported_at, imported_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		im.MunicipalityID, im.PackageID, im.PackageHash, im.CaseID, im.SenderCode, im.SenderName, im.ImportedAt, im.ImportedBy)
	if isUniqueViolation(err) {
		return &ErrPackageImported{}
	}
	if err != nil {
		return fmt.Errorf("record handover import: %w", err)
	}
	return nil
}

// HandoverImportOf returns the record of the package read in by the
// municipality with the id or the hash; ENOTFOUND when there is none.
// The import asks it before writing, to answer a repeat with the case it
// became; the unique indexes stay the guard (RecordHandoverImport).
func (q *Q) HandoverImportOf(ctx context.Context, municipalityID, packageID, hash string) (*HandoverImport, error) {
	im := HandoverImport{MunicipalityID: municipalityID}
	err := q.x.QueryRowContext(ctx, `SELECT package_id, package_hash, case_id, sender_code, sender_name, imported_at, imported_by
FROM handover_imports WHERE municipality_id = $1 AND (package_id = $2 OR package_hash = $3)
ORDER BY imported_at LIMIT 1`, municipalityID, packageID, hash).Scan(&im.PackageID, &im.PackageHash, &im.CaseID, &im.SenderCode,
		&im.SenderName, &im.ImportedAt, &im.ImportedBy)
	if err == sql.ErrNoRows {
		return nil, notFound(err)
	}
	if err != nil {
		return nil, fmt.Errorf("handover import: %w", err)
	}
	im.ImportedAt = im.ImportedAt.UTC()
	return &im, nil
}

// CaseHandoverImport returns the record of the package a case was made
// from; ENOTFOUND for a case not read in from a package.
func (q *Q) CaseHandoverImport(ctx context.Context, municipalityID, caseID string) (*HandoverImport, error) {
	im := HandoverImport{MunicipalityID: municipalityID, CaseID: caseID}
	err := q.x.QueryRowContext(ctx, `SELECT package_id, package_hash, sender_code, sender_name, imported_at, imported_by
FROM handover_imports WHERE municipality_id = $1 AND case_id = $2 ORDER BY imported_at LIMIT 1`, municipalityID, caseID).Scan(
		&im.PackageID, &im.PackageHash, &im.SenderCode, &im.SenderName, &im.ImportedAt, &im.ImportedBy)
	if err != nil {
		return nil, notFound(err)
	}
	im.ImportedAt = im.ImportedAt.UTC()
	return &im, nil
}
