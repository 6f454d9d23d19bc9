/** Values the filter bar offers: the tasks and libraries present in the data, largest first. */
import type { Sqlite } from "../../db/index";
import { cached } from "./cache";

export interface FilterOptions {
  tasks: { value: string; models: number }[];
  libraries: { value: string; models: number }[];
}

export function getFilterOptions(sqlite: Sqlite, version: string): FilterOptions {
  return cached(version, "filterOptions", () => ({
    tasks: sqlite
      .prepare<[], { value: string; models: number }>(
        "SELECT task AS value, sum(models) AS models FROM rollup_cohorts WHERE period = 'month' AND task != '' AND framework_mask < 65536 GROUP BY task ORDER BY 2 DESC, 1",
      )
      .all(),
    libraries: sqlite
      .prepare<[], { value: string; models: number }>(
        "SELECT library AS value, sum(models) AS models FROM rollup_cohort_library_masks WHERE period = 'month' AND library != '' AND framework_mask < 65536 GROUP BY library ORDER BY 2 DESC, 1",
      )
      .all(),
  }));
}
