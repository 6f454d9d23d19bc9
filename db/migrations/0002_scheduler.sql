-- The scheduler's state (for /api/health and the crawl monitor) and "crawl now" requests from the web.
-- Two new small tables: no rewrite of existing tables, instant on a database of any size.
CREATE TABLE `crawl_requests` (
	`id` integer PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`source` text NOT NULL,
	`requested_at` integer NOT NULL,
	`status` text NOT NULL,
	`claimed_at` integer,
	`claimed_by` integer,
	`crawl_id` integer
);
--> statement-breakpoint
CREATE TABLE `schedulers` (
	`id` integer PRIMARY KEY NOT NULL,
	`host` text NOT NULL,
	`pid` integer NOT NULL,
	`started_at` integer NOT NULL,
	`heartbeat_at` integer NOT NULL,
	`state` text NOT NULL,
	`detail` text,
	`full_schedule` text,
	`incremental_schedule` text,
	`crawl_id` integer,
	`progress` text,
	`last_error` text,
	`last_error_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `schedulers_host_pid` ON `schedulers` (`host`,`pid`);