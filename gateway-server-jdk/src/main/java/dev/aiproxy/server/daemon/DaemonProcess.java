package dev.aiproxy.server.daemon;

import java.io.IOException;
import java.time.Duration;

/**
 * Whether a gateway daemon runs for a set of {@link DaemonPaths}, judged from its pid file and, where that cannot
 * tell, from its control socket.
 *
 * @param state what the pid file says
 * @param status what the daemon says about itself, or null when its control socket did not answer
 * @param unreachable why the control socket did not answer, or null
 */
record DaemonProcess(PidFile.State state, DaemonStatus status, String unreachable) {
    private static final Duration ASK = Duration.ofSeconds(10);

    /** Looks; asks the control socket only when a process runs. */
    static DaemonProcess find(DaemonPaths paths) {
        PidFile.State state = new PidFile(paths.pidFile()).inspect();
        long pid = switch (state) {
            case PidFile.Running running -> running.process().pid();
            case PidFile.Unverified unverified -> unverified.process().pid();
            case PidFile.Absent absent -> -1;
            case PidFile.Stale stale -> -1;
        };
        if (pid < 0) {
            return new DaemonProcess(state, null, null);
        }
        try {
            DaemonStatus status = ControlClient.ask(paths.socket(), "status", ASK).status();
            if (status.pid() != pid) {
                return new DaemonProcess(state, null, "its control socket " + paths.socket() + " answers for "
                        + "another process (" + status.pid() + ")");
            }
            if (state instanceof PidFile.Unverified unverified) {
                // the daemon itself answered for this pid: it is the gateway
                return new DaemonProcess(new PidFile.Running(unverified.process()), status, null);
            }
            return new DaemonProcess(state, status, null);
        } catch (IOException e) {
            return new DaemonProcess(state, null, "its control socket " + paths.socket() + " does not answer: "
                    + e.getMessage());
        }
    }

    /** The running gateway's process, or null. */
    ProcessHandle running() {
        return state instanceof PidFile.Running running ? running.process() : null;
    }
}
