CREATE TABLE `signin_counters` (
	`user_id` text PRIMARY KEY NOT NULL,
	`failed_attempts` integer DEFAULT 0 NOT NULL,
	`locked_until` text,
	`last_login_at` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
-- Data step: each account's counters move as they stand, before their columns go.
INSERT INTO `signin_counters` (`user_id`, `failed_attempts`, `locked_until`, `last_login_at`)
  SELECT `id`, `failed_attempts`, `locked_until`, `last_login_at` FROM `users`;--> statement-breakpoint
ALTER TABLE `users` DROP COLUMN `failed_attempts`;--> statement-breakpoint
ALTER TABLE `users` DROP COLUMN `locked_until`;--> statement-breakpoint
ALTER TABLE `users` DROP COLUMN `last_login_at`;