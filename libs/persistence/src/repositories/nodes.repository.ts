import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, SelectQueryBuilder } from 'typeorm';
import { GeoLocation } from '../entities/farm.entity';
import { NO_WORKLOADS, NodeEntity, NodeProofEntity } from '../entities/node.entity';
import { applyHostFilter, applyHostOrder, HOST_SORT_COLUMNS, HostFilter, HostOrder } from './host-query';

export const RESOURCE_UNITS = ['cru', 'mru', 'hru', 'sru'] as const;
export type ResourceUnit = (typeof RESOURCE_UNITS)[number];
export type Resources = Record<ResourceUnit, number>;

/** The fields a node may set by registering (decisions.md §2.7). */
export interface NodeRegistration {
  nodeId: string;
  hostname: string;
  nodeIdV1: string;
  farmId: number;
  osVersion: string;
  location: GeoLocation;
  publicKeyHex: string;
  uptime: number;
}

export interface NodeFilter extends HostFilter {
  /** total_resources.<unit> ≥ value */
  minTotal?: Partial<Resources>;
  /** total − reserved ≥ value */
  minFree?: Partial<Resources>;
  includeDeleted?: boolean;
  /** Has (true) or has not (false) a public config with an address of that family. */
  publicIpv4?: boolean;
  publicIpv6?: boolean;
}

/** Sort keys of GET /nodes and their SQL (free_* are the expressions of the nodes_free_* indexes). */
export const NODE_SORT_COLUMNS: Readonly<Record<string, string>> = {
  ...HOST_SORT_COLUMNS('n'),
  ...Object.fromEntries(
    RESOURCE_UNITS.flatMap((unit) => [
      [`total_${unit}`, `n.total_${unit}`],
      [`free_${unit}`, `(n.total_${unit} - n.reserved_${unit})`],
    ]),
  ),
};

export type NewProof = Omit<NodeProofEntity, 'id' | 'nodeRowId' | 'node'>;
export type NodeChanges = Partial<Omit<NodeEntity, 'id' | 'nodeId' | 'created'>>;

const capitalized = (unit: ResourceUnit) => unit[0].toUpperCase() + unit.slice(1);

@Injectable()
export class NodesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** First registration creates the node; later ones change only the registration fields and undelete it. */
  async upsertRegistration(em: EntityManager, node: NodeRegistration, now: number): Promise<void> {
    const { location } = node;
    await em.query(
      `INSERT INTO nodes (node_id, hostname, node_id_v1, farm_id, os_version, created, updated, uptime,
                          city, country, continent, latitude, longitude, public_key_hex, workloads, ifaces, wg_ports)
       VALUES ($1, $2, $3, $4, $5, $6, $6, $7, $8, $9, $10, $11, $12, $13, $14, '[]', '{}')
       ON CONFLICT (node_id) DO UPDATE SET
         hostname = EXCLUDED.hostname, node_id_v1 = EXCLUDED.node_id_v1, farm_id = EXCLUDED.farm_id,
         os_version = EXCLUDED.os_version, updated = EXCLUDED.updated, uptime = EXCLUDED.uptime,
         city = EXCLUDED.city, country = EXCLUDED.country, continent = EXCLUDED.continent,
         latitude = EXCLUDED.latitude, longitude = EXCLUDED.longitude, deleted = false`,
      [
        node.nodeId,
        node.hostname,
        node.nodeIdV1,
        node.farmId,
        node.osVersion,
        now,
        node.uptime,
        location.city,
        location.country,
        location.continent,
        location.latitude,
        location.longitude,
        node.publicKeyHex,
        JSON.stringify(NO_WORKLOADS),
      ],
    );
  }

  findByNodeId(nodeId: string): Promise<NodeEntity | null> {
    return this.db.getRepository(NodeEntity).findOneBy({ nodeId });
  }

  lockByNodeId(em: EntityManager, nodeId: string): Promise<NodeEntity | null> {
    return em.getRepository(NodeEntity).findOne({ where: { nodeId }, lock: { mode: 'pessimistic_write' } });
  }

  /** Farm of a node or gateway, for workload rules (null when neither exists). */
  async findFarmIdOfNode(nodeId: string): Promise<number | null> {
    const rows: { farm_id: string }[] = await this.db.query(
      `SELECT farm_id FROM nodes WHERE node_id = $1 UNION ALL SELECT farm_id FROM gateways WHERE node_id = $1 LIMIT 1`,
      [nodeId],
    );
    return rows[0] ? Number(rows[0].farm_id) : null;
  }

  async update(em: EntityManager, id: number, changes: NodeChanges): Promise<void> {
    await em.getRepository(NodeEntity).update({ id }, changes);
  }

  /** A node's own report; deleted nodes are left untouched like the reference (their reports are no-ops). */
  async updateLive(nodeId: string, changes: NodeChanges): Promise<void> {
    await this.db.getRepository(NodeEntity).update({ nodeId, deleted: false }, changes);
  }

  /** Appends a proof and keeps only the newest `keep` ones of that node. */
  async addProof(em: EntityManager, nodeRowId: number, proof: NewProof, keep: number): Promise<void> {
    await em.getRepository(NodeProofEntity).insert({ ...proof, nodeRowId });
    await em.query(
      `DELETE FROM node_proofs WHERE node_row_id = $1
       AND id NOT IN (SELECT id FROM node_proofs WHERE node_row_id = $1 ORDER BY id DESC LIMIT $2)`,
      [nodeRowId, keep],
    );
  }

  /** Proofs of the given nodes, oldest first (the reference appended them). */
  async proofsOf(nodeRowIds: number[]): Promise<Map<number, NodeProofEntity[]>> {
    const byNode = new Map<number, NodeProofEntity[]>(nodeRowIds.map((id) => [id, []]));
    if (nodeRowIds.length === 0) return byNode;
    const proofs = await this.db
      .getRepository(NodeProofEntity)
      .find({ where: { nodeRowId: In(nodeRowIds) }, order: { id: 'ASC' } });
    for (const proof of proofs) byNode.get(proof.nodeRowId)?.push(proof);
    return byNode;
  }

  /** The filtered listing query (public so that tests can check its plan uses the indexes). */
  filteredQuery(filter: NodeFilter, order?: HostOrder): SelectQueryBuilder<NodeEntity> {
    const q = this.db.getRepository(NodeEntity).createQueryBuilder('n');
    if (!filter.includeDeleted) q.andWhere('n.deleted = false');
    applyHostFilter(q, 'n', filter);
    for (const unit of RESOURCE_UNITS) {
      const total = filter.minTotal?.[unit];
      const free = filter.minFree?.[unit];
      const name = capitalized(unit);
      if (total) q.andWhere(`n.total${name} >= :total_${unit}`, { [`total_${unit}`]: total });
      // Same expression as the nodes_free_<unit> index.
      if (free)
        q.andWhere(`(n.total${name} - n.reserved${name}) >= :free_${unit}`, { [`free_${unit}`]: free });
    }
    // Same expressions as the partial indexes nodes_public_ipv4 / nodes_public_ipv6.
    for (const [family, wanted] of [
      ['ipv4', filter.publicIpv4],
      ['ipv6', filter.publicIpv6],
    ] as const) {
      if (wanted !== undefined)
        q.andWhere(`coalesce(n.public_config->>'${family}', '') ${wanted ? '<>' : '='} ''`);
    }
    return applyHostOrder(q, 'n', order, NODE_SORT_COLUMNS);
  }

  async list(
    filter: NodeFilter,
    order: HostOrder | undefined,
    offset: number,
    limit: number,
  ): Promise<{ items: NodeEntity[]; total: number }> {
    const [items, total] = await this.filteredQuery(filter, order)
      .offset(offset)
      .limit(limit)
      .getManyAndCount();
    return { items, total };
  }
}
