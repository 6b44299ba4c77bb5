import * as assert from "assert/strict";
import { REST_API_DEFAULTS, RestApiArgs, Route, checkRestApiArgs } from "../../components/rest-api/args";

const target = { functionName: "fn", invokeArn: "arn:fn", timeout: 10 };
const route = (overrides: Partial<Route> = {}): Route => ({ method: "GET", path: "/", target, ...overrides });
const awsService = { service: "dynamodb", action: "GetItem", requestTemplate: "{}", resources: ["arn:table"] };
const serviceRoute = (overrides: Partial<Route["awsService"]> = {}): Route => ({
    method: "GET",
    path: "/items/{key+}",
    awsService: { ...awsService, ...overrides },
});
const api = (overrides: Partial<RestApiArgs> = {}): RestApiArgs => ({
    routes: [route()],
    stageName: "dev",
    ...overrides,
});

/** The issues as `argument: problem. Fix: fix` lines, the form InvalidArgsError prints. */
const problems = (args: RestApiArgs) => checkRestApiArgs(args).map((i) => `${i.argument}: ${i.problem}. Fix: ${i.fix}`);

describe("RestApi arguments", () => {
    it("has the defaults its documentation states", () => {
        assert.deepEqual(REST_API_DEFAULTS, {
            throttlingRateLimit: 100,
            throttlingBurstLimit: 200,
            loggingLevel: "ERROR",
            tracing: false,
            accessLogRetentionInDays: 30,
            manageAccountLoggingRole: false,
        });
    });

    it("accepts routes and stage settings at their limits", () => {
        const args = api({
            stageName: `v1_${"x".repeat(125)}`,
            throttlingRateLimit: 10_000,
            throttlingBurstLimit: 5_000,
            loggingLevel: "INFO",
            accessLogRetentionInDays: 3653,
            cognitoUserPoolArns: ["arn:pool"],
            routes: [
                route(),
                route({ method: "POST", path: "/accounts" }),
                route({ path: "/accounts/{id}", auth: "cognito", contentType: "text/html" }),
                route({ method: "DELETE", path: "/files/{key+}", auth: "apiKey", queryParameters: ["a.b", "c-d_1"] }),
                route({ path: "/a.b/c_d/~e-f", target: { ...target, timeout: 28 } }),
                serviceRoute(),
                { ...serviceRoute({ resources: undefined, credentialsRoleArn: "arn:role" }), path: "/items" },
            ],
        });
        assert.deepEqual(problems(args), []);
        assert.deepEqual(problems(api({ throttlingRateLimit: 1, throttlingBurstLimit: 1 })), []);
    });

    // The arguments, and every problem they must report (argument and message, in order).
    const rejected: [string, Partial<RestApiArgs>, RegExp[]][] = [
        ["no routes", { routes: [] }, [/^routes: is empty\. Fix: declare at least one route/]],
        [
            "a quota per year",
            { usagePlan: { quotaLimit: 10, quotaPeriod: "YEAR" as never } },
            [/^usagePlan\.quotaPeriod: got "YEAR"\. Fix: use one of "DAY", "WEEK", "MONTH"/],
        ],
        [
            "a quota of none and a misspelt throttle",
            { usagePlan: { quotaLimit: 0, rateLimit: 5 } as never },
            [/^usagePlan\.rateLimit: is not a setting/, /^usagePlan\.quotaLimit: got 0/],
        ],
        ["routes that are not a list", { routes: "GET /" as never }, [/^routes: is empty/]],
        ["an empty stage name", { stageName: "" }, [/^stageName: got ""\. Fix: use 1 to 128 letters/]],
        ["a stage name with a slash", { stageName: "v1/dev" }, [/^stageName: got "v1\/dev"/]],
        ["a stage name over 128 characters", { stageName: "x".repeat(129) }, [/^stageName: /]],
        ["no stage name", { stageName: undefined }, [/^stageName: got nothing/]],
        ["a rate limit of 0", { throttlingRateLimit: 0 }, [/^throttlingRateLimit: got 0\. Fix: .*from 1 to 10000/]],
        ["a rate limit over 10,000", { throttlingRateLimit: 10_001 }, [/^throttlingRateLimit: /]],
        ["a burst of 0", { throttlingBurstLimit: 0 }, [/^throttlingBurstLimit: got 0\. Fix: .*from 1 to 5000/]],
        ["a burst over 5,000", { throttlingBurstLimit: 5_001 }, [/^throttlingBurstLimit: /]],
        ["an unknown logging level", { loggingLevel: "DEBUG" as never }, [/^loggingLevel: .*"OFF", "ERROR", "INFO"/]],
        ["a retention CloudWatch refuses", { accessLogRetentionInDays: 2 as never }, [/^accessLogRetentionInDays: /]],
        [
            "the same method and path twice",
            { routes: [route(), route({ path: "/" })] },
            [/^routes \(method and path\): lists "GET \/" more than once/],
        ],
        ["an unknown method", { routes: [route({ method: "FETCH" as never })] }, [/^routes\[0\]\.method: got "FETCH"/]],
        ...[
            "accounts",
            "x/accounts",
            "/accounts/",
            "//",
            "/a b",
            "/{id",
            "/{a-b}",
            "/accounts{id}",
            "",
            ["/"] as never,
        ].map((path: string): [string, Partial<RestApiArgs>, RegExp[]] => [
            `the path ${JSON.stringify(path)}`,
            { routes: [route({ path })] },
            [/^routes\[0\]\.path: got .*Fix: use "\/" or segments such as "\/accounts\/\{id\}"/],
        ]),
        [
            "a path parameter twice",
            { routes: [route({ path: "/a/{id}/b/{id}" })] },
            [/^routes\[0\]\.path parameters: lists "id" more than once/],
        ],
        ["an unknown auth", { routes: [route({ auth: "iam" as never })] }, [/^routes\[0\]\.auth: got "iam"/]],
        [
            "Cognito auth without user pools",
            { routes: [route({ auth: "cognito" })] },
            [
                /^routes\[0\]\.auth: is "cognito" but no cognitoUserPoolArns are given\. Fix: give the user pools whose users may call it$/,
            ],
        ],
        [
            "Cognito auth with an empty list of user pools",
            { cognitoUserPoolArns: [], routes: [route({ auth: "cognito" })] },
            [/^routes\[0\]\.auth: is "cognito"/],
        ],
        [
            "an unknown content type",
            { routes: [route({ contentType: "text/xml" as never })] },
            [/^routes\[0\]\.contentType: .*"application\/json", "text\/html", "text\/plain"/],
        ],
        [
            "a query parameter with a space",
            { routes: [route({ queryParameters: ["ok", "not ok"] })] },
            [/^routes\[0\]\.queryParameters: has "not ok"\. Fix: use letters, digits, dots, hyphens and underscores/],
        ],
        [
            "a function that outlives API Gateway's 29 s",
            { routes: [route(), route({ path: "/slow", target: { ...target, timeout: 29 } })] },
            [
                /^routes\[1\]\.target: times out after 29 s, but API Gateway gives up .* after 29 s\. Fix: .*under 29 seconds/,
            ],
        ],
        [
            "a target without a timeout",
            { routes: [route({ target: { functionName: "fn", invokeArn: "arn" } as never })] },
            [/^routes\[0\]\.target: times out after nothing s/],
        ],
        [
            "a route without a target",
            { routes: [{ method: "GET", path: "/" } as never] },
            [/^routes\[0\]\.target: and awsService are both missing\. Fix: give the function .*or the AWS service/],
        ],
        [
            "a route with a function and a service action",
            { routes: [{ ...route(), awsService }] },
            [/^routes\[0\]\.target: and awsService are both given/],
        ],
        [
            "a service route without a role or resources",
            { routes: [serviceRoute({ resources: undefined })] },
            [/^routes\[0\]\.awsService\.resources: and credentialsRoleArn are both missing/],
        ],
        [
            "a service route with a role and resources",
            { routes: [serviceRoute({ credentialsRoleArn: "arn:role" })] },
            [/^routes\[0\]\.awsService\.resources: and credentialsRoleArn are both given/],
        ],
        [
            "a service route with a bad service, action and template",
            { routes: [serviceRoute({ service: "Dynamo DB", action: "get-item", requestTemplate: "" })] },
            [
                /^routes\[0\]\.awsService\.service: got "Dynamo DB"/,
                /^routes\[0\]\.awsService\.action: got "get-item"/,
                /^routes\[0\]\.awsService\.requestTemplate: is missing/,
            ],
        ],
        [
            "a service route's template on the route, and HTML",
            { routes: [{ ...serviceRoute(), requestTemplate: "{}", contentType: "text/html" }] },
            [
                /^routes\[0\]\.requestTemplate: is set on an AWS-service route\. Fix: put the template in routes\[0\]\.awsService\.requestTemplate/,
                /^routes\[0\]\.contentType: is "text\/html", but an AWS-service route answers JSON/,
            ],
        ],
        [
            "service responses without one default, with a repeated and a bad status",
            {
                routes: [
                    serviceRoute({
                        responses: [
                            { statusCode: "200", selectionPattern: "2\\d\\d" },
                            { statusCode: "200", selectionPattern: "400" },
                        ],
                        overrideStatusCodes: ["40"],
                    }),
                ],
            },
            [
                /^routes\[0\]\.awsService\.responses: has status "40"/,
                /^routes\[0\]\.awsService\.responses \(statusCode\): /,
                /^routes\[0\]\.awsService\.responses: has 0 responses without a selectionPattern\. Fix: give exactly one default/,
            ],
        ],
        [
            "several problems in several routes",
            { stageName: "a/b", routes: [route({ method: "X" as never }), route({ path: "/b", auth: "x" as never })] },
            [/^stageName: /, /^routes\[0\]\.method: /, /^routes\[1\]\.auth: /],
        ],
    ];
    for (const [label, overrides, expected] of rejected) {
        it(`rejects ${label}`, () => {
            const found = problems(api(overrides));
            assert.equal(found.length, expected.length, found.join("\n"));
            expected.forEach((re, i) => assert.match(found[i], re));
        });
    }
});
