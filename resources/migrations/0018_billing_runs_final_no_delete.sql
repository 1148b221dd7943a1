-- A final billing run is what was issued: like its final invoices it can neither change (0014)
-- nor be deleted. Until now only its foreign keys (its invoices) stood in the way of a DELETE;
-- the sync rules (src/core/db/sync-rules.ts) need the row itself to refuse it.
CREATE TRIGGER billing_runs_final_no_delete BEFORE DELETE ON billing_runs
WHEN OLD.status = 'final'
BEGIN
  SELECT RAISE(ABORT, 'a final billing run cannot be deleted');
END;
