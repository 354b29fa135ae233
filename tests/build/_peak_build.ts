/**
 * Builds the pipeline folder given as the argument in this process, then prints the build's outcome
 * and this process's peak resident memory (VmHWM from its own /proc status) as one JSON line.
 */
import { build } from "../../src/engine/mod.ts";
import { loadPipeline } from "../../src/project/mod.ts";

const { pipeline } = await loadPipeline({ entry: Deno.args[0] });
const { summary } = await build(pipeline, {});
const status = await Deno.readTextFile("/proc/self/status");
const hwmKb = Number(/^VmHWM:\s+(\d+) kB$/m.exec(status)?.[1]);
console.log(JSON.stringify({ ok: summary.ok, hwmKb }));
