CREATE TABLE `targets` (
	`id` text PRIMARY KEY NOT NULL,
	`office_id` text NOT NULL,
	`scope` text NOT NULL,
	`scope_id` text NOT NULL,
	`metric` text NOT NULL,
	`value` integer NOT NULL,
	`from_date` text NOT NULL,
	`by_date` text NOT NULL,
	`notes` text,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	`updated_hlc` text NOT NULL,
	`deleted_at` text
);
--> statement-breakpoint
CREATE INDEX `targets_scope_idx` ON `targets` (`scope`,`scope_id`);