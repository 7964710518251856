package dev.mixlab.launcher.proxy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * The engine's measured dense fp32 throughput on this machine, the denominator of model FLOPs
 * utilisation: square matrix products on all the engine's threads for about half a second. Measured
 * rather than taken from a data sheet because containers, turbo and SIMD width make the nominal
 * peak meaningless on a shared CPU.
 */
public final class PeakFlops {
    private static final int SIZE = 1024;
    private static volatile double measured;

    private PeakFlops() {}

    /** FLOP/s of a {@value #SIZE}² fp32 matrix product, measured once per JVM. */
    public static double measure(NDManager parent) {
        if (measured > 0) return measured;
        try (NDManager manager = parent.newSubManager()) {
            NDArray a = manager.randomUniform(-1, 1, new Shape(SIZE, SIZE));
            NDArray b = manager.randomUniform(-1, 1, new Shape(SIZE, SIZE));
            a.matMul(b).close(); // warm-up: thread pool and kernels
            long start = System.nanoTime();
            int products = 0;
            while (System.nanoTime() - start < 500_000_000L || products < 3) {
                try (NDArray c = a.matMul(b)) {
                    c.getFloat(0, 0);
                }
                products++;
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            measured = 2.0 * SIZE * SIZE * SIZE * products / seconds;
        }
        return measured;
    }
}
