CREATE TABLE `access_charges` (
	`id` text PRIMARY KEY NOT NULL,
	`office_id` text NOT NULL,
	`device_id` text NOT NULL,
	`period_from` text NOT NULL,
	`period_to` text NOT NULL,
	`periods` integer NOT NULL,
	`amount_minor` integer NOT NULL,
	`tariff_version_id` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`device_id`) REFERENCES `devices`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `access_charges_device_from_unique` ON `access_charges` (`device_id`,`period_from`);--> statement-breakpoint
CREATE INDEX `access_charges_device_to_idx` ON `access_charges` (`device_id`,`period_to`);--> statement-breakpoint
CREATE TABLE `day_closes` (
	`id` text PRIMARY KEY NOT NULL,
	`office_id` text NOT NULL,
	`day` text NOT NULL,
	`cashier_name` text NOT NULL,
	`net_minor` integer NOT NULL,
	`receipts` integer NOT NULL,
	`report` text NOT NULL,
	`closed_at` text NOT NULL,
	`closed_by` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `day_closes_office_day_cashier_unique` ON `day_closes` (`office_id`,`day`,`cashier_name`);--> statement-breakpoint
CREATE TABLE `sts_requests` (
	`id` text PRIMARY KEY NOT NULL,
	`office_id` text NOT NULL,
	`payment_id` text NOT NULL,
	`device_id` text NOT NULL,
	`wh` integer NOT NULL,
	`amount_minor` integer NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`payment_id`) REFERENCES `payments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`device_id`) REFERENCES `devices`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sts_requests_payment_unique` ON `sts_requests` (`payment_id`);--> statement-breakpoint
CREATE INDEX `sts_requests_device_idx` ON `sts_requests` (`device_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `sts_tokens` (
	`request_id` text PRIMARY KEY NOT NULL,
	`token` text NOT NULL,
	`source` text NOT NULL,
	`recorded_at` text NOT NULL,
	`recorded_by` text NOT NULL,
	FOREIGN KEY (`request_id`) REFERENCES `sts_requests`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sts_tokens_token_unique` ON `sts_tokens` (`token`);