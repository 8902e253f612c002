// The OLM Subscription that installs the Strimzi operator on OpenShift.

export interface SubscriptionSpec {
  readonly channel?: string;
  readonly name?: string;
  readonly source?: string;
  readonly sourceNamespace?: string;
  readonly installPlanApproval?: string;
  readonly startingCSV?: string;
}

/** `strimzi-<major>.<minor>.x`: the OperatorHub channel of one Strimzi minor release, its patches only. */
export const channelOf = (version: string): string => `strimzi-${version.split('.').slice(0, 2).join('.')}.x`;
export const csvOf = (version: string): string => `strimzi-cluster-operator.v${version}`;

/** Manual approval, the channel of `version` and `version` as the starting CSV. */
export function checkSubscription(spec: SubscriptionSpec, version: string): string[] {
  const problems: string[] = [];
  if (spec.installPlanApproval !== 'Manual')
    problems.push(
      `installPlanApproval ${String(spec.installPlanApproval)}: an operator upgrade would roll the brokers unannounced; use Manual`,
    );
  if (spec.channel !== channelOf(version))
    problems.push(`channel ${String(spec.channel)}: pin the channel of Strimzi ${version} (${channelOf(version)})`);
  if (spec.startingCSV === undefined) problems.push(`no startingCSV: pin ${csvOf(version)}`);
  else if (spec.startingCSV !== csvOf(version)) problems.push(`startingCSV ${spec.startingCSV}: pin ${csvOf(version)}`);
  return problems;
}
