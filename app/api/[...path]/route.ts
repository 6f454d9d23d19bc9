/**
 * Any /api path no route serves: the API's JSON 404 ({"error": {"message"}}), never Next's HTML
 * page, whatever the method.
 */
import { jsonError } from "@/lib/queries/api";

export const dynamic = "force-dynamic";

function notFound(request: Request): Response {
  return jsonError(404, `no such API endpoint: ${new URL(request.url).pathname.slice(0, 80)}`);
}

export const GET = notFound;
export const HEAD = notFound;
export const POST = notFound;
export const OPTIONS = notFound;
