-- The in-browser runner: TF.js models confirmed by the files pass (what /try samples) and the runs
-- visitors report. Two new tables: no rewrite of existing tables, instant on a database of any size.
CREATE TABLE `runner_results` (
	`id` integer PRIMARY KEY NOT NULL,
	`created_at` integer NOT NULL,
	`repo_id` text NOT NULL,
	`model_id` integer,
	`format` text NOT NULL,
	`task` text NOT NULL,
	`backend` text NOT NULL,
	`outcome` text NOT NULL,
	`load_ms` real,
	`first_ms` real,
	`warm_ms` real,
	`weight_bytes` integer
);
--> statement-breakpoint
CREATE INDEX `runner_results_created` ON `runner_results` (`created_at`);--> statement-breakpoint
CREATE TABLE `tfjs_models` (
	`model_id` integer PRIMARY KEY NOT NULL,
	`model_json_path` text NOT NULL,
	`format` text NOT NULL,
	`weight_bytes` integer,
	`shards` integer NOT NULL,
	`revision` text,
	`inputs` text,
	`labels_path` text,
	`dirs` integer DEFAULT 1 NOT NULL,
	`checked_at` integer NOT NULL
);
