/**
 * The one validating parser of API query parameters that are not a dashboard view (those go
 * through lib/url-state.ts): a zod schema per route, each value a string. Unknown parameters
 * (`__proto__` included), repeated ones and bad values are a 400 with the documented body
 * `{"error": {"param", "message"}}` (jsonError), naming the first parameter that is wrong.
 */
import { z } from "zod";
import { jsonError } from "./api";

export type QuerySchema = z.ZodObject<Record<string, z.ZodType<unknown, string | undefined>>>;

export type Parsed<S extends QuerySchema> = { ok: true; value: z.output<S> } | { ok: false; response: Response };

const clip = (s: string) => (s.length > 40 ? `${s.slice(0, 40)}…` : s);

/** A whole number in [min, max] written in digits (no sign, exponent or 20-digit overflow). */
export function intParam(name: string, min: number, max: number) {
  return z
    .string()
    .regex(/^[0-9]{1,15}$/, `${name} must be a whole number from ${min} to ${max}`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `${name} must be a whole number from ${min} to ${max}`);
}

/** Parses `url`'s query with `schema` (every key optional unless the schema says otherwise). */
export function parseQuery<S extends QuerySchema>(url: URL | string, schema: S): Parsed<S> {
  const params = (typeof url === "string" ? new URL(url) : url).searchParams;
  const allowed = Object.keys(schema.shape);
  const seen = new Map<string, string>();
  for (const [key, value] of params) {
    if (!allowed.includes(key)) {
      const list = allowed.length ? `allowed: ${allowed.join(", ")}` : "this endpoint takes no parameters";
      return { ok: false, response: jsonError(400, `unknown parameter "${clip(key)}"; ${list}`, clip(key)) };
    }
    if (seen.has(key)) return { ok: false, response: jsonError(400, `${key} is given more than once; give it once`, key) };
    seen.set(key, value);
  }
  // A null-prototype object: a key such as "__proto__" could not reach here, and none is inherited.
  const input: Record<string, string> = Object.create(null);
  for (const [k, v] of seen) input[k] = v;
  const r = schema.safeParse(input);
  if (r.success) return { ok: true, value: r.data };
  const issue = r.error.issues[0];
  const param = String(issue.path[0] ?? "query");
  const message = issue.code === "invalid_type" && seen.get(param) === undefined ? `${param} is required` : issue.message;
  return { ok: false, response: jsonError(400, message, param) };
}

/** The schema of an endpoint without parameters. */
export const NO_PARAMS = z.object({});
