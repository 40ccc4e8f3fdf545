import { createHash } from 'node:crypto';
import {
  challengeIPText,
  ContainerWorkload,
  intText,
  ReservationInfo,
  sortedKeysByUtf8,
  StringMap,
  Workload,
  WORKLOAD_TYPE_NAMES,
  WorkloadType,
} from '@app/wire';

/**
 * The customer signing challenge of a new-style workload (workloads.md §5.2): Go fmt renderings
 * concatenated without separators. Names: VolumeType upper-case, DiskType lower-case; an empty IP
 * or range is `<nil>`; maps sorted by the UTF-8 bytes of their keys.
 */

const VOLUME_TYPE = ['HDD', 'SSD'];
const DISK_TYPE = ['hdd', 'ssd'];
const ZDB_MODE = ['seq', 'user'];

function info(w: ReservationInfo): string {
  return (
    `${w.workload_id}${w.node_id}${w.pool_id}${w.reference}${w.customer_tid}` +
    `${WORKLOAD_TYPE_NAMES[w.workload_type].toUpperCase()}${intText(w.epoch)}${w.description}${w.metadata}`
  );
}

function env(map: StringMap | null): string {
  if (map === null) return '';
  let out = '';
  for (const k of sortedKeysByUtf8(map)) out += `${k}=${map[k]}`;
  return out;
}

function container(w: ContainerWorkload): string {
  let out = `${w.flist}${w.hub_url}${w.entrypoint}${w.interactive}${env(w.environment)}${env(w.secret_environment)}`;
  for (const v of w.volumes ?? []) out += v.volume_id + v.mountpoint;
  for (const n of w.network_connection ?? [])
    out += `${n.network_id}${challengeIPText(n.ipaddress)}${n.public_ip6}`;
  const c = w.capacity;
  return out + `${c.cpu}${c.memory}${c.disk_size}${DISK_TYPE[c.disk_type]}`;
}

function typeSpecific(w: Workload): string {
  switch (w.workload_type) {
    case WorkloadType.Zdb:
      return `${w.size}${ZDB_MODE[w.mode]}${w.password}${DISK_TYPE[w.disk_type]}${w.public}`;
    case WorkloadType.Container:
      return container(w);
    case WorkloadType.Volume:
      return `${w.size}${VOLUME_TYPE[w.type]}`;
    case WorkloadType.Kubernetes:
      return (
        `${w.size}${w.cluster_secret}${w.network_id}${challengeIPText(w.ipaddress)}` +
        (w.master_ips ?? []).map(challengeIPText).join('') +
        (w.ssh_keys ?? []).join('')
      );
    case WorkloadType.Proxy:
      return `${w.domain}${w.addr}${w.port}${w.port_tls}`;
    case WorkloadType.ReverseProxy:
      return `${w.domain}${w.secret}`;
    case WorkloadType.Subdomain:
      return w.domain + (w.ips ?? []).join('');
    case WorkloadType.DomainDelegate:
      return w.domain;
    case WorkloadType.Gateway4To6:
      return w.public_key;
    case WorkloadType.NetworkResource:
      return (
        `${w.name}${challengeIPText(w.network_iprange)}${w.wireguard_private_key_encrypted}` +
        `${w.wireguard_public_key}${w.wireguard_listen_port}${challengeIPText(w.iprange)}` +
        (w.peers ?? [])
          .map(
            (p) =>
              `${p.public_key}${p.endpoint}${challengeIPText(p.iprange)}` +
              (p.allowed_iprange ?? []).map(challengeIPText).join(''),
          )
          .join('')
      );
  }
}

/** The challenge text; its UTF-8 bytes are what gets hashed. */
export function workloadChallenge(w: Workload): string {
  return info(w) + typeSpecific(w);
}

export function sha256(data: string | Uint8Array): Buffer {
  return createHash('sha256').update(data).digest();
}

/** sha256 of the challenge: the 32 bytes a customer signs (customer_signature). */
export function hashChallenge(w: Workload): Buffer {
  return sha256(Buffer.from(workloadChallenge(w), 'utf8'));
}
