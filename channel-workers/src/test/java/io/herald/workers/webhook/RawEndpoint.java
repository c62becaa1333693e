package io.herald.workers.webhook;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback HTTP/1.1 endpoint answering with raw bytes, so a test can script what no HTTP server library
 * would send: a status line trickling in byte by byte, a body that never ends. It records each request's
 * headers and body and how the scripted answer ended.
 */
final class RawEndpoint implements AutoCloseable {
    /** Writes the whole answer; an IOException means the client went away. */
    interface Answer {
        void write(OutputStream out) throws IOException, InterruptedException;
    }

    /** One request as received. */
    record Request(Map<String, String> headers, byte[] body) {
    }

    private final ServerSocket server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "raw-endpoint");
        t.setDaemon(true);
        return t;
    });
    final List<Request> requests = new CopyOnWriteArrayList<>();
    final AtomicInteger connections = new AtomicInteger();
    /** Answers that ended because the client closed the connection. */
    final AtomicInteger answersCutByClient = new AtomicInteger();
    final AtomicInteger answersCompleted = new AtomicInteger();

    /**
     * An answer that writes {@code head}, then one byte every {@code every} ({@code bytes} of them, paced by a
     * scheduler), then {@code tail}; it ends early when the client goes away.
     */
    static Answer trickle(String head, int bytes, Duration every, String tail) {
        return out -> {
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            CompletableFuture<Void> done = new CompletableFuture<>();
            AtomicInteger written = new AtomicInteger();
            ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
            try {
                pacer.scheduleAtFixedRate(() -> {
                    try {
                        out.write('a');
                        out.flush();
                        if (written.incrementAndGet() == bytes) done.complete(null);
                    } catch (IOException e) {
                        done.completeExceptionally(e);
                    }
                }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
                done.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
            } finally {
                pacer.shutdownNow();
            }
            out.write(tail.getBytes(StandardCharsets.US_ASCII));
        };
    }

    RawEndpoint(Answer answer) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        threads.submit(() -> {
            while (!server.isClosed()) {
                Socket socket;
                try {
                    socket = server.accept();
                } catch (IOException e) {
                    return;
                }
                connections.incrementAndGet();
                threads.submit(() -> serve(socket, answer));
            }
        });
    }

    int port() {
        return server.getLocalPort();
    }

    private void serve(Socket socket, Answer answer) {
        try (socket) {
            requests.add(read(socket.getInputStream()));
            try {
                answer.write(socket.getOutputStream());
                socket.getOutputStream().flush();
                answersCompleted.incrementAndGet();
            } catch (IOException e) {
                answersCutByClient.incrementAndGet();
            }
        } catch (IOException | InterruptedException e) {
            // the test is over or the client gave up before sending its request
        }
    }

    private static Request read(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int b = in.read();
            if (b < 0) throw new IOException("request ended early");
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        return new Request(headers, in.readNBytes(length));
    }

    @Override
    public void close() throws IOException {
        server.close();
        threads.shutdownNow();
    }
}
