-- Meter readings and their reviews are append-only (docs/domain.md §9.6): a wrong reading is
-- rejected by a review, never changed, so a bill can always show the readings it was computed from.
CREATE TRIGGER meter_readings_no_update BEFORE UPDATE ON meter_readings
BEGIN
  SELECT RAISE(ABORT, 'meter_readings is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER meter_readings_no_delete BEFORE DELETE ON meter_readings
BEGIN
  SELECT RAISE(ABORT, 'meter_readings is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER reading_reviews_no_update BEFORE UPDATE ON reading_reviews
BEGIN
  SELECT RAISE(ABORT, 'reading_reviews is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER reading_reviews_no_delete BEFORE DELETE ON reading_reviews
BEGIN
  SELECT RAISE(ABORT, 'reading_reviews is append-only');
END;
