package dev.mixlab.mixtures.assembly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ScheduleTest {

    static Stream<Arguments> schedules() {
        Random random = new Random(11);
        List<Arguments> cases =
                new ArrayList<>(
                        List.of(
                                Arguments.of(new long[] {1, 1}, 0),
                                Arguments.of(new long[] {3, 997}, 0),
                                Arguments.of(new long[] {500, 500}, 0),
                                Arguments.of(new long[] {0, 7, 0, 5}, 0),
                                Arguments.of(new long[] {1}, 0),
                                Arguments.of(new long[] {2, 3, 5, 7, 11, 13}, 0),
                                Arguments.of(new long[] {400, 300, 300}, 16),
                                Arguments.of(new long[] {9, 1000}, 64),
                                Arguments.of(new long[] {1000, 1000}, 7)));
        for (int i = 0; i < 12; i++) {
            long[] rows = random.longs(2 + random.nextInt(5), 0, 800).toArray();
            cases.add(Arguments.of(rows, i % 3 == 0 ? 0 : 2 + random.nextInt(100)));
        }
        return cases.stream();
    }

    @ParameterizedTest
    @MethodSource("schedules")
    void positionSlotAtAndCursorAgree(long[] rows, int window) {
        Schedule schedule = new Schedule(rows, window, 42);
        long total = Arrays.stream(rows).sum();
        assertThat(schedule.totalRows()).isEqualTo(total);
        Iterator<Schedule.Slot> cursor = schedule.cursor();
        long[] seen = new long[rows.length];
        Set<Schedule.Slot> distinct = new HashSet<>();
        for (long p = 0; p < total; p++) {
            Schedule.Slot slot = cursor.next();
            if (window <= 1)
                assertThat(slot.rowIndex())
                        .as("rows of a source appear in order")
                        .isEqualTo(seen[slot.source()]);
            seen[slot.source()]++;
            assertThat(distinct.add(slot)).as("slot %s appears once", slot).isTrue();
            assertThat(schedule.position(slot.source(), slot.rowIndex())).isEqualTo(p);
            assertThat(schedule.slotAt(p)).isEqualTo(slot);
        }
        assertThat(cursor.hasNext()).isFalse();
        assertThat(seen).containsExactly(rows);
    }

    @ParameterizedTest
    @MethodSource("schedules")
    void everyPrefixHoldsTheTargetSharesWithinTheStatedTolerance(long[] rows, int window) {
        Schedule schedule = new Schedule(rows, window, 7);
        long total = schedule.totalRows();
        long[] counts = new long[rows.length];
        Iterator<Schedule.Slot> cursor = schedule.cursor();
        double worst = 0;
        for (long prefix = 1; prefix <= total; prefix++) {
            counts[cursor.next().source()]++;
            for (int s = 0; s < rows.length; s++) {
                double error = Math.abs(counts[s] - (double) prefix * rows[s] / total);
                assertThat(error)
                        .as("source %d after %d rows", s, prefix)
                        .isLessThanOrEqualTo(schedule.prefixTolerance(s) + 1e-9);
                worst = Math.max(worst, error);
            }
        }
        if (window <= 1 && Arrays.stream(rows).filter(n -> n > 0).count() == 2) {
            assertThat(worst)
                    .as("two sources alternate within half a row")
                    .isLessThanOrEqualTo(0.5 + 1e-9);
        }
    }

    @Test
    void smoothOrderInterleavesEvenly() {
        Schedule schedule = new Schedule(new long[] {2, 6}, 0, 0);
        List<Integer> order = new ArrayList<>();
        schedule.cursor().forEachRemaining(slot -> order.add(slot.source()));
        // Values: source 0 at 1/4, 3/4; source 1 at 1/12, 3/12, …, 11/12; ties go to the lower
        // source index.
        assertThat(order).containsExactly(1, 0, 1, 1, 1, 0, 1, 1);
    }

    @Test
    void windowShuffleMovesRowsOnlyWithinTheirBlock() {
        long[] rows = {300, 200, 100};
        Schedule smooth = new Schedule(rows, 0, 5);
        Schedule shuffled = new Schedule(rows, 32, 5);
        int moved = 0;
        for (int s = 0; s < rows.length; s++) {
            for (long k = 0; k < rows[s]; k++) {
                long before = smooth.position(s, k);
                long after = shuffled.position(s, k);
                assertThat(after / 32).isEqualTo(before / 32);
                if (after != before) moved++;
            }
        }
        assertThat(moved).isGreaterThan(500);
        assertThat(new Schedule(rows, 32, 6).position(0, 10))
                .as("another seed, another shuffle")
                .isNotEqualTo(shuffled.position(0, 10));
    }

    @Test
    void rejectsRowsOutsideTheSource() {
        Schedule schedule = new Schedule(new long[] {3, 4}, 0, 0);
        assertThatThrownBy(() -> schedule.position(0, 3))
                .hasMessageContaining("source 0 has 3 rows, no row 3");
        assertThatThrownBy(() -> schedule.slotAt(7)).hasMessageContaining("outside 0..6");
    }

    @Test
    void largeMixturesPlaceRowsWithoutOverflow() {
        long[] rows = {97_656_250, 48_828_125, 1};
        Schedule schedule = new Schedule(rows, 0, 0);
        long last = schedule.totalRows() - 1;
        Schedule.Slot slot = schedule.slotAt(last);
        assertThat(schedule.position(slot.source(), slot.rowIndex())).isEqualTo(last);
        assertThat(schedule.position(2, 0))
                .isBetween(schedule.totalRows() / 2 - 2, schedule.totalRows() / 2 + 2);
    }
}
