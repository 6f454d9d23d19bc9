CREATE TABLE `model_search_ranks` (
	`rank` integer PRIMARY KEY NOT NULL,
	`model_id` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `model_search_state` (
	`id` integer PRIMARY KEY NOT NULL,
	`crawl_id` integer NOT NULL,
	`built_at` integer NOT NULL,
	`models` integer NOT NULL
);
--> statement-breakpoint
-- Hand-written (drizzle does not model virtual tables): substring search over repo ids, which hold
-- the author. Contentless FTS5 with the trigram tokenizer (case-insensitive); rowid = a rank in
-- model_search_ranks. Filled at crawl completion (lib/crawl/search-index.ts), never in page writes.
CREATE VIRTUAL TABLE `model_search` USING fts5(`repo_id`, content='', columnsize=0, tokenize='trigram');
