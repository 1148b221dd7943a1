CREATE TABLE `payg_plans` (
	`device_id` text PRIMARY KEY NOT NULL,
	`daily_price_minor` integer NOT NULL,
	`total_price_minor` integer,
	`created_at` text NOT NULL,
	`updated_hlc` text NOT NULL,
	FOREIGN KEY (`device_id`) REFERENCES `devices`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `payment_allocations` (
	`id` text PRIMARY KEY NOT NULL,
	`payment_id` text NOT NULL,
	`kind` text NOT NULL,
	`amount_minor` integer NOT NULL,
	`days` integer,
	`wh` integer,
	`ref_id` text,
	FOREIGN KEY (`payment_id`) REFERENCES `payments`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `payment_allocations_payment_idx` ON `payment_allocations` (`payment_id`);--> statement-breakpoint
CREATE TABLE `payments` (
	`id` text PRIMARY KEY NOT NULL,
	`office_id` text NOT NULL,
	`receipt_number` text NOT NULL,
	`submission_key` text NOT NULL,
	`customer_id` text NOT NULL,
	`device_id` text,
	`amount_minor` integer NOT NULL,
	`method` text NOT NULL,
	`reference` text,
	`received_at` text NOT NULL,
	`cashier_user_id` text,
	`cashier_name` text NOT NULL,
	`reversal_of` text,
	`reason` text,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`device_id`) REFERENCES `devices`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `payments_submission_key_unique` ON `payments` (`submission_key`);--> statement-breakpoint
CREATE UNIQUE INDEX `payments_receipt_unique` ON `payments` (`office_id`,`receipt_number`);--> statement-breakpoint
CREATE UNIQUE INDEX `payments_reversal_of_unique` ON `payments` (`reversal_of`);--> statement-breakpoint
CREATE INDEX `payments_customer_idx` ON `payments` (`customer_id`,`received_at`);--> statement-breakpoint
CREATE INDEX `payments_device_idx` ON `payments` (`device_id`,`received_at`);--> statement-breakpoint
CREATE TABLE `token_confirmations` (
	`token_id` text PRIMARY KEY NOT NULL,
	`confirmed_at` text NOT NULL,
	`confirmed_by` text NOT NULL,
	FOREIGN KEY (`token_id`) REFERENCES `tokens`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `tokens` (
	`id` text PRIMARY KEY NOT NULL,
	`office_id` text NOT NULL,
	`device_id` text NOT NULL,
	`payment_id` text,
	`count` integer NOT NULL,
	`type` text NOT NULL,
	`value_raw` integer NOT NULL,
	`token` text NOT NULL,
	`issued_at` text NOT NULL,
	`issued_by` text NOT NULL,
	FOREIGN KEY (`device_id`) REFERENCES `devices`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`payment_id`) REFERENCES `payments`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tokens_device_count_unique` ON `tokens` (`device_id`,`count`);--> statement-breakpoint
CREATE INDEX `tokens_payment_idx` ON `tokens` (`payment_id`);