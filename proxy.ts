/**
 * Next's request proxy (formerly middleware): a Content-Security-Policy with a fresh nonce on every
 * page (lib/ops/security-headers.ts says what each directive allows and why). The policy goes on
 * the request too: that is where Next reads the nonce for its own inline scripts.
 */
import { NextResponse, type NextRequest } from "next/server";
import { hubUrl } from "@/lib/env";
import { pageCsp } from "@/lib/ops/security-headers";

function hub(): string {
  try {
    return hubUrl();
  } catch {
    return ""; // a bad HF_ENDPOINT is reported by the pages; the policy then allows no Hub origin
  }
}

export function proxy(request: NextRequest): NextResponse {
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const csp = pageCsp({ pathname: request.nextUrl.pathname, nonce, hubUrl: hub(), dev: process.env.NODE_ENV === "development" });
  const headers = new Headers(request.headers);
  headers.set("x-nonce", nonce);
  headers.set("Content-Security-Policy", csp);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("Content-Security-Policy", csp);
  return response;
}

export const config = {
  // Pages only: API routes get the data policy from next.config.ts, static files need none.
  matcher: [{ source: "/((?!api/|_next/static|_next/image|favicon.ico|tfjs-wasm/|ort/).*)" }],
};
