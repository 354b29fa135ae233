/**
 * The command-line parser, kept apart from `deps.ts` so that `--version` and the node's
 * `_slurm-task` (parsed by hand, see `src/cli/main.ts`) never load it.
 *
 * @module
 */
export { Command, Option } from "npm:@commander-js/extra-typings@15.1.0";
