/**
 * Renders the plot page in a real headless Chromium and checks the screenshot's pixels: the
 * status colours must actually reach the screen, not just the markup.
 */
import assert from "node:assert/strict";
import { renderHtml } from "../src/plot/mod.ts";
import type { PlotGraph } from "../src/plot/mod.ts";
import { countColor, decodePng } from "../src/plot/_png_test_util.ts";

const CHROMIUM = "/usr/bin/chromium";

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
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
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
