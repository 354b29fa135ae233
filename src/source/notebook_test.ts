import assert from "node:assert/strict";
import { path } from "../util/mod.ts";
import { buildNotebook, notebookContentHash, serializeNotebook } from "./notebook.ts";
import type { ExecutedCell } from "./types.ts";

const T0 = new Date("2024-05-01T10:00:00.000Z");
const T1 = new Date("2024-05-01T10:00:01.250Z");

function cells(at = 0): ExecutedCell[] {
  const start = new Date(T0.getTime() + at);
  const end = new Date(T1.getTime() + at * 2);
  return [
    { cellType: "markdown", source: "# Fit\nText", tags: [], metadata: {}, line: 1 },
    {
      cellType: "code",
      source: "upstream = None",
      tags: ["parameters"],
      metadata: {},
      line: 3,
      executionCount: 1,
    },
    {
      cellType: "code",
      source: "print('hi')\nx",
      tags: [],
      metadata: { custom: 1 },
      line: 5,
      executionCount: 2,
      startedAt: start,
      endedAt: end,
      outputs: [
        { output_type: "stream", name: "stdout", text: "hi\nthere\n" },
        // as the kernel sends them: extra keys nbformat does not allow
        {
          output_type: "display_data",
          data: { "image/png": "iVBORw0KGgo=", "text/plain": "<Figure>" },
          transient: {},
        },
        {
          output_type: "execute_result",
          data: { "text/plain": "42", "application/json": { a: [1] } },
          metadata: {},
        },
        {
          output_type: "error",
          ename: "ValueError",
          evalue: "bad",
          traceback: ["\x1b[31mValueError\x1b[0m: bad"],
        },
      ],
    },
    { cellType: "raw", source: "raw text", tags: [], metadata: {}, line: 9 },
  ];
}

const META = { kernelName: "python3", languageVersion: "3.11.2", taskName: "fit", params: { n: 5 } };

Deno.test("buildNotebook() fills counts, outputs, tags and timings", () => {
  const nb = buildNotebook(cells(), META);
  assert.equal(nb.nbformat, 4);
  assert.deepEqual(nb.cells.map((c) => c.id), ["cell-0", "cell-1", "cell-2", "cell-3"]);
  assert.deepEqual(nb.cells[1].metadata, { tags: ["parameters"] });
  assert.equal(nb.cells[2].execution_count, 2);
  assert.deepEqual(nb.cells[2].metadata, {
    custom: 1,
    execution: {
      "iopub.execute_input": "2024-05-01T10:00:00.000Z",
      "shell.execute_reply": "2024-05-01T10:00:01.250Z",
    },
    plait: { duration: 1.25 },
  });
  assert.deepEqual(nb.cells[2].outputs?.[0], {
    output_type: "stream",
    name: "stdout",
    text: ["hi\n", "there\n"],
  });
  assert.equal(nb.cells[2].outputs?.[2].execution_count, 2);
  assert.equal("transient" in (nb.cells[2].outputs?.[1] ?? {}), false);
  assert.equal(nb.cells[0].outputs, undefined);
  assert.deepEqual(nb.metadata.plait, { task: "fit", params: { n: 5 } });
  assert.deepEqual(nb.metadata.language_info, { name: "python", version: "3.11.2" });
});

Deno.test("serializeNotebook() writes sorted keys, 1-space indent and a trailing newline", () => {
  const text = serializeNotebook(buildNotebook(cells(), META));
  assert.ok(text.endsWith("}\n") && !text.endsWith("\n\n"));
  assert.ok(text.startsWith('{\n "cells": [\n  {\n   "cell_type": "markdown",\n   "id": "cell-0",'));
  const keys = Object.keys(JSON.parse(text));
  assert.deepEqual(keys, ["cells", "metadata", "nbformat", "nbformat_minor"]);
});

Deno.test("buildNotebook() output is a valid nbformat notebook for real nbformat", async () => {
  const dir = await Deno.makeTempDir({ prefix: "plait_nb_" });
  try {
    const file = path.join(dir, "out.ipynb");
    await Deno.writeTextFile(file, serializeNotebook(buildNotebook(cells(), META)));
    const script = "import nbformat,sys; nbformat.validate(nbformat.read(sys.argv[1], as_version=4))";
    const out = await new Deno.Command("/usr/bin/python3", { args: ["-c", script, file], stderr: "piped" })
      .output();
    assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
    // and a broken notebook does fail the same check, so this test can fail
    await Deno.writeTextFile(
      file,
      '{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [{"cell_type": "code"}]}',
    );
    const bad = await new Deno.Command("/usr/bin/python3", { args: ["-c", script, file], stderr: "piped" })
      .output();
    assert.notEqual(bad.code, 0);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("notebookContentHash() ignores timings and run metadata but not outputs or code", () => {
  const a = serializeNotebook(buildNotebook(cells(0), META));
  const later = serializeNotebook(buildNotebook(cells(60_000), { ...META, taskName: "fit-2" }));
  assert.notEqual(a, later);
  assert.equal(notebookContentHash(a), notebookContentHash(later));
  const changedOutput = cells();
  changedOutput[2].outputs![0].text = "bye\n";
  assert.notEqual(
    notebookContentHash(a),
    notebookContentHash(serializeNotebook(buildNotebook(changedOutput, META))),
  );
  const changedCode = cells();
  changedCode[2].source = "print('hi')\ny";
  assert.notEqual(
    notebookContentHash(a),
    notebookContentHash(serializeNotebook(buildNotebook(changedCode, META))),
  );
});

Deno.test("notebookContentHash() treats list-of-lines and joined text alike, and hashes non-JSON text", () => {
  const asList =
    '{"cells": [{"cell_type": "markdown", "metadata": {}, "source": ["a\\n", "b"]}], "metadata": {}}';
  const asText = '{"cells": [{"cell_type": "markdown", "metadata": {}, "source": "a\\nb"}], "metadata": {}}';
  assert.equal(notebookContentHash(asList), notebookContentHash(asText));
  assert.match(notebookContentHash("not json"), /^[0-9a-f]{64}$/);
  assert.notEqual(notebookContentHash("not json"), notebookContentHash("not json!"));
});
