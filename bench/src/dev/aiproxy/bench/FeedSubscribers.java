package dev.aiproxy.bench;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.LongAdder;

/**
 * N subscribers of a gateway's event feed (GET /v0/management/events), each on its own connection, each draining its
 * stream as fast as it comes: what a dashboard or log shipper per subscriber would cost the gateway. Prints
 * {@code subscribed N (listening)} once every stream has begun (bench/ab.sh waits for that word), then, every 5 s,
 * the bytes read so far. A stream that ends is reported on standard error.
 *
 *   java -cp bench/target/classes dev.aiproxy.bench.FeedSubscribers PORT SECRET [N=100]
 */
public final class FeedSubscribers {
    private FeedSubscribers() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        String secret = args[1];
        int n = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        LongAdder bytes = new LongAdder();
        CountDownLatch started = new CountDownLatch(n);
        byte[] request = ("GET /v0/management/events HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nX-Management-Key: "
                + secret + "\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < n; i++) {
            int id = i;
            Thread.ofVirtual().name("subscriber-" + i).start(() -> {
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress("127.0.0.1", port));
                    OutputStream out = socket.getOutputStream();
                    out.write(request);
                    out.flush();
                    InputStream in = socket.getInputStream();
                    byte[] buffer = new byte[64 * 1024];
                    boolean first = true;
                    int read;
                    while ((read = in.read(buffer)) > 0) {
                        if (first) {
                            started.countDown();
                            first = false;
                        }
                        // bytes only: scanning them for events would make this process, which shares the machine
                        // with the gateway, the bigger cost of the two
                        bytes.add(read);
                    }
                    System.err.println("subscriber " + id + ": stream ended");
                } catch (Exception e) {
                    System.err.println("subscriber " + id + ": " + e);
                }
            });
        }
        started.await();
        System.out.println("subscribed " + n + " (listening)");
        System.out.flush();
        while (true) {
            Thread.sleep(5000);
            System.out.println("bytes " + bytes.sum());
            System.out.flush();
        }
    }
}
