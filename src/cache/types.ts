/** What plait remembers about one product file or folder after a successful run. */
export interface ProductStat {
  /** Size in bytes (for a folder: the sum of its files' sizes). */
  readonly size: number;
  /** Modification time in ms (for a folder: the latest of its files'). */
  readonly mtimeMs: number;
  /** Content hash (see `hashProduct`). */
  readonly hash: string;
  /** For a folder: a hash of its listing (relative path, size, mtime, inode of each file), the stat-cache key. */
  readonly listing?: string;
  /** A file's inode: with size and mtime, the stat-cache key (a file replaced by another is read again). */
  readonly ino?: number;
}

/**
 * The pieces of a task's fingerprint, each a hash, so an explanation can say which one changed.
 * Maps are keyed by upstream task name / project-relative path.
 */
export interface FingerprintComponents {
  /** The task's code: code cells only, comments and blank lines ignored. */
  readonly code: string;
  /** `task.params` (grid values included). */
  readonly params: string;
  /** Options that change results: product paths, serializer, unserializer, upstream keys. */
  readonly options: string;
  /** Kernel name plus the interpreter identity given by the caller. */
  readonly kernel: string;
  /** Upstream name -> hash of its products as recorded after it last succeeded (`"none"` if never). */
  readonly upstream: Readonly<Record<string, string>>;
  /** Declared extra files (`task.deps`) and imported project modules -> content hash (`"missing"`). */
  readonly deps: Readonly<Record<string, string>>;
}

/** A task's current inputs: the components and one overall fingerprint over them. */
export interface TaskInputs {
  readonly fingerprint: string;
  readonly components: FingerprintComponents;
}

/** What the state store keeps for a task after it succeeded. */
export interface TaskRecord {
  readonly fingerprint: string;
  readonly components: FingerprintComponents;
  /** Product path (relative to the pipeline folder, as declared) -> stat and hash. */
  readonly products: Readonly<Record<string, ProductStat>>;
  /** ISO time the run finished. */
  readonly finishedAt: string;
  readonly durationS: number;
}

/** A task's entry in the state store. */
export type TaskState =
  | { readonly status: "ok"; readonly record: TaskRecord }
  /** The last run failed (`invalidate`) or was started and never finished (`recordStart` then a crash). */
  | { readonly status: "failed"; readonly at: string; readonly interrupted: boolean }
  /** The entry could not be read (corrupt or truncated state). */
  | { readonly status: "unreadable"; readonly warning: string };

/** The state of one product on disk compared with the record. */
export interface ProductCheck {
  /** As declared, relative to the pipeline folder. */
  readonly path: string;
  /** `unchecked`: there is no record to compare with. */
  readonly status: "ok" | "missing" | "changed" | "unchecked";
  /** Current stat and hash (absent when missing or unchecked). */
  readonly stat?: ProductStat;
}

/** Why a task must run (or is outdated). */
export type Reason =
  | { readonly kind: "never-run" }
  | { readonly kind: "forced" }
  | { readonly kind: "state-unreadable"; readonly warning: string }
  | { readonly kind: "previous-failed"; readonly interrupted: boolean }
  | { readonly kind: "source-changed" }
  | { readonly kind: "params-changed" }
  | { readonly kind: "options-changed" }
  | { readonly kind: "kernel-changed" }
  | { readonly kind: "upstream"; readonly name: string; readonly change: "changed" | "added" | "removed" }
  | { readonly kind: "upstream-outdated"; readonly name: string }
  | { readonly kind: "dependency"; readonly path: string; readonly change: "changed" | "added" | "removed" }
  | { readonly kind: "product-missing"; readonly path: string }
  /** `byLaterRun`: the product holds what a later run (other inputs) wrote, not this run's output. */
  | { readonly kind: "product-changed"; readonly path: string; readonly byLaterRun?: boolean }
  | { readonly kind: "fingerprint-changed" };

/** The outcome of `decide()`. */
export interface Decision {
  readonly run: boolean;
  readonly reasons: readonly Reason[];
}
