import type { Notebook } from "./types.ts";

/** Renders an executed notebook as one self-contained HTML page (no external resources). */
export function renderNotebookHtml(nb: Notebook, title: string): string {
  throw new Error(`not implemented ${nb}${title}`);
}
