import { Column, Entity, Generated, Index, PrimaryColumn } from 'typeorm';
import { bigintNumber } from '../transformers';

/**
 * A new-style workload, stored once as `wire`: its current wire JSON as libs/wire's encoder renders it,
 * re-rendered with every change so reads and polls never serialise; code that needs the workload
 * decodes it. The other columns are what is filtered, indexed or locked on, derived with the wire.
 */
@Entity({ name: 'workloads' })
// The node poll: one index range scan over what a node must run or remove.
@Index('workloads_node_poll', ['nodeId', 'id'], { where: 'next_action IN (3, 4)' })
@Index('workloads_customer', ['customerTid', 'id'])
@Index('workloads_pool', ['poolId', 'id'])
@Index('workloads_next_action', ['nextAction', 'id'])
@Index('workloads_farm', ['farmId', 'nextAction', 'id'])
@Index('workloads_type', ['workloadType', 'id'])
// A repeat of the same create request returns the first id; anything that differs is its own workload.
@Index('workloads_request_digest', ['customerTid', 'requestDigest'], { unique: true })
export class WorkloadEntity {
  /**
   * From `reservation_id_seq`, shared with legacy reservations (workloads.md §2.1). The key is
   * (id, workload_id, node_id): a new-style workload is alone under its id; the workloads derived from
   * a legacy reservation share its id, and a network's share one gwid across its nodes.
   */
  @PrimaryColumn({
    type: 'bigint',
    transformer: bigintNumber,
    default: () => "nextval('reservation_id_seq')",
  })
  id!: number;

  @PrimaryColumn({ name: 'workload_id', type: 'bigint', transformer: bigintNumber })
  workloadId!: number;

  @Column({ name: 'workload_type', type: 'smallint' })
  workloadType!: number;

  @PrimaryColumn({ name: 'node_id', type: 'text' })
  nodeId!: string;

  /** A node workload derived from a legacy reservation (its state is the reservation's). */
  @Column({ type: 'boolean', default: false })
  derived!: boolean;

  /** Farm of the node or gateway at create time (farmer views and signatures); null when unknown. */
  @Column({ name: 'farm_id', type: 'bigint', nullable: true, transformer: bigintNumber })
  farmId!: number | null;

  @Column({ name: 'pool_id', type: 'bigint', transformer: bigintNumber })
  poolId!: number;

  @Column({ name: 'customer_tid', type: 'bigint', transformer: bigintNumber })
  customerTid!: number;

  @Column({ name: 'customer_signature', type: 'text' })
  customerSignature!: string;

  /**
   * sha256 (hex) of the create request's workload as decoded (every field it stores); null for rows
   * stored before it existed.
   */
  @Column({ name: 'request_digest', type: 'text', nullable: true })
  requestDigest!: string | null;

  @Column({ name: 'next_action', type: 'smallint' })
  nextAction!: number;

  /** Cloud units this workload draws from its pool while active (pure function of its spec). */
  @Column({ type: 'double precision', default: 0 })
  cu!: number;

  @Column({ type: 'double precision', default: 0 })
  su!: number;

  /** State of the node's result (0 error or none, 1 ok, 2 deleted), derived with `wire`. */
  @Column({ name: 'result_state', type: 'smallint', default: 0 })
  resultState!: number;

  @Column({ type: 'text' })
  wire!: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}

/** Every transition of a workload: from, to, what caused it, who (tid or node id), when. */
@Entity({ name: 'workload_history' })
@Index('workload_history_by_workload', ['workloadId', 'id'])
export class WorkloadHistoryEntity {
  @PrimaryColumn({ type: 'bigint', transformer: bigintNumber })
  @Generated('increment')
  id!: number;

  @Column({ name: 'workload_id', type: 'bigint', transformer: bigintNumber })
  workloadId!: number;

  @Column({ name: 'from_action', type: 'smallint', nullable: true })
  fromAction!: number | null;

  @Column({ name: 'to_action', type: 'smallint' })
  toAction!: number;

  /** e.g. `created`, `provision_signed`, `delete_signed`, `pool_exhausted`, `node_result:error`. */
  @Column({ type: 'text' })
  cause!: string;

  /** `tid:<n>`, `node:<id>` or `system`. */
  @Column({ type: 'text' })
  actor!: string;

  /** Unix seconds. */
  @Column({ type: 'bigint', transformer: bigintNumber })
  at!: number;
}

/**
 * Changes a node must see even when its poll cursor passed the workload's id (workloads.md §7.5),
 * keyed by (id, workload_id, node_id); delivered with the workload's current state, once per change.
 */
@Entity({ name: 'work_queue' })
// The node poll's queue side: one index range scan from the node's cursor.
@Index('work_queue_position', ['nodeId', 'position'])
export class WorkQueueEntity {
  @PrimaryColumn({ name: 'node_id', type: 'text' })
  nodeId!: string;

  @PrimaryColumn({ type: 'bigint', transformer: bigintNumber })
  id!: number;

  @PrimaryColumn({ name: 'workload_id', type: 'bigint', transformer: bigintNumber })
  workloadId!: number;

  @Column({ name: 'queued_at', type: 'timestamptz', default: () => 'now()' })
  queuedAt!: Date;

  /** Value of `reservation_id_seq` taken when the item was (re)queued: its place in the node's poll order. */
  @Column({
    type: 'bigint',
    transformer: bigintNumber,
    default: () => "nextval('reservation_id_seq')",
  })
  position!: number;
}
