/** Clocks for tests: {@link io.herald.devkit.time.ManualClock} moves only when told to. */
package io.herald.devkit.time;
