import { Clock } from '../../apps/explorer/src/clock/clock';

/** A clock that moves only when told. */
export class ManualClock extends Clock {
  constructor(private seconds: number) {
    super();
  }

  now(): number {
    return this.seconds;
  }

  set(seconds: number): void {
    this.seconds = seconds;
  }

  advance(seconds: number): void {
    this.seconds += seconds;
  }
}
