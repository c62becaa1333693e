package io.herald.ingest.problem;

/** Carries a {@link Problem} out of a guard clause to the route's exception handler. */
public final class ProblemException extends RuntimeException {
    private final Problem problem;

    public ProblemException(Problem problem) {
        super(problem.title() + " (" + problem.status() + ")", null, false, false);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}
