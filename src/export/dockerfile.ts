import { PLAIT_HOME } from "./plan.ts";
import type { ExportFile, ExportPlan } from "./types.ts";

/** The project's Python environment, as Soopervisor reads it. */
export type PythonEnv = "requirements.txt" | "environment.yml" | "environment.yaml" | "none";

/** Options for {@link dockerFiles}. */
export interface DockerOptions {
  readonly python: PythonEnv;
  /** The output folder, relative to the project (the Docker build context). */
  readonly outDir: string;
  /** Deno's version, for the image's Deno. */
  readonly denoVersion: string;
}

function pythonLayers(python: PythonEnv): string[] {
  if (python === "environment.yml" || python === "environment.yaml") {
    return [
      "FROM mambaorg/micromamba:1.5-bookworm-slim",
      "USER root",
      `COPY ${python} /tmp/environment.yml`,
      "RUN micromamba install -y -n base -f /tmp/environment.yml \\",
      "    && micromamba install -y -n base -c conda-forge ipykernel \\",
      "    && micromamba clean -a -y",
      "ENV PATH=/opt/conda/bin:$PATH",
    ];
  }
  const req = python === "requirements.txt"
    ? [
      "COPY requirements.txt /tmp/requirements.txt",
      "RUN pip install --no-cache-dir -r /tmp/requirements.txt ipykernel",
    ]
    : ["RUN pip install --no-cache-dir ipykernel"];
  return ["FROM python:3.12-slim", ...req];
}

/**
 * A `Dockerfile` (and its `Dockerfile.dockerignore`) building the image every step runs in: Python
 * with ipykernel and the project's requirements, Deno, plait (copied beside it by export), and the
 * project without its products and state (those live on the shared storage).
 */
export function dockerFiles(plan: ExportPlan, options: DockerOptions): ExportFile[] {
  const out = options.outDir;
  const dockerfile = [
    "# syntax=docker/dockerfile:1",
    `# Written by \`plait export ${plan.target}\`. Build it from the project's folder:`,
    `#   docker build -f ${out}/Dockerfile -t ${plan.settings.image} .`,
    ...pythonLayers(options.python),
    `COPY --from=denoland/deno:bin-${options.denoVersion} /deno /usr/local/bin/deno`,
    "ENV DENO_DIR=/opt/deno-dir",
    `COPY ${out}/plait ${PLAIT_HOME}`,
    `RUN deno cache --config=${PLAIT_HOME}/deno.json ${PLAIT_HOME}/cli.ts ${PLAIT_HOME}/src/deps_python.ts`,
    `WORKDIR ${plan.settings.workdir}`,
    `COPY . ${plan.settings.workdir}`,
    ...(plan.pipelineFile.endsWith(".ts") ? [`RUN deno cache ${plan.pipelineFile}`] : []),
    "",
  ].join("\n");
  const ignore = [
    "# Products and state live on the shared storage, not in the image.",
    ...plan.shared.map((d) => `${d}/`),
    `${out}/`,
    `!${out}/plait/`,
    ".git/",
    "",
  ].join("\n");
  return [
    { path: "Dockerfile", content: dockerfile },
    { path: "Dockerfile.dockerignore", content: ignore },
  ];
}
