-- Edited after drizzle-kit generate (like 0000_init and 0001): every table here is WITHOUT ROWID
-- (their primary key is the table), and the two library-mask rollups are filled at the end from the
-- library rollups they sum, so a database crawled before this migration keeps its library views.
-- The author rollups fill at the next rollup pass (they need a pass over models; the first one also
-- rebuilds the per-crawl figures of the large authors' earlier crawls from the snapshots, once).
-- Cost on a 3M-model database: two GROUP BYs over ~150k rollup rows; no table rewrite.
CREATE TABLE `rollup_author_cohort_masks` (
	`crawl_id` integer NOT NULL,
	`author` text NOT NULL,
	`period` text NOT NULL,
	`period_start` text NOT NULL,
	`created_floor` integer NOT NULL,
	`framework_mask` integer NOT NULL,
	`models` integer NOT NULL,
	`downloads_30d` integer NOT NULL,
	`downloads_all_time` integer NOT NULL,
	`likes` integer NOT NULL,
	PRIMARY KEY(`author`, `period`, `period_start`, `framework_mask`, `created_floor`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `rollup_author_tasks` (
	`crawl_id` integer NOT NULL,
	`author` text NOT NULL,
	`task` text NOT NULL,
	`period_start` text NOT NULL,
	`created_floor` integer NOT NULL,
	`framework_mask` integer NOT NULL,
	`models` integer NOT NULL,
	`downloads_30d` integer NOT NULL,
	`downloads_all_time` integer NOT NULL,
	`likes` integer NOT NULL,
	PRIMARY KEY(`author`, `task`, `period_start`, `framework_mask`, `created_floor`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `rollup_authors` (
	`author` text PRIMARY KEY NOT NULL,
	`crawl_id` integer NOT NULL,
	`models` integer NOT NULL
) WITHOUT ROWID;
--> statement-breakpoint
CREATE INDEX `rollup_authors_nocase` ON `rollup_authors` ("author" COLLATE NOCASE);--> statement-breakpoint
CREATE TABLE `rollup_cohort_library_masks` (
	`crawl_id` integer NOT NULL,
	`library` text NOT NULL,
	`period` text NOT NULL,
	`period_start` text NOT NULL,
	`created_floor` integer NOT NULL,
	`framework_mask` integer NOT NULL,
	`models` integer NOT NULL,
	`downloads_30d` integer NOT NULL,
	`downloads_all_time` integer NOT NULL,
	`likes` integer NOT NULL,
	PRIMARY KEY(`library`, `period`, `period_start`, `framework_mask`, `created_floor`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `rollup_crawl_authors` (
	`crawl_id` integer NOT NULL,
	`author` text NOT NULL,
	`framework_mask` integer NOT NULL,
	`models` integer NOT NULL,
	`downloads_30d` integer NOT NULL,
	`downloads_all_time` integer NOT NULL,
	`downloads_since_prev` integer,
	`likes` integer NOT NULL,
	PRIMARY KEY(`crawl_id`, `author`, `framework_mask`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `rollup_crawl_library_masks` (
	`crawl_id` integer NOT NULL,
	`library` text NOT NULL,
	`framework_mask` integer NOT NULL,
	`models` integer NOT NULL,
	`downloads_30d` integer NOT NULL,
	`downloads_all_time` integer NOT NULL,
	`downloads_since_prev` integer,
	`likes` integer NOT NULL,
	PRIMARY KEY(`library`, `crawl_id`, `framework_mask`)
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `rollup_cohort_library_masks` (crawl_id, library, period, period_start, created_floor, framework_mask, models, downloads_30d, downloads_all_time, likes)
  SELECT max(crawl_id), library, period, period_start, created_floor, framework_mask, sum(models), sum(downloads_30d), sum(downloads_all_time), sum(likes)
  FROM `rollup_cohort_libraries` GROUP BY library, period, period_start, framework_mask, created_floor;
--> statement-breakpoint
INSERT INTO `rollup_crawl_library_masks` (crawl_id, library, framework_mask, models, downloads_30d, downloads_all_time, downloads_since_prev, likes)
  SELECT crawl_id, library, framework_mask, sum(models), sum(downloads_30d), sum(downloads_all_time), sum(downloads_since_prev), sum(likes)
  FROM `rollup_crawl_libraries` GROUP BY library, crawl_id, framework_mask;
