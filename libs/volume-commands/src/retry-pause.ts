import { setTimeout as sleep } from 'node:timers/promises';

/**
 * A short, growing, jittered pause before retrying after a lost race, so writers that collided do
 * not collide again in lockstep.
 */
export function retryPause(attempt: number): Promise<void> {
  const ceiling = Math.min(50, 2 ** attempt);
  return sleep(Math.random() * ceiling);
}
