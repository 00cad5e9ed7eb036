package dev.aiproxy.server.boot;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * The runnable jar's {@code Main-Class}: compiled for Java 8 (its own compiler execution in the pom), so that an older
 * Java loads it and says what the gateway needs, where it would otherwise fail with
 * {@code UnsupportedClassVersionError} on the launcher; on Java 21 or later it hands over to the launcher. It names
 * the launcher only by its name, since this class is compiled without it.
 */
public final class JavaVersionCheck {
    /** The oldest Java the gateway runs on. */
    static final int REQUIRED = 21;
    /** The exit code when the Java is too old: 1, as for any failure to start. */
    static final int TOO_OLD = 1;

    private JavaVersionCheck() {
    }

    /**
     * Checks the Java version, then runs the launcher with the same arguments.
     *
     * @throws Throwable what the launcher throws
     */
    public static void main(String[] args) throws Throwable {
        int feature = feature(System.getProperty("java.specification.version"));
        if (feature < REQUIRED) {
            System.err.println("gateway: needs Java " + REQUIRED + " or later; this is Java "
                    + System.getProperty("java.version") + " at " + System.getProperty("java.home") + ". Run it "
                    + "with a Java " + REQUIRED + "+ (./gateway finds one by itself under /usr/lib/jvm), or point "
                    + "JAVA_HOME or PATH at one.");
            System.exit(TOO_OLD);
        }
        Method main = Class.forName("dev.aiproxy.server.Launcher").getMethod("main", String[].class);
        try {
            main.invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** The feature version of {@code java.specification.version}: {@code 1.8} is 8, {@code 17} is 17; 0 if unknown. */
    static int feature(String specification) {
        if (specification == null) {
            return 0;
        }
        String version = specification.startsWith("1.") ? specification.substring(2) : specification;
        int end = 0;
        while (end < version.length() && Character.isDigit(version.charAt(end))) {
            end++;
        }
        return end == 0 ? 0 : Integer.parseInt(version.substring(0, end));
    }
}
