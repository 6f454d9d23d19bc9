DROP INDEX IF EXISTS `models_repo_id`;--> statement-breakpoint
DROP INDEX IF EXISTS `models_author`;