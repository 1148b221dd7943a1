CREATE TABLE `tariff_versions` (
	`id` text PRIMARY KEY NOT NULL,
	`tariff_id` text NOT NULL,
	`version` integer NOT NULL,
	`effective_from` text NOT NULL,
	`definition` text NOT NULL,
	`approval_ref` text,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	FOREIGN KEY (`tariff_id`) REFERENCES `tariffs`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tariff_versions_tariff_version_unique` ON `tariff_versions` (`tariff_id`,`version`);--> statement-breakpoint
CREATE INDEX `tariff_versions_effective_idx` ON `tariff_versions` (`tariff_id`,`effective_from`);--> statement-breakpoint
CREATE TABLE `tariffs` (
	`id` text PRIMARY KEY NOT NULL,
	`office_id` text NOT NULL,
	`name` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_hlc` text NOT NULL,
	`deleted_at` text
);
--> statement-breakpoint
ALTER TABLE `devices` ADD `tariff_id` text REFERENCES tariffs(id);--> statement-breakpoint
CREATE INDEX `devices_tariff_idx` ON `devices` (`tariff_id`);