-- The counter's newer ledgers are append-only like payments (docs/domain.md §5): an accrued access
-- charge is paid by allocations, a recorded vendor token stays recorded, a closed day stays closed.
CREATE TRIGGER access_charges_no_update BEFORE UPDATE ON access_charges
BEGIN
  SELECT RAISE(ABORT, 'access_charges is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER access_charges_no_delete BEFORE DELETE ON access_charges
BEGIN
  SELECT RAISE(ABORT, 'access_charges is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER sts_requests_no_update BEFORE UPDATE ON sts_requests
BEGIN
  SELECT RAISE(ABORT, 'sts_requests is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER sts_requests_no_delete BEFORE DELETE ON sts_requests
BEGIN
  SELECT RAISE(ABORT, 'sts_requests is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER sts_tokens_no_update BEFORE UPDATE ON sts_tokens
BEGIN
  SELECT RAISE(ABORT, 'sts_tokens is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER sts_tokens_no_delete BEFORE DELETE ON sts_tokens
BEGIN
  SELECT RAISE(ABORT, 'sts_tokens is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER day_closes_no_update BEFORE UPDATE ON day_closes
BEGIN
  SELECT RAISE(ABORT, 'day_closes is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER day_closes_no_delete BEFORE DELETE ON day_closes
BEGIN
  SELECT RAISE(ABORT, 'day_closes is append-only');
END;
