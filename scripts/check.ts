import { ESLint } from "eslint";
import * as path from "path";
import * as ts from "typescript";

/**
 * `npm run check`: the type check and the lint over one TypeScript program. Both need the types
 * of every file and of the SDKs (over a million lines of declarations): built once, they are read
 * once. Exits 1 on any type error or lint problem, printing all of them.
 */

const REPO = path.resolve(__dirname, "..");

function program(): ts.Program {
  const config = ts.getParsedCommandLineOfConfigFile(path.join(REPO, "tsconfig.json"), undefined, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n"));
    },
  });
  if (config === undefined) throw new Error("tsconfig.json: not readable");
  return ts.createProgram({ rootNames: config.fileNames, options: config.options });
}

async function main(): Promise<number> {
  const checked = program();
  const diagnostics = ts.getPreEmitDiagnostics(checked);
  const host: ts.FormatDiagnosticsHost = {
    getCanonicalFileName: (file) => file,
    getCurrentDirectory: () => REPO,
    getNewLine: () => "\n",
  };
  // As tsc prints them: with colours and source lines on a terminal, one line each in a log.
  const format = process.stdout.isTTY
    ? ts.formatDiagnosticsWithColorAndContext
    : ts.formatDiagnostics;
  if (diagnostics.length > 0) process.stdout.write(format(diagnostics, host));
  const eslint = new ESLint({
    cwd: REPO,
    overrideConfig: {
      languageOptions: { parserOptions: { projectService: false, programs: [checked] } },
    },
  });
  const results = await eslint.lintFiles(["."]);
  const report = await (await eslint.loadFormatter("stylish")).format(results);
  if (report !== "") process.stdout.write(report);
  const lintProblems = results.reduce((n, r) => n + r.errorCount + r.warningCount, 0);
  console.log(
    `${String(diagnostics.length)} type errors, ${String(lintProblems)} lint problems in ${String(results.length)} files`,
  );
  return diagnostics.length + lintProblems > 0 ? 1 : 0;
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(error);
    process.exitCode = 2;
  },
);
