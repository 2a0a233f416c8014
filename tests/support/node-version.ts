// Loaded by mocha before any test file (.mocharc.json "require"): an old Node.js gets one message, not 34 failures.
import { exitUnlessSupportedNode } from "../../runtime/node-version";

exitUnlessSupportedNode("The test run (npm test)");
