import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { topoSort } from "./topo.ts";

const deps = (edges: Record<string, string[]>) => new Map(Object.entries(edges));

Deno.test("topoSort() orders a diamond in layers, deterministically", () => {
  //   load
  //   /  \
  // left right
  //   \  /
  //   join
  const r = topoSort(
    ["join", "right", "left", "load"],
    deps({ left: ["load"], right: ["load"], join: ["left", "right"] }),
  );
  assertEquals(r, {
    ok: true,
    order: ["load", "left", "right", "join"],
    layers: [["load"], ["left", "right"], ["join"]],
  });
});

Deno.test("topoSort() names the whole cycle in data-flow order, from the first defined task", () => {
  // load -> clean -> load, and plot hangs below the cycle
  const r = topoSort(["load", "clean", "plot"], deps({ load: ["clean"], clean: ["load"], plot: ["clean"] }));
  assertEquals(r, { ok: false, cycles: [["load", "clean", "load"]] });
  const three = topoSort(["c", "a", "b"], deps({ a: ["c"], b: ["a"], c: ["b"] }));
  assertEquals(three, { ok: false, cycles: [["c", "a", "b", "c"]] });
});

Deno.test("topoSort() names every independent cycle, a self-loop too, in definition order", () => {
  // x <-> y, and below it p -> q -> r -> p; s depends on itself; z hangs below x.
  const r = topoSort(
    ["s", "p", "q", "r", "x", "y", "z", "ok"],
    deps({ x: ["y"], y: ["x"], z: ["x"], q: ["p"], r: ["q"], p: ["r", "x"], s: ["s", "ok"] }),
  );
  assertEquals(r, { ok: false, cycles: [["s", "s"], ["p", "q", "r", "p"], ["x", "y", "x"]] });
});

Deno.test("topoSort() ignores dependencies on unknown nodes", () => {
  assertEquals(topoSort(["a"], deps({ a: ["ghost"] })), { ok: true, order: ["a"], layers: [["a"]] });
});
