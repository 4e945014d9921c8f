package io.sextant.plan;

import java.util.List;
import java.util.Optional;

/**
 * What a question says about time: the periods it is restricted to (two for a comparison), the
 * grain it groups by, and which of its words said so (indexes into the question's words).
 */
public record TimeReading(List<Period> periods, Optional<Grain> grain, List<Integer> consumed) {

    public TimeReading {
        periods = List.copyOf(periods);
        consumed = List.copyOf(consumed);
    }

    /** The one period, or empty when the question names none (or compares two). */
    public Optional<Period> period() {
        return periods.size() == 1 ? Optional.of(periods.get(0)) : Optional.empty();
    }
}
