import { UsageError } from "../errors/mod.ts";
import { atomicWrite } from "../util/mod.ts";
import { dirname, join, relative, resolve } from "../util/path.ts";
import { Hub, listBuilds, readBuild } from "../serve/mod.ts";
import { renderReport } from "../serve/report.ts";
import { type CliContext, load, out } from "./common.ts";
import { serveGraphOf } from "./serve.ts";

/** Flags of `report`. */
export interface ReportFlags {
  entry?: string;
  output?: string;
}

/** `report`: the last build (from `.plait/events/`) as one self-contained HTML file. */
export async function runReport(ctx: CliContext, flags: ReportFlags): Promise<number> {
  const { pipeline } = await load(ctx, flags.entry);
  const ids = await listBuilds(pipeline.root);
  const id = ids.at(-1);
  if (!id) {
    throw new UsageError({
      message: `Cannot write a report for "${pipeline.file}": no build recorded in .plait/events/`,
      hint: "run `plait build` first",
    });
  }
  const { header, events } = await readBuild(pipeline.root, id);
  const hub = new Hub();
  if (header) hub.ingest(id, [header, ...events]);
  hub.reap(Number.POSITIVE_INFINITY);
  const build = hub.builds.get(id)!;
  const target = resolve(flags.output ?? join(pipeline.root, "report.html"));
  const graph = await serveGraphOf(pipeline);
  const html = renderReport(graph, build, {
    title: pipeline.root.split("/").pop() || "pipeline",
    notebookLink: (name) => {
      const nb = graph.tasks.get(name)?.products.find((p) => /\.(ipynb|html)$/i.test(p.path));
      return nb ? relative(dirname(target), join(pipeline.root, nb.path)) : undefined;
    },
  });
  await atomicWrite(target, html);
  out.line(`wrote ${target} (build ${id}, ${build.tasks.size} tasks)`);
  return 0;
}
