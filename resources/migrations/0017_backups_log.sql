CREATE TABLE `backups` (
	`id` text PRIMARY KEY NOT NULL,
	`file_name` text NOT NULL,
	`folder` text NOT NULL,
	`created_at` text NOT NULL,
	`size_bytes` integer,
	`status` text NOT NULL,
	`verified_at` text,
	`error` text,
	`reason` text NOT NULL,
	`actor` text NOT NULL,
	`removed_at` text
);
--> statement-breakpoint
CREATE INDEX `backups_created_idx` ON `backups` (`created_at`);