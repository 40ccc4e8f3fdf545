import { sha256 } from '@app/crypto';
import { insertCreatedParams } from '@app/persistence';
import { encodeWorkload, encodeWorkloadTemplate, Workload } from '@app/wire';

export const CREATE_PATH = '/api/v1/reservations/workloads';

/**
 * The values the explorer's create would give INSERT_CREATED_SQL for a funded volume on a farm that
 * needs no farmer signature (stored in `deploy`, queued for its node): the insert sent directly and the
 * create floor store what the explorer stores.
 */
export function directInsertParams(w: Workload, farmId: number): unknown[] {
  const stored: Workload = { ...w, id: 0, next_action: 3 };
  return insertCreatedParams(
    {
      workloadId: stored.workload_id,
      workloadType: stored.workload_type,
      nodeId: stored.node_id,
      farmId,
      poolId: stored.pool_id,
      customerTid: stored.customer_tid,
      customerSignature: stored.customer_signature,
      requestDigest: sha256(encodeWorkload(w)).toString('hex'),
      nextAction: 3,
      cu: 0,
      su: 0.01,
      wire: encodeWorkloadTemplate(stored),
    },
    { toAction: 3, cause: 'created', actor: `tid:${stored.customer_tid}`, at: stored.epoch },
    true,
  );
}
