-- Tariff versions are append-only: bills must be reproducible with the version in force at the
-- time, so a version is never changed or removed; a price change is a new version.
CREATE TRIGGER tariff_versions_no_update BEFORE UPDATE ON tariff_versions
BEGIN
  SELECT RAISE(ABORT, 'tariff_versions is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER tariff_versions_no_delete BEFORE DELETE ON tariff_versions
BEGIN
  SELECT RAISE(ABORT, 'tariff_versions is append-only');
END;
