CREATE TABLE `meter_links` (
	`device_id` text PRIMARY KEY NOT NULL,
	`protocol` text NOT NULL,
	`port` text,
	`profile_id` text,
	`bus_address` text,
	`baud` integer,
	`data_bits` integer,
	`parity` text,
	`stop_bits` integer,
	`max_kwh_per_day` integer NOT NULL,
	`created_at` text NOT NULL,
	`updated_hlc` text NOT NULL,
	FOREIGN KEY (`device_id`) REFERENCES `devices`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `meter_readings` (
	`id` text PRIMARY KEY NOT NULL,
	`office_id` text NOT NULL,
	`device_id` text NOT NULL,
	`read_at` text NOT NULL,
	`wh` integer NOT NULL,
	`source` text NOT NULL,
	`raw` text,
	`extras` text,
	`flag` text,
	`flag_reason` text,
	`dedupe_key` text,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	FOREIGN KEY (`device_id`) REFERENCES `devices`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `meter_readings_device_time_idx` ON `meter_readings` (`device_id`,`read_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `meter_readings_dedupe_unique` ON `meter_readings` (`dedupe_key`);--> statement-breakpoint
CREATE TABLE `openems_channels` (
	`device_id` text PRIMARY KEY NOT NULL,
	`edge_id` text NOT NULL,
	`component` text NOT NULL,
	`updated_hlc` text NOT NULL,
	FOREIGN KEY (`device_id`) REFERENCES `devices`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`edge_id`) REFERENCES `openems_edges`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `openems_edges` (
	`id` text PRIMARY KEY NOT NULL,
	`office_id` text NOT NULL,
	`name` text NOT NULL,
	`url` text NOT NULL,
	`username` text NOT NULL,
	`password_sealed` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_hlc` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `reading_reviews` (
	`reading_id` text PRIMARY KEY NOT NULL,
	`decision` text NOT NULL,
	`note` text NOT NULL,
	`reviewed_at` text NOT NULL,
	`reviewed_by` text NOT NULL,
	FOREIGN KEY (`reading_id`) REFERENCES `meter_readings`(`id`) ON UPDATE no action ON DELETE no action
);
