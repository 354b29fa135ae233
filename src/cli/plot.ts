import { join } from "../util/path.ts";
import { atomicWrite } from "../util/mod.ts";
import { renderHtml, renderSvg } from "../plot/mod.ts";
import { type CliContext, load, out } from "./common.ts";
import { plotGraphOf } from "./plot_graph.ts";

/** Flags of `plot`. */
export interface PlotFlags {
  entry?: string;
  output?: string;
  html?: boolean;
  status?: boolean;
}

/** `plot`: writes the pipeline's graph as SVG (or an offline HTML page), coloured by status. */
export async function runPlot(ctx: CliContext, flags: PlotFlags): Promise<number> {
  const { pipeline } = await load(ctx, flags.entry);
  const graph = await plotGraphOf(pipeline, flags.status !== false);
  const target = flags.output ?? join(pipeline.root, flags.html ? "pipeline.html" : "pipeline.svg");
  const text = flags.html || target.endsWith(".html") ? renderHtml(graph) : renderSvg(graph);
  await atomicWrite(target, text);
  out.line(`wrote ${target}`);
  return 0;
}
