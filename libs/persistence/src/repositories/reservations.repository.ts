import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ReservationEntity } from '../entities/reservation.entity';
import { isUniqueViolation } from '../unique-violation';
import { FarmPolicy } from './workloads.repository';

export interface NewReservationRow {
  id: number;
  customerTid: number;
  customerSignature: string;
  requestSha256: string;
  nextAction: number;
  expirationProvisioning: number;
  expirationReservation: number;
  farmerSigners: number[];
  document: object;
}

/** One node workload of a reservation: its key and stored form (the wire, with its result). */
export interface DerivedRow {
  workloadId: number;
  nodeId: string;
  workloadType: number;
  farmId: number | null;
  resultState: number;
  wire: string;
}

export interface ReservationFilter {
  customerTid?: number;
  nextAction?: number;
  /** Reservations with a workload on a node or gateway of this farm. */
  farmId?: number;
}

export interface StoredReservation {
  row: ReservationEntity;
  derived: DerivedRow[];
}

interface DerivedDbRow {
  id: string;
  workload_id: string;
  node_id: string;
  workload_type: number;
  farm_id: string | null;
  result_state: number;
  wire: string;
}

const DERIVED_COLUMNS = 'id, workload_id, node_id, workload_type, farm_id, result_state, wire';

const derivedOf = (r: DerivedDbRow): DerivedRow => ({
  workloadId: Number(r.workload_id),
  nodeId: r.node_id,
  workloadType: r.workload_type,
  farmId: r.farm_id === null ? null : Number(r.farm_id),
  resultState: r.result_state,
  wire: r.wire,
});

/** Every query on legacy reservations and on the workload rows derived from them. */
@Injectable()
export class ReservationsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Draws an id from the sequence shared with new-style workloads, inside the caller's transaction. */
  async nextId(em: EntityManager): Promise<number> {
    const [row]: { id: string }[] = await em.query(`SELECT nextval('reservation_id_seq') AS id`);
    return Number(row.id);
  }

  /**
   * Inserts the reservation: `repeated` when the same request is stored already, `signature_taken` when
   * another request holds its customer signature (the transaction is then aborted: end it).
   */
  async insert(
    em: EntityManager,
    r: NewReservationRow,
  ): Promise<'inserted' | 'repeated' | 'signature_taken'> {
    try {
      const rows: unknown[] = await em.query(
        `INSERT INTO reservations (id, customer_tid, customer_signature, request_sha256, next_action,
           expiration_provisioning, expiration_reservation, farmer_signers, document)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (request_sha256) DO NOTHING RETURNING id`,
        [
          r.id,
          r.customerTid,
          r.customerSignature,
          r.requestSha256,
          r.nextAction,
          r.expirationProvisioning,
          r.expirationReservation,
          JSON.stringify(r.farmerSigners),
          r.document,
        ],
      );
      return rows.length === 1 ? 'inserted' : 'repeated';
    } catch (error) {
      if (isUniqueViolation(error, 'reservations_customer_signature')) return 'signature_taken';
      throw error;
    }
  }

  /** The derived rows: pool 0, no signature of their own, no units (reservations are free). */
  async insertDerived(
    em: EntityManager,
    id: number,
    customerTid: number,
    nextAction: number,
    rows: DerivedRow[],
  ) {
    for (const d of rows) {
      await em.query(
        `INSERT INTO workloads (id, workload_id, workload_type, node_id, farm_id, pool_id, customer_tid,
           customer_signature, next_action, result_state, wire, derived)
         VALUES ($1, $2, $3, $4, $5, 0, $6, '', $7, $8, $9, true)`,
        [
          id,
          d.workloadId,
          d.workloadType,
          d.nodeId,
          d.farmId,
          customerTid,
          nextAction,
          d.resultState,
          d.wire,
        ],
      );
    }
  }

  async findIdByRequest(requestSha256: string): Promise<number | null> {
    const rows: { id: string }[] = await this.db.query(
      'SELECT id FROM reservations WHERE request_sha256 = $1',
      [requestSha256],
    );
    return rows[0] ? Number(rows[0].id) : null;
  }

  /** The reservation, locked for the rest of the transaction (the guard of every transition). */
  lockById(em: EntityManager, id: number): Promise<ReservationEntity | null> {
    return em
      .getRepository(ReservationEntity)
      .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /** The derived rows of a reservation whose row the caller holds locked (they change only with it). */
  async derivedOfLocked(em: EntityManager, id: number): Promise<DerivedRow[]> {
    const rows: DerivedDbRow[] = await em.query(
      `SELECT ${DERIVED_COLUMNS} FROM workloads WHERE id = $1 AND derived ORDER BY workload_id, node_id`,
      [id],
    );
    return rows.map(derivedOf);
  }

  async saveState(em: EntityManager, id: number, nextAction: number, document: object): Promise<void> {
    await em.query(
      'UPDATE reservations SET next_action = $2, document = $3, updated_at = now() WHERE id = $1',
      [id, nextAction, document],
    );
  }

  async saveDerived(em: EntityManager, id: number, nextAction: number, d: DerivedRow): Promise<void> {
    await em.query(
      `UPDATE workloads SET next_action = $4, result_state = $5, wire = $6, updated_at = now()
       WHERE id = $1 AND workload_id = $2 AND node_id = $3 AND derived`,
      [id, d.workloadId, d.nodeId, nextAction, d.resultState, d.wire],
    );
  }

  /** A reservation and its derived rows, read outside any transaction (replicas allowed). */
  async find(id: number): Promise<StoredReservation | null> {
    const row = await this.db.getRepository(ReservationEntity).findOneBy({ id });
    if (!row) return null;
    const derived: DerivedDbRow[] = await this.db.query(
      `SELECT ${DERIVED_COLUMNS} FROM workloads WHERE id = $1 AND derived ORDER BY workload_id, node_id`,
      [id],
    );
    return { row, derived: derived.map(derivedOf) };
  }

  /** A filtered, id-ordered page with the derived rows of its reservations, and the filter's total. */
  async list(
    filter: ReservationFilter,
    offset: number,
    limit: number,
  ): Promise<{ items: StoredReservation[]; total: number }> {
    const clauses: string[] = [];
    const params: unknown[] = [];
    if (filter.customerTid) clauses.push(`customer_tid = $${params.push(filter.customerTid)}`);
    if (filter.nextAction !== undefined) clauses.push(`next_action = $${params.push(filter.nextAction)}`);
    if (filter.farmId) {
      clauses.push(
        `EXISTS (SELECT 1 FROM workloads w WHERE w.farm_id = $${params.push(filter.farmId)} AND w.id = reservations.id AND w.derived)`,
      );
    }
    const where = clauses.length ? `WHERE ${clauses.join(' AND ')}` : '';
    const repo = this.db.getRepository(ReservationEntity);
    const [ids, count]: [{ id: string }[], { n: string }[]] = await Promise.all([
      this.db.query(
        `SELECT id FROM reservations ${where} ORDER BY id LIMIT ${limit} OFFSET ${offset}`,
        params,
      ),
      this.db.query(`SELECT count(*) AS n FROM reservations ${where}`, params),
    ]);
    const wanted = ids.map((r) => Number(r.id));
    if (wanted.length === 0) return { items: [], total: Number(count[0].n) };
    const [rows, derived]: [ReservationEntity[], DerivedDbRow[]] = await Promise.all([
      repo.createQueryBuilder('r').where('r.id = ANY(:ids)', { ids: wanted }).orderBy('r.id').getMany(),
      this.db.query(
        `SELECT ${DERIVED_COLUMNS} FROM workloads WHERE id = ANY($1) AND derived ORDER BY id, workload_id, node_id`,
        [wanted],
      ),
    ]);
    const items = rows.map((row) => ({
      row,
      derived: derived.filter((d) => Number(d.id) === row.id).map(derivedOf),
    }));
    return { items, total: Number(count[0].n) };
  }

  /**
   * Ids of reservations an expiration may end at `now`, in id order (the machine decides): past
   * `expiration_reservation`, or past `expiration_provisioning` and not (deployed with every derived
   * workload reported ok, result state 1).
   */
  async expiryCandidates(em: EntityManager, now: number): Promise<number[]> {
    const rows: { id: string }[] = await em.query(
      `SELECT r.id FROM reservations r
       WHERE r.next_action IN (0, 1, 2, 3) AND r.expiration_provisioning <= $1
         AND (r.expiration_reservation <= $1 OR r.next_action <> 3 OR EXISTS (
           SELECT 1 FROM workloads w WHERE w.id = r.id AND w.derived
             AND w.result_state <> 1))
       ORDER BY r.id`,
      [now],
    );
    return rows.map((r) => Number(r.id));
  }

  /** Farm policy of each node or gateway id that is registered (others are missing from the map). */
  async farmsOfNodes(nodeIds: string[]): Promise<Map<string, FarmPolicy>> {
    const rows: { node_id: string; id: string; threebot_id: string; require_farmer_signature: boolean }[] =
      await this.db.query(
        `SELECT h.node_id, f.id, f.threebot_id, f.require_farmer_signature
         FROM (SELECT node_id, farm_id FROM nodes WHERE node_id = ANY($1)
               UNION ALL SELECT node_id, farm_id FROM gateways WHERE node_id = ANY($1)) h
         JOIN farms f ON f.id = h.farm_id`,
        [nodeIds],
      );
    return new Map(
      rows.map((r) => [
        r.node_id,
        {
          farmId: Number(r.id),
          ownerTid: Number(r.threebot_id),
          requireFarmerSignature: r.require_farmer_signature,
        },
      ]),
    );
  }
}
