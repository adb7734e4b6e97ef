import { decide } from '../decide';
import type { VolumeCommand } from '../volume-commands';
import { VolumeError } from '../volume-errors';
import type { VolumeEvent } from '../volume-events';
import { fold, type ExistingVolume } from '../volume-state';

/**
 * given(events).when(command).then(events) / .thenThrows(kind, reason) / .thenNothingHappened();
 * `.then(events).leaving(state)` also folds the recorded events and checks what the volume became.
 */
export function given(...history: VolumeEvent[]) {
  return {
    when(command: VolumeCommand) {
      const run = () => decide(command, fold(history));
      return {
        then(expected: VolumeEvent[]) {
          expect(run()).toEqual(expected);
          return {
            leaving(state: Partial<ExistingVolume>) {
              expect(fold(expected, fold(history))).toMatchObject(state);
            },
          };
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
          expect({ kind: (thrown as VolumeError).kind, reason: (thrown as VolumeError).reason }).toEqual({ kind, reason });
        },
      };
    },
  };
}
