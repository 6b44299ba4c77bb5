import { apiGatewayRules } from "./apigateway";
import { dynamodbRules } from "./dynamodb";
import { cognitoRules } from "./cognito";
import { governanceRules } from "./governance";
import { iamRules } from "./iam";
import { lambdaRules } from "./lambda";
import { messagingRules } from "./messaging";
import { monitoringRules } from "./monitoring";
import { networkRules } from "./network";
import { rdsRules } from "./rds";
import { storageRules } from "./storage";
import { Rule } from "./types";

export * from "./types";

/** Every rule of the pack, modelled on AWS Security Hub's FSBP controls and checkov, plus AWS's own rejections. */
export const RULES: Rule[] = [
    ...rdsRules,
    ...lambdaRules,
    ...apiGatewayRules,
    ...cognitoRules,
    ...networkRules,
    ...storageRules,
    ...dynamodbRules,
    ...messagingRules,
    ...monitoringRules,
    ...iamRules,
    ...governanceRules,
];
