ALTER TABLE `report_metrics` ADD `body_type` text;--> statement-breakpoint
ALTER TABLE `report_metrics` ADD `body_key` text;--> statement-breakpoint
CREATE INDEX `report_metrics_body_year` ON `report_metrics` (`body_type`,`year`);--> statement-breakpoint
ALTER TABLE `reports` ADD `body_type` text;