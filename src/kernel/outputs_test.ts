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
