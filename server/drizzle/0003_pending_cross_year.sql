CREATE TABLE `pending_cross_year` (
	`body_key` text PRIMARY KEY NOT NULL
);
