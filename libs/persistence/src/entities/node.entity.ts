import { Column, Entity, Generated, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { bigintNumber } from '../transformers';
import { HostEntity } from './host.entity';

/** Counters of deployed workloads a node or gateway reports (wire `workloads`). */
export interface WorkloadCounters {
  network: number;
  network_resource: number;
  volume: number;
  zdb_namespace: number;
  container: number;
  k8s_vm: number;
  generic_vm: number;
  proxy: number;
  reverse_proxy: number;
  subdomain: number;
  delegate_domain: number;
}

export const NO_WORKLOADS: Readonly<WorkloadCounters> = Object.freeze({
  network: 0,
  network_resource: 0,
  volume: 0,
  zdb_namespace: 0,
  container: 0,
  k8s_vm: 0,
  generic_vm: 0,
  proxy: 0,
  reverse_proxy: 0,
  subdomain: 0,
  delegate_domain: 0,
});

export interface NodeIface {
  name: string;
  addrs: string[];
  gateway: string[];
  macaddress: string;
}

export interface PublicConfig {
  master: string;
  type: number;
  ipv4: string;
  ipv6: string;
  gw4: string;
  gw6: string;
  version: number;
}

/**
 * A 0-OS node (directory.md §6.2). Location and resources are columns so that every list filter is
 * index-backed; the free-capacity indexes (total − reserved) are expression indexes created by the
 * migration (TypeORM cannot declare them).
 */
@Entity({ name: 'nodes' })
@Index('nodes_node_id_unique', ['nodeId'], { unique: true })
@Index('nodes_farm_id', ['farmId'])
@Index('nodes_updated', ['updated'])
@Index('nodes_country', ['country'])
@Index('nodes_city', ['city'])
export class NodeEntity extends HostEntity {
  @Column({ type: 'text', default: '' })
  hostname!: string;

  @Column({ name: 'node_id_v1', type: 'text', default: '' })
  nodeIdV1!: string;

  @Index('nodes_total_cru')
  @Column({ name: 'total_cru', type: 'bigint', default: 0, transformer: bigintNumber })
  totalCru!: number;

  @Index('nodes_total_mru')
  @Column({ name: 'total_mru', type: 'double precision', default: 0 })
  totalMru!: number;

  @Index('nodes_total_hru')
  @Column({ name: 'total_hru', type: 'double precision', default: 0 })
  totalHru!: number;

  @Index('nodes_total_sru')
  @Column({ name: 'total_sru', type: 'double precision', default: 0 })
  totalSru!: number;

  @Column({ type: 'jsonb' })
  ifaces!: NodeIface[];

  @Column({ name: 'public_config', type: 'jsonb', nullable: true })
  publicConfig!: PublicConfig | null;

  /** Legacy field nobody writes (directory.md §14); always false. */
  @Column({ type: 'boolean', default: false })
  approved!: boolean;

  @Column({ name: 'wg_ports', type: 'int', array: true })
  wgPorts!: number[];

  @Index('nodes_deleted')
  @Column({ type: 'boolean', default: false })
  deleted!: boolean;
}

/** One hardware proof of a capacity report; only the latest few per node are kept. */
@Entity({ name: 'node_proofs' })
@Index('node_proofs_node_row_id', ['nodeRowId', 'id'])
export class NodeProofEntity {
  @PrimaryColumn({ type: 'bigint', transformer: bigintNumber })
  @Generated('increment')
  id!: number;

  @Column({ name: 'node_row_id', type: 'bigint', transformer: bigintNumber })
  nodeRowId!: number;

  @ManyToOne(() => NodeEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'node_row_id', foreignKeyConstraintName: 'node_proofs_node_fk' })
  node?: NodeEntity;

  @Column({ type: 'bigint', transformer: bigintNumber })
  created!: number;

  @Column({ name: 'hardware_hash', type: 'text' })
  hardwareHash!: string;

  @Column({ name: 'disk_hash', type: 'text' })
  diskHash!: string;

  @Column({ type: 'jsonb' })
  hardware!: object;

  @Column({ type: 'jsonb' })
  disks!: object;

  @Column({ type: 'jsonb' })
  hypervisor!: string[];
}
