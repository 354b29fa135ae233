import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { decide, describeReason } from "./decide.ts";
import type { FingerprintComponents, ProductCheck, TaskRecord, TaskState } from "./types.ts";

const base: FingerprintComponents = {
  code: "c1",
  params: "p1",
  options: "o1",
  kernel: "k1",
  upstream: { load: "u1", "fit-1": "u2" },
  deps: { "utils/features.py": "d1" },
};

function ok(components: FingerprintComponents = base, fingerprint = "F"): TaskState {
  const record: TaskRecord = {
    fingerprint,
    components,
    products: { "output/x.csv": { size: 1, mtimeMs: 1, hash: "h" } },
    finishedAt: "2026-01-01T00:00:00.000Z",
    durationS: 1,
  };
  return { status: "ok", record };
}

const fine: ProductCheck[] = [{ path: "output/x.csv", status: "ok" }];

interface Case {
  name: string;
  state: TaskState | undefined;
  now?: Partial<FingerprintComponents>;
  fingerprint?: string;
  products?: ProductCheck[];
  force?: boolean;
  words: string[];
}

const cases: Case[] = [
  { name: "keeps an unchanged task", state: ok(), words: [] },
  { name: "runs a task that never ran", state: undefined, words: ["never run"] },
  { name: "runs a forced task", state: ok(), force: true, words: ["forced"] },
  {
    name: "runs a task whose state is unreadable",
    state: { status: "unreadable", warning: "bad" },
    words: ["state unreadable"],
  },
  {
    name: "runs a task whose previous run failed",
    state: { status: "failed", at: "x", interrupted: false },
    words: ["previous run failed"],
  },
  {
    name: "runs a task whose previous run was interrupted",
    state: { status: "failed", at: "x", interrupted: true },
    words: ["previous run was interrupted"],
  },
  {
    name: "reruns a task when its source changes",
    state: ok(),
    now: { code: "c2" },
    words: ["source changed"],
  },
  {
    name: "reruns a task when its params change",
    state: ok(),
    now: { params: "p2" },
    words: ["params changed"],
  },
  {
    name: "reruns a task when its kernel changes",
    state: ok(),
    now: { kernel: "k2" },
    words: ["kernel changed"],
  },
  {
    name: "reruns a task when its options change",
    state: ok(),
    now: { options: "o2" },
    words: ["options changed (product paths, serializer or upstream keys)"],
  },
  {
    name: "reruns a task when an upstream's products change",
    state: ok(),
    now: { upstream: { load: "u9", "fit-1": "u2" } },
    words: ['upstream "load" changed'],
  },
  {
    name: "reruns a task when an upstream is added and another removed",
    state: ok(),
    now: { upstream: { load: "u1", "fit-2": "u3" } },
    words: ['upstream "fit-1" removed', 'upstream "fit-2" added'],
  },
  {
    name: "reruns a task when an imported module changes",
    state: ok(),
    now: { deps: { "utils/features.py": "d2" } },
    words: ["dependency utils/features.py changed"],
  },
  {
    name: "reruns a task when it starts importing a module",
    state: ok(),
    now: { deps: { "utils/features.py": "d1", "utils/io.py": "d3" } },
    words: ["dependency utils/io.py added"],
  },
  {
    name: "reruns a task when a product is missing",
    state: ok(),
    products: [{ path: "output/x.csv", status: "missing" }],
    words: ["product output/x.csv missing"],
  },
  {
    name: "reruns a task when a product was changed by hand",
    state: ok(),
    products: [{ path: "output/x.csv", status: "changed" }],
    words: ["product output/x.csv changed by hand"],
  },
  {
    name: "reruns a task when only the overall fingerprint differs",
    state: ok(base, "OLD"),
    words: ["fingerprint format changed"],
  },
  {
    name: "lists every reason at once",
    state: ok(),
    now: { code: "c2", params: "p2" },
    products: [{ path: "output/x.csv", status: "missing" }],
    force: true,
    words: ["forced", "source changed", "params changed", "product output/x.csv missing"],
  },
];

for (const c of cases) {
  Deno.test(`decide() ${c.name}`, () => {
    const components = { ...base, ...c.now };
    const changed = c.now !== undefined;
    const inputs = { fingerprint: c.fingerprint ?? (changed ? "F2" : "F"), components };
    const d = decide(c.state, { inputs, products: c.products ?? fine, force: c.force });
    assertEquals(d.reasons.map(describeReason), c.words);
    assertEquals(d.run, c.words.length > 0);
  });
}

Deno.test("describeReason() words upstream-outdated as status --why prints it", () => {
  assertEquals(describeReason({ kind: "upstream-outdated", name: "x" }), 'upstream "x" outdated');
});

Deno.test("decide() finds a task up to date when an earlier run has its fingerprint and intact products", () => {
  const inputs = { fingerprint: "F1", components: base };
  const latest = ok({ ...base, params: "p2" }, "F2");
  const earlier = {
    ...(ok(base, "F1") as { record: TaskRecord }).record,
    finishedAt: "2025-12-31T00:00:00.000Z",
  };
  assertEquals(decide(latest, { inputs, products: fine, matched: earlier }), { run: false, reasons: [] });
  const failed: TaskState = { status: "failed", at: "t3", interrupted: false };
  assertEquals(decide(failed, { inputs, products: fine, matched: earlier }).run, false);
  const gone: ProductCheck[] = [{ path: "output/x.csv", status: "missing" }];
  assertEquals(decide(latest, { inputs, products: gone, matched: earlier }).reasons.map(describeReason), [
    "product output/x.csv missing",
  ]);
  assertEquals(decide(latest, { inputs, products: fine }).reasons.map(describeReason), ["params changed"]);
});

Deno.test("decide() says a product was overwritten by a later run when it holds that run's output", () => {
  const inputs = { fingerprint: "F1", components: base };
  const latest = ok({ ...base, params: "p2" }, "F2"); // output/x.csv has hash "h" in this record
  const earlier = { ...(ok(base, "F1") as { record: TaskRecord }).record, products: {} };
  const stat = { size: 1, mtimeMs: 2, hash: "h" };
  const overwritten: ProductCheck[] = [{ path: "output/x.csv", status: "changed", stat }];
  assertEquals(
    decide(latest, { inputs, products: overwritten, matched: earlier }).reasons.map(describeReason),
    [
      "product output/x.csv was overwritten by a later run (other inputs)",
    ],
  );
  const edited: ProductCheck[] = [{ path: "output/x.csv", status: "changed", stat: { ...stat, hash: "e" } }];
  assertEquals(decide(latest, { inputs, products: edited, matched: earlier }).reasons.map(describeReason), [
    "product output/x.csv changed by hand",
  ]);
});
