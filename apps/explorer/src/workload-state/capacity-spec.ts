import { CapacitySpec, CloudUnits, DiskType, WorkloadType, workloadCloudUnits } from '@app/domain';
import { Workload } from '@app/wire';

/** The fields of a decoded workload that cost pool capacity (workloads.md §9.2). */
export function capacitySpecOf(w: Workload): CapacitySpec {
  switch (w.workload_type) {
    case 1:
      return {
        type: WorkloadType.Container,
        cpu: w.capacity.cpu,
        memory: w.capacity.memory,
        diskSize: w.capacity.disk_size,
        diskType: w.capacity.disk_type as DiskType,
      };
    case 2:
      return { type: WorkloadType.Volume, size: w.size, diskType: w.type as DiskType };
    case 0:
      return { type: WorkloadType.Zdb, size: w.size, diskType: w.disk_type as DiskType };
    case 4:
      return { type: WorkloadType.Kubernetes, size: w.size };
    default:
      // Gateways and network resources are free.
      return { type: w.workload_type as number as WorkloadType.Proxy };
  }
}

export function unitsOf(w: Workload): CloudUnits {
  return workloadCloudUnits(capacitySpecOf(w));
}
