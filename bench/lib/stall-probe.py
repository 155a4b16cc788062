# The machine's stalls, written to the file given: every time a 10 ms sleep overslept by more than 30 ms (the whole
# machine stalled, not one member), one line with the time and by how much. Runs until killed.
# Usage: python3 bench/lib/stall-probe.py <out>
import sys
import time

with open(sys.argv[1], "w", buffering=1) as out:
    while True:
        before = time.monotonic()
        time.sleep(0.01)
        late = (time.monotonic() - before) * 1000 - 10
        if late > 30:
            out.write(time.strftime("%H:%M:%S") + f".{int(time.time() % 1 * 1000):03d} overslept {late:.0f} ms\n")
