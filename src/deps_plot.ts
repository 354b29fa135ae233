/**
 * The layout library, kept apart from `deps.ts` so that only `plot` pays for loading it.
 *
 * @module
 */
export {
  coordCenter,
  coordGreedy,
  coordQuad,
  decrossTwoLayer,
  graphStratify,
  layeringLongestPath,
  layeringSimplex,
  sugiyama,
} from "npm:d3-dag@1.2.2";
export type { Coord, Decross, LayoutResult, SugiNode } from "npm:d3-dag@1.2.2";
