import {
  type Coord,
  coordCenter,
  coordGreedy,
  coordQuad,
  type Decross,
  decrossTwoLayer,
  type SugiNode,
} from "../deps_plot.ts";

type Node = SugiNode<{ id: string }, unknown>;

/**
 * decrossTwoLayer counts crossings pairwise: one pass costs about (edges between two layers)²
 * summed over layers, ~0.6 µs per unit. Passes are capped to stay around 300 ms; beyond
 * even one pass, cheap barycenter sweeps take over.
 */
const DECROSS_BUDGET = 500_000;
const MAX_PASSES = 24;
const BARYCENTER_SWEEPS = 4;
/** coordQuad solves a dense quadratic program: fine below this many (real + dummy) nodes. */
const QUAD_MAX_NODES = 60;
/** coordGreedy grows super-linearly too (10 s at 16k nodes); coordCenter is linear. */
const GREEDY_MAX_NODES = 2000;

/**
 * Node ordering within layers: start from node-id order (d3-dag's own initial order follows
 * its internal iteration order), then remove crossings with as many two-layer passes as the
 * graph's size allows. Deterministic.
 */
export function decrossById(order: ReadonlyMap<string, number>): Decross<{ id: string }, unknown> {
  const key = (n: Node): [number, number] =>
    n.data.role === "node"
      ? [order.get(n.data.node.data.id)!, -1]
      : [order.get(n.data.link.source.data.id)!, order.get(n.data.link.target.data.id)!];
  return (layers: Node[][]) => {
    for (const layer of layers) {
      layer.sort((a, b) => {
        const [a0, a1] = key(a), [b0, b1] = key(b);
        return a0 - b0 || a1 - b1;
      });
    }
    const passes = Math.min(MAX_PASSES, Math.floor(DECROSS_BUDGET / crossingWork(layers)));
    if (passes >= 1) decrossTwoLayer().inits([]).passes(passes)(layers);
    else barycenterSweeps(layers, BARYCENTER_SWEEPS);
  };
}

/** Sum over adjacent layer pairs of (edges between them)², at least 1. */
function crossingWork(layers: Node[][]): number {
  let work = 1;
  for (const layer of layers) {
    let edges = 0;
    for (const node of layer) edges += node.nchildren();
    work += edges * edges;
  }
  return work;
}

/** Alternating down/up sweeps sorting each layer by the mean position of its neighbours. */
function barycenterSweeps(layers: Node[][], sweeps: number): void {
  for (let s = 0; s < sweeps; s++) {
    const down = s % 2 === 0;
    const range = down ? [...layers.keys()].slice(1) : [...layers.keys()].reverse().slice(1);
    for (const i of range) {
      const ref = layers[down ? i - 1 : i + 1];
      const pos = new Map(ref.map((n, j) => [n, j]));
      const bary = new Map<Node, number>();
      layers[i].forEach((n, j) => {
        const near = [...(down ? n.parents() : n.children())].map((m) => pos.get(m)!);
        bary.set(
          n,
          near.length ? near.reduce((a, b) => a + b, 0) / near.length : j * (ref.length / layers[i].length),
        );
      });
      layers[i].sort((a, b) => bary.get(a)! - bary.get(b)!);
    }
  }
}

/**
 * Coordinates by size (real + dummy nodes): quadratic programming for small graphs (straightest
 * edges), greedy for medium ones, centred layers for huge ones.
 */
export function coordBySize(): Coord<{ id: string }, unknown> {
  return (layers, sep) => {
    const count = layers.reduce((n, layer) => n + layer.length, 0);
    const coord = count <= QUAD_MAX_NODES
      ? coordQuad()
      : count <= GREEDY_MAX_NODES
      ? coordGreedy()
      : coordCenter();
    return coord(layers, sep);
  };
}
