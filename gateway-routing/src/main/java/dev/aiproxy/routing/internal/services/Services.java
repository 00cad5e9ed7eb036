package dev.aiproxy.routing.internal.services;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * The implementations of a service interface on the class path: through the context class loader first (an
 * application server's, a plug-in's), then the library's own, as langchain4j's {@code ServiceHelper} does. The same
 * implementation may come twice, once per loader; the first one found wins where the caller picks.
 */
public final class Services {
    private Services() {
    }

    /** Every implementation of {@code type} the two loaders find, in that order. */
    public static <T> List<T> load(Class<T> type) {
        List<T> found = new ArrayList<>();
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        if (context != null) {
            ServiceLoader.load(type, context).forEach(found::add);
        }
        ServiceLoader.load(type, Services.class.getClassLoader()).forEach(found::add);
        return found;
    }
}
