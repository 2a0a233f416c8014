// `npm run mutation`: StrykerJS over the pure planning and report logic, with their unit tests. See README.md here.
const plan = ["candidates", "carry-over", "mfa-losses", "foreign-steps", "takeover-plan", "targets", "takeover", "mfa-controls", "handover", "coverage", "restore", "normalize", "give-back", "takeover-mark", "recovered-journal", "names", "system-preferred", "per-user-journal", "inferred-journal", "steps", "render", "managed-policy", "tenant-inputs", "inputs", "per-user-mfa"];
const report = ["evaluate", "targeting", "summary"];

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  mutate: [...plan.map((f) => `provider/plan/${f}.ts`), ...report.map((f) => `provider/report/${f}.ts`)],
  // The mutated TypeScript is compiled once in the sandbox; each mutant is then switched on at run time.
  buildCommand: "npx tsc -p .",
  // The instrumented files hold every mutant at once, which does not type-check; the checker judges them one by one.
  disableTypeChecks: "provider/{plan,report}/*.ts",
  checkers: ["typescript"],
  tsconfigFile: "bench/mutation/tsconfig.json",
  testRunner: "mocha",
  mochaOptions: { config: "bench/mutation/mocharc.json" },
  testRunnerNodeArgs: ["--require", "./bench/mutation/cjs-extension.cjs"],
  checkerNodeArgs: ["--require", "./bench/mutation/cjs-extension.cjs"],
  coverageAnalysis: "perTest",
  ignorePatterns: ["dist", ".emulator", ".tmp", "bench/mutation/out", "*.state.json"],
  tempDirName: "bench/mutation/out/tmp",
  reporters: ["clear-text", "progress", "json", "html"],
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true, reportMutants: true },
  jsonReporter: { fileName: "bench/mutation/out/mutation.json" },
  htmlReporter: { fileName: "bench/mutation/out/mutation.html" },
  thresholds: { high: 90, low: 80, break: null },
};
