import {
  CapacitySpec,
  cloudUnits,
  DiskType,
  resourceUnits,
  WorkloadType,
  workloadCloudUnits,
} from './capacity';
import { usesExhaustedUnit } from './pool';

const container = (cpu: number, memory: number, diskSize: number, diskType: DiskType): CapacitySpec => ({
  type: WorkloadType.Container,
  cpu,
  memory,
  diskSize,
  diskType,
});

describe('resourceUnits: container (port of TestContainer_GetRSU @ era)', () => {
  it.each([
    [container(1, 1024, 256, DiskType.Ssd), { cru: 1, mru: 1, sru: 0.25, hru: 0 }],
    [container(1, 1024, 1024, DiskType.Ssd), { cru: 1, mru: 1, sru: 1, hru: 0 }],
    [container(4, 2048, 10240, DiskType.Hdd), { cru: 4, mru: 2, sru: 0, hru: 10 }],
    [container(1, 200, 10000, DiskType.Hdd), { cru: 1, mru: 0.1953, sru: 0, hru: 9.7656 }],
    // hand-computed: 4-decimal rounding is half away from zero on the GiB value
    [container(2, 1, 0, DiskType.Ssd), { cru: 2, mru: 0.001, sru: 0, hru: 0 }],
    [container(1, 512, 51 * 1024, DiskType.Ssd), { cru: 1, mru: 0.5, sru: 51, hru: 0 }],
  ])('%j', (spec, want) => {
    expect(resourceUnits(spec)).toEqual(want);
  });
});

describe('resourceUnits: other types', () => {
  it.each<[string, CapacitySpec, object]>([
    ['volume ssd', { type: WorkloadType.Volume, size: 20, diskType: DiskType.Ssd }, { sru: 20, hru: 0 }],
    ['volume hdd', { type: WorkloadType.Volume, size: 20, diskType: DiskType.Hdd }, { sru: 0, hru: 20 }],
    ['zdb ssd', { type: WorkloadType.Zdb, size: 7, diskType: DiskType.Ssd }, { sru: 7, hru: 0 }],
    ['zdb hdd', { type: WorkloadType.Zdb, size: 7, diskType: DiskType.Hdd }, { sru: 0, hru: 7 }],
    ['k8s size 1', { type: WorkloadType.Kubernetes, size: 1 }, { cru: 1, mru: 2, sru: 50, hru: 0 }],
    ['k8s size 2', { type: WorkloadType.Kubernetes, size: 2 }, { cru: 2, mru: 4, sru: 100, hru: 0 }],
    [
      'k8s size 3 is free in the era',
      { type: WorkloadType.Kubernetes, size: 3 },
      { cru: 0, mru: 0, sru: 0, hru: 0 },
    ],
    ['network resource', { type: WorkloadType.NetworkResource }, { cru: 0, mru: 0, sru: 0, hru: 0 }],
    ['proxy', { type: WorkloadType.Proxy }, { cru: 0, mru: 0, sru: 0, hru: 0 }],
    ['reverse proxy', { type: WorkloadType.ReverseProxy }, { cru: 0, mru: 0, sru: 0, hru: 0 }],
    ['subdomain', { type: WorkloadType.Subdomain }, { cru: 0, mru: 0, sru: 0, hru: 0 }],
    ['domain delegate', { type: WorkloadType.DomainDelegate }, { cru: 0, mru: 0, sru: 0, hru: 0 }],
    ['gateway4to6', { type: WorkloadType.Gateway4To6 }, { cru: 0, mru: 0, sru: 0, hru: 0 }],
  ])('%s', (_name, spec, want) => {
    expect(resourceUnits(spec)).toMatchObject(want);
  });
});

describe('cloudUnits (port of TestCloudUnitsFromResourceUnits @ era)', () => {
  const rsu = (u: Partial<{ cru: number; mru: number; sru: number; hru: number }>) => ({
    cru: 0,
    mru: 0,
    sru: 0,
    hru: 0,
    ...u,
  });
  it.each([
    [rsu({ cru: 1, mru: 1 }), 0, 0],
    [rsu({ cru: 2, mru: 4 }), 0.75, 0],
    [rsu({ cru: 4, mru: 8 }), 1.75, 0],
    [rsu({ cru: 4, mru: 64 }), 8, 0],
    [rsu({ cru: 4, mru: 32 }), 7.75, 0],
    [rsu({ sru: 120, hru: 1200 }), -0.25, 1.5],
    [rsu({ sru: 40, hru: 1000 }), -0.25, 1],
    [rsu({ sru: 1200 }), -0.25, 5],
    [rsu({ hru: 12000 }), -0.25, 10],
  ])('%j -> cu %d su %d', (units, cu, su) => {
    expect(cloudUnits(units)).toEqual({ cu, su });
  });

  it('is not rounded (hand-computed container 1 cpu, 200 MiB, 10000 MiB hdd)', () => {
    // mru 0.1953 -> cu (0.1953-1)/4; hru 9.7656 -> su 9.7656/1000/1.2
    expect(workloadCloudUnits(container(1, 200, 10000, DiskType.Hdd))).toEqual({
      cu: (0.1953 - 1) / 4,
      su: (9.7656 / 1000 + 0 / 100 / 2) / 1.2,
    });
    expect(workloadCloudUnits({ type: WorkloadType.Kubernetes, size: 1 })).toEqual({
      cu: 0.25,
      su: 0.25 / 1.2,
    });
  });
});

describe('usesExhaustedUnit (port of Test_usesExpiredResources)', () => {
  const filled = { cus: 10_000, sus: 10_000 };
  const empty = { cus: 0, sus: 0 };
  const emptyCu = { cus: 0, sus: 10_000 };
  const emptySu = { cus: 10_000, sus: 0 };
  const c5 = container(2, 2048, 5 * 1024, DiskType.Ssd);
  const c51 = container(2, 2048, 51 * 1024, DiskType.Ssd);
  const volume: CapacitySpec = { type: WorkloadType.Volume, size: 2048, diskType: DiskType.Ssd };
  const zdb: CapacitySpec = { type: WorkloadType.Zdb, size: 2048, diskType: DiskType.Ssd };
  const k8s: CapacitySpec = { type: WorkloadType.Kubernetes, size: 1 };
  const free: [string, CapacitySpec][] = [
    ['network', { type: WorkloadType.NetworkResource }],
    ['gateway 4 to 6', { type: WorkloadType.Gateway4To6 }],
    ['gateway delegate', { type: WorkloadType.DomainDelegate }],
    ['gateway proxy', { type: WorkloadType.Proxy }],
    ['gateway reverse proxy', { type: WorkloadType.ReverseProxy }],
    ['gateway subdmain', { type: WorkloadType.Subdomain }],
  ];
  const rows: [string, { cus: number; sus: number }, CapacitySpec, boolean][] = [
    ['filled pool container', filled, c5, false],
    ['filled pool volume', filled, volume, false],
    ['filled pool k8s', filled, k8s, false],
    ['filled pool zdb', filled, zdb, false],
    ...free.map(([n, s]): [string, { cus: number; sus: number }, CapacitySpec, boolean] => [
      `filled pool ${n}`,
      filled,
      s,
      false,
    ]),
    ['empty pool container', empty, c5, true],
    ['empty pool volume', empty, volume, true],
    ['empty pool k8s', empty, k8s, true],
    ['empty pool zdb', empty, zdb, true],
    ...free.map(([n, s]): [string, { cus: number; sus: number }, CapacitySpec, boolean] => [
      `empty pool ${n}`,
      empty,
      s,
      false,
    ]),
    ['pool empty CU container', emptyCu, c5, true],
    ['pool empty CU volume', emptyCu, volume, false],
    ['pool empty CU k8s', emptyCu, k8s, true],
    ['pool empty CU zdb', emptyCu, zdb, false],
    ...free.map(([n, s]): [string, { cus: number; sus: number }, CapacitySpec, boolean] => [
      `pool empty CU ${n}`,
      emptyCu,
      s,
      false,
    ]),
    // The stored Go test expects false here: it belongs to a later GetRSU with 50 GiB of free container disk.
    // Era arithmetic (decisions.md §4) charges 5 GiB of ssd as SU > 0, so the container uses the empty unit.
    ['pool empty SU container small disk (era: charged)', emptySu, c5, true],
    ['pool empty SU container paying disk', emptySu, c51, true],
    ['pool empty SU volume', emptySu, volume, true],
    ['pool empty SU k8s', emptySu, k8s, true],
    ['pool empty SU zdb', emptySu, zdb, true],
    ...free.map(([n, s]): [string, { cus: number; sus: number }, CapacitySpec, boolean] => [
      `pool empty SU ${n}`,
      emptySu,
      s,
      false,
    ]),
    ['pool SU memory-only container (cu 0) on empty CU', emptyCu, container(1, 1024, 0, DiskType.Ssd), false],
  ];
  it.each(rows)('%s', (_name, pool, spec, want) => {
    expect(usesExhaustedUnit(pool, workloadCloudUnits(spec))).toBe(want);
  });
});
