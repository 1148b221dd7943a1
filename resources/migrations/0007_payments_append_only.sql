-- Payments, their allocations, issued tokens and token confirmations are append-only
-- (docs/domain.md §5, §8.1): a mistake is fixed by a reversal, a lost token is re-printed, never
-- regenerated; "entered" is a new confirmation row, so a token row never changes.
CREATE TRIGGER payments_no_update BEFORE UPDATE ON payments
BEGIN
  SELECT RAISE(ABORT, 'payments is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER payments_no_delete BEFORE DELETE ON payments
BEGIN
  SELECT RAISE(ABORT, 'payments is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER payment_allocations_no_update BEFORE UPDATE ON payment_allocations
BEGIN
  SELECT RAISE(ABORT, 'payment_allocations is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER payment_allocations_no_delete BEFORE DELETE ON payment_allocations
BEGIN
  SELECT RAISE(ABORT, 'payment_allocations is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER tokens_no_update BEFORE UPDATE ON tokens
BEGIN
  SELECT RAISE(ABORT, 'tokens is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER tokens_no_delete BEFORE DELETE ON tokens
BEGIN
  SELECT RAISE(ABORT, 'tokens is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER token_confirmations_no_update BEFORE UPDATE ON token_confirmations
BEGIN
  SELECT RAISE(ABORT, 'token_confirmations is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER token_confirmations_no_delete BEFORE DELETE ON token_confirmations
BEGIN
  SELECT RAISE(ABORT, 'token_confirmations is append-only');
END;
