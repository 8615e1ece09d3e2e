package dev.buildline.common.repo;

/** A repository URL that cannot be compared safely, or that no allowed entry covers, with what is wrong with it. */
public final class InvalidRepoUrlException extends RuntimeException {

    private final String why;

    public InvalidRepoUrlException(String url, String why) {
        this("repository URL " + redact(url) + " is refused: " + why, why, true);
    }

    private InvalidRepoUrlException(String message, String why, boolean unused) {
        super(message);
        this.why = why;
    }

    /** A well-formed URL that no entry of the allow-list covers. */
    static InvalidRepoUrlException notAllowed(String url, boolean listEmpty) {
        String why = listEmpty ? AllowedRepos.SETTING + " is empty"
                : "is not allowed by " + AllowedRepos.SETTING + " (scheme, host, port and path segments are compared "
                + "with each entry's)";
        return new InvalidRepoUrlException("repository " + url + (listEmpty ? " is not allowed: " : " ") + why, why,
                true);
    }

    /** What is wrong, without the URL. */
    public String why() {
        return why;
    }

    /** A password written into a URL stays out of the message (the user name is shown: it is what is wrong). */
    private static String redact(String url) {
        return url.replaceAll("(://[^/@:]*):[^/@]*@", "$1:***@");
    }
}
