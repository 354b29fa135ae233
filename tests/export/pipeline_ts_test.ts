/**
 * A pipeline.ts project: its `export:` settings reach the output, and each step runs the
 * pipeline itself (`deno run pipeline.ts task NAME --no-lock`). TypeScript function tasks, so no
 * kernel:   make --> use
 */
import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { parseDocument } from "../../src/deps.ts";
import { path } from "../../src/util/mod.ts";
import { Job } from "./_deps.ts";
import { withStub } from "./_graphs.ts";
import { localArgv, plait, statusOf, writeProject } from "./_project.ts";

const MOD = new URL("../../mod.ts", import.meta.url).href;
const PIPELINE = `import { pipeline } from "${MOD}";

export default pipeline({ export: { image: "reg.example/p:1", k8s: { namespace: "ts-ns" } } })
  .task("make", {
    run: async (ctx) => {
      await Deno.mkdir(\`\${ctx.root}/out\`, { recursive: true });
      await Deno.writeTextFile(\`\${ctx.root}/out/make.txt\`, "1");
    },
    product: "out/make.txt",
  })
  .task("use", {
    upstream: ["make"],
    run: async (ctx) => {
      const n = Number(await Deno.readTextFile(\`\${ctx.root}/out/make.txt\`));
      await Deno.writeTextFile(\`\${ctx.root}/out/use.txt\`, String(n + 1));
    },
    product: "out/use.txt",
  })
  .main(import.meta);
`;

Deno.test("export from a pipeline.ts: its export: settings apply, and a step runs the pipeline for one task", async () => {
  const { root, dir } = await writeProject({ "pipeline.ts": PIPELINE });
  try {
    const r = await plait(dir, ["export", "k8s", "-e", "pipeline.ts"]);
    assertEquals(r.code, 0, r.err);
    const jobs = [...Deno.readDirSync(path.join(dir, "export/k8s/jobs"))].map((e) => e.name).sort();
    assertEquals(jobs, ["1-make.yaml", "2-use.yaml"]);
    const job = parseDocument(await Deno.readTextFile(path.join(dir, "export/k8s/jobs/1-make.yaml"))).toJS();
    new Job(job).validate();
    const c = job.spec.template.spec.containers[0];
    assertEquals([job.metadata.namespace, c.image], ["ts-ns", "reg.example/p:1"]);
    const argv = localArgv([...c.command, ...c.args]);
    assertEquals(argv.slice(-5), ["--allow-import", "pipeline.ts", "task", "make", "--no-lock"]);
    const docker = await Deno.readTextFile(path.join(dir, "export/k8s/Dockerfile"));
    assert(docker.includes("RUN deno cache pipeline.ts"), docker);

    const step = await new Deno.Command(argv[0], {
      args: argv.slice(1),
      cwd: dir,
      stdout: "piped",
      stderr: "piped",
    })
      .output();
    assertEquals(step.code, 0, new TextDecoder().decode(step.stderr));
    const s = await statusOf(dir);
    assertEquals([s.get("make")!.outdated, s.get("use")!.outdated], [false, true]);
    assertEquals(await Deno.readTextFile(path.join(dir, "out/make.txt")), "1");
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("export from a pipeline.ts without .main(import.meta) says how to fix it", async () => {
  const { root, dir } = await writeProject({ "pipeline.ts": PIPELINE.replace(".main(import.meta)", "") });
  try {
    const r = await plait(dir, ["export", "argo", "-e", "pipeline.ts"]);
    assertEquals(r.code, 2, r.err);
    assert(r.err.includes("does not end with .main(import.meta)"), r.err);
    assertEquals(await Deno.stat(path.join(dir, "export")).then(() => true, () => false), false);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("k8s apply.sh applies a layer only after the one before succeeded, and stops at a failed Job", async () => {
  const { root, dir } = await writeProject({ "pipeline.ts": PIPELINE });
  try {
    assertEquals((await plait(dir, ["export", "k8s", "--mode", "regular", "-e", "pipeline.ts"])).code, 0);
    // the stub kubectl says the Job of "make" succeeded and the Job of "use" failed
    const stub = 'if [ "$1" = get ]; then case "$*" in *-use\\ *) printf /1 ;; *) printf 1/ ;; esac; fi\n';
    let result: Deno.CommandOutput | undefined;
    const calls = await withStub("kubectl", stub, async (env) => {
      result = await new Deno.Command("sh", {
        args: [path.join(dir, "export/k8s/apply.sh")],
        env,
        stderr: "piped",
      })
        .output();
    });
    assertEquals(result!.code, 1);
    assert(new TextDecoder().decode(result!.stderr).includes("-use failed"));
    assertEquals(calls.map((c) => c.slice(0, 3).join(" ")), [
      "apply -n ts-ns",
      "get -n ts-ns",
      "apply -n ts-ns",
      "get -n ts-ns",
    ]);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
