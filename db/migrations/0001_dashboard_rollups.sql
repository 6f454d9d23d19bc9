-- Edited after drizzle-kit generate (like 0000_init): the dashboard rollup tables are WITHOUT ROWID
-- (their primary key is the table), and the two task-free rollups are filled from the existing
-- rollups at the end, so a database crawled before this migration shows its overview at once. The
-- library and per-crawl stats rollups fill at the next completed crawl (they need a pass over models).
-- Cost on a 3M-model database: two index builds on models (a few seconds each); no table rewrite.
CREATE TABLE `rollup_cohort_libraries` (
	`crawl_id` integer NOT NULL,
	`library` text NOT NULL,
	`period` text NOT NULL,
	`period_start` text NOT NULL,
	`created_floor` integer NOT NULL,
	`framework_mask` integer NOT NULL,
	`task` text NOT NULL,
	`models` integer NOT NULL,
	`downloads_30d` integer NOT NULL,
	`downloads_all_time` integer NOT NULL,
	`likes` integer NOT NULL,
	PRIMARY KEY(`library`, `period`, `period_start`, `framework_mask`, `task`, `created_floor`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `rollup_cohort_masks` (
	`crawl_id` integer NOT NULL,
	`period` text NOT NULL,
	`period_start` text NOT NULL,
	`created_floor` integer NOT NULL,
	`framework_mask` integer NOT NULL,
	`models` integer NOT NULL,
	`downloads_30d` integer NOT NULL,
	`downloads_all_time` integer NOT NULL,
	`likes` integer NOT NULL,
	PRIMARY KEY(`period`, `period_start`, `framework_mask`, `created_floor`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `rollup_crawl_libraries` (
	`crawl_id` integer NOT NULL,
	`library` text NOT NULL,
	`framework_mask` integer NOT NULL,
	`task` text NOT NULL,
	`models` integer NOT NULL,
	`downloads_30d` integer NOT NULL,
	`downloads_all_time` integer NOT NULL,
	`downloads_since_prev` integer,
	`likes` integer NOT NULL,
	PRIMARY KEY(`library`, `crawl_id`, `framework_mask`, `task`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `rollup_crawl_masks` (
	`crawl_id` integer NOT NULL,
	`framework_mask` integer NOT NULL,
	`models` integer NOT NULL,
	`downloads_30d` integer NOT NULL,
	`downloads_all_time` integer NOT NULL,
	`downloads_since_prev` integer,
	`likes` integer NOT NULL,
	PRIMARY KEY(`crawl_id`, `framework_mask`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `rollup_crawl_stats` (
	`crawl_id` integer NOT NULL,
	`dimension` text NOT NULL,
	`value` text NOT NULL,
	`models` integer NOT NULL,
	`zero_download_models` integer NOT NULL,
	`top_models` integer NOT NULL,
	`top_downloads_30d` integer NOT NULL,
	`downloads_30d` integer NOT NULL,
	PRIMARY KEY(`crawl_id`, `dimension`, `value`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `rollup_top_models` (
	`crawl_id` integer NOT NULL,
	`framework` text NOT NULL,
	`measure` text NOT NULL,
	`rank` integer NOT NULL,
	`model_id` integer NOT NULL,
	PRIMARY KEY(`framework`, `measure`, `rank`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE INDEX `models_repo_id_nocase` ON `models` ("repo_id" COLLATE NOCASE);--> statement-breakpoint
CREATE INDEX `models_author_nocase` ON `models` ("author" COLLATE NOCASE);--> statement-breakpoint
CREATE INDEX `rollup_cohorts_task` ON `rollup_cohorts` (`task`,`period`,`period_start`);--> statement-breakpoint
CREATE INDEX `rollup_crawls_task` ON `rollup_crawls` (`task`,`crawl_id`);
--> statement-breakpoint
INSERT INTO `rollup_cohort_masks` (crawl_id, period, period_start, created_floor, framework_mask, models, downloads_30d, downloads_all_time, likes)
  SELECT max(crawl_id), period, period_start, created_floor, framework_mask, sum(models), sum(downloads_30d), sum(downloads_all_time), sum(likes)
  FROM `rollup_cohorts` GROUP BY period, period_start, created_floor, framework_mask;
--> statement-breakpoint
INSERT INTO `rollup_crawl_masks` (crawl_id, framework_mask, models, downloads_30d, downloads_all_time, downloads_since_prev, likes)
  SELECT crawl_id, framework_mask, sum(models), sum(downloads_30d), sum(downloads_all_time), sum(downloads_since_prev), sum(likes)
  FROM `rollup_crawls` GROUP BY crawl_id, framework_mask;
