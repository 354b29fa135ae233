/** Result of ordering a graph: an order and layers, or every cycle in it. */
export type TopoResult =
  | { ok: true; order: string[]; layers: string[][] }
  | { ok: false; cycles: string[][] };

/**
 * Kahn's algorithm with sorted ready sets, so the order is deterministic. `deps` maps a
 * node to the nodes it depends on. On cycles, returns each one's full path (`a -> b -> a`).
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
  return { ok: false, cycles: findCycles(left, deps, nodes) };
}

/**
 * Every independent cycle among `left` (one per strongly connected component), each in data-flow
 * order (`load -> clean -> load`) starting from the member defined first, and listed in the
 * order of those first members, so messages read naturally.
 */
function findCycles(
  left: Set<string>,
  deps: ReadonlyMap<string, readonly string[]>,
  nodes: readonly string[],
): string[][] {
  const rank = new Map(nodes.map((n, i) => [n, i]));
  const inLeft = (n: string) => [...(deps.get(n) ?? [])].filter((d) => left.has(d)).sort();
  const cycles: string[][] = [];
  for (const component of components(left, inLeft)) {
    const members = new Set(component);
    const self = component.length === 1 && inLeft(component[0]).includes(component[0]);
    if (component.length === 1 && !self) continue; // downstream of a cycle, not on one
    // Every member depends on another member: walk "depends on" edges until a node repeats.
    const seen = new Map<string, number>();
    const path: string[] = [];
    let cur = component.reduce((a, b) => (rank.get(b)! < rank.get(a)! ? b : a));
    while (!seen.has(cur)) {
      seen.set(cur, path.length);
      path.push(cur);
      cur = inLeft(cur).filter((d) => members.has(d))[0];
    }
    const ring = path.slice(seen.get(cur)!).reverse();
    const first = ring.reduce((best, n, i) => rank.get(n)! < rank.get(ring[best])! ? i : best, 0);
    const rotated = [...ring.slice(first), ...ring.slice(0, first)];
    cycles.push([...rotated, rotated[0]]);
  }
  return cycles.sort((a, b) => rank.get(a[0])! - rank.get(b[0])!);
}

/** Strongly connected components of the graph on `vertices` (Tarjan's algorithm, iterative). */
function components(vertices: Set<string>, edges: (n: string) => string[]): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  for (const root of [...vertices].sort()) {
    if (index.has(root)) continue;
    const work: [string, number][] = [[root, 0]];
    while (work.length) {
      const frame = work[work.length - 1];
      const [v, i] = frame;
      if (i === 0) {
        index.set(v, index.size);
        low.set(v, index.get(v)!);
        stack.push(v);
        onStack.add(v);
      }
      const next = edges(v);
      if (i < next.length) {
        frame[1]++;
        const w = next[i];
        if (!index.has(w)) work.push([w, 0]);
        else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
        continue;
      }
      work.pop();
      if (work.length) {
        const parent = work[work.length - 1][0];
        low.set(parent, Math.min(low.get(parent)!, low.get(v)!));
      }
      if (low.get(v) === index.get(v)) {
        const component: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          component.push(w);
        } while (w !== v);
        out.push(component);
      }
    }
  }
  return out;
}
