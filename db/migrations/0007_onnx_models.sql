-- The ONNX files pass: one row per ONNX candidate checked (what /try samples beside tfjs_models).
-- A new table only: instant on a database of any size.
CREATE TABLE `onnx_models` (
	`model_id` integer PRIMARY KEY NOT NULL,
	`status` text NOT NULL,
	`onnx_path` text,
	`onnx_files` text,
	`weight_bytes` integer,
	`revision` text,
	`tokenizer_path` text,
	`tokenizer_config_path` text,
	`config_path` text,
	`preprocessor_path` text,
	`input_kind` text,
	`inputs` text,
	`signature` text,
	`checked_at` integer NOT NULL
);
