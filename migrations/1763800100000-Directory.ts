import { MigrationInterface, QueryRunner } from 'typeorm';

export class Directory1763800100000 implements MigrationInterface {
  name = 'Directory1763800100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "farms" (
      "id" BIGSERIAL NOT NULL,
      "threebot_id" bigint NOT NULL,
      "iyo_organization" text NOT NULL DEFAULT '',
      "name" text NOT NULL,
      "wallet_addresses" jsonb NOT NULL,
      "location" jsonb NOT NULL,
      "email" text NOT NULL DEFAULT '',
      "resource_prices" jsonb NOT NULL,
      "prefix_zero" text NOT NULL DEFAULT '',
      "require_farmer_signature" boolean NOT NULL DEFAULT false,
      CONSTRAINT "PK_39aff9c35006b14025bba5a43d9" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "farms_threebot_id" ON "farms" ("threebot_id")`);
    await q.query(`CREATE UNIQUE INDEX "farms_name_unique" ON "farms" ("name")`);

    await q.query(`CREATE TABLE "nodes" (
      "id" BIGSERIAL NOT NULL,
      "node_id" text NOT NULL,
      "hostname" text NOT NULL DEFAULT '',
      "node_id_v1" text NOT NULL DEFAULT '',
      "farm_id" bigint NOT NULL,
      "os_version" text NOT NULL DEFAULT '',
      "created" bigint NOT NULL,
      "updated" bigint NOT NULL,
      "uptime" bigint NOT NULL DEFAULT '0',
      "address" text NOT NULL DEFAULT '',
      "country" text NOT NULL DEFAULT '',
      "city" text NOT NULL DEFAULT '',
      "continent" text NOT NULL DEFAULT '',
      "latitude" double precision NOT NULL DEFAULT '0',
      "longitude" double precision NOT NULL DEFAULT '0',
      "total_cru" bigint NOT NULL DEFAULT '0',
      "total_mru" double precision NOT NULL DEFAULT '0',
      "total_hru" double precision NOT NULL DEFAULT '0',
      "total_sru" double precision NOT NULL DEFAULT '0',
      "reserved_cru" bigint NOT NULL DEFAULT '0',
      "reserved_mru" double precision NOT NULL DEFAULT '0',
      "reserved_hru" double precision NOT NULL DEFAULT '0',
      "reserved_sru" double precision NOT NULL DEFAULT '0',
      "workloads" jsonb NOT NULL,
      "ifaces" jsonb NOT NULL,
      "public_config" jsonb,
      "free_to_use" boolean NOT NULL DEFAULT false,
      "approved" boolean NOT NULL DEFAULT false,
      "public_key_hex" text NOT NULL,
      "wg_ports" integer array NOT NULL,
      "deleted" boolean NOT NULL DEFAULT false,
      CONSTRAINT "PK_682d6427523a0fa43d062ea03ee" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "nodes_node_id_unique" ON "nodes" ("node_id")`);
    for (const column of [
      'farm_id',
      'updated',
      'country',
      'city',
      'total_cru',
      'total_mru',
      'total_hru',
      'total_sru',
      'deleted',
    ]) {
      await q.query(`CREATE INDEX "nodes_${column}" ON "nodes" ("${column}")`);
    }
    // Free-capacity filters (total − reserved ≥ x); the list query uses these exact expressions.
    for (const unit of ['cru', 'mru', 'hru', 'sru']) {
      await q.query(`CREATE INDEX "nodes_free_${unit}" ON "nodes" (("total_${unit}" - "reserved_${unit}"))`);
    }

    await q.query(`CREATE TABLE "node_proofs" (
      "id" BIGSERIAL NOT NULL,
      "node_row_id" bigint NOT NULL,
      "created" bigint NOT NULL,
      "hardware_hash" text NOT NULL,
      "disk_hash" text NOT NULL,
      "hardware" jsonb NOT NULL,
      "disks" jsonb NOT NULL,
      "hypervisor" jsonb NOT NULL,
      CONSTRAINT "PK_e5ab34d5f9f04c484ea59bc4155" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "node_proofs_node_row_id" ON "node_proofs" ("node_row_id", "id")`);
    await q.query(
      `ALTER TABLE "node_proofs" ADD CONSTRAINT "node_proofs_node_fk" FOREIGN KEY ("node_row_id") REFERENCES "nodes"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );

    await q.query(`CREATE TABLE "gateways" (
      "id" BIGSERIAL NOT NULL,
      "node_id" text NOT NULL,
      "farm_id" bigint NOT NULL,
      "os_version" text NOT NULL DEFAULT '',
      "created" bigint NOT NULL,
      "updated" bigint NOT NULL,
      "uptime" bigint NOT NULL DEFAULT '0',
      "address" text NOT NULL DEFAULT '',
      "country" text NOT NULL DEFAULT '',
      "city" text NOT NULL DEFAULT '',
      "continent" text NOT NULL DEFAULT '',
      "latitude" double precision NOT NULL DEFAULT '0',
      "longitude" double precision NOT NULL DEFAULT '0',
      "public_key_hex" text NOT NULL,
      "workloads" jsonb NOT NULL,
      "managed_domains" text array NOT NULL,
      "tcp_router_port" integer NOT NULL DEFAULT '0',
      "dns_nameserver" text array NOT NULL,
      "free_to_use" boolean NOT NULL DEFAULT false,
      "reserved_cru" bigint NOT NULL DEFAULT '0',
      "reserved_mru" double precision NOT NULL DEFAULT '0',
      "reserved_hru" double precision NOT NULL DEFAULT '0',
      "reserved_sru" double precision NOT NULL DEFAULT '0',
      CONSTRAINT "PK_b53153080a6907017cf44cb7f58" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "gateways_node_id_unique" ON "gateways" ("node_id")`);
    for (const column of ['farm_id', 'country', 'city']) {
      await q.query(`CREATE INDEX "gateways_${column}" ON "gateways" ("${column}")`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "gateways"`);
    await q.query(`DROP TABLE "node_proofs"`);
    await q.query(`DROP TABLE "nodes"`);
    await q.query(`DROP TABLE "farms"`);
  }
}
