#!/usr/bin/env node
// ajv's verdict on the contract schema, for the interop tests (tests/ide/test_ajv.py).
//
//   node tests/ide/ajv_verdicts.cjs SCHEMA_FILE [--keyword NAME]... [--compile-only]
//
// Compiles SCHEMA_FILE with ajv in strict mode, with each --keyword registered as an
// annotation (no validation: our x-error-code, markdownDescription, ...). Strict mode
// refuses any other keyword it does not know, so a misspelt keyword fails here.
// --compile-only stops after compiling. Otherwise it reads one JSON document per line
// on stdin and prints, per line, {"valid": bool, "paths": [instancePath of each error]}.
// Exit status: 0 done, 1 the schema does not compile, 2 usage.
"use strict";

const fs = require("node:fs");
const readline = require("node:readline");
const Ajv = require("ajv");

function main(argv) {
  const keywords = [];
  let schemaPath = null;
  let compileOnly = false;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--keyword" && i + 1 < argv.length) keywords.push(argv[++i]);
    else if (argv[i] === "--compile-only") compileOnly = true;
    else if (schemaPath === null) schemaPath = argv[i];
    else return usage();
  }
  if (schemaPath === null) return usage();

  // strict: true turns on strictSchema, strictNumbers, strictTypes, strictTuples and
  // strictRequired, each as an error; nothing is relaxed (the sections' ["object", "null"]
  // is a nullable type, which strictTypes accepts without allowUnionTypes).
  const ajv = new Ajv({ strict: true, allErrors: true });
  for (const name of keywords) {
    // title, description, default, examples, $comment: ajv knows them already, and
    // defining a known keyword again throws.
    if (!(name in ajv.RULES.keywords)) ajv.addKeyword(name);
  }
  let validate;
  try {
    validate = ajv.compile(JSON.parse(fs.readFileSync(schemaPath, "utf8")));
  } catch (err) {
    process.stderr.write(`ajv strict compilation failed: ${err.message}\n`);
    process.exitCode = 1;
    return;
  }
  if (compileOnly) {
    process.stdout.write("ajv strict compilation passed\n");
    return;
  }
  const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  lines.on("line", (line) => {
    if (!line.trim()) return;
    const valid = validate(JSON.parse(line));
    const paths = valid ? [] : validate.errors.map((e) => e.instancePath);
    process.stdout.write(JSON.stringify({ valid, paths }) + "\n");
  });
}

function usage() {
  process.stderr.write("usage: ajv_verdicts.cjs SCHEMA_FILE [--keyword NAME]... [--compile-only]\n");
  process.exitCode = 2;
}

main(process.argv.slice(2));
