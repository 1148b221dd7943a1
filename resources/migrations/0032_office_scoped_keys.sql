DROP INDEX `users_username_unique`;--> statement-breakpoint
CREATE UNIQUE INDEX `users_username_office_unique` ON `users` (`username`,`office_id`);--> statement-breakpoint
DROP INDEX `import_mappings_kind_name_unique`;--> statement-breakpoint
CREATE UNIQUE INDEX `import_mappings_kind_name_office_unique` ON `import_mappings` (`kind`,`name`,`office_id`);--> statement-breakpoint
DROP INDEX `mini_grids_code_unique`;--> statement-breakpoint
CREATE UNIQUE INDEX `mini_grids_code_office_unique` ON `mini_grids` (`code`,`office_id`) WHERE deleted_at IS NULL;