-- A large customer import adds its rows to the search index after its transaction, in small
-- steps, instead of inside it: indexing 100,000 names by trigrams holds the database for seconds,
-- and the counter must not wait that long. While the import's transaction holds the local_meta
-- key 'search_deferred', new customers are not indexed here; the import indexes them right after
-- (through customers_search_update), and a start-up check finishes the job if GridDesk stopped
-- in between ('search_catch_up').
DROP TRIGGER customers_search_insert;
--> statement-breakpoint
CREATE TRIGGER customers_search_insert AFTER INSERT ON customers
WHEN new.deleted_at IS NULL
  AND NOT EXISTS (SELECT 1 FROM local_meta WHERE key = 'search_deferred')
BEGIN
  INSERT INTO search_keys (entity, entity_id) VALUES ('customer', new.id);
  INSERT INTO search_index (rowid, text) VALUES (
    last_insert_rowid(),
    new.account_number || ' ' || new.first_name || ' ' || new.last_name || ' ' ||
    coalesce(new.business_name, '') || ' ' || replace(coalesce(new.phone, ''), '+', '') || ' ' ||
    replace(coalesce(new.phone2, ''), '+', '') || ' ' || coalesce(new.national_id, '')
  );
END;
