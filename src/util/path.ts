/**
 * Small POSIX path helpers (`jsr:@std/path` is not reachable from this project's machines).
 * Paths use `/`; plait targets Linux and macOS.
 */

/** Joins and normalises path segments. */
export function join(...parts: string[]): string {
  return normalize(parts.filter((p) => p !== "").join("/"));
}

/** Resolves segments against the current directory into an absolute, normalised path. */
export function resolve(...parts: string[]): string {
  let out = "";
  for (let i = parts.length - 1; i >= 0 && !out.startsWith("/"); i--) {
    if (parts[i] === "") continue;
    out = out ? `${parts[i]}/${out}` : parts[i];
  }
  if (!out.startsWith("/")) out = `${Deno.cwd()}/${out}`;
  return normalize(out);
}

/** A `.` or `..` segment, a repeated separator or a trailing one: what {@link normalize} changes. */
const NOT_NORMAL = /\/\/|(?:^|\/)\.\.?(?:\/|$)|.\/$/;

/** Collapses `.`, `..` and repeated separators. */
export function normalize(path: string): string {
  if (path !== "" && !NOT_NORMAL.test(path)) return path; // already normal: the common case
  const abs = path.startsWith("/");
  const out: string[] = [];
  for (const seg of path.split("/")) {
    if (seg === "" || seg === ".") continue;
    if (seg === "..") {
      if (out.length && out[out.length - 1] !== "..") out.pop();
      else if (!abs) out.push("..");
    } else out.push(seg);
  }
  const joined = out.join("/");
  return abs ? `/${joined}` : joined || ".";
}

/** The folder part of a path. */
export function dirname(path: string): string {
  const n = normalize(path);
  const i = n.lastIndexOf("/");
  if (i < 0) return ".";
  if (i === 0) return "/";
  return n.slice(0, i);
}

/** The last segment of a path, without `ext` if it ends with it. */
export function basename(path: string, ext = ""): string {
  const n = normalize(path);
  const b = n.slice(n.lastIndexOf("/") + 1);
  return ext && b.endsWith(ext) ? b.slice(0, -ext.length) : b;
}

/** The extension including the dot (`.py`), or the empty string. */
export function extname(path: string): string {
  const b = basename(path);
  const i = b.lastIndexOf(".");
  return i > 0 ? b.slice(i) : "";
}

/** `to` expressed relative to the folder `from` (both made absolute first). */
export function relative(from: string, to: string): string {
  const a = resolve(from).split("/").filter(Boolean);
  const b = resolve(to).split("/").filter(Boolean);
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const up = a.slice(i).map(() => "..");
  return [...up, ...b.slice(i)].join("/") || ".";
}

/** True when `path` is absolute. */
export function isAbsolute(path: string): boolean {
  return path.startsWith("/");
}

/** A path for messages: relative to the current directory when inside it. */
export function displayPath(path: string): string {
  const rel = relative(Deno.cwd(), path);
  return rel.startsWith("../..") ? path : rel;
}

/** Converts a `file://` URL to a path. */
export function fromFileUrl(url: string | URL): string {
  const u = typeof url === "string" ? new URL(url) : url;
  if (u.protocol !== "file:") throw new TypeError(`Cannot convert "${u.href}" to a path: not a file URL`);
  return decodeURIComponent(u.pathname);
}
