CREATE TABLE `billing_runs` (
	`id` text PRIMARY KEY NOT NULL,
	`office_id` text NOT NULL,
	`mini_grid_id` text NOT NULL,
	`period` text NOT NULL,
	`status` text NOT NULL,
	`problems` text NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	`generated_at` text NOT NULL,
	`finalised_at` text,
	`finalised_by` text,
	FOREIGN KEY (`mini_grid_id`) REFERENCES `mini_grids`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `billing_runs_grid_period_unique` ON `billing_runs` (`mini_grid_id`,`period`);--> statement-breakpoint
CREATE TABLE `billing_settings` (
	`mini_grid_id` text PRIMARY KEY NOT NULL,
	`close_day` integer,
	`window_days` integer NOT NULL,
	`due_days` integer NOT NULL,
	`estimate_lookback_days` integer NOT NULL,
	`provider` text NOT NULL,
	`provider_page` text,
	`link_template` text,
	`updated_hlc` text NOT NULL,
	FOREIGN KEY (`mini_grid_id`) REFERENCES `mini_grids`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `invoice_notes` (
	`id` text PRIMARY KEY NOT NULL,
	`office_id` text NOT NULL,
	`invoice_id` text NOT NULL,
	`kind` text NOT NULL,
	`number` text NOT NULL,
	`amount_minor` integer NOT NULL,
	`reason` text NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	FOREIGN KEY (`invoice_id`) REFERENCES `invoices`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `invoice_notes_invoice_idx` ON `invoice_notes` (`invoice_id`);--> statement-breakpoint
CREATE TABLE `invoices` (
	`id` text PRIMARY KEY NOT NULL,
	`office_id` text NOT NULL,
	`run_id` text NOT NULL,
	`number` text,
	`status` text NOT NULL,
	`customer_id` text NOT NULL,
	`device_id` text NOT NULL,
	`period` text NOT NULL,
	`period_start` text NOT NULL,
	`period_end` text NOT NULL,
	`sort_key` text NOT NULL,
	`body` text NOT NULL,
	`next_state` text NOT NULL,
	`charges_minor` integer NOT NULL,
	`total_due_minor` integer NOT NULL,
	`due_date` text NOT NULL,
	`payment_link` text,
	`created_at` text NOT NULL,
	`finalised_at` text,
	FOREIGN KEY (`run_id`) REFERENCES `billing_runs`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`device_id`) REFERENCES `devices`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `invoices_office_number_unique` ON `invoices` (`office_id`,`number`);--> statement-breakpoint
CREATE INDEX `invoices_run_idx` ON `invoices` (`run_id`,`sort_key`);--> statement-breakpoint
CREATE INDEX `invoices_customer_idx` ON `invoices` (`customer_id`,`period_end`);--> statement-breakpoint
CREATE INDEX `invoices_device_idx` ON `invoices` (`device_id`,`period`);