import * as assert from "assert/strict";
import {
    ENVIRONMENT_MAX_BYTES,
    FunctionArgs,
    checkEnvironment,
    checkFunctionArgs,
    looksLikeSecretName,
} from "../../components/lambda/args";

const SECRET_ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf";

describe("function arguments", () => {
    it("accepts the settings at their limits", () => {
        const args: FunctionArgs = {
            timeout: 900,
            memorySize: 10240,
            architecture: "arm64",
            reservedConcurrency: 0,
            logRetentionInDays: 1,
            environment: { TABLE: "accounts", DB_SECRET_ARN: SECRET_ARN },
            secretArns: [SECRET_ARN, "arn:aws-us-gov:secretsmanager:us-gov-west-1:123456789012:secret:x"],
        };
        assert.deepEqual(checkFunctionArgs(args), []);
        assert.deepEqual(checkFunctionArgs({ timeout: 1, memorySize: 128, reservedConcurrency: 100_000 }), []);
    });

    // The arguments, and the problem each must report: the argument it names and what the message says.
    const rejected: [string, FunctionArgs, string, RegExp][] = [
        ["no time at all", { timeout: 0 }, "timeout", /got 0; Lambda runs for 1 to 900 seconds.*from 1 to 900/],
        ["over Lambda's 15 minutes", { timeout: 901 }, "timeout", /from 1 to 900/],
        ["too little memory", { memorySize: 127 }, "memorySize", /from 128 to 10240/],
        ["too much memory", { memorySize: 10241 }, "memorySize", /from 128 to 10240/],
        ["an unknown architecture", { architecture: "arm" as never }, "architecture", /"x86_64", "arm64"/],
        ["negative concurrency", { reservedConcurrency: -1 }, "reservedConcurrency", /from 0 to 100000/],
        ["too much concurrency", { reservedConcurrency: 100_001 }, "reservedConcurrency", /from 0 to 100000/],
        ["a retention CloudWatch refuses", { logRetentionInDays: 2 as never }, "logRetentionInDays", /got 2/],
        ["a secret name, not an ARN", { secretArns: ["db-secret"] }, "secretArns[0]", /"db-secret".*full ARN/],
        [
            "a wildcard secret ARN",
            { secretArns: [SECRET_ARN, "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-*"] },
            "secretArns[1]",
            /without wildcards/,
        ],
        [
            "an ARN of another service",
            { secretArns: ["arn:aws:ssm:eu-west-1:123456789012:secret:x"] },
            "secretArns[0]",
            /full ARN/,
        ],
        [
            "an ARN with a short account",
            { secretArns: ["arn:aws:secretsmanager:eu-west-1:1234:secret:x"] },
            "secretArns[0]",
            /full ARN/,
        ],
        [
            "an ARN without a secret name",
            { secretArns: ["arn:aws:secretsmanager:eu-west-1:123456789012:secret:"] },
            "secretArns[0]",
            /full ARN/,
        ],
        ["text around an ARN", { secretArns: [`x${SECRET_ARN}`] }, "secretArns[0]", /full ARN/],
        ["an ARN and a second line", { secretArns: [`${SECRET_ARN}\nsecond`] }, "secretArns[0]", /full ARN/],
        ["a reserved variable", { environment: { AWS_REGION: "eu-west-1" } }, "environment.AWS_REGION", /reserved/],
    ];
    for (const [label, args, argument, message] of rejected) {
        it(`rejects ${label}, naming ${argument}`, () => {
            const issues = checkFunctionArgs(args);
            assert.deepEqual(
                issues.map((i) => i.argument),
                [argument],
            );
            assert.match(`${issues[0].problem}. Fix: ${issues[0].fix}`, message);
        });
    }

    it("leaves a secret ARN that comes from another resource (not a string yet) to AWS", () => {
        assert.deepEqual(checkFunctionArgs({ secretArns: [{} as never] }), []);
    });
});

describe("function environments", () => {
    const names: [string, boolean][] = [
        ["DB_PASSWORD", true],
        ["db_passwd", true],
        ["STRIPE_SECRET", true],
        ["GITHUB_TOKEN", true],
        ["PRIVATE_KEY", true],
        ["PRIVATEKEY", true],
        ["API_KEY", true],
        ["APIKEY", true],
        ["AWS_ACCESSKEY", true],
        ["SERVICE_CREDENTIALS", true],
        ["DB_SECRET_ARN", false],
        ["API_KEY_ID", false],
        ["TOKEN_NAME", false],
        ["TABLE_NAME", false],
        ["LOG_LEVEL", false],
        ["MY_SECRET_ID", false],
        ["API_KEY_NAMESPACE", true], // _NAME only counts at the end
    ];
    for (const [name, secret] of names) {
        it(`${secret ? "takes" : "does not take"} ${name} for a secret`, () => {
            assert.equal(looksLikeSecretName(name), secret);
        });
    }

    // Lambda's reserved environment variables ("Defined runtime environment variables"), written out here.
    const reserved = [
        "_HANDLER",
        "_X_AMZN_TRACE_ID",
        "AWS_DEFAULT_REGION",
        "AWS_REGION",
        "AWS_EXECUTION_ENV",
        "AWS_LAMBDA_FUNCTION_NAME",
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
        "AWS_LAMBDA_FUNCTION_VERSION",
        "AWS_LAMBDA_INITIALIZATION_TYPE",
        "AWS_LAMBDA_LOG_GROUP_NAME",
        "AWS_LAMBDA_LOG_STREAM_NAME",
        "AWS_ACCESS_KEY",
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
        "AWS_LAMBDA_RUNTIME_API",
        "LAMBDA_TASK_ROOT",
        "LAMBDA_RUNTIME_DIR",
    ];
    it("refuses every variable Lambda reserves", () => {
        for (const name of reserved) {
            // Names that start with "_" are not valid names to set either: that is the first problem named.
            const problem = name.startsWith("_") ? "is not a valid variable name" : "is reserved by Lambda";
            assert.deepEqual(
                checkEnvironment({ [name]: "x" }).map((i) => [i.argument, i.problem]),
                [[`environment.${name}`, problem]],
                name,
            );
        }
        assert.equal(checkEnvironment({ AWS_REGION: "x" })[0].fix, "use another name");
        assert.equal(
            checkEnvironment({ "1A": "x" })[0].fix,
            "use letters, digits and underscores, starting with a letter",
        );
        assert.deepEqual(checkEnvironment({ AWS_REGION_NAME: "x", LAMBDA_TASK: "x" }), []);
    });

    it("names the bad variables and says what to do", () => {
        const issues = checkEnvironment({
            "1ST": "a",
            "MY-VAR": "b",
            _X: "c",
            AWS_SESSION_TOKEN: "d",
            DB_PASSWORD: "e",
        });
        assert.deepEqual(
            issues.map((i) => [i.argument, i.problem]),
            [
                ["environment.1ST", "is not a valid variable name"],
                ["environment.MY-VAR", "is not a valid variable name"],
                ["environment._X", "is not a valid variable name"],
                ["environment.AWS_SESSION_TOKEN", "is reserved by Lambda"],
                [
                    "environment.DB_PASSWORD",
                    "looks like a secret, and environment variables are stored and shown in plain text",
                ],
            ],
        );
        assert.match(issues[4].fix, /pass its ARN \(e\.g\. DB_PASSWORD_ARN\) and grant it with secretArns/);
        assert.deepEqual(checkEnvironment({ a1_B: "x" }), []);
    });

    it("counts names and values in bytes against Lambda's 4 KB", () => {
        const at = (bytes: number) => ({ V: "x".repeat(bytes - 1) }); // "V" is one byte
        assert.deepEqual(checkEnvironment(at(ENVIRONMENT_MAX_BYTES)), []);
        const over = checkEnvironment(at(ENVIRONMENT_MAX_BYTES + 1));
        assert.deepEqual(over, [
            {
                argument: "environment",
                problem: "totals 4097 bytes",
                fix: "keep it under Lambda's 4096 bytes; move large values to SSM or S3",
            },
        ]);
        // UTF-8 bytes, not characters: 2,048 two-byte characters and a name are over.
        assert.equal(checkEnvironment({ V: "é".repeat(2048) }).length, 1);
        assert.equal(checkEnvironment({ V: "é".repeat(2047) }).length, 0);
        assert.equal(checkFunctionArgs({ environment: at(ENVIRONMENT_MAX_BYTES + 1) }).length, 1);
    });

    it("does not guess the size when a value comes from another resource", () => {
        assert.deepEqual(checkEnvironment({ A: "x".repeat(5000), B: {} }), []);
    });
});
