import type { PlotGraph } from "../plot/mod.ts";

/** A task as the page describes it: what the CLI read from the pipeline and its state. */
export interface ServeTask {
  name: string;
  /** Absolute path of the script or notebook (or a function's module). */
  sourcePath?: string;
  /** What to call the source: `tasks/load.py`, `tasks.features.sepal`, `TypeScript`. */
  sourceLabel: string;
  params: Readonly<Record<string, unknown>>;
  /** Products, paths relative to the pipeline folder. */
  products: readonly { key: string; path: string }[];
  upstream: readonly string[];
  doc?: string;
  /** Between builds: why a build would run it (empty when up to date). */
  reasons: readonly string[];
}

/** The graph and its tasks at rest (statuses from the recorded state, not a build). */
export interface ServeGraph {
  plot: PlotGraph;
  tasks: ReadonlyMap<string, ServeTask>;
}

/** What a build started from the page answered. */
export interface StartedBuild {
  ok: boolean;
  message: string;
}

/**
 * What the server needs from a project, given by the CLI: serve reads the graph and the build
 * events, never the engine.
 */
export interface ServeProject {
  /** The pipeline folder (products and `.plait/` live under it). */
  root: string;
  title: string;
  /** Loads the graph and statuses at rest; called at start and after each build. */
  graph(): Promise<ServeGraph>;
  /** Starts a build in another process (its events arrive like any other build's). */
  startBuild?(opts: { force: boolean }): Promise<StartedBuild>;
  /** An executed notebook (absolute `.ipynb` path) as HTML, as nbconvert renders it; undefined if it cannot. */
  renderNotebook?(file: string): Promise<string | undefined>;
}
