/** Chart 6 as a table: per task, the share of its models carrying each framework. */
import { periodStart } from "../charts/periods";
import { seriesStyle } from "../charts/style";
import type { TableData } from "../charts/types";
import { CAVEAT } from "./caveats";
import { memo, type Ctx } from "./context";
import { NO_MATCH, noData } from "./empty";
import { cohortSums } from "./sources";
import { get, seriesIds, viewCols } from "./view-series";

export interface TaskMatrix {
  /** Tasks by model count, largest first ("" = no pipeline_tag). */
  tasks: { task: string; models: number }[];
  /** Series ids (selected frameworks, other, none). */
  ids: string[];
  /** models[taskIndex][idIndex] */
  models: number[][];
}

/** Models alive now created in the range (whole months; open start includes the pre-2022 repos), by task and framework. */
export function getTaskMatrix(ctx: Ctx): TaskMatrix {
  return memo(ctx, "taskMatrix", () => {
    const { state } = ctx;
    const range = { start: state.from ? periodStart(state.from, "month") : null, end: state.to ? periodStart(state.to, "month") : null };
    const rows = cohortSums(ctx.sqlite, state, "month", viewCols(ctx), "task", range);
    const ids = seriesIds(state.frameworks);
    const tasks = rows
      .map((r) => ({ task: r.key, models: get(r.sums, "total").models, cells: ids.map((id) => get(r.sums, id).models) }))
      .filter((t) => t.models > 0)
      .sort((x, y) => y.models - x.models || (x.task < y.task ? -1 : 1));
    return { tasks: tasks.map(({ task, models }) => ({ task, models })), ids, models: tasks.map((t) => t.cells) };
  });
}

export const TASKS_SHOWN = 15;

/** Chart 6 as a table: per task, the share of its models carrying each framework. */
export function getFrameworksByTask(ctx: Ctx): TableData {
  return memo(ctx, "frameworksByTask", () => {
    const m = getTaskMatrix(ctx);
    const cols = [
      { key: "task", label: "Task (pipeline_tag)", numeric: false },
      { key: "models", label: "Models", numeric: true },
      ...m.ids.map((id) => ({ key: id, label: `${seriesStyle(id, undefined, ctx.state.basis).label} (%)`, numeric: true })),
    ];
    const shown = m.tasks.slice(0, TASKS_SHOWN);
    const rows = shown.map((t, i) => ({
      key: t.task,
      cells: [t.task === "" ? "(no task)" : t.task, t.models, ...m.models[i].map((n) => (t.models ? (100 * n) / t.models : null))] as (string | number | null)[],
    }));
    const rest = m.tasks.slice(TASKS_SHOWN);
    if (rest.length) {
      const total = rest.reduce((a, t) => a + t.models, 0);
      const sums = m.ids.map((_, j) => rest.reduce((a, _t, i) => a + m.models[TASKS_SHOWN + i][j], 0));
      rows.push({ key: "*other-tasks*", cells: [`${rest.length} other tasks`, total, ...sums.map((n) => (total ? (100 * n) / total : null))] });
    }
    return {
      id: "tasks",
      title: "Which frameworks each task's models carry (% of the task's models)",
      caption: "Models alive today created in the selected range, by pipeline_tag; each cell is the share of the task's models carrying the framework.",
      caveats: [CAVEAT.multi, "pipeline_tag is set by the model's author or inferred by the Hub; many models have none."],
      columns: cols,
      rows,
      empty: !ctx.status.cohortCrawl ? noData(ctx) : rows.length === 0 ? NO_MATCH : null,
    };
  });
}
