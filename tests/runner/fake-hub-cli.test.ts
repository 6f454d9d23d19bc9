/** `npm run fake-hub -- --runner-fixtures`: the runner's fixture repos, served by the CLI (for the demo and by hand). */
import { afterEach, expect, test } from "vitest";
import { startCli } from "../helpers/cli";
import { FIXTURE_AUTHOR } from "../../lib/fake-hub/runner-fixtures";

const children: ReturnType<typeof startCli>[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
});

test("--runner-fixtures mounts the fixture repos at indexes 100.. of the generated Hub", async () => {
  const child = startCli("fake-hub.ts", ["--port", "0", "--models", "200", "--seed", "3", "--no-rate-limit", "--runner-fixtures"], {});
  children.push(child);
  const url = await new Promise<string>((ok, fail) => {
    let out = "";
    child.stdout!.on("data", (c: Buffer) => {
      out += c.toString();
      const m = /fake hub listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) ok(m[1]);
    });
    child.on("close", (code) => fail(new Error(`exited ${code}: ${out}`)));
  });
  const info = (await (await fetch(`${url}/api/models/${FIXTURE_AUTHOR}/tiny-image`)).json()) as { id: string; pipeline_tag: string; tags: string[]; siblings: { rfilename: string }[] };
  expect(info).toMatchObject({ id: `${FIXTURE_AUTHOR}/tiny-image`, pipeline_tag: "image-classification" });
  expect(info.tags).toContain("tfjs");
  expect(info.siblings.map((s) => s.rfilename)).toEqual(expect.arrayContaining(["web_model/model.json", "web_model/group1-shard1of1", "web_model/metadata.json"]));
  const mj = (await (await fetch(`${url}/${FIXTURE_AUTHOR}/tiny-image/resolve/main/web_model/model.json`)).json()) as { format: string };
  expect(mj.format).toBe("layers-model");
  // Listed like any repo.
  const listed = (await (await fetch(`${url}/api/models?search=${FIXTURE_AUTHOR}&limit=100`)).json()) as { id: string }[];
  expect(listed.map((m) => m.id)).toContain(`${FIXTURE_AUTHOR}/tiny-layers`);
  child.kill("SIGTERM");
  expect((await child.result).code).toBe(0);
});
