import { Injectable } from '@nestjs/common';

/** The time sign-in rules read (lockout, session expiry): one place for tests to move the clock. */
@Injectable()
export class AuthClock {
  now(): number {
    return Date.now();
  }
}
