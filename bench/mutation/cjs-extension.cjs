// Loaded into Stryker's test runner processes (testRunnerNodeArgs): @stryker-mutator/mocha-runner requires
// `mocha/lib/cli/run-helpers` and `collect-files` without an extension, and mocha 12 ships them as `.cjs` files,
// which Node's CommonJS resolver does not try. Registering `.cjs` as a resolvable extension lets those requires find
// them; nothing else in the run requires a path without its extension.
"use strict";
const Module = require("node:module");
if (!Module._extensions[".cjs"]) Module._extensions[".cjs"] = Module._extensions[".js"];
