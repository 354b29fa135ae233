import assert from "node:assert/strict";
import { UsageError } from "../errors/mod.ts";
import { edgePath, renderSvg } from "./render_svg.ts";
import { NODE_STATUSES, type PlotGraph, type SvgOptions } from "./plot_graph.ts";

const GOLDEN = new URL("../../tests/golden/plot/", import.meta.url);

//   a
//  / \
// b   c
//  \ /
//   d
const diamond: PlotGraph = {
  nodes: [{ id: "a" }, { id: "b" }, { id: "c" }, { id: "d" }],
  edges: [["a", "b"], ["a", "c"], ["b", "d"], ["c", "d"]],
};

// load -> clean -> features -> fit -> report
const chain: PlotGraph = {
  title: "chain",
  nodes: ["load", "clean", "features", "fit", "report"].map((id) => ({ id, sublabel: `tasks/${id}.py` })),
  edges: [["load", "clean"], ["clean", "features"], ["features", "fit"], ["fit", "report"]],
};

// load -> fit-0 .. fit-3 -> report
const fits = [0, 1, 2, 3].map((i) => `fit-${i}`);
const grid: PlotGraph = {
  nodes: [
    { id: "load", sublabel: "tasks/load.py" },
    ...fits.map((id) => ({ id, sublabel: "tasks/fit.py" })),
    { id: "report", sublabel: "4 grid points" },
  ],
  edges: fits.flatMap((f): [string, string][] => [["load", f], [f, "report"]]),
};

// one node per status, in a chain, plus a long edge that skips a layer
const statuses: PlotGraph = {
  title: "every status",
  nodes: NODE_STATUSES.map((status) => ({ id: status, status, tooltip: `this one is ${status}` })),
  edges: NODE_STATUSES.slice(1).map((s, i): [string, string] => [NODE_STATUSES[i], s])
    .concat([["up-to-date", "failed"]]),
};

// load -> a<b & "c"
const escaping: PlotGraph = {
  title: `<plait> & "friends"`,
  nodes: [{ id: "load" }, { id: "odd", label: `a<b & "c"`, sublabel: "it's <weird>", status: "failed" }],
  edges: [["load", "odd"]],
};

const goldenCases: [name: string, graph: PlotGraph, opts?: SvgOptions][] = [
  ["diamond", diamond],
  ["chain", chain],
  ["chain_lr", chain, { direction: "LR" }],
  ["grid", grid],
  ["statuses", statuses],
  ["escaping", escaping],
];

// `deno fmt` formats .svg files; this first line keeps it off the golden files.
const FMT_IGNORE = "<!-- deno-fmt-ignore-file -->\n";

for (const [name, graph, opts] of goldenCases) {
  Deno.test(`renderSvg() draws the ${name} graph exactly as tests/golden/plot/${name}.svg`, async () => {
    const svg = renderSvg(graph, opts);
    const file = new URL(`${name}.svg`, GOLDEN);
    if (Deno.env.get("UPDATE_GOLDEN") === "1") {
      await Deno.mkdir(GOLDEN, { recursive: true });
      await Deno.writeTextFile(file, FMT_IGNORE + svg);
    }
    const golden = await Deno.readTextFile(file);
    assert.ok(golden.startsWith(FMT_IGNORE), `${name}.svg lacks its first line ${FMT_IGNORE}`);
    assert.equal(svg, golden.slice(FMT_IGNORE.length));
  });
}

function shuffled<T>(xs: readonly T[], seed: number): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    const j = seed % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

Deno.test("renderSvg() gives byte-identical output whatever the order of nodes and edges", () => {
  for (const [, graph] of goldenCases) {
    const expected = renderSvg(graph);
    for (const seed of [1, 2, 3]) {
      const edges = [...shuffled(graph.edges, seed), ...graph.edges.slice(0, 1)]; // and a duplicate edge
      assert.equal(renderSvg({ ...graph, nodes: shuffled(graph.nodes, seed), edges }), expected);
    }
  }
});

/** Node boxes as drawn: [id, x, y, width, height]. */
function boxes(svg: string): [string, number, number, number, number][] {
  const re =
    /data-id="([^"]*)"[^]*?<rect class="plait-box" x="([-\d.]+)" y="([-\d.]+)" width="([\d.]+)" height="([\d.]+)"/g;
  return [...svg.matchAll(re)].map((m) => [m[1], +m[2], +m[3], +m[4], +m[5]]);
}

function assertNeatLayout(svg: string, expectedNodes: number): void {
  const [, vw, vh] = svg.match(/viewBox="0 0 ([\d.]+) ([\d.]+)"/)!.map(Number);
  const bs = boxes(svg);
  assert.equal(bs.length, expectedNodes);
  const sorted = [...bs].sort((p, q) => p[1] - q[1]);
  for (const [id, x, y, w, h] of bs) {
    assert.ok(x >= 0 && y >= 0 && x + w <= vw && y + h <= vh, `${id} lies outside the picture`);
  }
  for (let i = 0; i < sorted.length; i++) {
    const [ida, xa, ya, wa, ha] = sorted[i];
    for (let j = i + 1; j < sorted.length && sorted[j][1] < xa + wa; j++) {
      const [idb, , yb, , hb] = sorted[j];
      assert.ok(yb >= ya + ha || ya >= yb + hb, `${ida} and ${idb} overlap`);
    }
  }
}

Deno.test("renderSvg() keeps every box inside the picture and apart from the others", () => {
  for (const [, graph, opts] of goldenCases) assertNeatLayout(renderSvg(graph, opts), graph.nodes.length);
  const wide = {
    nodes: [{ id: "src" }, ...Array.from({ length: 80 }, (_, i) => ({ id: `fit-${i}` })), { id: "sink" }],
    edges: Array.from(
      { length: 80 },
      (_, i): [string, string][] => [["src", `fit-${i}`], [`fit-${i}`, "sink"]],
    )
      .flat(),
  };
  for (const direction of ["TB", "LR"] as const) assertNeatLayout(renderSvg(wide, { direction }), 82);
});

Deno.test("renderSvg() draws one arrowed path per distinct edge", () => {
  const svg = renderSvg({ ...diamond, edges: [...diamond.edges, ["a", "b"]] });
  const paths = svg.match(/<path class="plait-edge"[^>]*marker-end="url\(#plait-arrow\)"/g) ?? [];
  assert.equal(paths.length, 4);
  assert.match(svg, /<marker id="plait-arrow"/);
});

Deno.test("renderSvg() escapes labels, sublabels, ids, tooltips and the title", () => {
  const svg = renderSvg({
    ...escaping,
    nodes: [...escaping.nodes, { id: `x"y'<z>`, tooltip: "1 < 2 && 3 > 2" }],
  });
  assert.ok(svg.includes("a&lt;b &amp; &quot;c&quot;"));
  assert.ok(svg.includes("it&#39;s &lt;weird&gt;"));
  assert.ok(svg.includes(`data-id="x&quot;y&#39;&lt;z&gt;"`));
  assert.ok(svg.includes("1 &lt; 2 &amp;&amp; 3 &gt; 2"));
  for (const raw of [`a<b`, `<weird>`, `<plait>`, `&&`, `<z>`]) assert.ok(!svg.includes(raw), `raw ${raw}`);
});

Deno.test("renderSvg() shows the legend only when statuses are known, listing those present", () => {
  assert.ok(!renderSvg(diamond).includes("plait-legend"));
  assert.ok(renderSvg(diamond, { legend: true }).includes("plait-legend"));
  const svg = renderSvg({
    ...diamond,
    nodes: [{ id: "a", status: "failed" }, { id: "b", status: "running" }, { id: "c" }, { id: "d" }],
  });
  const legend = svg.slice(svg.indexOf(`class="plait-legend"`), svg.indexOf(`class="plait-nodes"`));
  const listed = [...legend.matchAll(/data-status="([a-z-]+)"/g)].map((m) => m[1]);
  assert.deepEqual(listed, ["running", "failed", "unknown"]);
  assert.ok(!renderSvg(statuses, { legend: false }).includes("plait-legend"));
});

Deno.test("renderSvg() shortens a long label in its box and keeps the full name in the tooltip", () => {
  const id = "fit-" + "n_estimators=100-".repeat(6) + "criterion=entropy";
  const svg = renderSvg({
    nodes: [{ id, sublabel: "/a/very/deep/folder/".repeat(5) + "fit.py" }],
    edges: [],
  });
  const texts = [...svg.matchAll(/<text [^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
  assert.ok(texts.some((t) => t.startsWith("fit-n_est") && t.endsWith("entropy") && t.includes("…")));
  assert.ok(texts.some((t) => t.startsWith("…") && t.endsWith("/fit.py")));
  assert.ok(svg.includes(`<title>${id}&#10;`));
  const [[, , , width]] = boxes(svg);
  assert.ok(width <= 300, `box width ${width}`);
});

function caught(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error("expected an exception");
}

Deno.test("renderSvg() reports unknown nodes, duplicate ids and cycles as a UsageError", () => {
  const bad = { nodes: [{ id: "a" }, { id: "a" }], edges: [["a", "zz"]] as [string, string][] };
  const error = caught(() => renderSvg(bad));
  assert.ok(error instanceof UsageError);
  assert.equal(error.issues.length, 2);
  assert.match(error.message, /Cannot plot node "a": its id is used twice/);
  assert.match(error.message, /Cannot plot edge "a" -> "zz": no node "zz"/);
  const cyc = { nodes: [{ id: "a" }, { id: "b" }, { id: "c" }], edges: [["a", "b"], ["b", "c"], ["c", "b"]] };
  assert.throws(() => renderSvg(cyc as PlotGraph), /cycle: b -> c -> b/);
  assert.throws(() => renderSvg({ nodes: [{ id: "a" }], edges: [["a", "a"]] }), /cycle: a -> a/);
});

Deno.test("renderSvg() draws an empty graph as a small picture saying so", () => {
  const svg = renderSvg({ nodes: [], edges: [] });
  assert.match(svg, /\(no tasks\)/);
  assert.ok(!svg.includes("plait-legend"));
});

// How fast these render is measured in bench/plot_bench.ts, not asserted here.
Deno.test("renderSvg() lays out a 1,000-task chain with every box apart", () => {
  const id = (i: number) => `t${String(i).padStart(4, "0")}`;
  const nodes = Array.from({ length: 1000 }, (_, i) => ({ id: id(i), status: "up-to-date" as const }));
  const edges = nodes.slice(1).map((_, i): [string, string] => [id(i), id(i + 1)]);
  const svg = renderSvg({ nodes, edges });
  assertNeatLayout(svg, 1000);
});

Deno.test("edgePath() curves leave and enter boxes along the flow direction", () => {
  assert.equal(edgePath([[0, 0], [10, 20]], "TB"), "M0,0C0,10 10,10 10,20");
  assert.equal(edgePath([[0, 0], [20, 10]], "LR"), "M0,0C10,0 10,10 20,10");
  assert.equal(edgePath([[0.04, -0.04], [1.25, 2.35]], "TB"), "M0,0C0,1.2 1.3,1.2 1.3,2.4");
});

Deno.test("renderSvg() lays out a dense 500-task, 1,500-edge graph with every box apart", () => {
  let seed = 42;
  const random = (n: number) => (seed = (seed * 1103515245 + 12345) % 2147483648) % n;
  const nodes = Array.from({ length: 500 }, (_, i) => ({ id: `n${i}` }));
  const edges = new Map<string, [string, string]>();
  while (edges.size < 1500) {
    const [a, b] = [random(500), random(500)];
    if (a < b) edges.set(`${a} ${b}`, [`n${a}`, `n${b}`]);
  }
  const svg = renderSvg({ nodes, edges: [...edges.values()] });
  assertNeatLayout(svg, 500);
});
