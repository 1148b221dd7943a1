CREATE TABLE `import_journal` (
	`import_id` text NOT NULL,
	`seq` integer NOT NULL,
	`payload` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `import_journal_chunk_unique` ON `import_journal` (`import_id`,`seq`);