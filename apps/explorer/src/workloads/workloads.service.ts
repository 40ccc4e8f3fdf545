import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  badRequest,
  DomainError,
  NextAction,
  nextActionName,
  notFound,
  unauthorized,
  WorkloadEvent,
} from '@app/domain';
import {
  decodeHex,
  hashChallenge,
  verifyEd25519Async,
  verifyDeleteSignature,
  verifyFarmerSignature,
  verifyProvisionSignature,
  verifyRefuseSignature,
} from '@app/crypto';
import {
  UsersRepository,
  WorkloadFilter,
  WorkloadHistoryEntity,
  WorkloadsRepository,
} from '@app/persistence';
import { decodeWorkload, metadataWithinLimit, SigningSignature, Workload } from '@app/wire';
import { PageRequest } from '../http/pagination';
import { PoolLedger, tidActor, WorkloadStateService, workloadOf } from '../workload-state';
import { SignatureRequest } from './signature-request';

export type SignatureKind = 'provision' | 'delete' | 'farmer';

export interface WireList {
  wires: string[];
  total: number;
  size: number;
}

export interface HistoryView {
  from: number | null;
  to: number;
  cause: string;
  actor: string;
  time: number;
}

type Verifier = (w: Workload, tid: number, key: Uint8Array, signature: string) => Promise<boolean>;

/** How each signature endpoint maps to an event, a verification and a change of the workload. */
const SIGNING: Record<
  'provision' | 'delete' | 'farmer' | 'refuse',
  { event: (tid: number) => WorkloadEvent; verify: Verifier }
> = {
  provision: { event: (tid) => ({ kind: 'provision_signed', tid }), verify: verifyProvisionSignature },
  delete: { event: (tid) => ({ kind: 'delete_signed', tid }), verify: verifyDeleteSignature },
  farmer: { event: () => ({ kind: 'farmer_signed' }), verify: verifyFarmerSignature },
  refuse: { event: () => ({ kind: 'farmer_refused' }), verify: verifyRefuseSignature },
};

function withSignature(w: Workload, kind: SignatureKind, s: SigningSignature): Workload {
  switch (kind) {
    case 'provision':
      return { ...w, signatures_provision: [...(w.signatures_provision ?? []), s] };
    case 'delete':
      return { ...w, signatures_delete: [...(w.signatures_delete ?? []), s] };
    case 'farmer':
      return { ...w, signature_farmer: s };
  }
}

/** New-style workloads: create (workloads.md §8.1), reads, and the signature endpoints (§8.3, decisions §3). */

@Injectable()
export class WorkloadsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly workloads: WorkloadsRepository,
    private readonly users: UsersRepository,
    private readonly ledger: PoolLedger,
    private readonly state: WorkloadStateService,
  ) {}

  /**
   * `signerTid` is the keyId of the request's HTTP signature, null when unsigned creates are allowed
   * and none was sent. Returns the reservation id; an under-funded pool stores the workload `invalid`
   * and answers 402 with its id (after the commit, so the row stays).
   */
  async create(body: string, signerTid: number | null): Promise<number> {
    const w = decodeWorkload(body);
    validate(w);
    if (signerTid !== null && signerTid !== w.customer_tid) {
      throw unauthorized('request user identity does not match the reservation customer-tid');
    }
    await this.verifyCustomer(w);
    // Reads before the insert (one round trip): a create locks nothing but its own new row.
    const context = await this.workloads.createContext(w.pool_id, w.node_id);
    const pool = this.ledger.hostingPool(context.pool, context.poolHostsNode, w.customer_tid);
    // One statement, its own transaction: nothing else is read or locked after the checks above.
    const created = await this.state.create(w, context.farm, pool, tidActor(w.customer_tid));
    if (created.inserted && created.nextAction === NextAction.Invalid) {
      throw new DomainError('payment_required', 'pool needs additional capacity to support this workload', {
        reservation_id: created.id,
      });
    }
    return created.id;
  }

  private async verifyCustomer(w: Workload): Promise<void> {
    const key = await this.userKey(w.customer_tid);
    if (!key) throw badRequest(`cannot find user with id '${w.customer_tid}'`);
    const signature = decodeHex(w.customer_signature);
    if (!signature) throw badRequest('invalid signature format, expecting hex encoded string');
    // The client-supplied epoch is what the customer signed (it is replaced by the server's time on store).
    if (!(await verifyEd25519Async(key, hashChallenge(w), signature))) {
      throw badRequest('failed to verify customer signature');
    }
  }

  private async userKey(tid: number): Promise<Buffer | null> {
    const pubkey = await this.users.findPubkey(tid);
    const key = pubkey === null ? null : decodeHex(pubkey);
    return key?.length === 32 ? key : null;
  }

  async get(id: number): Promise<string> {
    const wire = await this.workloads.findWire(id);
    if (wire === null) throw notFound('workload not found');
    return wire;
  }

  async list(filter: WorkloadFilter, page: PageRequest): Promise<WireList> {
    const { wires, total } = await this.workloads.list(filter, page.offset, page.size);
    return { wires, total, size: page.size };
  }

  async listForFarm(farmId: number, nextAction: number | undefined, page: PageRequest): Promise<WireList> {
    if (!(await this.workloads.farmPolicy(this.db.manager, farmId))) throw notFound('farm not found');
    return this.list({ farmId, nextAction }, page);
  }

  async history(id: number): Promise<HistoryView[]> {
    if ((await this.workloads.findWire(id)) === null) throw notFound('workload not found');
    return (await this.workloads.history(id)).map(historyView);
  }

  /**
   * One signature. Before any transaction: the workload as committed, the farm owner, the machine's
   * checks (state, signer list, duplicates: the reference order), then the signer's key and signature.
   * Then one transaction locks the row and applies the event (the machine decides again under the lock).
   */
  async sign(id: number, kind: SignatureKind, request: SignatureRequest): Promise<void> {
    const mode = kind === 'farmer' && request.refuse ? 'refuse' : kind;
    const event = SIGNING[mode].event(request.tid);
    const row = await this.workloads.findById(id);
    if (!row) throw notFound('workload not found');
    const farm = row.farmId === null ? null : await this.workloads.farmPolicy(this.db.manager, row.farmId);
    if (kind === 'farmer' && farm?.ownerTid !== request.tid)
      throw unauthorized(`signature not required for user '${request.tid}'`);
    this.state.check(row, farm, event);
    const key = await this.userKey(request.tid);
    if (!key) throw notFound('customer id not found');
    // The challenge covers only fields a workload never changes, so the committed row is enough.
    if (!(await SIGNING[mode].verify(workloadOf(row), request.tid, key, request.signature))) {
      throw unauthorized('failed to verify signature');
    }
    await this.db.transaction(async (em) => {
      const mutate =
        mode === 'refuse'
          ? undefined
          : (w: Workload, t: { now: number }) =>
              withSignature(w, kind, { tid: request.tid, signature: request.signature, epoch: t.now });
      await this.state.apply(em, id, event, tidActor(request.tid), { mutate });
    });
  }
}

/** The §8.1 field checks, in the reference order. */
function validate(w: Workload): void {
  if (w.customer_tid === 0) throw badRequest('customer_tid is required');
  if (w.customer_signature === '') throw badRequest('customer_signature is required');
  if (!metadataWithinLimit(w.metadata)) throw badRequest('metadata can not be bigger than 1024 bytes');
  if (w.pool_id === 0) throw badRequest('pool is required');
  if (w.reference !== '') throw badRequest('reference is illegal for new workloads');
  // The reference runs its pipeline on the client's value: only these two survive it as themselves.
  if (w.next_action === NextAction.Delete || w.next_action === NextAction.Invalid) {
    throw badRequest(`invalid request wrong status '${nextActionName(w.next_action)}'`);
  }
}

export function historyView(h: WorkloadHistoryEntity): HistoryView {
  return { from: h.fromAction, to: h.toAction, cause: h.cause, actor: h.actor, time: h.at };
}
