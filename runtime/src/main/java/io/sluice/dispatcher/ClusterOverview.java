package io.sluice.dispatcher;

/** The cluster at a glance (field names as in Flink's /overview). */
public record ClusterOverview(int taskmanagers, int slotsTotal, int slotsAvailable, int jobsRunning,
                              int jobsFinished, int jobsCancelled, int jobsFailed, String sluiceVersion) {}
