/**
 * Small shared helpers: hashing, stable JSON, atomic writes, a content-keyed memo file, paths, globs, pools.
 * @module
 */
export { stripAnsi } from "./ansi.ts";
export { atomicWrite } from "./atomic_write.ts";
export { ContentMemo, type ContentMemoOptions, projectMemo } from "./content_memo.ts";
export {
  appendNoFollow,
  asFileSystemError,
  exists,
  existsSync,
  FileSystemError,
  openNoFollow,
  readTextNoFollow,
} from "./fs.ts";
export { globToRegExp, isGlob } from "./glob.ts";
export { sha256Hex } from "./hash.ts";
export * as path from "./path.ts";
export { mapPool } from "./pool.ts";
export { float, plainValue, PyFloat, pythonStr } from "./py_float.ts";
export { stableJson } from "./stable_json.ts";
