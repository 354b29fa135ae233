import { type Issue, UsageError } from "../errors/mod.ts";

/**
 * Ploomber's CLI spelled the plait way: options Ploomber has are either translated (an alias), accepted
 * with a notice, or refused with a message naming the plait equivalent, never a bare "unknown option".
 */

/** Ploomber's spelling -> plait's, the same everywhere. */
const ALIASES: Record<string, string> = {
  "--entry-point": "--entry",
  "--log-file": "--log-file",
  "-F": "--log-file",
  "-l": "--log",
};

/** Ploomber's spellings that differ by command. */
const COMMAND_ALIASES: Record<string, Record<string, string>> = {
  task: { "-st": "--status" },
  nb: { "-i": "--inject", "-r": "--remove" },
};

/** Options plait takes and ignores, with the notice it prints (and whether they take a value). */
const IGNORED: Record<string, Record<string, { value: boolean; notice: string }>> = {
  plot: {
    "--backend": {
      value: true,
      notice: "plait draws the plot itself (SVG, d3-dag layout): --backend is ignored",
    },
    "-b": { value: true, notice: "plait draws the plot itself (SVG, d3-dag layout): -b is ignored" },
  },
};

/** Ploomber options (per command, `*` for any) plait does not have -> what to use instead. */
const INSTEAD: Record<string, Record<string, string>> = {
  "*": {
    "--include-products": "`plait status` lists each task's products",
  },
  plot: {
    "-i": "`plait status` lists each task's products",
  },
  task: {
    "--build": "`plait task NAME` runs the task (add --force to run it even if up to date)",
    "-b": "`plait task NAME` runs the task (add --force to run it even if up to date)",
    "--source": "`plait status` shows where each task's source is; open that file",
    "-s": "`plait status` shows where each task's source is; open that file",
    "--on-finish": "hooks run as part of `plait task NAME`; use --force to run it (and its on_finish) again",
    "-of": "hooks run as part of `plait task NAME`; use --force to run it (and its on_finish) again",
  },
  nb: {
    "--format": "write sources in the format you want; plait reads percent, light and .ipynb alike",
    "-f": "write sources in the format you want; plait reads percent, light and .ipynb alike",
    "--pair": "plait has no pairing: `plait nb --inject` writes the injected cell into the sources",
    "-p": "plait has no pairing: `plait nb --inject` writes the injected cell into the sources",
    "--sync": "plait has no pairing: `plait nb --inject` writes the injected cell into the sources",
    "-s": "plait has no pairing: `plait nb --inject` writes the injected cell into the sources",
    "--install-hook": "plait strips nothing on commit: run `plait nb --remove` before committing",
    "--uninstall-hook": "plait installs no git hook",
    "--single-click": "plait does not change Jupyter's settings; `plait nb --inject` prepares the sources",
    "--single-click-disable": "plait does not change Jupyter's settings",
  },
  scaffold: {
    "--conda": "plait writes no environment file: install python3-ipykernel (or `pip install ipykernel`)",
    "--package": "plait scaffolds a folder project: `plait scaffold -e my-project`",
    "--empty": "`plait scaffold -e my-project` writes a pipeline.ts with one task to edit",
  },
};

/** Ploomber commands plait does not have -> what to use instead (never one plait defines: `report` is plait's own). */
const COMMANDS: Record<string, string> = {
  interact:
    "build with `plait build`, then open the executed notebooks, or `plait nb --inject` to work in Jupyter",
  examples: "the examples/ folder of plait's repository has runnable pipelines",
  install: "install dependencies with your own tool (pip, conda); plait needs only python3-ipykernel",
  cloud: "plait has no cloud service: `plait build` runs locally",
};

/** What {@link translatePloomberArgs} made of the arguments. */
export interface Translated {
  args: string[];
  notices: string[];
}

function optionName(arg: string): string {
  return arg.startsWith("-") ? arg.split("=")[0] : arg;
}

/**
 * Rewrites Ploomber's spellings into plait's (`--entry-point` -> `--entry`), drops options plait
 * accepts and ignores (with a notice), and throws a {@link UsageError} naming the plait equivalent for
 * Ploomber options and commands plait does not have.
 */
export function translatePloomberArgs(args: readonly string[]): Translated {
  const command = args.find((a) => !a.startsWith("-"));
  if (command && command in COMMANDS) {
    throw new UsageError({
      message: `Cannot run "${command}": that is a Ploomber command plait does not have`,
      hint: `instead: ${COMMANDS[command]}`,
    });
  }
  if (command === "refactor") return { args: [...args], notices: [] };
  const out: string[] = [];
  const notices: string[] = [];
  const issues: Issue[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const name = optionName(arg);
    const ignored = command ? IGNORED[command]?.[name] : undefined;
    if (ignored) {
      notices.push(ignored.notice);
      if (ignored.value && !arg.includes("=")) i++;
      continue;
    }
    const instead = (command && INSTEAD[command]?.[name]) ?? INSTEAD["*"][name];
    if (instead) {
      issues.push({
        message: `Cannot use ${name} with plait ${command ?? ""}`.trimEnd() +
          ": it is a Ploomber option plait does not have",
        hint: `instead: ${instead}`,
      });
      continue;
    }
    const alias = (command && COMMAND_ALIASES[command]?.[name]) ?? ALIASES[name];
    out.push(alias && alias !== name ? alias + arg.slice(name.length) : arg);
  }
  if (issues.length) throw new UsageError(issues);
  return { args: out, notices };
}
