import { Phonebook1763800000000 } from './1763800000000-Phonebook';
import { Directory1763800100000 } from './1763800100000-Directory';
import { Workloads1763800200000 } from './1763800200000-Workloads';
import { Pools1763800300000 } from './1763800300000-Pools';
import { WorkloadRequestDigest1763801000000 } from './1763801000000-WorkloadRequestDigest';
import { CapacityReservationKey1763803000000 } from './1763803000000-CapacityReservationKey';
import { Reservations1763804000000 } from './1763804000000-Reservations';
import { NodeWorkPositions1763805000000 } from './1763805000000-NodeWorkPositions';
import { PoolWorkloads1763805010000 } from './1763805010000-PoolWorkloads';
import { WorkloadChanges1763806000000 } from './1763806000000-WorkloadChanges';
import { DirectoryQueries1763808000000 } from './1763808000000-DirectoryQueries';
import { WorkloadStoredForm1763809000000 } from './1763809000000-WorkloadStoredForm';

/** Every migration in order; the app runs them at start, the drift test checks them against the entities. */
export const MIGRATIONS = [
  Phonebook1763800000000,
  Directory1763800100000,
  Workloads1763800200000,
  Pools1763800300000,
  WorkloadRequestDigest1763801000000,
  CapacityReservationKey1763803000000,
  Reservations1763804000000,
  NodeWorkPositions1763805000000,
  PoolWorkloads1763805010000,
  WorkloadChanges1763806000000,
  DirectoryQueries1763808000000,
  WorkloadStoredForm1763809000000,
];
