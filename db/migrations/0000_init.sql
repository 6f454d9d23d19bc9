-- Edited after drizzle-kit generate: model_snapshots and the rollup tables are WITHOUT ROWID
-- (drizzle cannot declare it). Their primary key is the table: ~17 bytes a snapshot row instead of
-- ~30 with a rowid table plus its primary-key index (measured in perf-limits.md).
CREATE TABLE `crawl_lock` (
	`id` integer PRIMARY KEY NOT NULL,
	`crawl_id` integer,
	`pid` integer NOT NULL,
	`host` text NOT NULL,
	`acquired_at` integer NOT NULL,
	`heartbeat_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `crawls` (
	`id` integer PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`status` text NOT NULL,
	`scope` text DEFAULT '{}' NOT NULL,
	`hub_url` text NOT NULL,
	`started_at` integer NOT NULL,
	`finished_at` integer,
	`heartbeat_at` integer,
	`pages` integer DEFAULT 0 NOT NULL,
	`requests` integer DEFAULT 0 NOT NULL,
	`retries` integer DEFAULT 0 NOT NULL,
	`rate_limit_waits` integer DEFAULT 0 NOT NULL,
	`rate_limit_wait_ms` integer DEFAULT 0 NOT NULL,
	`models_seen` integer DEFAULT 0 NOT NULL,
	`models_new` integer DEFAULT 0 NOT NULL,
	`models_gone` integer DEFAULT 0 NOT NULL,
	`expected_models` integer,
	`checkpoint_url` text,
	`checkpoint_state` text,
	`error` text,
	`pid` integer,
	`host` text,
	`resumes` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE INDEX `crawls_status_kind` ON `crawls` (`status`,`kind`,`id`);--> statement-breakpoint
CREATE TABLE `model_renames` (
	`id` integer PRIMARY KEY NOT NULL,
	`hub_id` text NOT NULL,
	`old_repo_id` text NOT NULL,
	`new_repo_id` text NOT NULL,
	`crawl_id` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `model_renames_old` ON `model_renames` (`old_repo_id`);--> statement-breakpoint
CREATE TABLE `model_snapshots` (
	`model_id` integer NOT NULL,
	`crawl_id` integer NOT NULL,
	`downloads_30d` integer NOT NULL,
	`downloads_all_time` integer NOT NULL,
	`likes` integer NOT NULL,
	PRIMARY KEY(`model_id`, `crawl_id`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `models` (
	`id` integer PRIMARY KEY NOT NULL,
	`hub_id` text NOT NULL,
	`repo_id` text NOT NULL,
	`author` text,
	`library_name` text,
	`pipeline_tag` text,
	`created_at` integer NOT NULL,
	`created_at_is_floor` integer DEFAULT false NOT NULL,
	`true_created_at` integer,
	`true_created_source` text,
	`last_modified` integer,
	`gated` text,
	`tags` text DEFAULT '[]' NOT NULL,
	`framework_mask` integer DEFAULT 0 NOT NULL,
	`framework_candidates` integer DEFAULT 0 NOT NULL,
	`files_checked_at` integer,
	`downloads_30d` integer DEFAULT 0 NOT NULL,
	`downloads_all_time` integer DEFAULT 0 NOT NULL,
	`likes` integer DEFAULT 0 NOT NULL,
	`first_seen_crawl` integer NOT NULL,
	`last_seen_crawl` integer NOT NULL,
	`gone_since_crawl` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `models_hub_id` ON `models` (`hub_id`);--> statement-breakpoint
CREATE INDEX `models_repo_id` ON `models` (`repo_id`);--> statement-breakpoint
CREATE INDEX `models_author` ON `models` (`author`);--> statement-breakpoint
CREATE INDEX `models_legacy` ON `models` (`true_created_source`) WHERE "models"."created_at_is_floor" = 1;--> statement-breakpoint
CREATE TABLE `rollup_cohorts` (
	`crawl_id` integer NOT NULL,
	`period` text NOT NULL,
	`period_start` text NOT NULL,
	`created_floor` integer NOT NULL,
	`framework_mask` integer NOT NULL,
	`task` text NOT NULL,
	`models` integer NOT NULL,
	`downloads_30d` integer NOT NULL,
	`downloads_all_time` integer NOT NULL,
	`likes` integer NOT NULL,
	PRIMARY KEY(`period`, `period_start`, `framework_mask`, `task`, `created_floor`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `rollup_crawls` (
	`crawl_id` integer NOT NULL,
	`framework_mask` integer NOT NULL,
	`task` text NOT NULL,
	`models` integer NOT NULL,
	`downloads_30d` integer NOT NULL,
	`downloads_all_time` integer NOT NULL,
	`downloads_since_prev` integer,
	`likes` integer NOT NULL,
	PRIMARY KEY(`crawl_id`, `framework_mask`, `task`)
) WITHOUT ROWID;
