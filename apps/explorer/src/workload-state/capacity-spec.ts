import { CapacitySpec, CloudUnits, workloadCloudUnits } from '@app/domain';
import { Workload, WorkloadType } from '@app/wire';

/** The fields of a decoded workload that cost pool capacity (workloads.md §9.2). */
export function capacitySpecOf(w: Workload): CapacitySpec {
  switch (w.workload_type) {
    case WorkloadType.Container:
      return {
        type: w.workload_type,
        cpu: w.capacity.cpu,
        memory: w.capacity.memory,
        diskSize: w.capacity.disk_size,
        diskType: w.capacity.disk_type,
      };
    case WorkloadType.Volume:
      return { type: w.workload_type, size: w.size, diskType: w.type };
    case WorkloadType.Zdb:
      return { type: w.workload_type, size: w.size, diskType: w.disk_type };
    case WorkloadType.Kubernetes:
      return { type: w.workload_type, size: w.size };
    default:
      // Gateways and network resources are free.
      return { type: w.workload_type };
  }
}

export function unitsOf(w: Workload): CloudUnits {
  return workloadCloudUnits(capacitySpecOf(w));
}
