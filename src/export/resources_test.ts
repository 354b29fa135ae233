import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { batchResources, kubeResources, memMiB, timeSeconds } from "./resources.ts";

Deno.test("memMiB() reads SLURM memory as MiB (a bare number is MB)", () => {
  const cases: [string, number | undefined][] = [
    ["16G", 16384],
    ["500M", 500],
    ["1.5GB", 1536],
    ["2048", 2048],
    ["1T", 1048576],
    ["100K", 1],
    ["lots", undefined],
  ];
  for (const [mem, want] of cases) assertEquals(memMiB(mem), want, mem);
});

Deno.test("timeSeconds() reads every SLURM time format", () => {
  const cases: [string, number][] = [
    ["30", 1800],
    ["10:30", 630],
    ["1:30:00", 5400],
    ["2-0", 172800],
    ["1-2:30", 95400],
    ["1-0:0:5", 86405],
  ];
  for (const [time, want] of cases) assertEquals(timeSeconds(time), want, time);
});

Deno.test("kubeResources() and batchResources() map cpus, mem and gpus; Batch always gets VCPU and MEMORY", () => {
  const r = { cpus: 4, mem: "8G", gpus: 2, sbatch: [], local: false };
  assertEquals(kubeResources(r), {
    requests: { cpu: "4", memory: "8192Mi" },
    limits: { memory: "8192Mi", "nvidia.com/gpu": "2" },
  });
  assertEquals(kubeResources(undefined), undefined);
  assertEquals(kubeResources({ sbatch: [], local: false }), undefined);
  assertEquals(batchResources(undefined), [{ type: "VCPU", value: "1" }, { type: "MEMORY", value: "2048" }]);
  assertEquals(batchResources(r)[2], { type: "GPU", value: "2" });
});
