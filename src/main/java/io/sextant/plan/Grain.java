package io.sextant.plan;

/** A time bucket a question groups by. */
public enum Grain {
    DAY,
    WEEK,
    MONTH,
    QUARTER,
    YEAR
}
