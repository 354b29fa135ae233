/**
 * The SVG rasteriser (resvg compiled to WebAssembly, the module inlined: no native addon, no
 * file to locate), kept apart so that only `plot -o x.png` pays for loading it.
 *
 * @module
 */
export { Resvg } from "npm:@cf-wasm/resvg@0.3.5/node";
