package io.herald.devkit.smtp;

import io.herald.devkit.script.ScriptBook;
import io.herald.devkit.script.ScriptHandle;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.subethamail.smtp.server.SMTPServer;
import org.subethamail.smtp.server.Session;
import org.subethamail.smtp.server.SessionHandler;

/**
 * A real SMTP server on loopback (SubEthaSMTP) whose replies are scripted at runtime, for tests and the
 * local stack. Rules ({@link SmtpRule}, {@link Replies}) are evaluated in the order they were added; the
 * first that applies answers, and with none the server accepts. Accepted messages, rejections per reply
 * and connections are recorded.
 *
 * <pre>{@code
 * try (ScriptedSmtpServer smtp = ScriptedSmtpServer.builder().clock(clock).build().start()) {
 *   smtp.script(Replies.deferAll451().forNext(Duration.ofSeconds(30)));
 *   // point the client at smtp.host():smtp.port() ...
 *   assertThat(smtp.rejectedCount(Replies.TEMPORARY_SERVER_ERROR_451)).isEqualTo(1);
 *   assertThat(smtp.received()).singleElement().extracting(m -> m.subject().orElseThrow()).isEqualTo("Hi");
 * }
 * }</pre>
 *
 * <p>Plain text without AUTH by default. {@link Builder#tls(SmtpTls)} offers or requires STARTTLS, or speaks
 * implicit TLS (SMTPS), with a self-signed certificate made at the first start for {@code 127.0.0.1} and
 * {@code localhost} (see {@link #certificate()} for the trust material a client needs);
 * {@link Builder#credentials(String, String)} enables AUTH PLAIN/LOGIN:
 *
 * <pre>{@code
 * ScriptedSmtpServer smtp = ScriptedSmtpServer.builder()
 *     .tls(SmtpTls.STARTTLS_REQUIRED).credentials("herald", "s3cret").requireAuth().build().start();
 * Path ca = smtp.certificate().pemFile();                       // what the client trusts
 * assertThat(smtp.received()).singleElement().satisfies(m -> {
 *   assertThat(m.tls()).isTrue();
 *   assertThat(m.authenticatedUser()).contains("herald");
 * });
 * }</pre>
 *
 * <p>Thread-safe. Stopping and starting again keeps the port, the certificate, the scripts and the records,
 * so a test can take the server away (connection refused) and bring it back at the same address.
 */
public final class ScriptedSmtpServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ScriptedSmtpServer.class);

  private final Settings config;
  private final ScriptBook<SmtpAttempt, SmtpReply> script = new ScriptBook<>();
  private final Deque<ReceivedMail> retained = new ArrayDeque<>();
  private final Deque<LoggedAttempt> attemptLog = new ArrayDeque<>();
  private final AtomicLong receivedCount = new AtomicLong();
  private final AtomicLong connectionCount = new AtomicLong();
  private final Map<SmtpReply, LongAdder> rejections = new ConcurrentHashMap<>();
  private SMTPServer server;
  private int boundPort;
  private ServerCertificate certificate;

  private ScriptedSmtpServer(Settings config) {
    this.config = config;
    this.boundPort = config.port;
  }

  /** Configuration with defaults: a free loopback port, the system clock, 10 000 retained messages. */
  public static Builder builder() {
    return new Builder();
  }

  /** Binds and starts accepting connections; returns {@code this} for chaining. */
  public synchronized ScriptedSmtpServer start() {
    if (server != null) {
      throw new IllegalStateException("SMTP server already running on port " + boundPort);
    }
    // SubEthaSMTP servers cannot be restarted, so each start builds a fresh one on the same port.
    SMTPServer.Builder fresh = SMTPServer.port(boundPort)
        .bindAddress(InetAddress.getLoopbackAddress())
        .hostName(config.hostName)
        .softwareName("Herald devkit SMTP")
        .maxConnections(config.maxConnections)
        .connectionTimeout((int) config.connectionTimeout.toMillis(), TimeUnit.MILLISECONDS)
        .messageHandlerFactory(context -> new ScriptedMessageHandler(this, context))
        .sessionHandler(new ScriptedSessions());
    secure(fresh);
    SMTPServer started = fresh.build();
    started.start();
    if (boundPort == 0) {
      boundPort = started.getPortAllocated();
    }
    server = started;
    log.info("Scripted SMTP server listening on {}:{} (tls={}, auth={})", host(), boundPort,
        config.security.tls(), config.security.offersAuth());
    return this;
  }

  private void secure(SMTPServer.Builder builder) {
    if (config.security.tls().usesCertificate() && certificate == null) {
      // Made once and kept across restarts: a client that trusts it must still trust the restarted server.
      certificate = ServerCertificate.selfSigned(config.security.certificateNames());
    }
    config.security.applyTo(builder, certificate);
  }

  /** Stops accepting connections and closes open ones. Idempotent. */
  public synchronized void stop() {
    if (server != null) {
      server.stop();
      server = null;
      log.info("Scripted SMTP server on port {} stopped", boundPort);
    }
  }

  /** Same as {@link #stop()}. */
  @Override
  public void close() {
    stop();
  }

  /** Whether the server accepts connections now. */
  public synchronized boolean isRunning() {
    return server != null;
  }

  /** The address the server binds: loopback. */
  public String host() {
    return InetAddress.getLoopbackAddress().getHostAddress();
  }

  /** The bound port; known once the server was started. */
  public synchronized int port() {
    if (boundPort == 0) {
      throw new IllegalStateException("port is assigned at start(); start the server first");
    }
    return boundPort;
  }

  /**
   * The server's certificate and the trust material for clients (PEM file, trust store); made at the first
   * {@link #start()} when the server speaks TLS.
   */
  public synchronized ServerCertificate certificate() {
    if (!config.security.tls().usesCertificate()) {
      throw new IllegalStateException("the server speaks plain text; configure builder().tls(...) for a certificate");
    }
    if (certificate == null) {
      throw new IllegalStateException("the certificate is made at start(); start the server first");
    }
    return certificate;
  }

  /** How the server secures connections. */
  public SmtpTls tls() {
    return config.security.tls();
  }

  /** Whether MAIL FROM is refused with {@code 530 5.7.0} until the client has authenticated. */
  boolean requiresAuth() {
    return config.security.authRequired();
  }

  /** The clock time windows and {@link ReceivedMail#receivedAt()} are measured on. */
  public Clock clock() {
    return config.clock;
  }

  /** Appends a rule; a {@link SmtpRule#forNext} window starts now on the server's clock. */
  public ScriptHandle<SmtpReply> script(SmtpRule rule) {
    return script.add(rule::matches, rule.reply(), rule.limits(), rule.toString(), config.clock.instant());
  }

  /** The installed rules in evaluation order (used-up rules drop out). */
  public List<ScriptHandle<SmtpReply>> scripts() {
    return script.handles();
  }

  /** Removes every rule: the server accepts everything again. */
  public void clearScripts() {
    script.clear();
  }

  /** The retained accepted messages, oldest first (at most the builder's {@code retainMessages}). */
  public synchronized List<ReceivedMail> received() {
    return List.copyOf(retained);
  }

  /** The retained messages addressed to {@code recipient} (case-insensitive). */
  public List<ReceivedMail> receivedFor(String recipient) {
    String wanted = recipient.toLowerCase(Locale.ROOT);
    return received().stream()
        .filter(mail -> mail.recipients().stream().anyMatch(r -> r.toLowerCase(Locale.ROOT).equals(wanted)))
        .toList();
  }

  /**
   * The most recent protocol steps (at most the builder's {@code retainMessages}), oldest first, with the reply
   * each got: what clients attempted, including steps no rule answered.
   */
  public List<LoggedAttempt> attempts() {
    synchronized (attemptLog) {
      return List.copyOf(attemptLog);
    }
  }

  /** How many messages were accepted since start or {@link #reset()}, including ones no longer retained. */
  public long receivedCount() {
    return receivedCount.get();
  }

  /** How many attempts each scripted rejection answered. */
  public Map<SmtpReply, Long> rejections() {
    return rejections.entrySet().stream()
        .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, entry -> entry.getValue().sum()));
  }

  /** How many attempts were answered with {@code reply}. */
  public long rejectedCount(SmtpReply reply) {
    LongAdder count = rejections.get(reply);
    return count == null ? 0 : count.sum();
  }

  /** How many attempts were rejected by any rule. */
  public long rejectedCount() {
    return rejections.values().stream().mapToLong(LongAdder::sum).sum();
  }

  /** How many connections reached the greeting stage (those over {@code maxConnections} are not counted). */
  public long connectionCount() {
    return connectionCount.get();
  }

  /** Forgets received messages and counters; scripts stay. */
  public synchronized void reset() {
    retained.clear();
    synchronized (attemptLog) {
      attemptLog.clear();
    }
    receivedCount.set(0);
    connectionCount.set(0);
    rejections.clear();
  }

  /** The scripted rejection for {@code attempt}, if any; counts it. An accepting rule yields empty. */
  Optional<SmtpReply> decide(SmtpAttempt attempt) {
    Optional<SmtpReply> rejection = script.answer(attempt, attempt.at()).filter(reply -> !reply.accepts());
    rejection.ifPresent(reply -> {
      rejections.computeIfAbsent(reply, key -> new LongAdder()).increment();
      // Code and stage only: addresses are personal data and stay out of logs.
      log.debug("Scripted {} at {}", reply.code(), attempt.stage());
    });
    logAttempt(new LoggedAttempt(attempt.stage(), attempt.at(), attempt.recipient(),
        rejection.map(SmtpReply::code).orElse(250)));
    return rejection;
  }

  private void logAttempt(LoggedAttempt entry) {
    synchronized (attemptLog) {
      if (attemptLog.size() == config.retainMessages) {
        attemptLog.removeFirst();
      }
      attemptLog.addLast(entry);
    }
  }

  /** Keeps an accepted message and returns its sequence number. */
  synchronized long record(ReceivedMail mail) {
    if (retained.size() == config.retainMessages) {
      retained.removeFirst();
    }
    retained.addLast(mail);
    return receivedCount.incrementAndGet();
  }

  private final class ScriptedSessions implements SessionHandler {
    @Override
    public SessionAcceptance accept(Session session) {
      connectionCount.incrementAndGet();
      SmtpAttempt attempt = new SmtpAttempt(SmtpStage.CONNECT, config.clock.instant(), Optional.empty(),
          Optional.empty(), List.of(), Optional.empty());
      return decide(attempt)
          .map(reply -> SessionAcceptance.failure(reply.code(), reply.text()))
          .orElseGet(SessionAcceptance::success);
    }

    @Override
    public void onSessionEnd(Session session) {
      // Connections are counted when they open; nothing to track at the end.
    }
  }

  /** Settings for a {@link ScriptedSmtpServer}. */
  public static final class Builder {
    private int port;
    private Clock clock = Clock.systemUTC();
    private int maxConnections = 1000;
    private int retainMessages = 10_000;
    private String hostName = "localhost";
    private Duration connectionTimeout = Duration.ofSeconds(60);
    private SmtpTls tls = SmtpTls.NONE;
    private List<String> certificateNames = List.of("127.0.0.1", "localhost");
    private String username;
    private String password;
    private boolean authRequired;

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

    /** Concurrent connections beyond this are greeted with {@code 421 Too many connections} and closed. */
    public Builder maxConnections(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("maxConnections must be at least 1: " + value);
      }
      maxConnections = value;
      return this;
    }

    /** How many accepted messages to keep in memory; older ones are dropped (still counted). */
    public Builder retainMessages(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("retainMessages must be at least 1: " + value);
      }
      retainMessages = value;
      return this;
    }

    /** The name the server announces in its greeting. */
    public Builder hostName(String value) {
      hostName = Objects.requireNonNull(value, "hostName");
      return this;
    }

    /** How long an idle client may wait between commands before the server answers 421 and closes. */
    public Builder connectionTimeout(Duration value) {
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException("connectionTimeout must be positive: " + value);
      }
      connectionTimeout = value;
      return this;
    }

    /** Offer or require STARTTLS, or speak implicit TLS; {@link SmtpTls#NONE} (plain text) by default. */
    public Builder tls(SmtpTls value) {
      tls = Objects.requireNonNull(value, "tls");
      return this;
    }

    /**
     * The names the generated certificate is valid for (IP addresses or host names); by default
     * {@code 127.0.0.1} and {@code localhost}. Another name makes a server a client must refuse for a
     * host-name mismatch.
     */
    public Builder certificateNames(String... names) {
      if (names.length == 0) {
        throw new IllegalArgumentException("certificateNames needs at least one name");
      }
      certificateNames = List.of(names);
      return this;
    }

    /**
     * Offers AUTH PLAIN and LOGIN and accepts exactly this username and password; anything else is answered
     * {@code 535 5.7.8 Authentication credentials invalid}. Without {@link #requireAuth()} a client may
     * still send without logging in.
     */
    public Builder credentials(String user, String pass) {
      username = Objects.requireNonNull(user, "username");
      password = Objects.requireNonNull(pass, "password");
      return this;
    }

    /** Answers {@code MAIL FROM} before a successful AUTH with {@code 530 5.7.0 Authentication required}. */
    public Builder requireAuth() {
      authRequired = true;
      return this;
    }

    /** A server with these settings, not yet started. */
    public ScriptedSmtpServer build() {
      return new ScriptedSmtpServer(new Settings(port, clock, maxConnections, retainMessages, hostName,
          connectionTimeout, new SmtpSecurity(tls, certificateNames, username, password, authRequired)));
    }
  }

  /** A snapshot of the builder, so changing a builder later does not change a built server. */
  private record Settings(int port, Clock clock, int maxConnections, int retainMessages, String hostName,
      Duration connectionTimeout, SmtpSecurity security) {}
}
