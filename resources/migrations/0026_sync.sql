CREATE TABLE `sync_cells` (
	`tbl` text NOT NULL,
	`row_id` text NOT NULL,
	`col` text NOT NULL,
	`hlc` text NOT NULL,
	PRIMARY KEY(`tbl`, `row_id`, `col`)
);
--> statement-breakpoint
CREATE TABLE `sync_changes` (
	`pos` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`origin` text NOT NULL,
	`seq` integer NOT NULL,
	`tbl` text NOT NULL,
	`row_id` text NOT NULL,
	`op` text NOT NULL,
	`data` text NOT NULL,
	`hlc` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sync_changes_origin_seq_unique` ON `sync_changes` (`origin`,`seq`);--> statement-breakpoint
CREATE TABLE `sync_conflicts` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`tbl` text NOT NULL,
	`row_id` text NOT NULL,
	`origin` text NOT NULL,
	`seq` integer NOT NULL,
	`remote` text NOT NULL,
	`local` text,
	`detail` text NOT NULL,
	`created_at` text NOT NULL,
	`resolved_at` text,
	`resolved_by` text,
	`resolution` text
);
--> statement-breakpoint
CREATE INDEX `sync_conflicts_open_idx` ON `sync_conflicts` (`resolved_at`,`created_at`);--> statement-breakpoint
CREATE TABLE `sync_imports` (
	`bundle_id` text PRIMARY KEY NOT NULL,
	`from_office` text NOT NULL,
	`imported_at` text NOT NULL,
	`applied` integer NOT NULL,
	`skipped` integer NOT NULL,
	`waiting` integer NOT NULL,
	`conflicts` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `sync_imports_at_idx` ON `sync_imports` (`imported_at`);--> statement-breakpoint
CREATE TABLE `sync_peers` (
	`office_id` text PRIMARY KEY NOT NULL,
	`acked` text NOT NULL,
	`last_sent_at` text,
	`last_received_at` text
);
