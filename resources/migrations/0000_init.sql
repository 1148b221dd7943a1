CREATE TABLE `counters` (
	`name` text PRIMARY KEY NOT NULL,
	`value` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `local_meta` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `offices` (
	`id` text PRIMARY KEY NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`time_zone` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_hlc` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `offices_code_unique` ON `offices` (`code`);--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_hlc` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `users` (
	`id` text PRIMARY KEY NOT NULL,
	`office_id` text NOT NULL,
	`username` text NOT NULL,
	`display_name` text NOT NULL,
	`role` text NOT NULL,
	`password_hash` text NOT NULL,
	`disabled_at` text,
	`failed_attempts` integer DEFAULT 0 NOT NULL,
	`locked_until` text,
	`last_login_at` text,
	`created_at` text NOT NULL,
	`updated_hlc` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_username_unique` ON `users` (`username`);--> statement-breakpoint
CREATE TABLE `audit_log` (
	`seq` integer PRIMARY KEY NOT NULL,
	`id` text NOT NULL,
	`office_id` text NOT NULL,
	`at` text NOT NULL,
	`actor` text NOT NULL,
	`actor_user_id` text,
	`door` text NOT NULL,
	`command` text NOT NULL,
	`records` text NOT NULL,
	`summary` text NOT NULL,
	`outcome` text NOT NULL,
	`prev_hash` text NOT NULL,
	`hash` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `audit_log_id_unique` ON `audit_log` (`id`);--> statement-breakpoint
CREATE TABLE `appliances` (
	`id` text PRIMARY KEY NOT NULL,
	`office_id` text NOT NULL,
	`name` text NOT NULL,
	`type` text NOT NULL,
	`price_minor` integer NOT NULL,
	`payg_enabled` integer DEFAULT true NOT NULL,
	`notes` text,
	`created_at` text NOT NULL,
	`updated_hlc` text NOT NULL,
	`deleted_at` text
);
--> statement-breakpoint
CREATE TABLE `clusters` (
	`id` text PRIMARY KEY NOT NULL,
	`office_id` text NOT NULL,
	`name` text NOT NULL,
	`notes` text,
	`created_at` text NOT NULL,
	`updated_hlc` text NOT NULL,
	`deleted_at` text
);
--> statement-breakpoint
CREATE TABLE `customers` (
	`id` text PRIMARY KEY NOT NULL,
	`office_id` text NOT NULL,
	`account_number` text NOT NULL,
	`kind` text NOT NULL,
	`first_name` text NOT NULL,
	`last_name` text NOT NULL,
	`business_name` text,
	`phone` text,
	`phone2` text,
	`gender` text,
	`national_id` text,
	`village_id` text NOT NULL,
	`address` text,
	`notes` text,
	`status` text DEFAULT 'active' NOT NULL,
	`created_at` text NOT NULL,
	`updated_hlc` text NOT NULL,
	`deleted_at` text,
	FOREIGN KEY (`village_id`) REFERENCES `villages`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `customers_account_number_unique` ON `customers` (`account_number`);--> statement-breakpoint
CREATE INDEX `customers_village_idx` ON `customers` (`village_id`);--> statement-breakpoint
CREATE INDEX `customers_phone_idx` ON `customers` (`phone`);--> statement-breakpoint
CREATE INDEX `customers_national_id_idx` ON `customers` (`national_id`);--> statement-breakpoint
CREATE INDEX `customers_last_name_idx` ON `customers` (`last_name`,`first_name`);--> statement-breakpoint
CREATE INDEX `customers_created_idx` ON `customers` (`created_at`);--> statement-breakpoint
CREATE TABLE `device_events` (
	`id` text PRIMARY KEY NOT NULL,
	`office_id` text NOT NULL,
	`device_id` text NOT NULL,
	`at` text NOT NULL,
	`event` text NOT NULL,
	`customer_id` text,
	`village_id` text,
	`status` text,
	`note` text,
	`actor` text NOT NULL,
	FOREIGN KEY (`device_id`) REFERENCES `devices`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `device_events_device_idx` ON `device_events` (`device_id`,`at`);--> statement-breakpoint
CREATE TABLE `device_models` (
	`id` text PRIMARY KEY NOT NULL,
	`office_id` text NOT NULL,
	`manufacturer_id` text NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`token_scheme` text NOT NULL,
	`meter_profile` text,
	`notes` text,
	`created_at` text NOT NULL,
	`updated_hlc` text NOT NULL,
	`deleted_at` text,
	FOREIGN KEY (`manufacturer_id`) REFERENCES `manufacturers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `device_models_manufacturer_idx` ON `device_models` (`manufacturer_id`);--> statement-breakpoint
CREATE TABLE `devices` (
	`id` text PRIMARY KEY NOT NULL,
	`office_id` text NOT NULL,
	`kind` text NOT NULL,
	`manufacturer_id` text NOT NULL,
	`model_id` text NOT NULL,
	`serial` text NOT NULL,
	`customer_id` text,
	`village_id` text,
	`status` text NOT NULL,
	`billing_mode` text,
	`installed_at` text,
	`notes` text,
	`created_at` text NOT NULL,
	`updated_hlc` text NOT NULL,
	`deleted_at` text,
	FOREIGN KEY (`manufacturer_id`) REFERENCES `manufacturers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`model_id`) REFERENCES `device_models`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`village_id`) REFERENCES `villages`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `devices_manufacturer_serial_unique` ON `devices` (`manufacturer_id`,`serial`);--> statement-breakpoint
CREATE INDEX `devices_serial_idx` ON `devices` (`serial`);--> statement-breakpoint
CREATE INDEX `devices_customer_idx` ON `devices` (`customer_id`);--> statement-breakpoint
CREATE INDEX `devices_village_idx` ON `devices` (`village_id`);--> statement-breakpoint
CREATE INDEX `devices_kind_status_idx` ON `devices` (`kind`,`status`);--> statement-breakpoint
CREATE INDEX `devices_created_idx` ON `devices` (`created_at`);--> statement-breakpoint
CREATE TABLE `import_mappings` (
	`id` text PRIMARY KEY NOT NULL,
	`office_id` text NOT NULL,
	`kind` text NOT NULL,
	`name` text NOT NULL,
	`mapping` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_hlc` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `import_mappings_kind_name_unique` ON `import_mappings` (`kind`,`name`);--> statement-breakpoint
CREATE TABLE `manufacturers` (
	`id` text PRIMARY KEY NOT NULL,
	`office_id` text NOT NULL,
	`name` text NOT NULL,
	`notes` text,
	`created_at` text NOT NULL,
	`updated_hlc` text NOT NULL,
	`deleted_at` text
);
--> statement-breakpoint
CREATE TABLE `mini_grids` (
	`id` text PRIMARY KEY NOT NULL,
	`office_id` text NOT NULL,
	`cluster_id` text NOT NULL,
	`name` text NOT NULL,
	`code` text NOT NULL,
	`latitude` real,
	`longitude` real,
	`notes` text,
	`created_at` text NOT NULL,
	`updated_hlc` text NOT NULL,
	`deleted_at` text,
	FOREIGN KEY (`cluster_id`) REFERENCES `clusters`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `mini_grids_cluster_idx` ON `mini_grids` (`cluster_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `mini_grids_code_unique` ON `mini_grids` (`code`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE TABLE `openpaygo_devices` (
	`device_id` text PRIMARY KEY NOT NULL,
	`key_sealed` text NOT NULL,
	`starting_code` integer NOT NULL,
	`count` integer NOT NULL,
	`time_divider` integer DEFAULT 1 NOT NULL,
	`restricted_digits` integer DEFAULT false NOT NULL,
	`owning_office_id` text NOT NULL,
	`updated_hlc` text NOT NULL,
	FOREIGN KEY (`device_id`) REFERENCES `devices`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `villages` (
	`id` text PRIMARY KEY NOT NULL,
	`office_id` text NOT NULL,
	`mini_grid_id` text NOT NULL,
	`name` text NOT NULL,
	`latitude` real,
	`longitude` real,
	`notes` text,
	`created_at` text NOT NULL,
	`updated_hlc` text NOT NULL,
	`deleted_at` text,
	FOREIGN KEY (`mini_grid_id`) REFERENCES `mini_grids`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `villages_mini_grid_idx` ON `villages` (`mini_grid_id`);