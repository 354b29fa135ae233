/**
 * Renders the plot page in a real headless Chromium and checks the screenshot's pixels: the
 * status colours must actually reach the screen, not just the markup.
 */
import assert from "node:assert/strict";
import { renderHtml } from "../src/plot/mod.ts";
import type { PlotGraph } from "../src/plot/mod.ts";
import { countColor, decodePng } from "../src/plot/_png_test_util.ts";
import { CHROMIUM, HEADLESS_FLAGS } from "./serve/_cdp.ts";

function installed(path: string): boolean {
  try {
    return Deno.statSync(path).isFile;
  } catch {
    return false;
  }
}

const hasChromium = installed(CHROMIUM);
const why = hasChromium ? "" : ` (ignored: ${CHROMIUM} is not installed; apt-get install -y chromium)`;

// load (up-to-date) -> fit-0 (failed), fit-1 (failed), fit-2 (up-to-date) -> report (skipped)
const graph: PlotGraph = {
  title: "browser check",
  nodes: [
    { id: "load", sublabel: "tasks/load.py", status: "up-to-date" },
    { id: "fit-0", sublabel: "tasks/fit.py", status: "failed" },
    { id: "fit-1", sublabel: "tasks/fit.py", status: "failed" },
    { id: "fit-2", sublabel: "tasks/fit.py", status: "up-to-date" },
    { id: "report", sublabel: "tasks/report.py", status: "skipped" },
  ],
  edges: [["load", "fit-0"], ["load", "fit-1"], ["load", "fit-2"], ["fit-0", "report"], ["fit-1", "report"], [
    "fit-2",
    "report",
  ]],
};

async function screenshot(html: string): Promise<Uint8Array> {
  const dir = await Deno.makeTempDir({ prefix: "plait_plot_browser_" });
  try {
    const page = `${dir}/plot.html`;
    const png = `${dir}/shot.png`;
    await Deno.writeTextFile(page, html);
    const { code, stderr } = await new Deno.Command(CHROMIUM, {
      args: [
        ...HEADLESS_FLAGS,
        `--user-data-dir=${dir}/profile`,
        `--screenshot=${png}`,
        "--window-size=800,600",
        `file://${page}`,
      ],
      stdout: "null",
      stderr: "piped",
      signal: AbortSignal.timeout(60_000),
    }).output();
    assert.equal(code, 0, new TextDecoder().decode(stderr));
    return await Deno.readFile(png);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test({
  name: `renderHtml() shows failed boxes red and up-to-date boxes green in Chromium${why}`,
  ignore: !hasChromium,
  async fn() {
    const image = await decodePng(await screenshot(renderHtml(graph)));
    assert.equal(image.width, 800);
    assert.equal(image.height, 600);
    // Box fills: one box is roughly 100 x 46 px, a legend swatch only 14 x 14 px.
    const failedFill = countColor(image, "#fee2e2", 3);
    const okFill = countColor(image, "#dcfce7", 3);
    assert.ok(failedFill > 6000, `red box fill pixels: ${failedFill}`);
    assert.ok(okFill > 6000, `green box fill pixels: ${okFill}`);
    // Border and stripe colours, and a status absent from the graph stays absent.
    assert.ok(countColor(image, "#dc2626", 24) > 300, "red borders");
    assert.ok(countColor(image, "#16a34a", 24) > 300, "green borders");
    assert.equal(countColor(image, "#dbeafe", 3), 0, "no running (blue) box or legend entry");
    assert.equal(countColor(image, "#fef3c7", 3), 0, "no outdated (amber) box or legend entry");
  },
});

/** Runs headless Chromium on `page` (in `dir`) with extra arguments; returns stdout. */
async function chromium(dir: string, page: string, extra: string[]): Promise<string> {
  const { code, stdout, stderr } = await new Deno.Command(CHROMIUM, {
    args: [
      ...HEADLESS_FLAGS,
      `--user-data-dir=${dir}/profile`,
      "--window-size=800,600",
      "--virtual-time-budget=5000",
      ...extra,
      `file://${page}`,
    ],
    stdout: "piped",
    stderr: "piped",
    signal: AbortSignal.timeout(60_000),
  }).output();
  assert.equal(code, 0, new TextDecoder().decode(stderr));
  return new TextDecoder().decode(stdout);
}

/** The page with a test script that runs once the page's own script has. */
const withScript = (html: string, script: string) =>
  html.replace("</body>", `<script>addEventListener("load", () => {${script}});</script>\n</body>`);

Deno.test({
  name: `the plot page zooms with the mouse wheel in Chromium${why}`,
  ignore: !hasChromium,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "plait_plot_zoom_" });
    try {
      const green = async (html: string, name: string) => {
        await Deno.writeTextFile(`${dir}/${name}.html`, html);
        await chromium(dir, `${dir}/${name}.html`, [`--screenshot=${dir}/${name}.png`]);
        return countColor(await decodePng(await Deno.readFile(`${dir}/${name}.png`)), "#dcfce7", 3);
      };
      const page = renderHtml(graph);
      const before = await green(page, "plain");
      const wheel = `const v = document.querySelector(".plot"); const r = v.getBoundingClientRect();
        for (let i = 0; i < 3; i++) v.dispatchEvent(new WheelEvent("wheel", { deltaY: -100, clientX: r.left + 200,
          clientY: r.top + 60, bubbles: true, cancelable: true }));`;
      const after = await green(withScript(page, wheel), "zoomed");
      // Three wheel steps of 1.2: boxes 1.73 times as wide and high, about 3 times the area.
      assert.ok(before > 6000, `green pixels before: ${before}`);
      assert.ok(after > 2 * before, `zoom did not enlarge the boxes: ${before} -> ${after}`);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: `clicking a box in the plot page opens its executed notebook in Chromium${why}`,
  ignore: !hasChromium,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "plait_plot_link_" });
    try {
      await Deno.mkdir(`${dir}/output`);
      await Deno.writeTextFile(
        `${dir}/output/fit-0.html`,
        "<!doctype html><h1>executed notebook of fit-0</h1>",
      );
      const linked: PlotGraph = {
        ...graph,
        nodes: graph.nodes.map((n) => n.id === "fit-0" ? { ...n, href: "output/fit-0.html" } : n),
      };
      const click = `document.querySelector('[data-id="fit-0"]').dispatchEvent(
        new MouseEvent("click", { bubbles: true, cancelable: true, view: window }));`;
      await Deno.writeTextFile(`${dir}/plot.html`, withScript(renderHtml(linked), click));
      const dom = await chromium(dir, `${dir}/plot.html`, ["--dump-dom"]);
      assert.ok(
        dom.includes("executed notebook of fit-0"),
        `did not navigate to the notebook:\n${dom.slice(0, 400)}`,
      );
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
