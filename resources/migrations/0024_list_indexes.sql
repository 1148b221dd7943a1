DROP INDEX `customers_name_sort_idx`;--> statement-breakpoint
CREATE INDEX `customers_list_account_idx` ON `customers` (`account_number`,`village_id`,`status`,`kind`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `customers_list_name_idx` ON `customers` ("last_name" COLLATE NOCASE,"first_name" COLLATE NOCASE,"business_name" COLLATE NOCASE,`village_id`,`status`,`kind`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `customers_list_status_idx` ON `customers` (`status`,`account_number`,`village_id`,`kind`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `customers_list_created_idx` ON `customers` (`created_at`,`village_id`,`status`,`kind`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `devices_list_serial_idx` ON `devices` (`serial`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `devices_list_kind_idx` ON `devices` (`kind`,`serial`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `devices_list_status_idx` ON `devices` (`status`,`serial`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `devices_list_installed_idx` ON `devices` (`installed_at`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `devices_list_created_idx` ON `devices` (`created_at`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `devices_list_lockable_idx` ON `devices` (`serial`) WHERE kind <> 'meter' AND deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `tokens_device_type_idx` ON `tokens` (`device_id`,`type`);