ALTER TABLE `openpaygo_devices` ADD `provisioned_count` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Devices provisioned before this column existed: their first token was issued one or two counts
-- above the provisioned count; with no token yet, the current count is still the provisioned one.
UPDATE `openpaygo_devices` SET `provisioned_count` = coalesce(
  (SELECT max(0, min(t.`count`) - 2) FROM `tokens` t WHERE t.`device_id` = `openpaygo_devices`.`device_id`),
  `count`
);
