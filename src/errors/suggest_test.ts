import { equal } from "node:assert/strict";
import { didYouMean, editDistance } from "./suggest.ts";

Deno.test("editDistance() counts a swap of neighbours as one edit", () => {
  const cases: [string, string, number][] = [
    ["clean", "clean", 0],
    ["claen", "clean", 1],
    ["laod", "load", 1],
    ["fit", "fist", 1],
    ["kitten", "sitting", 3],
    ["", "abc", 3],
  ];
  for (const [a, b, d] of cases) equal(editDistance(a, b), d, `${a} / ${b}`);
});

Deno.test("didYouMean() suggests the closest name only when it is a likely typo", () => {
  equal(didYouMean("claen", ["load", "clean", "train"]), ' (did you mean "clean"?)');
  equal(didYouMean("zzz", ["load", "clean"]), "");
});
