import { Injectable } from '@nestjs/common';

/** Unix seconds as the reservation rules see them; tests replace `now` to move through time. */
@Injectable()
export class Clock {
  now(): number {
    return Math.floor(Date.now() / 1000);
  }
}
