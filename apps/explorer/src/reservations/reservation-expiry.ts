import { Injectable, OnModuleInit } from '@nestjs/common';
import { ReservationsRepository } from '@app/persistence';
import { EntityManager } from 'typeorm';
import { PoolSweeper } from '../pools/pool-sweeper';
import { ReservationStateService } from '../workload-state';

/**
 * Both expirations of legacy reservations (workloads.md §6.2): `expiration_reservation` passed, or
 * `expiration_provisioning` passed without every derived workload `ok`, moves the reservation to
 * `delete`. Runs inside the pool sweeper, so in exactly one process at a time (its advisory lock).
 */
@Injectable()
export class ReservationExpiry implements OnModuleInit {
  constructor(
    private readonly sweeper: PoolSweeper,
    private readonly reservations: ReservationsRepository,
    private readonly state: ReservationStateService,
  ) {}

  onModuleInit(): void {
    this.sweeper.register((em, now) => this.sweep(em, now));
  }

  /** Returns how many reservations moved. */
  async sweep(em: EntityManager, now: number): Promise<number> {
    // Candidates at the sweep's time; the writer re-evaluates each at its own reading of the clock.
    let moved = 0;
    for (const id of await this.reservations.expiryCandidates(em, now)) {
      const row = await this.reservations.lockById(em, id);
      if (!row) continue;
      const to = await this.state.apply(em, row, { kind: 'clock' }, 'system');
      if (to !== row.nextAction) moved++;
    }
    return moved;
  }
}
