"""Reference timing for bench/run.mjs: numpy.linalg.eigvals (LAPACK dgeev, no vectors).

Usage: python3 numpy_eigvals.py MATRIX_FILE N REPEATS OUT_FILE
MATRIX_FILE holds N*N float64 little-endian values, row-major. Writes the eigenvalues to OUT_FILE
as N (re, im) float64 little-endian pairs and prints one JSON line with the median time in
seconds (and the minimum wall and CPU times). Run with OPENBLAS_NUM_THREADS=1 (set by run.mjs)
for a single-thread reference.
numpy is a benchmark reference only, never a dependency of gatefield.
"""
import json
import sys
import time

import numpy as np


def main() -> None:
    path, n, repeats, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    a = np.fromfile(path, dtype="<f8").reshape(n, n)
    times = []
    cpu = []
    w = None
    for _ in range(repeats):
        c0 = time.process_time()
        t0 = time.perf_counter()
        w = np.linalg.eigvals(a)
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    w = np.asarray(w, dtype=np.complex128)
    np.stack([w.real, w.imag], axis=1).astype("<f8").tofile(out)
    times.sort()
    print(
        json.dumps(
            {
                "median": times[len(times) // 2],
                "min": times[0],
                "cpu_min": min(cpu),
                "times": times,
                "numpy": np.__version__,
            }
        )
    )


if __name__ == "__main__":
    main()
