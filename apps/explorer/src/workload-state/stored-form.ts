import type { WorkloadState } from '@app/persistence';
import { decodeWorkload, encodeWorkload, Workload } from '@app/wire';

/** The workload a row stores: its wire JSON decoded (the only stored copy). */
export const workloadOf = (row: { wire: string }): Workload => decodeWorkload(row.wire);

/** What a workload row stores for `w`: the encoder's wire JSON and the query columns derived from `w`. */
export function storedForm(w: Workload): WorkloadState {
  return { nextAction: w.next_action, resultState: w.result.state, wire: encodeWorkload(w) };
}
