import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes of the directory list queries (GET /nodes, /gateways, /farms): trigram indexes for the
 * `*_contains` filters, partial indexes for "has a public IPv4/IPv6" and "manages a domain", the farm
 * country, and gateway liveness. Expression indexes are invisible to TypeORM's schema diff, so the
 * entities declare only gateways_updated.
 */
export class DirectoryQueries1763808000000 implements MigrationInterface {
  name = 'DirectoryQueries1763808000000';

  async up(q: QueryRunner): Promise<void> {
    // A trusted extension since PostgreSQL 13: the database owner may create it.
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    for (const table of ['nodes', 'gateways']) {
      for (const column of ['country', 'city']) {
        await q.query(
          `CREATE INDEX "${table}_${column}_trgm" ON "${table}" USING gin (lower("${column}") gin_trgm_ops)`,
        );
      }
    }
    await q.query(`CREATE INDEX "farms_name_trgm" ON "farms" USING gin (lower("name") gin_trgm_ops)`);
    await q.query(`CREATE INDEX "farms_country" ON "farms" (("location"->>'country'))`);
    for (const family of ['ipv4', 'ipv6']) {
      await q.query(
        `CREATE INDEX "nodes_public_${family}" ON "nodes" (("public_config"->>'${family}'))
         WHERE coalesce("public_config"->>'${family}', '') <> ''`,
      );
    }
    await q.query(
      `CREATE INDEX "gateways_with_domains" ON "gateways" ((cardinality("managed_domains")))
       WHERE cardinality("managed_domains") > 0`,
    );
    await q.query(`CREATE INDEX "gateways_updated" ON "gateways" ("updated")`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const index of [
      'gateways_updated',
      'gateways_with_domains',
      'nodes_public_ipv6',
      'nodes_public_ipv4',
      'farms_country',
      'farms_name_trgm',
      'gateways_city_trgm',
      'gateways_country_trgm',
      'nodes_city_trgm',
      'nodes_country_trgm',
    ])
      await q.query(`DROP INDEX "${index}"`);
  }
}
