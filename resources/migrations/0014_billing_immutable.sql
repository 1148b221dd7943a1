-- A final invoice never changes and is never deleted (docs/domain.md §7): corrections are credit or
-- debit notes, which are append-only too. Draft invoices are replaced when a run is regenerated.
CREATE TRIGGER invoices_final_no_update BEFORE UPDATE ON invoices
WHEN OLD.status = 'final'
BEGIN
  SELECT RAISE(ABORT, 'a final invoice cannot be changed: issue a credit or debit note');
END;
--> statement-breakpoint
CREATE TRIGGER invoices_final_no_delete BEFORE DELETE ON invoices
WHEN OLD.status = 'final'
BEGIN
  SELECT RAISE(ABORT, 'a final invoice cannot be deleted: issue a credit note');
END;
--> statement-breakpoint
CREATE TRIGGER invoice_notes_no_update BEFORE UPDATE ON invoice_notes
BEGIN
  SELECT RAISE(ABORT, 'invoice_notes is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER invoice_notes_no_delete BEFORE DELETE ON invoice_notes
BEGIN
  SELECT RAISE(ABORT, 'invoice_notes is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER billing_runs_final_no_change BEFORE UPDATE ON billing_runs
WHEN OLD.status = 'final'
BEGIN
  SELECT RAISE(ABORT, 'a final billing run cannot be changed');
END;
