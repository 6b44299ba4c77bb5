// The house rules: typescript-eslint's recommended type-checked rules, Pulumi's own plugin (an Output in a
// template literal is a bug), and Prettier owning layout. A rule turned off or down says why.
import js from "@eslint/js";
import pulumi from "@pulumi/eslint-plugin";
import prettier from "eslint-config-prettier";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
    { ignores: ["node_modules/", "dist/", "components/dist/", ".build/", ".test-results/", "reports/", "**/*.d.ts"] },
    js.configs.recommended,
    ...tseslint.configs.recommendedTypeChecked,
    {
        languageOptions: {
            parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
            globals: globals.node,
        },
        rules: {
            "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
            // Deliberate lazy `require()`s, each typed as `typeof import(...)`: the Pulumi SDK and AWS provider take
            // about a second to load, which a CLI's usage error or a test worker should not wait for.
            "@typescript-eslint/no-require-imports": "off",
        },
    },
    {
        files: ["**/*.ts"],
        plugins: { "@pulumi": pulumi },
        rules: {
            "@pulumi/no-output-in-template-literal": "error",
            "@pulumi/no-output-instance-in-template-literal": "error",
        },
    },
    {
        // Plain JavaScript (the TypeScript loader, build scripts, the test reporter) is outside the type-checked
        // program: the syntax rules still apply.
        files: ["**/*.js", "**/*.cjs", "**/*.mjs"],
        ...tseslint.configs.disableTypeChecked,
    },
    {
        files: ["**/*.js", "**/*.cjs"],
        languageOptions: { sourceType: "commonjs" },
    },
    {
        // Tests, policy rules, the offline tools and benchmarks read untyped JSON by design: resource inputs as the
        // engine records them, and CrossGuard's `args.props`, which @pulumi/policy types as `any`. Their assertions
        // and rules check its shape at run time. The shipped library, the functions and local mode stay fully checked.
        files: [
            "test/**",
            "test-package/**",
            "policy/**",
            "bench/**",
            "tools/offline/**",
            "tools/preview/**",
            "tools/policy/**",
        ],
        rules: {
            "@typescript-eslint/no-explicit-any": "off",
            "@typescript-eslint/no-unsafe-argument": "off",
            "@typescript-eslint/no-unsafe-assignment": "off",
            "@typescript-eslint/no-unsafe-call": "off",
            "@typescript-eslint/no-unsafe-member-access": "off",
            "@typescript-eslint/no-unsafe-return": "off",
        },
    },
    prettier,
    {
        rules: {
            // Prettier wraps code at 120 columns; this catches the comments it leaves alone. Long literals (a
            // message, a pattern, an inline page) read better whole than split.
            "max-len": [
                "error",
                {
                    code: 120,
                    ignoreStrings: true,
                    ignoreTemplateLiterals: true,
                    ignoreRegExpLiterals: true,
                    ignoreUrls: true,
                },
            ],
        },
    },
);
