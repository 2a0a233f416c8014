// A whole Pulumi project around a generated program: what `entra-mfa import --project DIR` writes, ready for
// `npm install` and `pulumi preview`. Pure: file name → text.
import { PACKAGE_NAME } from "./program";

export interface ProjectStack {
  stackConfig: Record<string, string>;
  configCommands: string[];
}

export interface ProjectOptions {
  projectName: string;
  description: string;
  /** The program, index.ts. */
  source: string;
  /** Stack name → its Pulumi.<stack>.yaml. */
  stackFiles: Record<string, string>;
  /** The version of this library the program was generated with. */
  libraryVersion: string;
}

/** A YAML scalar: quoted whenever plain YAML could read it as something other than this string. */
const yamlString = (value: string) => (/^[\w./@-]+$/.test(value) && !/^(true|false|null|yes|no|on|off|~|[\d.e+-]+)$/i.test(value) ? value : JSON.stringify(value));

/** Pulumi.<stack>.yaml of a program that takes nothing from config but the connection. */
export function stackFile(stack: ProjectStack): string {
  const secretLines = stack.configCommands.filter((c) => c.includes("--secret"));
  return [
    ...(secretLines.length ? ["# The app's secret is not kept here in the clear. Set it once, encrypted, with:", ...secretLines.map((c) => `#   ${c}`)] : []),
    "config:",
    ...Object.entries(stack.stackConfig).map(([key, value]) => `  ${key}: ${yamlString(value)}`),
    "",
  ].join("\n");
}

export function projectFiles(options: ProjectOptions): Record<string, string> {
  const files: Record<string, string> = {
    "Pulumi.yaml": [`name: ${yamlString(options.projectName)}`, "runtime: nodejs", `description: ${JSON.stringify(options.description)}`, ""].join("\n"),
    "index.ts": options.source,
    "package.json":
      JSON.stringify(
        {
          name: options.projectName,
          private: true,
          main: "index.ts",
          dependencies: { "@pulumi/pulumi": "^3.270.0", [PACKAGE_NAME]: `^${options.libraryVersion}` },
          devDependencies: { "@types/node": "^22.15.0", typescript: "~5.9.3" },
        },
        null,
        2,
      ) + "\n",
    "tsconfig.json":
      JSON.stringify(
        {
          compilerOptions: {
            strict: true,
            outDir: "bin",
            target: "es2022",
            module: "commonjs",
            moduleResolution: "node",
            sourceMap: true,
            experimentalDecorators: true,
            pretty: true,
            noFallthroughCasesInSwitch: true,
            noImplicitReturns: true,
            forceConsistentCasingInFileNames: true,
            skipLibCheck: true,
          },
          files: ["index.ts"],
        },
        null,
        2,
      ) + "\n",
    ".gitignore": "/bin/\n/node_modules/\n",
  };
  for (const [name, text] of Object.entries(options.stackFiles)) files[`Pulumi.${name}.yaml`] = text;
  return files;
}
