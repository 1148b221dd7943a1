ALTER TABLE `contracts` ADD `agent` text;--> statement-breakpoint
CREATE INDEX `contracts_agent_idx` ON `contracts` (`agent`);