import { readFileSync } from 'node:fs';
import { Option } from 'commander';
import { load as loadYaml } from 'js-yaml';
import { CreatableType } from '@app/client';
import { CliError } from '../context';
import { integer, keyValue } from '../options';

/** A type flag: commander option text, the workload field path it sets (dotted), its parser. */
interface TypeFlag {
  flags: string;
  field: string;
  description: string;
  parse?: (value: string, previous: never) => unknown;
}

const diskType = (v: string) => {
  if (v !== 'hdd' && v !== 'ssd') throw new CliError('--disk-type is hdd or ssd');
  return v === 'ssd' ? 1 : 0;
};
const zdbMode = (v: string) => {
  if (v !== 'seq' && v !== 'user') throw new CliError('--mode is seq or user');
  return v === 'user' ? 1 : 0;
};
const pairs =
  (what: string, toItem: (a: string, b: string) => object) =>
  (value: string, previous: object[] = []) => {
    const colon = value.indexOf(':');
    if (colon <= 0) throw new CliError(`${what} is A:B`);
    return [...previous, toItem(value.slice(0, colon), value.slice(colon + 1))];
  };
const repeat = (value: string, previous: string[] = []) => [...previous, value];

const DOMAIN: TypeFlag = { flags: '--domain <domain>', field: 'domain', description: 'domain name' };

/** Flags of `workload create <type>`, and the fields each type needs (from flags or the file). */
interface TypeSpec {
  description: string;
  required: string[];
  flags: TypeFlag[];
  /** Values used when neither the file nor a flag sets them. */
  defaults?: Record<string, unknown>;
}

export const TYPE_SPECS: Record<CreatableType, TypeSpec> = {
  volume: {
    description: 'a disk for containers',
    required: ['size'],
    flags: [
      { flags: '--size <GiB>', field: 'size', description: 'size in GiB', parse: integer },
      { flags: '--disk-type <hdd|ssd>', field: 'type', description: 'default ssd', parse: diskType },
    ],
  },
  zdb: {
    description: 'a 0-db namespace',
    required: ['size'],
    flags: [
      { flags: '--size <GiB>', field: 'size', description: 'size in GiB', parse: integer },
      { flags: '--mode <seq|user>', field: 'mode', description: 'default seq', parse: zdbMode },
      { flags: '--password <password>', field: 'password', description: 'namespace password' },
      { flags: '--disk-type <hdd|ssd>', field: 'disk_type', description: 'default ssd', parse: diskType },
      { flags: '--public', field: 'public', description: 'public namespace' },
    ],
  },
  container: {
    description: 'a container from a flist',
    required: ['flist', 'capacity.cpu', 'capacity.memory'],
    defaults: { capacity: { disk_size: 256, disk_type: 1 } },
    flags: [
      { flags: '--flist <url>', field: 'flist', description: 'flist URL' },
      { flags: '--hub-url <url>', field: 'hub_url', description: 'hub serving the flist' },
      { flags: '--cpu <n>', field: 'capacity.cpu', description: 'virtual CPUs', parse: integer },
      { flags: '--memory <MiB>', field: 'capacity.memory', description: 'memory in MiB', parse: integer },
      {
        flags: '--disk-size <MiB>',
        field: 'capacity.disk_size',
        description: 'root disk in MiB',
        parse: integer,
      },
      {
        flags: '--disk-type <hdd|ssd>',
        field: 'capacity.disk_type',
        description: 'root disk type',
        parse: diskType,
      },
      {
        flags: '--env <KEY=VALUE>',
        field: 'environment',
        description: 'environment (repeatable)',
        parse: keyValue,
      },
      {
        flags: '--secret-env <KEY=VALUE>',
        field: 'secret_environment',
        description: 'encrypted env (repeatable)',
        parse: keyValue,
      },
      { flags: '--entrypoint <cmd>', field: 'entrypoint', description: 'entry point' },
      { flags: '--interactive', field: 'interactive', description: 'start coreX instead of the entry point' },
      {
        flags: '--mount <volume_id:path>',
        field: 'volumes',
        description: 'mount a volume (repeatable)',
        parse: pairs('--mount', (volume_id, mountpoint) => ({ volume_id, mountpoint })),
      },
      {
        flags: '--network <network_id:ip>',
        field: 'network_connection',
        description: 'join a network (repeatable)',
        parse: pairs('--network', (network_id, ipaddress) => ({
          network_id,
          ipaddress,
          public_ip6: false,
          yggdrasil_ip: false,
        })),
      },
    ],
  },
  kubernetes: {
    description: 'a k3s VM',
    required: ['size', 'network_id', 'ipaddress'],
    flags: [
      { flags: '--size <n>', field: 'size', description: 'VM size (1 small, 2 medium, ...)', parse: integer },
      { flags: '--network-id <name>', field: 'network_id', description: 'network to join' },
      { flags: '--ip <address>', field: 'ipaddress', description: 'address in the network' },
      {
        flags: '--cluster-secret <secret>',
        field: 'cluster_secret',
        description: 'encrypted cluster secret',
      },
      {
        flags: '--master-ip <ip>',
        field: 'master_ips',
        description: 'master to join (repeatable)',
        parse: repeat,
      },
      {
        flags: '--ssh-key <key>',
        field: 'ssh_keys',
        description: 'authorised key (repeatable)',
        parse: repeat,
      },
    ],
  },
  proxy: {
    description: 'a TCP proxy on a gateway',
    required: ['domain', 'addr', 'port'],
    flags: [
      DOMAIN,
      { flags: '--addr <ip>', field: 'addr', description: 'backend address' },
      { flags: '--port <n>', field: 'port', description: 'backend port', parse: integer },
      { flags: '--port-tls <n>', field: 'port_tls', description: 'backend TLS port', parse: integer },
    ],
  },
  reverse_proxy: {
    description: 'a reverse tunnel on a gateway',
    required: ['domain', 'secret'],
    flags: [DOMAIN, { flags: '--secret <secret>', field: 'secret', description: 'tunnel secret' }],
  },
  subdomain: {
    description: 'a subdomain on a gateway',
    required: ['domain', 'ips'],
    flags: [DOMAIN, { flags: '--ip <ip>', field: 'ips', description: 'address (repeatable)', parse: repeat }],
  },
  domain_delegate: { description: 'a domain delegated to a gateway', required: ['domain'], flags: [DOMAIN] },
  gateway4to6: {
    description: 'an IPv4-to-IPv6 wireguard gateway',
    required: ['public_key'],
    flags: [{ flags: '--public-key <key>', field: 'public_key', description: 'your wireguard public key' }],
  },
  network_resource: {
    description: "a network's part on one node",
    required: ['name', 'network_iprange', 'iprange'],
    flags: [
      { flags: '--name <name>', field: 'name', description: 'network name' },
      {
        flags: '--network-iprange <cidr>',
        field: 'network_iprange',
        description: 'whole network, e.g. 10.1.0.0/16',
      },
      { flags: '--iprange <cidr>', field: 'iprange', description: "this node's part, e.g. 10.1.1.0/24" },
      { flags: '--wg-public-key <key>', field: 'wireguard_public_key', description: 'wireguard public key' },
      {
        flags: '--wg-private-key-encrypted <hex>',
        field: 'wireguard_private_key_encrypted',
        description: 'wireguard private key, encrypted for the node',
      },
      {
        flags: '--wg-listen-port <n>',
        field: 'wireguard_listen_port',
        description: 'wireguard port',
        parse: integer,
      },
    ],
  },
};

/** Commander options of a type, each remembering the field it sets. */
export function typeOptions(type: CreatableType): { option: Option; field: string }[] {
  return TYPE_SPECS[type].flags.map((flag) => {
    const option = new Option(flag.flags, flag.description);
    if (flag.parse) option.argParser(flag.parse as (value: string, previous: unknown) => unknown);
    return { option, field: flag.field };
  });
}

/** Sets a dotted path; plain objects merge into what is there (defaults under file under flags). */
function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const [head, ...rest] = path.split('.');
  if (rest.length === 0) {
    const current = target[head];
    const mergeable = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
    target[head] =
      mergeable(current) && mergeable(value) ? { ...(current as object), ...(value as object) } : value;
  } else {
    const child = (target[head] ??= {}) as Record<string, unknown>;
    setPath(child, rest.join('.'), value);
  }
}

function getPath(source: Record<string, unknown>, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], source);
}

/** A JSON or YAML spec file: the type's fields plus optional node_id, pool_id, description, signing requests. */
export function readSpecFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new CliError(`cannot read ${path}`);
  }
  let spec: unknown;
  try {
    spec = /\.json$/i.test(path) ? JSON.parse(text) : loadYaml(text);
  } catch (error) {
    throw new CliError(
      `${path} is not valid ${/\.json$/i.test(path) ? 'JSON' : 'YAML'}: ${(error as Error).message}`,
    );
  }
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec))
    throw new CliError(`${path} must hold an object`);
  return spec as Record<string, unknown>;
}

/** Fields from the file overlaid with the flags given; every required field must be present. */
export function typeFields(
  type: CreatableType,
  file: Record<string, unknown>,
  flags: Record<string, unknown>,
  options: { option: Option; field: string }[],
): Record<string, unknown> {
  const fields: Record<string, unknown> = structuredClone(TYPE_SPECS[type].defaults ?? {});
  for (const [key, value] of Object.entries(file)) setPath(fields, key, value);
  for (const { option, field } of options) {
    const value = flags[option.attributeName()];
    if (value !== undefined) setPath(fields, field, value);
  }
  const missing = TYPE_SPECS[type].required.filter((path) => getPath(fields, path) === undefined);
  if (missing.length > 0) {
    const flagOf = (path: string) =>
      TYPE_SPECS[type].flags.find((f) => f.field === path)?.flags.split(' ')[0] ?? path;
    throw new CliError(`${type} needs ${missing.map(flagOf).join(', ')} (as flags or in --file)`);
  }
  return fields;
}
