import { Column, Entity, Index } from 'typeorm';
import { HostEntity } from './host.entity';

/** A gateway (directory.md §7): like a node, without capacity proofs or farmer settings. */
@Entity({ name: 'gateways' })
@Index('gateways_node_id_unique', ['nodeId'], { unique: true })
@Index('gateways_farm_id', ['farmId'])
@Index('gateways_country', ['country'])
@Index('gateways_city', ['city'])
@Index('gateways_updated', ['updated'])
export class GatewayEntity extends HostEntity {
  @Column({ name: 'managed_domains', type: 'text', array: true })
  managedDomains!: string[];

  @Column({ name: 'tcp_router_port', type: 'int', default: 0 })
  tcpRouterPort!: number;

  @Column({ name: 'dns_nameserver', type: 'text', array: true })
  dnsNameserver!: string[];
}
