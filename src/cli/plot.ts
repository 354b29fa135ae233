import { UsageError } from "../errors/mod.ts";
import { join } from "../util/path.ts";
import { atomicWrite } from "../util/mod.ts";
import { type PngFont, renderHtml, renderPng, renderSvg } from "../plot/mod.ts";
import { type CliContext, load, out } from "./common.ts";
import { clusterGrids, plotGraphOf } from "./plot_graph.ts";

/** Flags of `plot`. */
export interface PlotFlags {
  entry?: string;
  output?: string;
  html?: boolean;
  status?: boolean;
}

type Format = "svg" | "html" | "png";
const FORMATS: readonly Format[] = ["svg", "html", "png"];

/** The output format from `-o`'s extension and `--html`; a usage error for anything else. */
export function plotFormat(output: string | undefined, html?: boolean): Format {
  if (output === undefined) return html ? "html" : "svg";
  const ext = /\.([^./]+)$/.exec(output)?.[1]?.toLowerCase() ?? "";
  if (!FORMATS.includes(ext as Format)) {
    throw new UsageError({
      message: `Cannot write a plot to "${output}": plait writes ${FORMATS.map((f) => `.${f}`).join(", ")}`,
      hint: `e.g. plait plot -o pipeline.png (or pipeline.svg, pipeline.html)`,
    });
  }
  if (html && ext !== "html") {
    throw new UsageError({
      message: `Cannot write an HTML page to "${output}": --html writes .html files`,
      hint: `plait plot --html -o ${output.replace(/\.[^./]+$/, ".html")}, or drop --html for a .${ext}`,
    });
  }
  return ext as Format;
}

/** `plot`: writes the pipeline's graph as SVG, PNG or an offline HTML page, coloured by status. */
export async function runPlot(ctx: CliContext, flags: PlotFlags): Promise<number> {
  const format = plotFormat(flags.output, flags.html);
  const { pipeline } = await load(ctx, flags.entry);
  const target = flags.output ?? join(pipeline.root, `pipeline.${format}`);
  const all = await plotGraphOf(pipeline, flags.status !== false, {
    linksFrom: target,
    clusterAbove: Infinity,
  });
  const graph = clusterGrids(pipeline, all, 8);
  const expanded = graph.nodes.length < all.nodes.length ? all : undefined;
  if (format === "png") {
    await atomicWrite(target, await renderPng(renderSvg(graph), { fonts: await pngFonts() }));
  } else await atomicWrite(target, format === "html" ? renderHtml(graph, { expanded }) : renderSvg(graph));
  out.line(`wrote ${target}`);
  return 0;
}

/** Where Debian (fonts-dejavu-core), Fedora and macOS keep fonts resvg can draw the plot with. */
const FONT_CANDIDATES: readonly (Omit<PngFont, "data"> & { paths: string[] })[] = [
  {
    family: "DejaVu Sans",
    paths: [
      "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
      "/usr/share/fonts/dejavu-sans-fonts/DejaVuSans.ttf",
    ],
  },
  {
    family: "DejaVu Sans",
    paths: [
      "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
      "/usr/share/fonts/dejavu-sans-fonts/DejaVuSans-Bold.ttf",
    ],
  },
  {
    family: "DejaVu Sans Mono",
    monospace: true,
    paths: [
      "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf",
      "/usr/share/fonts/dejavu-sans-mono-fonts/DejaVuSansMono.ttf",
    ],
  },
  {
    family: "Liberation Sans",
    paths: ["/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf"],
  },
  { family: "Arial", paths: ["/System/Library/Fonts/Supplemental/Arial.ttf", "/Library/Fonts/Arial.ttf"] },
  { family: "Courier New", monospace: true, paths: ["/System/Library/Fonts/Supplemental/Courier New.ttf"] },
];

async function pngFonts(): Promise<PngFont[]> {
  const fonts: PngFont[] = [];
  for (const { paths, ...font } of FONT_CANDIDATES) {
    for (const path of paths) {
      const data = await Deno.readFile(path).catch(() => undefined);
      if (data) {
        fonts.push({ ...font, data });
        break;
      }
    }
  }
  if (!fonts.length) {
    throw new UsageError({
      message: "Cannot draw text in a PNG: no DejaVu, Liberation or Arial font found on this machine",
      hint:
        "install one (Debian: apt-get install fonts-dejavu-core), or write SVG: plait plot -o pipeline.svg",
    });
  }
  return fonts;
}
