package io.sextant.sql;

/** A change the guard makes so that SQL the warehouse accepts also validates. */
enum Fix {
    /** A column neither grouped nor aggregated: any value of its group (the warehouse's own reading). */
    ANY_VALUE,
    /** An aggregate of a boolean, in a dialect where booleans are 0 and 1: validated as a CASE. */
    BOOLEAN_AS_NUMBER,
    /** A double-quoted word that names no column, in a dialect that reads it as a string. */
    STRING_LITERAL
}
