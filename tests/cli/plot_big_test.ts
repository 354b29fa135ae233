/**
 * Big graphs stay legible: a 60-task chain wraps into side-by-side bands (a sane aspect, not a
 * 5,000-pixel column), and a 200-point grid is one box `fit ×200` (the HTML page can show every
 * point). TypeScript tasks, so no kernel starts.
 *
 *   step-00 -> step-01 -> ... -> step-59 -> fit-[[i]] (200 points) -> report
 */
import { deepStrictEqual, ok } from "node:assert/strict";
import { cli, MOD_URL, tempProject } from "./_helpers.ts";

const PIPELINE = `
import { pipeline } from ${JSON.stringify(MOD_URL)};
let p = pipeline();
for (let i = 0; i < 60; i++) {
  const name = "step-" + String(i).padStart(2, "0");
  // deno-lint-ignore no-explicit-any
  p = (p as any).task(name, { run: () => {}, product: "out/" + name, upstream: i ? ["step-" + String(i - 1).padStart(2, "0")] : [] });
}
export default (p as any)
  .task("fit-[[i]]", { run: () => {}, product: "out/fit-[[i]]", upstream: ["step-59"], grid: { i: Array.from({ length: 200 }, (_, i) => i) } })
  .task("report", { run: () => {}, product: "out/report", upstream: ["fit-*"] });
`;

const size = (svg: string) =>
  [/ width="([\d.]+)"/, / height="([\d.]+)"/].map((re) => Number(re.exec(svg)![1]));

Deno.test("plot keeps a 60-task chain and a 200-point grid legible", async () => {
  await using p = await tempProject();
  await p.write("pipeline.ts", PIPELINE);
  await cli(p.dir, ["plot", "--no-status", "-o", "big.svg"]);
  const svg = await p.read("big.svg");
  const [w, h] = size(svg);
  ok(w / h > 0.5 && w / h < 3, `aspect ${w} x ${h}`);
  const ids = [...svg.matchAll(/class="plait-node" data-id="([^"]+)"/g)].map((m) => m[1]);
  deepStrictEqual(ids.length, 62, "60 steps, one grid box, report");
  ok(ids.includes("fit ×200"), ids.join(" "));
  ok(/200 grid points/.test(svg));
  // Every box keeps its full name (no label cut), at the size the theme draws.
  ok(ids.filter((i) => i.startsWith("step-")).every((i) => svg.includes(`>${i}</text>`)));

  await cli(p.dir, ["plot", "--no-status", "--html", "-o", "big.html"]);
  const html = await p.read("big.html");
  ok(html.includes('id="every-point"'));
  ok(html.includes('data-id="fit-199"'), "the expanded graph is in the page");
});
