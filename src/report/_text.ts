import { stripAnsi } from "../util/mod.ts";

/** Seconds as a clock: `0:07`, `12:34`, `1:02:03`. */
export function clock(seconds: number): string {
  const t = Math.max(0, Math.floor(seconds));
  const [h, m, s] = [Math.floor(t / 3600), Math.floor((t % 3600) / 60), t % 60];
  const ss = String(s).padStart(2, "0");
  return h ? `${h}:${String(m).padStart(2, "0")}:${ss}` : `${m}:${ss}`;
}

/** Cuts a line (which may hold ANSI colours) to `width` visible characters, ending in `…` if cut. */
export function fitWidth(text: string, width: number): string {
  const plain = stripAnsi(text);
  if (plain.length <= width) return text;
  return plain.slice(0, Math.max(0, width - 1)) + "…";
}

/** Shortens `text` to `width` characters by replacing its middle with `…` (paths keep both ends). */
export function truncateMiddle(text: string, width: number): string {
  if (text.length <= width) return text;
  if (width <= 1) return text.slice(0, width);
  const keep = width - 1;
  const head = Math.ceil(keep / 2);
  return text.slice(0, head) + "…" + text.slice(text.length - (keep - head));
}
