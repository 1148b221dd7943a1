CREATE TABLE `contract_events` (
	`id` text PRIMARY KEY NOT NULL,
	`office_id` text NOT NULL,
	`contract_id` text NOT NULL,
	`at` text NOT NULL,
	`event` text NOT NULL,
	`payment_id` text,
	`customer_id` text,
	`amount_minor` integer,
	`note` text,
	`actor` text NOT NULL,
	FOREIGN KEY (`contract_id`) REFERENCES `contracts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `contract_events_contract_idx` ON `contract_events` (`contract_id`,`at`);--> statement-breakpoint
CREATE TABLE `contract_instalments` (
	`id` text PRIMARY KEY NOT NULL,
	`office_id` text NOT NULL,
	`contract_id` text NOT NULL,
	`seq` integer NOT NULL,
	`due_date` text NOT NULL,
	`amount_minor` integer NOT NULL,
	`period_days` integer NOT NULL,
	`cum_through_minor` integer NOT NULL,
	`created_at` text NOT NULL,
	`updated_hlc` text NOT NULL,
	`deleted_at` text,
	FOREIGN KEY (`contract_id`) REFERENCES `contracts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `contract_instalments_contract_idx` ON `contract_instalments` (`contract_id`,`cum_through_minor`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `contract_instalments_contract_due_idx` ON `contract_instalments` (`contract_id`,`due_date`,`cum_through_minor`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `contract_instalments_due_idx` ON `contract_instalments` (`due_date`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE TABLE `contracts` (
	`id` text PRIMARY KEY NOT NULL,
	`office_id` text NOT NULL,
	`number` text NOT NULL,
	`submission_key` text NOT NULL,
	`customer_id` text NOT NULL,
	`appliance_id` text,
	`item` text NOT NULL,
	`device_id` text,
	`price_minor` integer NOT NULL,
	`price_reason` text,
	`down_payment_minor` integer NOT NULL,
	`plan` text NOT NULL,
	`frequency` text,
	`daily_price_minor` integer,
	`minimum_payment_minor` integer,
	`unlock_total_minor` integer,
	`grace_days` integer DEFAULT 0 NOT NULL,
	`sale_date` text NOT NULL,
	`opening_paid_minor` integer DEFAULT 0 NOT NULL,
	`status` text NOT NULL,
	`status_at` text,
	`status_reason` text,
	`written_off_minor` integer,
	`sold_by` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_hlc` text NOT NULL,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`appliance_id`) REFERENCES `appliances`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`device_id`) REFERENCES `devices`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `contracts_number_unique` ON `contracts` (`office_id`,`number`);--> statement-breakpoint
CREATE UNIQUE INDEX `contracts_submission_key_unique` ON `contracts` (`submission_key`);--> statement-breakpoint
CREATE UNIQUE INDEX `contracts_device_active_unique` ON `contracts` (`device_id`) WHERE status = 'active' AND device_id IS NOT NULL;--> statement-breakpoint
CREATE INDEX `contracts_customer_idx` ON `contracts` (`customer_id`);--> statement-breakpoint
CREATE INDEX `contracts_status_idx` ON `contracts` (`status`);--> statement-breakpoint
CREATE INDEX `payment_allocations_ref_idx` ON `payment_allocations` (`ref_id`,`kind`,`amount_minor`);--> statement-breakpoint
CREATE INDEX `payments_received_idx` ON `payments` (`received_at`);--> statement-breakpoint
CREATE TRIGGER contract_events_no_update BEFORE UPDATE ON contract_events
BEGIN
  SELECT RAISE(ABORT, 'contract_events is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER contract_events_no_delete BEFORE DELETE ON contract_events
BEGIN
  SELECT RAISE(ABORT, 'contract_events is append-only');
END;
--> statement-breakpoint
-- Each device's PAYG plan becomes a per-day contract of the device's customer (docs/appliances.md,
-- "From PAYG plans to contracts"). What was already paid for the device (its 'days' parts,
-- reversals included) is carried as the contract's opening paid amount; the ledgers are not
-- touched, so receipts and token history stay exactly as they were. A device that already got
-- its unlock token is paid off. The plan rows stay (synced rows are never deleted) but no longer
-- count for a device under a contract; plans of devices in stock stay plans until they are sold.
CREATE TEMP TABLE contracts_from_plans AS
WITH plans AS MATERIALIZED (
  SELECT
    lower(hex(randomblob(16))) AS h,
    p.device_id,
    p.daily_price_minor,
    p.total_price_minor,
    p.created_at,
    p.updated_hlc,
    d.office_id,
    d.customer_id,
    d.serial,
    m.name AS model_name,
    o.code AS office_code,
    (SELECT coalesce(sum(a.amount_minor), 0)
       FROM payment_allocations a JOIN payments pay ON pay.id = a.payment_id
      WHERE pay.device_id = p.device_id AND a.kind = 'days') AS paid,
    EXISTS (SELECT 1 FROM tokens t WHERE t.device_id = p.device_id AND t.type = 'DISABLE_PAYG')
      AS unlocked
  FROM payg_plans p
  JOIN devices d ON d.id = p.device_id
  JOIN device_models m ON m.id = d.model_id
  JOIN offices o ON o.id = d.office_id
  WHERE d.customer_id IS NOT NULL AND d.deleted_at IS NULL
)
SELECT
  substr(h, 1, 8) || '-' || substr(h, 9, 4) || '-7' || substr(h, 14, 3) || '-8' ||
    substr(h, 18, 3) || '-' || substr(h, 21, 12) AS id,
  office_code || '-C-' ||
    printf('%06d', row_number() OVER (PARTITION BY office_id ORDER BY created_at, device_id))
    AS number,
  *
FROM plans;
--> statement-breakpoint
INSERT INTO contracts (
  id, office_id, number, submission_key, customer_id, appliance_id, item, device_id, price_minor, price_reason,
  down_payment_minor, plan, frequency, daily_price_minor, minimum_payment_minor, unlock_total_minor,
  grace_days, sale_date, opening_paid_minor, status, status_at, status_reason, written_off_minor,
  sold_by, created_at, updated_hlc
)
SELECT
  id, office_id, number, 'migrated:' || device_id, customer_id, NULL, model_name || ' ' || serial, device_id,
  coalesce(total_price_minor, 0), NULL, 0, 'per_day', NULL, daily_price_minor, daily_price_minor,
  total_price_minor, 0, substr(created_at, 1, 10), paid,
  CASE WHEN unlocked THEN 'paid_off' ELSE 'active' END,
  CASE WHEN unlocked THEN created_at ELSE NULL END, NULL, NULL,
  'migration', created_at, updated_hlc
FROM contracts_from_plans;
--> statement-breakpoint
INSERT INTO contract_events (id, office_id, contract_id, at, event, customer_id, amount_minor, note, actor)
SELECT
  substr(e, 1, 8) || '-' || substr(e, 9, 4) || '-7' || substr(e, 14, 3) || '-9' ||
    substr(e, 18, 3) || '-' || substr(e, 21, 12),
  office_id, id, created_at, 'migrated', customer_id, paid,
  'From the PAYG plan of ' || serial, 'migration'
FROM (SELECT lower(hex(randomblob(16))) AS e, * FROM contracts_from_plans);
--> statement-breakpoint
INSERT INTO counters (name, value)
SELECT 'contract', count(*) FROM contracts
WHERE office_id = (SELECT value FROM local_meta WHERE key = 'this_office_id')
ON CONFLICT (name) DO UPDATE SET value = excluded.value;
--> statement-breakpoint
DROP TABLE contracts_from_plans;
