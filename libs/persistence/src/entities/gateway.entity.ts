import { Column, Entity, Generated, Index, PrimaryColumn } from 'typeorm';
import { bigintNumber } from '../transformers';
import type { WorkloadCounters } from './node.entity';

/** A gateway (directory.md §7): like a node, without capacity proofs or farmer settings. */
@Entity({ name: 'gateways' })
export class GatewayEntity {
  @PrimaryColumn({ type: 'bigint', transformer: bigintNumber })
  @Generated('increment')
  id!: number;

  @Index('gateways_node_id_unique', { unique: true })
  @Column({ name: 'node_id', type: 'text' })
  nodeId!: string;

  @Index('gateways_farm_id')
  @Column({ name: 'farm_id', type: 'bigint', transformer: bigintNumber })
  farmId!: number;

  @Column({ name: 'os_version', type: 'text', default: '' })
  osVersion!: string;

  @Column({ type: 'bigint', transformer: bigintNumber })
  created!: number;

  @Column({ type: 'bigint', transformer: bigintNumber })
  updated!: number;

  @Column({ type: 'bigint', default: 0, transformer: bigintNumber })
  uptime!: number;

  @Column({ type: 'text', default: '' })
  address!: string;

  @Index('gateways_country')
  @Column({ type: 'text', default: '' })
  country!: string;

  @Index('gateways_city')
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

  @Column({ name: 'managed_domains', type: 'text', array: true })
  managedDomains!: string[];

  @Column({ name: 'tcp_router_port', type: 'int', default: 0 })
  tcpRouterPort!: number;

  @Column({ name: 'dns_nameserver', type: 'text', array: true })
  dnsNameserver!: string[];

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
