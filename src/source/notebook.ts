import { sha256Hex, stableJson } from "../util/mod.ts";
import { joinText, splitText } from "./_ipynb.ts";
import type { BuildNotebookMeta, ExecutedCell, Notebook, NotebookCell, NotebookOutput } from "./types.ts";

/**
 * Builds an executed notebook (nbformat 4.5, deterministic cell ids `cell-<index>`). Code cells get
 * their execution count, outputs (reduced to the keys nbformat allows), tags, and timings in
 * `metadata.execution` (`iopub.execute_input`, `shell.execute_reply`) and `metadata.plait.duration`
 * (seconds); markdown and raw cells get no outputs.
 *
 * @example
 * ```ts
 * import { buildNotebook } from "./mod.ts";
 * const nb = buildNotebook(
 *   [{ cellType: "code", source: "print(1)", tags: [], metadata: {}, line: 1, executionCount: 1,
 *      outputs: [{ output_type: "stream", name: "stdout", text: "1\n" }] }],
 *   { kernelName: "python3" },
 * );
 * if (nb.cells[0].execution_count !== 1) throw new Error("unexpected");
 * ```
 */
export function buildNotebook(cells: ExecutedCell[], meta: BuildNotebookMeta): Notebook {
  const language = meta.language ?? "python";
  const languageInfo: Record<string, unknown> = { name: language };
  if (meta.languageVersion) languageInfo.version = meta.languageVersion;
  const metadata: Record<string, unknown> = {
    kernelspec: { display_name: displayName(meta.kernelName, language), language, name: meta.kernelName },
    language_info: languageInfo,
  };
  if (meta.taskName !== undefined || meta.params !== undefined) {
    metadata.plait = {
      ...(meta.taskName !== undefined && { task: meta.taskName }),
      params: meta.params ?? {},
    };
  }
  return { nbformat: 4, nbformat_minor: 5, metadata, cells: cells.map(toNotebookCell) };
}

function displayName(kernelName: string, language: string): string {
  return kernelName === "python3" && language === "python" ? "Python 3 (ipykernel)" : kernelName;
}

function toNotebookCell(cell: ExecutedCell, index: number): NotebookCell {
  const metadata: Record<string, unknown> = { ...cell.metadata };
  if (cell.tags.length) metadata.tags = [...cell.tags];
  const base = { id: `cell-${index}`, metadata, source: splitText(cell.source) };
  if (cell.cellType !== "code") return { cell_type: cell.cellType, ...base };
  if (cell.startedAt && cell.endedAt) {
    metadata.execution = {
      "iopub.execute_input": cell.startedAt.toISOString(),
      "shell.execute_reply": cell.endedAt.toISOString(),
    };
    metadata.plait = { duration: (cell.endedAt.getTime() - cell.startedAt.getTime()) / 1000 };
  }
  const count = cell.executionCount ?? null;
  const outputs = (cell.outputs ?? []).map((o) => normalizeOutput(o, count));
  return { cell_type: "code", execution_count: count, ...base, outputs };
}

/** Keeps only the keys nbformat v4 allows for each output type (kernel messages carry more). */
export function normalizeOutput(o: NotebookOutput, count: number | null): NotebookOutput {
  const metadata = o.metadata && typeof o.metadata === "object" ? o.metadata : {};
  switch (o.output_type) {
    case "stream":
      return {
        output_type: "stream",
        name: o.name === "stderr" ? "stderr" : "stdout",
        text: splitText(joinText(o.text)),
      };
    case "display_data":
      return { output_type: "display_data", data: bundle(o.data), metadata };
    case "execute_result":
      return {
        output_type: "execute_result",
        execution_count: o.execution_count ?? count,
        data: bundle(o.data),
        metadata,
      };
    case "error":
      return {
        output_type: "error",
        ename: String(o.ename ?? ""),
        evalue: String(o.evalue ?? ""),
        traceback: Array.isArray(o.traceback) ? o.traceback.map(String) : [],
      };
    default:
      return o;
  }
}

/** A mime bundle with text values split into lines (JSON values stay as they are). */
function bundle(data: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [mime, v] of Object.entries(data && typeof data === "object" ? data : {})) {
    const isJson = mime === "application/json" || mime.endsWith("+json");
    out[mime] = !isJson && (typeof v === "string" || Array.isArray(v)) ? splitText(joinText(v)) : v;
  }
  return out;
}

/**
 * Serializes a notebook like Jupyter: keys sorted at every level, 1-space indent, trailing newline.
 *
 * @example
 * ```ts
 * import { buildNotebook, serializeNotebook } from "./mod.ts";
 * const text = serializeNotebook(buildNotebook([], { kernelName: "python3" }));
 * if (!text.startsWith('{\n "cells": []') || !text.endsWith("}\n")) throw new Error(text);
 * ```
 */
export function serializeNotebook(nb: Notebook): string {
  return JSON.stringify(JSON.parse(stableJson(nb)), null, 1) + "\n";
}

const VOLATILE_CELL_KEYS = ["execution", "plait", "papermill", "ExecuteTime", "collapsed", "scrolled"];
const VOLATILE_NB_KEYS = ["plait", "papermill", "widgets"];

/**
 * SHA-256 of a notebook's content without volatile metadata (timings, execution dates, durations,
 * papermill/plait run metadata, cell ids), so two runs with identical sources and outputs hash equal.
 * Text that is not notebook JSON is hashed as it is.
 *
 * @example
 * ```ts
 * import { notebookContentHash } from "./mod.ts";
 * const a = '{"cells": [], "metadata": {"plait": {"task": "a"}}, "nbformat": 4, "nbformat_minor": 5}';
 * const b = '{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}';
 * if (notebookContentHash(a) !== notebookContentHash(b)) throw new Error("unexpected");
 * ```
 */
export function notebookContentHash(text: string): string {
  let nb: Record<string, unknown>;
  try {
    nb = JSON.parse(text);
  } catch {
    return sha256Hex(text);
  }
  if (!nb || typeof nb !== "object" || !Array.isArray(nb.cells)) return sha256Hex(text);
  const metadata = { ...(nb.metadata as Record<string, unknown> ?? {}) };
  for (const k of VOLATILE_NB_KEYS) delete metadata[k];
  const cells = (nb.cells as Record<string, unknown>[]).map((c) => {
    const { id: _, metadata: m, ...rest } = c;
    const cellMeta = { ...(m as Record<string, unknown> ?? {}) };
    for (const k of VOLATILE_CELL_KEYS) delete cellMeta[k];
    return canonicalText({ ...rest, metadata: cellMeta });
  });
  return sha256Hex(stableJson({ ...nb, metadata, cells }));
}

/** Joins every list-of-lines text field so `["a\n", "b"]` and `"a\nb"` hash equal. */
function canonicalText(value: unknown, key = ""): unknown {
  if (Array.isArray(value)) {
    const joinable = ["source", "text"].includes(key) || key.includes("/");
    if (joinable && value.every((v) => typeof v === "string") && !key.endsWith("json")) return value.join("");
    return value.map((v) => canonicalText(v));
  }
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, canonicalText(v, k)]));
  }
  return value;
}
