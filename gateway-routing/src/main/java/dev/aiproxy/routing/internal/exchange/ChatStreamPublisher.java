package dev.aiproxy.routing.internal.exchange;

import dev.aiproxy.api.error.GatewayException;
import dev.aiproxy.api.model.StreamEvent;
import dev.aiproxy.routing.ChatStream;
import java.util.Iterator;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * A {@link Flow.Publisher} of one streamed answer, for one subscriber. The upstream call starts at the first
 * {@code request(n)}, and the upstream is read only while the subscriber has demand, on a virtual thread of its own.
 */
public final class ChatStreamPublisher implements Flow.Publisher<StreamEvent> {
    private final Supplier<ChatStream> opener;
    private final AtomicBoolean subscribed = new AtomicBoolean();

    public ChatStreamPublisher(Supplier<ChatStream> opener) {
        this.opener = opener;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super StreamEvent> subscriber) {
        if (!subscribed.compareAndSet(false, true)) {
            subscriber.onSubscribe(new Flow.Subscription() {
                @Override
                public void request(long n) {
                }

                @Override
                public void cancel() {
                }
            });
            subscriber.onError(new IllegalStateException("this publisher allows only one subscriber"));
            return;
        }
        subscriber.onSubscribe(new Subscription(subscriber));
    }

    private final class Subscription implements Flow.Subscription {
        private final Flow.Subscriber<? super StreamEvent> subscriber;
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition hasDemand = lock.newCondition();
        private long demand;
        private boolean cancelled;
        private boolean started;
        private volatile ChatStream stream;

        Subscription(Flow.Subscriber<? super StreamEvent> subscriber) {
            this.subscriber = subscriber;
        }

        @Override
        public void request(long n) {
            boolean start = false;
            lock.lock();
            try {
                if (cancelled) {
                    return;
                }
                if (n <= 0) {
                    cancelled = true;
                    hasDemand.signalAll();
                } else {
                    demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
                    hasDemand.signalAll();
                    start = !started;
                    started = true;
                }
            } finally {
                lock.unlock();
            }
            if (n <= 0) {
                // Reactive Streams rule 3.9
                subscriber.onError(new IllegalArgumentException("request(n) needs n > 0, was " + n));
                return;
            }
            if (start) {
                Thread.ofVirtual().name("gw-publisher").start(this::pump);
            }
        }

        @Override
        public void cancel() {
            lock.lock();
            try {
                cancelled = true;
                hasDemand.signalAll();
            } finally {
                lock.unlock();
            }
            ChatStream s = stream;
            if (s != null) {
                s.close();
            }
        }

        private void pump() {
            try (ChatStream s = opener.get()) {
                stream = s;
                Iterator<StreamEvent> it = s.iterator();
                while (awaitDemand() && it.hasNext()) {
                    StreamEvent event = it.next();
                    lock.lock();
                    try {
                        demand--;
                    } finally {
                        lock.unlock();
                    }
                    subscriber.onNext(event);
                }
                if (!isCancelled()) {
                    subscriber.onComplete();
                }
            } catch (GatewayException e) {
                if (!isCancelled()) {
                    subscriber.onError(e);
                }
            }
        }

        private boolean awaitDemand() {
            lock.lock();
            try {
                while (demand == 0 && !cancelled) {
                    hasDemand.awaitUninterruptibly();
                }
                return !cancelled;
            } finally {
                lock.unlock();
            }
        }

        private boolean isCancelled() {
            lock.lock();
            try {
                return cancelled;
            } finally {
                lock.unlock();
            }
        }
    }
}
