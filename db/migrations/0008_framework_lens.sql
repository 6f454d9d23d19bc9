CREATE TABLE `classification_state` (
	`id` integer PRIMARY KEY NOT NULL,
	`rules_version` text NOT NULL,
	`classified_at` integer NOT NULL
);
