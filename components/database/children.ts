import { Roles } from "../transform";
import * as aws from "../aws";

/**
 * The arguments of each child of a `MysqlDatabase`, by role: the keys of its `transform` option and of its
 * `nodes`. Each is named `<name>-<role>` as noted.
 */
export interface MysqlDatabaseChildArgs {
    /** The DB subnet group, `<name>-subnet-group`. */
    subnetGroup: aws.rds.SubnetGroupArgs;
    /** The parameter group, `<name>-params`. */
    params: aws.rds.ParameterGroupArgs;
    /** Each exported log's log group, `<name>-<log>-logs` (`error`, `slowquery`, ...). */
    logs: aws.cloudwatch.LogGroupArgs;
    /** The RDS instance, `<name>-instance`. */
    instance: aws.rds.InstanceArgs;
    /** Its own security group, `<name>-sg`, in a placement given without groups (an awsx VPC). */
    sg: aws.ec2.SecurityGroupArgs;
}

/** Every role of MysqlDatabase's children (checked against MysqlDatabaseChildArgs). */
export const MYSQL_DATABASE_ROLES: Roles<MysqlDatabaseChildArgs> = {
    subnetGroup: true,
    params: true,
    logs: true,
    instance: true,
    sg: true,
};

/** Every child of a `MysqlDatabase`, by role (see `MysqlDatabaseChildArgs`). */
export interface MysqlDatabaseNodes {
    /** The DB subnet group. */
    subnetGroup: aws.rds.SubnetGroup;
    /** The parameter group. */
    params: aws.rds.ParameterGroup;
    /** The exported logs' log groups, in the order of the log exports. */
    logs: aws.cloudwatch.LogGroup[];
    /** The RDS instance. */
    instance: aws.rds.Instance;
    /** Its own security group, in a placement given without groups. */
    sg?: aws.ec2.SecurityGroup;
}
