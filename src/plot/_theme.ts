import type { NodeStatus } from "./plot_graph.ts";

/** How a status is drawn: a tinted box, a saturated border and accent stripe. */
export interface StatusStyle {
  fill: string;
  stroke: string;
  dashed: boolean;
  /** Legend wording. */
  label: string;
}

/** Status colours (Tailwind-like palette: tint 100, accent 600). */
export const STATUS_STYLE: Readonly<Record<NodeStatus, StatusStyle>> = {
  "up-to-date": { fill: "#dcfce7", stroke: "#16a34a", dashed: false, label: "up to date" },
  "outdated": { fill: "#fef3c7", stroke: "#d97706", dashed: false, label: "outdated" },
  "failed": { fill: "#fee2e2", stroke: "#dc2626", dashed: false, label: "failed" },
  "never-run": { fill: "#f3f4f6", stroke: "#6b7280", dashed: false, label: "never run" },
  "skipped": { fill: "#fafafa", stroke: "#b4b9c2", dashed: true, label: "skipped" },
  "running": { fill: "#dbeafe", stroke: "#2563eb", dashed: false, label: "running" },
  "unknown": { fill: "#ffffff", stroke: "#475569", dashed: false, label: "unknown" },
};

/** Fonts and sizes. Labels are monospace so that their width can be estimated without a browser. */
export const THEME = {
  monoFont: 'ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", "Liberation Mono", monospace',
  sansFont: 'system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", "Liberation Sans", sans-serif',
  labelSize: 13,
  sublabelSize: 11,
  /** Advance of one monospace character, in em. */
  charEm: 0.61,
  text: "#0f172a",
  subtext: "#475569",
  edge: "#94a3b8",
  /** Horizontal padding inside a box, each side. */
  padX: 12,
  /** Width of the coloured stripe on a box's leading edge. */
  accent: 5,
  radius: 6,
  minWidth: 96,
  maxWidth: 300,
  height: 36,
  heightWithSublabel: 50,
  margin: 16,
} as const;

/** Estimated width in pixels of `text` in the monospace font at `size`. */
export function textWidth(text: string, size: number): number {
  return [...text].length * size * THEME.charEm;
}

/** How many characters fit in `width` pixels at `size`. */
export function charsFitting(width: number, size: number): number {
  return Math.floor(width / (size * THEME.charEm));
}
