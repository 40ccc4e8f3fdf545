import type { SchemaObject } from '@nestjs/swagger';

/**
 * OpenAPI schemas of the workload bodies customers POST (one per type, selected by `workload_type`).
 * Field names and order are the wire's; the server decodes the raw body itself (unknown keys ignored).
 */
const int: SchemaObject = { type: 'integer' };
const str: SchemaObject = { type: 'string' };
const bool: SchemaObject = { type: 'boolean' };
const strings: SchemaObject = { type: 'array', items: str, nullable: true };
const diskType: SchemaObject = { type: 'integer', enum: [0, 1], description: '0 hdd, 1 ssd' };
const signingRequest: SchemaObject = {
  type: 'object',
  properties: { signers: { type: 'array', items: int, nullable: true }, quorum_min: int },
};
const stringMap: SchemaObject = { type: 'object', additionalProperties: str, nullable: true };

const COMMON: Record<string, SchemaObject> = {
  workload_id: { ...int, description: 'index in the reservation; 1 for a single workload' },
  node_id: { ...str, description: 'base58 node (or gateway) id' },
  pool_id: { ...int, description: 'capacity pool that pays' },
  reference: { ...str, description: 'must be empty' },
  description: str,
  signing_request_provision: {
    ...signingRequest,
    description: 'multisig before deployment; quorum 0 = none',
  },
  signing_request_delete: {
    ...signingRequest,
    description: 'who may delete: usually the customer, quorum 1',
  },
  customer_tid: int,
  customer_signature: { ...str, description: 'hex ed25519 over sha256 of the challenge (docs/signing.md)' },
  epoch: { ...int, description: 'unix seconds; part of the challenge' },
  metadata: { ...str, description: 'at most 1024 bytes' },
};

const TYPES: Record<string, { type: number; properties: Record<string, SchemaObject>; required: string[] }> =
  {
    ZdbWorkload: {
      type: 0,
      properties: {
        size: { ...int, description: 'GiB' },
        mode: { type: 'integer', enum: [0, 1], description: '0 seq, 1 user' },
        password: str,
        disk_type: diskType,
        public: bool,
        stats_aggregator: { type: 'array', items: { type: 'object' }, nullable: true },
      },
      required: ['size'],
    },
    ContainerWorkload: {
      type: 1,
      properties: {
        flist: str,
        hub_url: str,
        environment: stringMap,
        secret_environment: stringMap,
        entrypoint: str,
        interactive: bool,
        volumes: {
          type: 'array',
          nullable: true,
          items: { type: 'object', properties: { volume_id: str, mountpoint: str } },
        },
        network_connection: {
          type: 'array',
          nullable: true,
          items: {
            type: 'object',
            properties: { network_id: str, ipaddress: str, public_ip6: bool, yggdrasil_ip: bool },
          },
        },
        capacity: {
          type: 'object',
          properties: {
            cpu: int,
            memory: { ...int, description: 'MiB' },
            disk_size: { ...int, description: 'MiB' },
            disk_type: diskType,
          },
        },
      },
      required: ['flist', 'capacity'],
    },
    VolumeWorkload: {
      type: 2,
      properties: { size: { ...int, description: 'GiB' }, type: diskType },
      required: ['size'],
    },
    K8sWorkload: {
      type: 4,
      properties: {
        size: int,
        cluster_secret: str,
        network_id: str,
        ipaddress: str,
        master_ips: strings,
        ssh_keys: strings,
      },
      required: ['size', 'network_id', 'ipaddress'],
    },
    ProxyWorkload: {
      type: 5,
      properties: { domain: str, addr: str, port: int, port_tls: int },
      required: ['domain', 'addr', 'port'],
    },
    ReverseProxyWorkload: {
      type: 6,
      properties: { domain: str, secret: str },
      required: ['domain', 'secret'],
    },
    SubdomainWorkload: { type: 7, properties: { domain: str, ips: strings }, required: ['domain', 'ips'] },
    DomainDelegateWorkload: { type: 8, properties: { domain: str }, required: ['domain'] },
    Gateway4To6Workload: { type: 9, properties: { public_key: str }, required: ['public_key'] },
    NetworkResourceWorkload: {
      type: 10,
      properties: {
        name: str,
        network_iprange: str,
        wireguard_private_key_encrypted: str,
        wireguard_public_key: str,
        wireguard_listen_port: int,
        iprange: str,
        peers: {
          type: 'array',
          nullable: true,
          items: {
            type: 'object',
            properties: { public_key: str, endpoint: str, iprange: str, allowed_iprange: strings },
          },
        },
      },
      required: ['name', 'network_iprange', 'iprange'],
    },
  };

export const WORKLOAD_SCHEMAS: Record<string, SchemaObject> = Object.fromEntries(
  Object.entries(TYPES).map(([name, t]) => [
    name,
    {
      type: 'object',
      required: ['workload_type', 'node_id', 'pool_id', 'customer_tid', 'customer_signature', ...t.required],
      properties: { workload_type: { type: 'integer', enum: [t.type] }, ...COMMON, ...t.properties },
    },
  ]),
);

/** The create body: one of the ten types. */
export const WORKLOAD_BODY: SchemaObject = {
  description: 'one of the ten workload types, selected by workload_type',
  oneOf: Object.keys(TYPES).map((name) => ({ $ref: `#/components/schemas/${name}` })),
};
