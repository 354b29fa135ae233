import type { Layout, PlacedEdge, PlacedNode } from "./_layout.ts";

const GAP = 48;
/** Room above and below the bands for edges that go on in the next band. */
const LANE = 24;
/** Wrap when the drawing is this many times taller than wide. */
const TALL = 2.5;
/** ...and taller than this (about ten rows of boxes): short chains stay one column. */
const MIN_HEIGHT = 900;
/** Width : height the wrapped drawing aims at. */
const ASPECT = 1.5;

/**
 * Wraps a tall top-to-bottom layout (a long chain) into side-by-side bands, like a newspaper's
 * columns, so the page keeps a sane aspect. An edge that goes on in the next band is drawn from
 * the bottom of its source up to the top of its target.
 */
export function wrapTall(layout: Layout): Layout {
  const w = Math.max(layout.width, 160);
  if (layout.direction !== "TB" || layout.height <= Math.max(TALL * w, MIN_HEIGHT)) return layout;
  const bands = Math.max(2, Math.round(Math.sqrt((ASPECT * layout.height) / w)));
  const bandOf = new Map<string, number>();
  const span = layout.height / bands;
  for (const n of layout.nodes) bandOf.set(n.node.id, Math.min(bands - 1, Math.floor(n.y / span)));
  const top: number[] = Array(bands).fill(Infinity);
  for (const n of layout.nodes) {
    const b = bandOf.get(n.node.id)!;
    top[b] = Math.min(top[b], n.y - n.height / 2);
  }
  const shift = (b: number) =>
    [b * (layout.width + GAP), LANE - (Number.isFinite(top[b]) ? top[b] : 0)] as const;
  const move = (b: number, [x, y]: [number, number]): [number, number] => {
    const [dx, dy] = shift(b);
    return [x + dx, y + dy];
  };
  const byId = new Map<string, PlacedNode>();
  const nodes = layout.nodes.map((n) => {
    const [x, y] = move(bandOf.get(n.node.id)!, [n.x, n.y]);
    const placed = { ...n, x, y };
    byId.set(n.node.id, placed);
    return placed;
  });
  const edges = layout.edges.map((e): PlacedEdge => {
    const [a, b] = [bandOf.get(e.from)!, bandOf.get(e.to)!];
    if (a === b) return { ...e, points: e.points.map((p) => move(a, p)) };
    const from = byId.get(e.from)!;
    const to = byId.get(e.to)!;
    // Down out of the source, along the gap after its band, up above the target's band, down into it.
    const [x0, y0] = [from.x, from.y + from.height / 2];
    const [x1, y1] = [to.x, to.y - to.height / 2];
    const gx = (a + 1) * (layout.width + GAP) - GAP / 2;
    const [below, above] = [y0 + LANE / 2, y1 - LANE / 2];
    return { ...e, points: [[x0, y0], [x0, below], [gx, below], [gx, above], [x1, above], [x1, y1]] };
  });
  const height = Math.max(...nodes.map((n) => n.y + n.height / 2)) + LANE;
  return { ...layout, nodes, edges, width: bands * layout.width + (bands - 1) * GAP, height };
}
