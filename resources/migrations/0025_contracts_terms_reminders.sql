CREATE TABLE `contract_reminders` (
	`id` text PRIMARY KEY NOT NULL,
	`office_id` text NOT NULL,
	`contract_id` text NOT NULL,
	`customer_id` text NOT NULL,
	`day` text NOT NULL,
	`kind` text NOT NULL,
	`amount_minor` integer NOT NULL,
	`days_late` integer NOT NULL,
	`due_date` text,
	`phone` text,
	`message` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`contract_id`) REFERENCES `contracts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `contract_reminders_contract_day_unique` ON `contract_reminders` (`contract_id`,`day`);--> statement-breakpoint
CREATE INDEX `contract_reminders_day_idx` ON `contract_reminders` (`day`,`kind`);--> statement-breakpoint
ALTER TABLE `contracts` ADD `terms_text` text;--> statement-breakpoint
CREATE TRIGGER contract_reminders_no_update BEFORE UPDATE ON contract_reminders
BEGIN
  SELECT RAISE(ABORT, 'contract_reminders is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER contract_reminders_no_delete BEFORE DELETE ON contract_reminders
BEGIN
  SELECT RAISE(ABORT, 'contract_reminders is append-only');
END;
