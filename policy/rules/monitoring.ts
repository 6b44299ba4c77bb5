import { asList, resourceRule, stackRule } from "./helpers";

const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const TOPIC = "aws:sns/topic:Topic";

export const monitoringRules = [
    resourceRule({
        name: "alarm-actions-enabled",
        securityHub: ["CloudWatch.17"],
        checkov: ["CKV_AWS_319"],
        types: [ALARM],
        severity: "high",
        enforcementLevel: "mandatory",
        description: "Alarms have their actions activated (actionsEnabled: false silences them without a trace).",
        remediation: "Remove actionsEnabled: false.",
        validate: (r, report) => {
            if (r.props.actionsEnabled === false) report("the alarm's actions are disabled");
        },
    }),
    resourceRule({
        name: "alarm-has-actions",
        securityHub: ["CloudWatch.15"],
        types: [ALARM],
        severity: "medium",
        enforcementLevel: "mandatory",
        description: "Alarms send their ALARM state somewhere (an SNS topic, an automation).",
        remediation: "Set alarmActions to a topic people subscribe to.",
        validate: (r, report) => {
            if (asList(r.props.alarmActions).length === 0) report("the alarm notifies nobody");
        },
    }),
    stackRule({
        name: "alarm-topic-subscribed",
        types: [ALARM],
        severity: "medium",
        enforcementLevel: "mandatory",
        description:
            "A topic in the stack that alarms publish to has a subscription (otherwise the alarms reach nobody).",
        remediation:
            "Subscribe email addresses, a chat integration or an incident tool to the topic (aws.sns.TopicSubscription).",
        validate: (stack, report) => {
            const topics = new Set(stack.ofType(ALARM).flatMap((a) => stack.referenced(a, "alarmActions", TOPIC)));
            for (const topic of topics) {
                if (stack.referencing("aws:sns/topicSubscription:TopicSubscription", "topic", topic).length === 0)
                    report(topic, "alarms publish to it but nothing subscribes");
            }
        },
    }),
];
