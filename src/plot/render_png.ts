/** A TrueType/OpenType font for the rasteriser, with the family name it provides. */
export interface PngFont {
  family: string;
  data: Uint8Array;
  /** Use it for `monospace` (the labels) rather than `sans-serif` (title, legend). */
  monospace?: boolean;
}

/** Options of {@link renderPng}. */
export interface PngOptions {
  /** Fonts to draw text with (resvg has no system fonts here): at least one. */
  fonts: readonly PngFont[];
  /** Pixels per SVG unit (default 2, for sharp text on high-density screens). */
  scale?: number;
}

/**
 * Rasterises an SVG (as {@link renderSvg} writes it) into PNG bytes with resvg (WebAssembly).
 * The caller supplies the fonts, so this does no I/O.
 *
 * @example
 * ```ts ignore
 * const png = await renderPng(renderSvg(graph), { fonts: [{ family: "DejaVu Sans", data }] });
 * ```
 */
export async function renderPng(svg: string, opts: PngOptions): Promise<Uint8Array> {
  const sans = opts.fonts.find((f) => !f.monospace) ?? opts.fonts[0];
  const mono = opts.fonts.find((f) => f.monospace) ?? sans;
  const { Resvg } = await import("../deps_png.ts"); // 2 MB of WebAssembly: loaded only here
  const resvg = await Resvg.async(svg, {
    font: {
      fontBuffers: opts.fonts.map((f) => f.data),
      defaultFontFamily: sans.family,
      sansSerifFamily: sans.family,
      monospaceFamily: mono.family,
    },
    fitTo: { mode: "zoom", value: opts.scale ?? 2 },
    background: "#ffffff",
  });
  try {
    return resvg.render().asPng();
  } finally {
    resvg.free?.();
  }
}
