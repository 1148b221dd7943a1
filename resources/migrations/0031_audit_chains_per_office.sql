-- Each installation writes its own audit chain; entries of other offices arrive by sync and are
-- checked chain by chain. The entries already here are this installation's chain, in the order
-- written: their place in it is their local position, which their hashes already cover.
ALTER TABLE `audit_log` ADD `chain_id` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `audit_log` ADD `chain_seq` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
INSERT INTO local_meta (key, value)
  SELECT 'audit_chain', lower(hex(randomblob(16))) WHERE EXISTS (SELECT 1 FROM audit_log);
--> statement-breakpoint
DROP TRIGGER audit_log_no_update;--> statement-breakpoint
UPDATE audit_log SET chain_id = (SELECT value FROM local_meta WHERE key = 'audit_chain'), chain_seq = seq;
--> statement-breakpoint
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
--> statement-breakpoint
CREATE UNIQUE INDEX `audit_log_chain_unique` ON `audit_log` (`chain_id`,`chain_seq`);
