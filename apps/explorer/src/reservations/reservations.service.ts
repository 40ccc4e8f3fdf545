import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import {
  badRequest,
  conflict,
  DomainError,
  LegacyEvent,
  NextAction,
  nextActionName,
  notFound,
  unauthorized,
} from '@app/domain';
import {
  decodeHex,
  legacyCustomerMessage,
  legacyRefuseMessage,
  legacySignerMessage,
  verifyEd25519Async,
} from '@app/crypto';
import {
  ReservationFilter,
  ReservationsRepository,
  StoredReservation,
  UsersRepository,
  WorkloadsRepository,
} from '@app/persistence';
import {
  conflictingWorkloadId,
  decodeLegacyReservation,
  decodeReservationData,
  deriveWorkloads,
  encodeLegacyReservation,
  LegacyReservation,
  metadataWithinLimit,
  NextActionValue,
  repeatedNetworkNode,
  reservationDataEqual,
  SigningSignature,
  WireError,
} from '@app/wire';
import { PageRequest } from '../http/pagination';
import { SignatureRequest } from '../workloads/signature-request';
import { HistoryView, historyView, SignatureKind, WireList } from '../workloads/workloads.service';
import { Clock } from '../clock/clock';
import { reportedResult, reservationOf, ReservationStateService, tidActor } from '../workload-state';

/** Shortest life of a reservation (workloads.md §8.2). */
export const MIN_RESERVATION_SECONDS = 3600;

type SignMode = 'provision' | 'delete' | 'farmer' | 'refuse';

const EVENTS: Record<SignMode, (tid: number) => LegacyEvent> = {
  provision: (tid) => ({ kind: 'provision_signed', tid }),
  delete: (tid) => ({ kind: 'delete_signed', tid }),
  farmer: (tid) => ({ kind: 'farmer_signed', tid }),
  refuse: (tid) => ({ kind: 'farmer_refused', tid }),
};

function withSignature(r: LegacyReservation, mode: SignMode, s: SigningSignature): LegacyReservation {
  switch (mode) {
    case 'provision':
      return { ...r, signatures_provision: [...(r.signatures_provision ?? []), s] };
    case 'delete':
      return { ...r, signatures_delete: [...(r.signatures_delete ?? []), s] };
    case 'farmer':
      return { ...r, signatures_farmer: [...(r.signatures_farmer ?? []), s] };
    case 'refuse':
      return r;
  }
}

/** The wire JSON of a stored reservation, with the results its nodes reported. */
export function reservationWire(s: StoredReservation): string {
  const results = s.derived.flatMap((d) => reportedResult(d) ?? []);
  return encodeLegacyReservation({
    ...reservationOf(s.row),
    next_action: s.row.nextAction as NextActionValue,
    results,
  });
}

/**
 * Legacy multi-workload reservations (decisions.md §4): create with the checks of the legacy era,
 * reads, and the provision / delete / farmer signatures over decimal(id) + json.
 */
@Injectable()
export class ReservationsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly reservations: ReservationsRepository,
    private readonly workloads: WorkloadsRepository,
    private readonly users: UsersRepository,
    private readonly state: ReservationStateService,
    private readonly clock: Clock,
  ) {}

  /**
   * `signerTid` is the keyId of the request's HTTP signature, null when unsigned creates are allowed
   * and none was sent. The same request again answers the first id.
   */
  async create(body: string, signerTid: number | null): Promise<number> {
    const now = this.clock.now();
    const r = decodeLegacyReservation(body);
    validate(r, now);
    if (signerTid !== null && signerTid !== r.customer_tid) {
      throw unauthorized('request user identity does not match the reservation customer-tid');
    }
    const requestSha256 = createHash('sha256').update(body).digest('hex');
    const repeated = await this.reservations.findIdByRequest(requestSha256);
    if (repeated !== null) return repeated;
    await this.verifyCustomer(r);
    const nodeIds = [...new Set(deriveWorkloads(r, NextAction.Create).map((w) => w.node_id))];
    const farms = await this.reservations.farmsOfNodes(nodeIds);
    const unknown = nodeIds.find((id) => !farms.has(id));
    if (unknown !== undefined) throw badRequest(`node or gateway '${unknown}' not found`);
    const created = await this.insert(async (em) => {
      const id = await this.reservations.nextId(em);
      const reservation: LegacyReservation = {
        ...r,
        id,
        epoch: now,
        next_action: NextAction.Create,
        signatures_provision: [],
        signatures_farmer: [],
        signatures_delete: [],
        results: null,
      };
      const inserted = await this.state.create(
        em,
        { reservation, requestSha256, farms },
        tidActor(r.customer_tid),
      );
      return inserted ? id : null;
    });
    if (created !== null) return created;
    // Lost a race with the same request (then its first id answers), or another request holds the
    // signature (409). A twin committed meanwhile can surface as either.
    const first = await this.reservations.findIdByRequest(requestSha256);
    if (first === null) throw conflict('a reservation with this customer signature exists');
    return first;
  }

  /** The insert transaction; null when the request or its signature is stored already. */
  private async insert(work: (em: EntityManager) => Promise<number | null>): Promise<number | null> {
    try {
      return await this.db.transaction(work);
    } catch (error) {
      if (error instanceof DomainError && error.kind === 'conflict') return null;
      throw error;
    }
  }

  private async verifyCustomer(r: LegacyReservation): Promise<void> {
    const key = await this.userKey(r.customer_tid);
    if (!key) throw badRequest(`cannot find user with id '${r.customer_tid}'`);
    const signature = decodeHex(r.customer_signature);
    if (!signature) throw badRequest('invalid signature format, expecting hex encoded string');
    if (!(await verifyEd25519Async(key, legacyCustomerMessage(r.json), signature))) {
      throw badRequest('failed to verify customer signature');
    }
  }

  private async userKey(tid: number): Promise<Buffer | null> {
    const pubkey = await this.users.findPubkey(tid);
    const key = pubkey === null ? null : decodeHex(pubkey);
    return key?.length === 32 ? key : null;
  }

  async find(id: number): Promise<StoredReservation | null> {
    return this.reservations.find(id);
  }

  async get(id: number): Promise<string> {
    const stored = await this.reservations.find(id);
    if (!stored) throw notFound('reservation not found');
    return reservationWire(stored);
  }

  async list(filter: ReservationFilter, page: PageRequest): Promise<WireList> {
    const { items, total } = await this.reservations.list(filter, page.offset, page.size);
    return { wires: items.map(reservationWire), total, size: page.size };
  }

  async history(id: number): Promise<HistoryView[]> {
    if (!(await this.reservations.find(id))) throw notFound('reservation not found');
    return (await this.workloads.history(id)).map(historyView);
  }

  /**
   * One signature on `stored`. The machine's checks (state, listed signer, duplicate) run first, as in
   * the reference; then the key and the signature are verified, before the transaction; then the
   * change is applied under the row lock (the machine checks again there).
   */
  async sign(stored: StoredReservation, kind: SignatureKind, request: SignatureRequest): Promise<void> {
    const mode: SignMode = kind === 'farmer' && request.refuse ? 'refuse' : kind;
    const id = stored.row.id;
    const event = EVENTS[mode](request.tid);
    this.state.check(stored.row, stored.derived, event);
    const key = await this.userKey(request.tid);
    if (!key) throw notFound('customer id not found');
    const json = reservationOf(stored.row).json;
    const message =
      mode === 'refuse' ? legacyRefuseMessage(id, json, request.tid) : legacySignerMessage(id, json);
    const signature = decodeHex(request.signature);
    const verified = signature !== null && (await verifyEd25519Async(key, message, signature));
    if (!verified) throw unauthorized('failed to verify signature');
    await this.db.transaction(async (em) => {
      const row = await this.state.lock(em, id);
      const at = this.clock.now();
      const signature: SigningSignature = { tid: request.tid, signature: request.signature, epoch: at };
      await this.state.apply(em, row, event, tidActor(request.tid), (r) => withSignature(r, mode, signature));
    });
  }
}

/** The legacy create checks (workloads.md §8.2), in the reference order. */
function validate(r: LegacyReservation, now: number): void {
  const d = r.data_reservation;
  if (d.expiration_reservation <= now)
    throw badRequest('creating for a reservation that expires in the past');
  if (d.expiration_reservation - now < MIN_RESERVATION_SECONDS) {
    throw badRequest(
      'the minimum duration for a reservation is 1 hour, please extend the expiration_reservation',
    );
  }
  if (d.expiration_provisioning <= now) throw badRequest('expiration_provisioning must be in the future');
  if (d.expiration_provisioning > d.expiration_reservation) {
    throw badRequest('expiration_provisioning can not be after expiration_reservation');
  }
  if (r.customer_tid === 0) throw badRequest('customer_tid is required');
  if (r.customer_signature === '') throw badRequest('customer_signature is required');
  let signed;
  try {
    signed = decodeReservationData(r.json);
  } catch (error) {
    if (error instanceof WireError) throw badRequest(`invalid json data: ${error.message}`);
    throw error;
  }
  if (!reservationDataEqual(signed, d)) throw badRequest('json data does not match the reservation data');
  if (!metadataWithinLimit(r.metadata)) throw badRequest('metadata can not be bigger than 1024 bytes');
  const conflicting = conflictingWorkloadId(d);
  if (conflicting !== null) throw badRequest(`conflicting workload ID '${conflicting}'`);
  const repeated = repeatedNetworkNode(d);
  if (repeated) throw badRequest(`network '${repeated.network}' lists node '${repeated.nodeId}' twice`);
  if (r.next_action === NextAction.Delete || r.next_action === NextAction.Invalid) {
    throw badRequest(`invalid request wrong status '${nextActionName(r.next_action)}'`);
  }
}
