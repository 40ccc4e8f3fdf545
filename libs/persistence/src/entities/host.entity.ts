import { Column, Generated, PrimaryColumn } from 'typeorm';
import { bigintNumber } from '../transformers';
import type { WorkloadCounters } from './node.entity';

/**
 * The columns nodes and gateways share: registration, liveness, location and the reserved-resources
 * report. Not an entity itself (each subclass is its own table); indexes stay on the subclasses because
 * their names are per table.
 */
export abstract class HostEntity {
  @PrimaryColumn({ type: 'bigint', transformer: bigintNumber })
  @Generated('increment')
  id!: number;

  @Column({ name: 'node_id', type: 'text' })
  nodeId!: string;

  @Column({ name: 'farm_id', type: 'bigint', transformer: bigintNumber })
  farmId!: number;

  @Column({ name: 'os_version', type: 'text', default: '' })
  osVersion!: string;

  /** Unix seconds of the first registration. */
  @Column({ type: 'bigint', transformer: bigintNumber })
  created!: number;

  /** Unix seconds of the last registration or uptime report; "online" derives from it. */
  @Column({ type: 'bigint', transformer: bigintNumber })
  updated!: number;

  @Column({ type: 'bigint', default: 0, transformer: bigintNumber })
  uptime!: number;

  @Column({ type: 'text', default: '' })
  address!: string;

  @Column({ type: 'text', default: '' })
  country!: string;

  @Column({ type: 'text', default: '' })
  city!: string;

  @Column({ type: 'text', default: '' })
  continent!: string;

  @Column({ type: 'double precision', default: 0 })
  latitude!: number;

  @Column({ type: 'double precision', default: 0 })
  longitude!: number;

  @Column({ name: 'public_key_hex', type: 'text' })
  publicKeyHex!: string;

  @Column({ type: 'jsonb' })
  workloads!: WorkloadCounters;

  @Column({ name: 'free_to_use', type: 'boolean', default: false })
  freeToUse!: boolean;

  @Column({ name: 'reserved_cru', type: 'bigint', default: 0, transformer: bigintNumber })
  reservedCru!: number;

  @Column({ name: 'reserved_mru', type: 'double precision', default: 0 })
  reservedMru!: number;

  @Column({ name: 'reserved_hru', type: 'double precision', default: 0 })
  reservedHru!: number;

  @Column({ name: 'reserved_sru', type: 'double precision', default: 0 })
  reservedSru!: number;
}
