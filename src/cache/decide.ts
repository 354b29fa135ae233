import type {
  Decision,
  FingerprintComponents,
  ProductCheck,
  Reason,
  TaskInputs,
  TaskRecord,
  TaskState,
} from "./types.ts";

/** What `decide()` compares the stored state against. */
export interface DecideFacts {
  /** The task's current inputs (`computeInputs`). */
  readonly inputs: TaskInputs;
  /** Its products on disk compared with the record (`checkProducts`). */
  readonly products: readonly ProductCheck[];
  /** `--force`: run whatever the state says. */
  readonly force?: boolean;
  /**
   * The remembered successful run whose fingerprint equals the current one, if any (it may be older
   * than the last run: a configuration switched back to). Its products must still be intact.
   */
  readonly matched?: TaskRecord;
}

/**
 * Decides whether a task must run, and why. Pure: no I/O. A remembered run with the current
 * fingerprint (`facts.matched`) makes it up to date when its products are intact, whatever ran last.
 *
 * @example
 * ```ts
 * import { decide, describeReason } from "./mod.ts";
 * const inputs = { fingerprint: "f", components: { code: "c", params: "p", options: "o", kernel: "k", upstream: {}, deps: {} } };
 * const d = decide(undefined, { inputs, products: [] });
 * if (!d.run || describeReason(d.reasons[0]) !== "never run") throw new Error("unexpected");
 * ```
 */
export function decide(state: TaskState | undefined, facts: DecideFacts): Decision {
  const reasons: Reason[] = facts.force ? [{ kind: "forced" }] : [];
  if (facts.matched && state?.status !== "unreadable") {
    const latest = state?.status === "ok" && state.record !== facts.matched ? state.record : undefined;
    reasons.push(...productChanges(facts.products, latest));
  } else if (state === undefined) reasons.push({ kind: "never-run" });
  else if (state.status === "unreadable") reasons.push({ kind: "state-unreadable", warning: state.warning });
  else if (state.status === "failed") {
    reasons.push({ kind: "previous-failed", interrupted: state.interrupted });
  } else {
    const recorded = state.record;
    const changes = componentChanges(recorded.components, facts.inputs.components);
    if (recorded.fingerprint !== facts.inputs.fingerprint && changes.length === 0) {
      changes.push({ kind: "fingerprint-changed" });
    }
    reasons.push(...changes, ...productChanges(facts.products));
  }
  return { run: reasons.length > 0, reasons };
}

/** Missing and changed products; `later` is a later run whose writing a product now holds, if any. */
function productChanges(products: readonly ProductCheck[], later?: TaskRecord): Reason[] {
  return products.flatMap((p): Reason[] => {
    if (p.status === "missing") return [{ kind: "product-missing", path: p.path }];
    if (p.status !== "changed") return [];
    const byLaterRun = !!later && p.stat !== undefined && later.products[p.path]?.hash === p.stat.hash;
    return [
      byLaterRun
        ? { kind: "product-changed", path: p.path, byLaterRun }
        : { kind: "product-changed", path: p.path },
    ];
  });
}

function componentChanges(before: FingerprintComponents, now: FingerprintComponents): Reason[] {
  const out: Reason[] = [];
  if (before.code !== now.code) out.push({ kind: "source-changed" });
  if (before.params !== now.params) out.push({ kind: "params-changed" });
  if (before.options !== now.options) out.push({ kind: "options-changed" });
  if (before.kernel !== now.kernel) out.push({ kind: "kernel-changed" });
  for (const [name, change] of mapChanges(before.upstream, now.upstream)) {
    out.push({ kind: "upstream", name, change });
  }
  for (const [path, change] of mapChanges(before.deps, now.deps)) {
    out.push({ kind: "dependency", path, change });
  }
  return out;
}

type Change = "changed" | "added" | "removed";

function mapChanges(
  before: Readonly<Record<string, string>>,
  now: Readonly<Record<string, string>>,
): [string, Change][] {
  const out: [string, Change][] = [];
  const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(now)])].sort();
  for (const k of keys) {
    const a = before?.[k];
    const b = now[k];
    if (a === b) continue;
    out.push([k, a === undefined ? "added" : b === undefined ? "removed" : "changed"]);
  }
  return out;
}

/**
 * A reason in words, as `status --why` prints it.
 *
 * @example
 * ```ts
 * import { describeReason } from "./mod.ts";
 * const words = describeReason({ kind: "dependency", path: "utils/features.py", change: "changed" });
 * if (words !== "dependency utils/features.py changed") throw new Error(words);
 * ```
 */
export function describeReason(reason: Reason): string {
  switch (reason.kind) {
    case "never-run":
      return "never run";
    case "forced":
      return "forced";
    case "state-unreadable":
      return "state unreadable";
    case "previous-failed":
      return reason.interrupted ? "previous run was interrupted" : "previous run failed";
    case "source-changed":
      return "source changed";
    case "params-changed":
      return "params changed";
    case "options-changed":
      return "options changed (product paths, serializer or upstream keys)";
    case "kernel-changed":
      return "kernel changed";
    case "upstream":
      return `upstream "${reason.name}" ${reason.change}`;
    case "upstream-outdated":
      return `upstream "${reason.name}" outdated`;
    case "dependency":
      return `dependency ${reason.path} ${reason.change}`;
    case "product-missing":
      return `product ${reason.path} missing`;
    case "product-changed":
      return reason.byLaterRun
        ? `product ${reason.path} was overwritten by a later run (other inputs)`
        : `product ${reason.path} changed by hand`;
    case "fingerprint-changed":
      return "fingerprint format changed";
  }
}
