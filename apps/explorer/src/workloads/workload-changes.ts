import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { NodeWorkRepository } from '@app/persistence';
import { ChannelNotifier } from '../database/channel-notifier';

/** Channel of the `workloads_changed` trigger (payload: workload id), migration 1763806000000. */
export const WORKLOAD_CHANGED_CHANNEL = 'workload_changed';

/** Longest hold of a workload long poll (`GET .../workloads/{id}?wait=`). */
export const MAX_WORKLOAD_WAIT_SECONDS = 30;

/** Version tag of a workload answer: any change of its wire JSON (state, signatures, result) changes it. */
export function workloadEtag(wire: string): string {
  return `"${createHash('sha256').update(wire).digest('base64url').slice(0, 22)}"`;
}

/** Wakes customers' workload long polls in every process when a workload row changes. */
@Injectable()
export class WorkloadChanges extends ChannelNotifier {
  constructor(repository: NodeWorkRepository) {
    super(WORKLOAD_CHANGED_CHANNEL, () => repository.primaryUrl());
  }
}
