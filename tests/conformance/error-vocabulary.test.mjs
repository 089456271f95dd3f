// Every `error_type` the emulator can answer is a name from Stytch's own vocabulary, the
// `StytchAPIErrorType` union `@stytch/vanilla-js` ships, so code that branches on `error_type`
// takes the same branch against Stytch. The names are read from the emulator's source (and
// the models' `ErrorType` it answers with), not from a list kept by hand.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
/** Test-API-only names: the emulator's fault injection, which Stytch has no counterpart of. */
const EMULATOR_ONLY = new Set(["injected_fault"]);

function stytchVocabulary() {
  const types = path.join(ROOT, "tests/node_modules/@stytch/vanilla-js/dist/types");
  for (const file of readdirSync(types)) {
    const text = readFileSync(path.join(types, file), "utf8");
    const union = text.match(/type StytchAPIErrorType = ([^;]+);/);
    if (union) return new Set([...union[1].matchAll(/'([a-z0-9_]+)'/g)].map((m) => m[1]));
  }
  throw new Error("StytchAPIErrorType not found in @stytch/vanilla-js's types");
}

function rustFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? rustFiles(full) : entry.name.endsWith(".rs") ? [full] : [];
  });
}

test("every error_type the emulator answers is one of Stytch's names", () => {
  const vocabulary = stytchVocabulary();
  assert.ok(vocabulary.size > 500, `read ${vocabulary.size} names`);
  const used = new Map();
  for (const file of rustFiles(path.join(ROOT, "crates/stytch-emulator/src"))) {
    const text = readFileSync(file, "utf8");
    for (const [, name] of text.matchAll(/ErrorType::Unknown\("([a-z0-9_]+)"/g)) used.set(name, file);
    for (const [, name] of text.matchAll(/named\(\s*(?:\d+,\s*)?"([a-z0-9_]+)"/g)) used.set(name, file);
  }
  const models = readFileSync(path.join(ROOT, "crates/stytch-models/src/error.rs"), "utf8");
  for (const [, name] of models.matchAll(/^\s+[A-Z]\w* = "([a-z0-9_]+)",$/gm)) used.set(name, "stytch-models ErrorType");
  assert.ok(used.size > 100, `found ${used.size} names in the emulator`);
  const foreign = [...used].filter(([name]) => !vocabulary.has(name) && !EMULATOR_ONLY.has(name));
  assert.deepEqual(foreign.map(([name, file]) => `${name} (${path.relative(ROOT, file)})`), []);
});
