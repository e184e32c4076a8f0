package io.sluice.examples;

/** A program whose main() fails before it builds a job: tests the launcher's handling of that case. */
public final class FailingJob {

    private FailingJob() {
    }

    public static void main(String[] args) {
        throw new IllegalStateException("this job fails on purpose");
    }
}
