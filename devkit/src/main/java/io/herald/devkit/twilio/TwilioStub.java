package io.herald.devkit.twilio;

import com.sun.net.httpserver.HttpServer;
import io.herald.devkit.script.ScriptBook;
import io.herald.devkit.script.ScriptHandle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local HTTP stub of Twilio's Messages API on loopback, for tests and the local stack:
 * {@code POST /2010-04-01/Accounts/{AccountSid}/Messages.json} (form fields {@code To}, {@code From} or
 * {@code MessagingServiceSid}, {@code Body}, …) and {@code GET …/Messages/{Sid}.json}, behind HTTP basic
 * auth with the stub's account SID and auth token. Answers are scripted with {@link TwilioRule}s or a queue
 * of {@link TwilioReply}s; unscripted valid requests get {@code 201} with a realistic message resource.
 *
 * <pre>{@code
 * try (TwilioStub twilio = TwilioStub.builder().build().start()) {
 *   twilio.script(TwilioRule.respond(TwilioReply.invalidToNumber()).forTo("+15005550001"));
 *   twilio.enqueue(TwilioReply.tooManyRequests(), TwilioReply.created());
 *   // point the SMS client at twilio.baseUrl() with twilio.accountSid() / twilio.authToken()
 *   assertThat(twilio.received()).extracting(RecordedSms::status).containsExactly(429, 201);
 * }
 * }</pre>
 *
 * <p>Thread-safe. Stopping and starting again keeps the port, scripts and records.
 */
public final class TwilioStub implements AutoCloseable {
  /** The account SID the stub accepts unless configured otherwise. */
  public static final String DEFAULT_ACCOUNT_SID = "AC0123456789abcdef0123456789abcdef";
  /** The auth token the stub accepts unless configured otherwise. */
  public static final String DEFAULT_AUTH_TOKEN = "devkit-auth-token";

  private static final Logger log = LoggerFactory.getLogger(TwilioStub.class);

  private final Settings config;
  private final ScriptBook<SmsRequest, TwilioReply> script = new ScriptBook<>();
  private final Deque<RecordedSms> retained = new ArrayDeque<>();
  private final Map<String, StoredMessage> messages = new LinkedHashMap<>();
  private final AtomicLong receivedCount = new AtomicLong();
  private final AtomicLong requestCount = new AtomicLong();
  private HttpServer server;
  private ThreadPoolExecutor executor;
  private int boundPort;

  private TwilioStub(Settings config) {
    this.config = config;
    this.boundPort = config.port();
  }

  /** Configuration with defaults: a free loopback port, default credentials, the system clock. */
  public static Builder builder() {
    return new Builder();
  }

  /** Binds and starts serving; returns {@code this} for chaining. */
  public synchronized TwilioStub start() {
    if (server != null) {
      throw new IllegalStateException("Twilio stub already running on port " + boundPort);
    }
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), boundPort), 64);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot bind the Twilio stub to port " + boundPort, e);
    }
    // A few threads and a bounded queue; when both are full the accepting thread serves the request
    // itself, which slows clients down instead of queueing without limit.
    AtomicInteger threadNumber = new AtomicInteger();
    executor = new ThreadPoolExecutor(4, 4, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(256), runnable -> {
      Thread thread = new Thread(runnable, "twilio-stub-" + threadNumber.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    }, new ThreadPoolExecutor.CallerRunsPolicy());
    server.setExecutor(executor);
    server.createContext("/", new MessagesEndpoint(this));
    server.start();
    boundPort = server.getAddress().getPort();
    log.info("Twilio stub listening on {}", baseUrl());
    return this;
  }

  /** Stops serving; open exchanges are cut off. Idempotent. */
  public synchronized void stop() {
    if (server != null) {
      server.stop(0);
      executor.shutdownNow();
      server = null;
      executor = null;
      log.info("Twilio stub on port {} stopped", boundPort);
    }
  }

  /** Same as {@link #stop()}. */
  @Override
  public void close() {
    stop();
  }

  /** Whether the stub serves requests now. */
  public synchronized boolean isRunning() {
    return server != null;
  }

  /** The bound port; known once the stub was started. */
  public synchronized int port() {
    if (boundPort == 0) {
      throw new IllegalStateException("port is assigned at start(); start the stub first");
    }
    return boundPort;
  }

  /** Where clients send requests instead of {@code https://api.twilio.com}, e.g. {@code http://127.0.0.1:40123}. */
  public String baseUrl() {
    return "http://" + InetAddress.getLoopbackAddress().getHostAddress() + ":" + port();
  }

  /** The account SID clients must authenticate with and name in the path. */
  public String accountSid() {
    return config.accountSid();
  }

  /** The auth token clients must authenticate with. */
  public String authToken() {
    return config.authToken();
  }

  /** The clock rule windows and {@link SmsRequest#receivedAt()} are measured on. */
  public Clock clock() {
    return config.clock();
  }

  /** Appends a rule; a {@link TwilioRule#forNext} window starts now on the stub's clock. */
  public ScriptHandle<TwilioReply> script(TwilioRule rule) {
    return script.add(rule::matches, rule.reply(), rule.limits(), rule.toString(), clock().instant());
  }

  /**
   * Queues answers for the next requests, one each, after the rules already installed (an earlier rule
   * that matches everything therefore hides the queue).
   */
  public List<ScriptHandle<TwilioReply>> enqueue(TwilioReply... replies) {
    return Arrays.stream(replies).map(reply -> script(TwilioRule.respond(reply).times(1))).toList();
  }

  /** The installed rules in evaluation order (used-up rules drop out). */
  public List<ScriptHandle<TwilioReply>> scripts() {
    return script.handles();
  }

  /** Removes every rule and queued answer. */
  public void clearScripts() {
    script.clear();
  }

  /** The retained create-message requests with their answers, oldest first. */
  public synchronized List<RecordedSms> received() {
    return List.copyOf(retained);
  }

  /** The retained create-message requests that created a message. */
  public List<RecordedSms> created() {
    return received().stream().filter(sms -> sms.messageSid() != null).toList();
  }

  /** How many create-message requests arrived since start or {@link #reset()}, including evicted ones. */
  public long receivedCount() {
    return receivedCount.get();
  }

  /** How many HTTP requests of any kind arrived since start or {@link #reset()}. */
  public long requestCount() {
    return requestCount.get();
  }

  /** Forgets requests, counters and stored messages; scripts stay. */
  public synchronized void reset() {
    retained.clear();
    messages.clear();
    receivedCount.set(0);
    requestCount.set(0);
  }

  Optional<TwilioReply> decide(SmsRequest request) {
    Optional<TwilioReply> reply = script.answer(request, request.receivedAt());
    reply.filter(scripted -> !scripted.isSuccess())
        .ifPresent(scripted -> log.debug("Scripted Twilio reply {}", scripted));
    return reply;
  }

  void countRequest() {
    requestCount.incrementAndGet();
  }

  synchronized void record(RecordedSms sms) {
    if (retained.size() == config.retainRequests()) {
      retained.removeFirst();
    }
    retained.addLast(sms);
    receivedCount.incrementAndGet();
  }

  synchronized void storeMessage(String accountSid, String sid, String json) {
    if (messages.size() == config.retainRequests()) {
      messages.remove(messages.keySet().iterator().next());
    }
    messages.put(sid, new StoredMessage(accountSid, json));
  }

  synchronized Optional<String> storedMessage(String accountSid, String sid) {
    return Optional.ofNullable(messages.get(sid))
        .filter(message -> message.accountSid().equals(accountSid))
        .map(StoredMessage::json);
  }

  private record StoredMessage(String accountSid, String json) {}

  private record Settings(int port, Clock clock, String accountSid, String authToken, int retainRequests) {}

  /** Settings for a {@link TwilioStub}. */
  public static final class Builder {
    private int port;
    private Clock clock = Clock.systemUTC();
    private String accountSid = DEFAULT_ACCOUNT_SID;
    private String authToken = DEFAULT_AUTH_TOKEN;
    private int retainRequests = 10_000;

    private Builder() {}

    /** A fixed port; 0 (the default) picks a free one at start. */
    public Builder port(int value) {
      if (value < 0 || value > 65_535) {
        throw new IllegalArgumentException("port must be 0-65535: " + value);
      }
      port = value;
      return this;
    }

    /** The clock rule windows are evaluated on; inject a {@code ManualClock} to test windows without sleeping. */
    public Builder clock(Clock value) {
      clock = Objects.requireNonNull(value, "clock");
      return this;
    }

    /** The only credentials the stub accepts. */
    public Builder credentials(String sid, String token) {
      if (sid == null || !sid.startsWith("AC")) {
        throw new IllegalArgumentException("accountSid must start with AC: " + sid);
      }
      accountSid = sid;
      authToken = Objects.requireNonNull(token, "authToken");
      return this;
    }

    /** How many requests (and created messages) to keep in memory; older ones are dropped. */
    public Builder retainRequests(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("retainRequests must be at least 1: " + value);
      }
      retainRequests = value;
      return this;
    }

    /** A stub with these settings, not yet started. */
    public TwilioStub build() {
      return new TwilioStub(new Settings(port, clock, accountSid, authToken, retainRequests));
    }
  }
}
