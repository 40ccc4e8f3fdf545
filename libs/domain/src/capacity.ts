import { DiskType, WorkloadType } from '@app/wire';
import { assertUnreachable } from './errors';

export { DiskType, WorkloadType };

/** The fields of a workload that cost capacity; sizes as on the wire (MiB for containers, GiB otherwise). */
export type CapacitySpec =
  | {
      readonly type: WorkloadType.Container;
      readonly cpu: number;
      readonly memory: number;
      readonly diskSize: number;
      readonly diskType: DiskType;
    }
  | {
      readonly type: WorkloadType.Volume | WorkloadType.Zdb;
      readonly size: number;
      readonly diskType: DiskType;
    }
  | { readonly type: WorkloadType.Kubernetes; readonly size: number }
  | {
      readonly type:
        | WorkloadType.Network
        | WorkloadType.NetworkResource
        | WorkloadType.Proxy
        | WorkloadType.ReverseProxy
        | WorkloadType.Subdomain
        | WorkloadType.DomainDelegate
        | WorkloadType.Gateway4To6;
    };

/** Resource units (`RSU` of the reference): cores, memory GiB, ssd GiB, hdd GiB. */
export interface ResourceUnits {
  readonly cru: number;
  readonly mru: number;
  readonly sru: number;
  readonly hru: number;
}

/** Cloud units per second a workload draws from its pool. */
export interface CloudUnits {
  readonly cu: number;
  readonly su: number;
}

const NONE: ResourceUnits = { cru: 0, mru: 0, sru: 0, hru: 0 };

/** Go `math.Round`: half away from zero (JS `Math.round` rounds half up). */
function goRound(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

/** MiB -> GiB with 4 decimals, in the reference's float64 order of operations. */
function mibToGib4(mib: number): number {
  return goRound((mib / 1024) * 10000) / 10000;
}

/** Reference `GetRSU` of the era (workloads.md §9.2); k8s sizes other than 1 and 2 are free there. */
export function resourceUnits(spec: CapacitySpec): ResourceUnits {
  switch (spec.type) {
    case WorkloadType.Container: {
      const disk = mibToGib4(spec.diskSize);
      return {
        cru: spec.cpu,
        mru: mibToGib4(spec.memory),
        sru: spec.diskType === DiskType.Ssd ? disk : 0,
        hru: spec.diskType === DiskType.Hdd ? disk : 0,
      };
    }
    case WorkloadType.Volume:
    case WorkloadType.Zdb:
      return spec.diskType === DiskType.Ssd ? { ...NONE, sru: spec.size } : { ...NONE, hru: spec.size };
    case WorkloadType.Kubernetes:
      if (spec.size === 1) return { cru: 1, mru: 2, sru: 50, hru: 0 };
      if (spec.size === 2) return { cru: 2, mru: 4, sru: 100, hru: 0 };
      return NONE;
    case WorkloadType.Network:
    case WorkloadType.NetworkResource:
    case WorkloadType.Proxy:
    case WorkloadType.ReverseProxy:
    case WorkloadType.Subdomain:
    case WorkloadType.DomainDelegate:
    case WorkloadType.Gateway4To6:
      return NONE;
    default:
      return assertUnreachable(spec);
  }
}

/**
 * Era formula (`pkg/capacity/conversion.go @ c7f28e9`), no rounding: `cu = min(2·cru, (mru−1)/4)`,
 * `su = (hru/1000 + sru/100/2)/1.2`. Free workloads give cu = −0.25; pool code only counts positive values.
 */
export function cloudUnits(rsu: ResourceUnits): CloudUnits {
  return {
    cu: Math.min(rsu.cru * 2, (rsu.mru - 1) / 4),
    su: (rsu.hru / 1000 + rsu.sru / 100 / 2) / 1.2,
  };
}

export function workloadCloudUnits(spec: CapacitySpec): CloudUnits {
  return cloudUnits(resourceUnits(spec));
}
