import { Column, Entity, Index, PrimaryColumn, ValueTransformer } from 'typeorm';
import { bigintNumber } from '../transformers';

/** `empty_at` reaches max int64 (idle pool), beyond a JS number: kept as a bigint. */
export const bigintExact: ValueTransformer = {
  to: (value: bigint | null | undefined) => (typeof value === 'bigint' ? value.toString() : value),
  from: (value: string | null) => (value === null ? null : BigInt(value)),
};

/** A capacity pool (workloads.md §9.1): unit-seconds left at `last_updated` and what drains them. */
@Entity({ name: 'pools' })
@Index('pools_customer', ['customerTid', 'id'])
// The expiry sweeper looks for the earliest `empty_at`.
@Index('pools_empty_at', ['emptyAt'])
export class PoolEntity {
  /** The id of the capacity reservation that created the pool. */
  @PrimaryColumn({ type: 'bigint', transformer: bigintNumber })
  id!: number;

  @Column({ type: 'double precision' })
  cus!: number;

  @Column({ type: 'double precision' })
  sus!: number;

  @Column({ name: 'active_cu', type: 'double precision' })
  activeCu!: number;

  @Column({ name: 'active_su', type: 'double precision' })
  activeSu!: number;

  @Column({ name: 'node_ids', type: 'text', array: true })
  nodeIds!: string[];

  /** Unix seconds. */
  @Column({ name: 'last_updated', type: 'bigint', transformer: bigintNumber })
  lastUpdated!: number;

  /** Unix seconds; 9223372036854775807 while nothing drains the pool. */
  @Column({ name: 'empty_at', type: 'bigint', transformer: bigintExact })
  emptyAt!: bigint;

  @Column({ name: 'customer_tid', type: 'bigint', transformer: bigintNumber })
  customerTid!: number;
}

/**
 * The workloads a pool is charging (its `active_workload_ids`), one row each: the pool row holds only
 * the sums, so charging a workload costs the same in a pool of 10 as in a pool of 10 000.
 */
@Entity({ name: 'pool_workloads' })
export class PoolWorkloadEntity {
  @PrimaryColumn({ name: 'pool_id', type: 'bigint', transformer: bigintNumber })
  poolId!: number;

  @PrimaryColumn({ name: 'workload_id', type: 'bigint', transformer: bigintNumber })
  workloadId!: number;
}

/** A signed capacity reservation as received (free escrow: credited at once to `pool_id`). */
@Entity({ name: 'capacity_reservations' })
@Index('capacity_reservations_pool', ['poolId', 'id'])
export class CapacityReservationEntity {
  @PrimaryColumn({
    type: 'bigint',
    transformer: bigintNumber,
    default: () => "nextval('capacity_reservation_id_seq')",
  })
  id!: number;

  @Column({ name: 'pool_id', type: 'bigint', transformer: bigintNumber })
  poolId!: number;

  /** The signed text, byte for byte. */
  @Column({ type: 'text' })
  json!: string;

  @Column({ name: 'customer_tid', type: 'bigint', transformer: bigintNumber })
  customerTid!: number;

  @Column({ name: 'customer_signature', type: 'text' })
  customerSignature!: string;

  @Column({ type: 'bigint', transformer: bigintNumber })
  cus!: number;

  @Column({ type: 'bigint', transformer: bigintNumber })
  sus!: number;

  @Column({ name: 'node_ids', type: 'text', array: true })
  nodeIds!: string[];

  /** Unix seconds. */
  @Column({ type: 'bigint', transformer: bigintNumber })
  created!: number;

  /** sha256 hex of `<customer_tid>\n<json>`: a reservation is accepted once (NULL only on old replays). */
  @Index('capacity_reservations_request_key', { unique: true })
  @Column({ name: 'request_key', type: 'text', nullable: true })
  requestKey!: string | null;
}
