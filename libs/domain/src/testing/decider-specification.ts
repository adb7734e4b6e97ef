import type { VolumeCommand } from '../volume-commands';
import { VolumeError } from '../volume-errors';
import type { VolumeEvent } from '../volume-events';
import { fold } from '../volume-state';
import { decide } from '../decide';

/** given(events).when(command).then(events) / .thenThrows(...) / .thenNothingHappened() */
export function given(...history: VolumeEvent[]) {
  return {
    when(command: VolumeCommand) {
      const run = () => decide(command, fold(history));
      return {
        then(expected: VolumeEvent[]) {
          expect(run()).toEqual(expected);
        },
        thenNothingHappened() {
          expect(run()).toEqual([]);
        },
        thenThrows(kind: VolumeError['kind'], reason: string) {
          let thrown: unknown;
          try {
            run();
          } catch (error) {
            thrown = error;
          }
          expect(thrown).toBeInstanceOf(VolumeError);
          expect((thrown as VolumeError).kind).toBe(kind);
          expect((thrown as VolumeError).reason).toBe(reason);
        },
      };
    },
  };
}
