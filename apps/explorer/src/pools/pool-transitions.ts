import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { NextAction, SignatureRef, SigningRequest, WorkloadFacts } from '@app/domain';
import { PoolsRepository, PoolWorkload, setWireNextAction, WorkloadsRepository } from '@app/persistence';

interface WireSigningRequest {
  signers: number[] | null;
  quorum_min: number;
}

interface WireSigningFields {
  next_action: number;
  signing_request_provision: WireSigningRequest;
  signing_request_delete: WireSigningRequest;
  signatures_provision: SignatureRef[] | null;
  signatures_delete: SignatureRef[] | null;
  signature_farmer: SignatureRef;
}

/** Go renders an empty signer list as `null`. */
function signingRequest(r: WireSigningRequest): SigningRequest {
  return { signers: r.signers ?? [], quorum_min: r.quorum_min };
}

/**
 * The state-machine facts of a stored workload, read from its wire JSON (tids and quorums are small
 * integers, so JSON.parse is exact for them). Pool events only reach `pay` and `deploy` workloads, for
 * which the farmer requirement is already settled.
 */
export function factsFromWire(wire: string, poolCanPay: boolean): WorkloadFacts {
  const w = JSON.parse(wire) as WireSigningFields;
  return {
    nextAction: w.next_action,
    provisionRequest: signingRequest(w.signing_request_provision),
    provisionSignatures: w.signatures_provision ?? [],
    deleteRequest: signingRequest(w.signing_request_delete),
    deleteSignatures: w.signatures_delete ?? [],
    farmerSignatureRequired: false,
    farmerSigned: w.signature_farmer.tid !== 0,
    poolCanPay,
  };
}

/** Persists a transition the pool code caused: state, wire JSON, history, node queue (one transaction). */
@Injectable()
export class PoolTransitions {
  constructor(
    private readonly pools: PoolsRepository,
    private readonly workloads: WorkloadsRepository,
  ) {}

  async move(
    em: EntityManager,
    w: PoolWorkload,
    from: NextAction,
    to: NextAction,
    cause: string,
    now: number,
  ): Promise<void> {
    await this.pools.setWorkloadState(em, w.id, to, setWireNextAction(w.wire, to));
    await this.workloads.appendHistory(em, {
      workloadId: w.id,
      fromAction: from,
      toAction: to,
      cause,
      actor: 'system',
      at: now,
    });
    await this.workloads.enqueue(em, w.nodeId, w.id, w.workloadId);
  }
}
