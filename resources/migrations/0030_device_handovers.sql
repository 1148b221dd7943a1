CREATE TABLE `device_handovers` (
	`id` text PRIMARY KEY NOT NULL,
	`office_id` text NOT NULL,
	`device_id` text NOT NULL,
	`from_office_id` text NOT NULL,
	`to_office_id` text NOT NULL,
	`count` integer NOT NULL,
	`reason` text NOT NULL,
	`actor` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`device_id`) REFERENCES `devices`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`from_office_id`) REFERENCES `offices`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`to_office_id`) REFERENCES `offices`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `device_handovers_device_idx` ON `device_handovers` (`device_id`,`created_at`);--> statement-breakpoint
CREATE TRIGGER device_handovers_no_update BEFORE UPDATE ON device_handovers
BEGIN
  SELECT RAISE(ABORT, 'device_handovers is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER device_handovers_no_delete BEFORE DELETE ON device_handovers
BEGIN
  SELECT RAISE(ABORT, 'device_handovers is append-only');
END;
