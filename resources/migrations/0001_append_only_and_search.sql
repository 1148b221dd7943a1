-- Ledgers are append-only: refuse any change or removal of an audit entry or a device event.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER device_events_no_update BEFORE UPDATE ON device_events
BEGIN
  SELECT RAISE(ABORT, 'device_events is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER device_events_no_delete BEFORE DELETE ON device_events
BEGIN
  SELECT RAISE(ABORT, 'device_events is append-only');
END;
--> statement-breakpoint
-- Quick search: one trigram FTS5 index over customers and devices, so any 3+ characters of a
-- name, phone number, account number, national ID or serial find the record. Contentless (the
-- text lives in the real tables); search_keys gives each record a stable integer rowid.
CREATE TABLE search_keys (
  rowid INTEGER PRIMARY KEY,
  entity TEXT NOT NULL,
  entity_id TEXT NOT NULL UNIQUE
);
--> statement-breakpoint
CREATE VIRTUAL TABLE search_index USING fts5(
  text,
  content = '',
  contentless_delete = 1,
  tokenize = 'trigram remove_diacritics 1'
);
--> statement-breakpoint
CREATE TRIGGER customers_search_insert AFTER INSERT ON customers WHEN new.deleted_at IS NULL
BEGIN
  INSERT INTO search_keys (entity, entity_id) VALUES ('customer', new.id);
  INSERT INTO search_index (rowid, text) VALUES (
    last_insert_rowid(),
    new.account_number || ' ' || new.first_name || ' ' || new.last_name || ' ' ||
    coalesce(new.business_name, '') || ' ' || replace(coalesce(new.phone, ''), '+', '') || ' ' ||
    replace(coalesce(new.phone2, ''), '+', '') || ' ' || coalesce(new.national_id, '')
  );
END;
--> statement-breakpoint
CREATE TRIGGER customers_search_update AFTER UPDATE ON customers
BEGIN
  DELETE FROM search_index WHERE rowid = (SELECT rowid FROM search_keys WHERE entity_id = old.id);
  DELETE FROM search_keys WHERE entity_id = old.id;
  INSERT INTO search_keys (entity, entity_id) SELECT 'customer', new.id WHERE new.deleted_at IS NULL;
  INSERT INTO search_index (rowid, text) SELECT
    last_insert_rowid(),
    new.account_number || ' ' || new.first_name || ' ' || new.last_name || ' ' ||
    coalesce(new.business_name, '') || ' ' || replace(coalesce(new.phone, ''), '+', '') || ' ' ||
    replace(coalesce(new.phone2, ''), '+', '') || ' ' || coalesce(new.national_id, '')
  WHERE new.deleted_at IS NULL;
END;
--> statement-breakpoint
CREATE TRIGGER devices_search_insert AFTER INSERT ON devices WHEN new.deleted_at IS NULL
BEGIN
  INSERT INTO search_keys (entity, entity_id) VALUES ('device', new.id);
  INSERT INTO search_index (rowid, text) VALUES (last_insert_rowid(), new.serial);
END;
--> statement-breakpoint
CREATE TRIGGER devices_search_update AFTER UPDATE OF serial, deleted_at ON devices
BEGIN
  DELETE FROM search_index WHERE rowid = (SELECT rowid FROM search_keys WHERE entity_id = old.id);
  DELETE FROM search_keys WHERE entity_id = old.id;
  INSERT INTO search_keys (entity, entity_id) SELECT 'device', new.id WHERE new.deleted_at IS NULL;
  INSERT INTO search_index (rowid, text) SELECT last_insert_rowid(), new.serial
  WHERE new.deleted_at IS NULL;
END;
