package io.switchboard.bench.run;

/** The phases of a run, in order. */
public enum Phase { START, RAMP, SETTLE, MEASURE, DRAIN, CLOSE, DONE }
