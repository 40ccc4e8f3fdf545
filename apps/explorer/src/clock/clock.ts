/** The time every rule of the service runs on, injected so tests can set it. */
export abstract class Clock {
  /** Unix seconds. */
  abstract now(): number;
}

export class SystemClock extends Clock {
  now(): number {
    return Math.floor(Date.now() / 1000);
  }
}
