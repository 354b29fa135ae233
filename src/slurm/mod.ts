/**
 * Running tasks on a SLURM cluster: a `Runner` that submits each task as one `sbatch` job running
 * plait for that task on the node, and notices its end from the result record the job writes.
 * @module
 */
export { ACTIVE_STATES, type JobInfo, type SlurmCommands, slurmCommands } from "./commands.ts";
export {
  fileStem,
  jobScriptText,
  NODE_PERMISSIONS,
  nodeCommand,
  sbatchOptions,
  shellQuote,
  slurmDir,
} from "./job_script.ts";
export {
  followLog,
  JobRegistry,
  logTail,
  readResult,
  resultPath,
  type ResultRecord,
  writeResult,
} from "./records.ts";
export { SlurmRunner, type SlurmRunnerOptions } from "./slurm_runner.ts";
export { type JobEnd, JobWatcher, type JobWatcherOptions } from "./watcher.ts";
