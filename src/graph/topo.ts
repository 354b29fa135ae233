/** Result of ordering a graph: an order and layers, or the first cycle found. */
export type TopoResult =
  | { ok: true; order: string[]; layers: string[][] }
  | { ok: false; cycle: string[] };

/**
 * Kahn's algorithm with sorted ready sets, so the order is deterministic. `deps` maps a
 * node to the nodes it depends on. On a cycle, returns its full path (`a -> b -> a`).
 */
export function topoSort(nodes: readonly string[], deps: ReadonlyMap<string, readonly string[]>): TopoResult {
  const indeg = new Map<string, number>();
  const down = new Map<string, string[]>();
  for (const n of nodes) {
    indeg.set(n, 0);
    down.set(n, []);
  }
  for (const n of nodes) {
    for (const d of deps.get(n) ?? []) {
      if (!indeg.has(d)) continue;
      indeg.set(n, indeg.get(n)! + 1);
      down.get(d)!.push(n);
    }
  }
  const order: string[] = [];
  const layers: string[][] = [];
  let ready = nodes.filter((n) => indeg.get(n) === 0).sort();
  while (ready.length) {
    layers.push(ready);
    order.push(...ready);
    const next: string[] = [];
    for (const n of ready) {
      for (const m of down.get(n)!) {
        const k = indeg.get(m)! - 1;
        indeg.set(m, k);
        if (k === 0) next.push(m);
      }
    }
    ready = next.sort();
  }
  if (order.length === nodes.length) return { ok: true, order, layers };
  const left = new Set(nodes.filter((n) => indeg.get(n)! > 0));
  return { ok: false, cycle: findCycle(left, deps, nodes) };
}

/**
 * A cycle among `left` in data-flow order (`load -> clean -> load`), starting from the
 * member that comes first in `nodes` (the definition order), so messages read naturally.
 */
function findCycle(
  left: Set<string>,
  deps: ReadonlyMap<string, readonly string[]>,
  nodes: readonly string[],
): string[] {
  // Every node left has a dependency that is also left; walk until a node repeats.
  const start = [...left].sort()[0];
  const seen = new Map<string, number>();
  const path: string[] = [];
  let cur = start;
  while (!seen.has(cur)) {
    seen.set(cur, path.length);
    path.push(cur);
    cur = [...(deps.get(cur) ?? [])].filter((d) => left.has(d)).sort()[0];
  }
  // path follows "depends on" edges; report in data-flow order (upstream first).
  const ring = path.slice(seen.get(cur)!).reverse();
  const rank = (n: string) => nodes.indexOf(n);
  const first = ring.reduce((best, n, i) => rank(n) < rank(ring[best]) ? i : best, 0);
  const rotated = [...ring.slice(first), ...ring.slice(0, first)];
  return [...rotated, rotated[0]];
}
