import { deepStrictEqual } from "node:assert/strict";
import { OutputCollector } from "./outputs.ts";

type Msg = [string, Record<string, unknown>];
const out = (name: string, text: string) => ({ output_type: "stream", name, text });
const disp = (text: string, id?: string): Msg => [
  "display_data",
  { data: { "text/plain": text }, metadata: {}, ...(id ? { transient: { display_id: id } } : {}) },
];

const CASES: { name: string; msgs: Msg[]; want: Record<string, unknown>[] }[] = [
  {
    name: "merges consecutive streams of the same name only",
    msgs: [["stream", { name: "stdout", text: "a" }], ["stream", { name: "stdout", text: "b" }], [
      "stream",
      { name: "stderr", text: "c" },
    ], ["stream", { name: "stdout", text: "d" }]],
    want: [out("stdout", "ab"), out("stderr", "c"), out("stdout", "d")],
  },
  {
    name: "clear_output clears at once",
    msgs: [["stream", { name: "stdout", text: "a" }], ["clear_output", { wait: false }], [
      "stream",
      { name: "stdout", text: "b" },
    ]],
    want: [out("stdout", "b")],
  },
  {
    name: "clear_output with wait clears when the next output arrives",
    msgs: [["stream", { name: "stdout", text: "a" }], ["clear_output", { wait: true }], disp("x")],
    want: [{ output_type: "display_data", data: { "text/plain": "x" }, metadata: {} }],
  },
  {
    name: "update_display_data replaces every output with that display id",
    msgs: [disp("1", "d1"), disp("other"), disp("1 again", "d1"), [
      "update_display_data",
      { data: { "text/plain": "2" }, metadata: {}, transient: { display_id: "d1" } },
    ]],
    want: [
      { output_type: "display_data", data: { "text/plain": "2" }, metadata: {} },
      { output_type: "display_data", data: { "text/plain": "other" }, metadata: {} },
      { output_type: "display_data", data: { "text/plain": "2" }, metadata: {} },
    ],
  },
  {
    name: "execute_result and error keep their fields; other messages are ignored",
    msgs: [["status", { execution_state: "busy" }], ["execute_result", {
      execution_count: 3,
      data: { "text/plain": "1" },
      metadata: {},
    }], ["error", { ename: "E", evalue: "v", traceback: ["t"] }]],
    want: [
      { output_type: "execute_result", execution_count: 3, data: { "text/plain": "1" }, metadata: {} },
      { output_type: "error", ename: "E", evalue: "v", traceback: ["t"] },
    ],
  },
];

for (const c of CASES) {
  Deno.test(`OutputCollector ${c.name}`, () => {
    const collector = new OutputCollector();
    for (const [type, content] of c.msgs) collector.add(type, content);
    deepStrictEqual(collector.outputs, c.want);
  });
}

const note = (dropped: string, half: string) => ({
  output_type: "stream",
  name: "stderr",
  text: `\n[plait left out ${dropped} of output here: the notebook keeps the first and the last ${half} ` +
    "of a cell's output; raise the limit with --output-limit]\n",
});
const stream = (text: string): Msg => ["stream", { name: "stdout", text }];

const LIMITED: { name: string; msgs: Msg[]; want: Record<string, unknown>[] }[] = [
  {
    name: "keeps the first and last half of a long stream, a note saying how much is left out between",
    msgs: ["0123", "4567", "89ab", "cdef"].map(stream),
    want: [out("stdout", "01234"), note("6 B", "5 B"), out("stdout", "bcdef")],
  },
  {
    name: "keeps everything under the limit, with no note",
    msgs: [stream("0123"), disp("xy"), stream("45")],
    want: [
      out("stdout", "0123"),
      { output_type: "display_data", data: { "text/plain": "xy" }, metadata: {} },
      out("stdout", "45"),
    ],
  },
  {
    name: "drops whole outputs from the middle",
    msgs: [stream("01234"), disp("a"), disp("b"), stream("vwxyz")],
    want: [out("stdout", "01234"), note("2 B", "5 B"), out("stdout", "vwxyz")],
  },
];

for (const c of LIMITED) {
  Deno.test(`OutputCollector with a limit ${c.name}`, () => {
    const collector = new OutputCollector(new Map(), { limit: 10 });
    for (const [type, content] of c.msgs) collector.add(type, content);
    deepStrictEqual(collector.outputs, c.want);
  });
}

Deno.test("OutputCollector with a limit puts a note in place of a rich output larger than half the limit", () => {
  const collector = new OutputCollector(new Map(), { limit: 1000 });
  collector.add(...disp("c".repeat(600)));
  deepStrictEqual(collector.outputs, [{
    output_type: "display_data",
    data: {
      "text/plain": "[plait left out an output of 600 B (text/plain): larger than half the output limit of " +
        "1.0 kB a cell; raise it with --output-limit]",
    },
    metadata: {},
  }]);
});

Deno.test("OutputCollector with a limit keeps its memory bounded: 200 MB in, 10 MB kept", () => {
  const collector = new OutputCollector(new Map(), { limit: 10_000_000 });
  const chunk = ("x".repeat(99) + "\n").repeat(10_000);
  for (let i = 0; i < 200; i++) collector.add("stream", { name: "stdout", text: chunk });
  collector.add("stream", { name: "stdout", text: "end\n" });
  const texts = collector.outputs.map((o) => String(o.text));
  deepStrictEqual(texts.map((t) => t.length), [5_000_000, 148, 5_000_000]);
  deepStrictEqual(texts[1].slice(0, 40), "\n[plait left out 190.0 MB of output here");
  deepStrictEqual(texts[2].slice(-6), "x\nend\n");
});

Deno.test("OutputCollector with a limit takes a stream message the wire layer cut: start, note, end", () => {
  const collector = new OutputCollector(new Map(), { limit: 10 });
  collector.add("stream", { name: "stdout", text: "01234", plait_tail: "vwxyz", plait_left_out: 7 });
  deepStrictEqual(collector.outputs, [out("stdout", "01234"), note("7 B", "5 B"), out("stdout", "vwxyz")]);
});
